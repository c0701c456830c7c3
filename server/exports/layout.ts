import type { Box } from './mercator.ts';
import { PAGE } from './sheet.ts';

/**
 * Where each part of the sheet sits on the A4 landscape page, in points: the title across the
 * top, the map on the left, the legend panel on the right beside it (never over it), and the map
 * review number under the map's bottom-left corner, where readers look for it.
 */
const MARGIN = 24;
const GAP = 12;
const PANEL_WIDTH = 198;
const TOP = 76;
const BOTTOM = PAGE.height - 42;

export const LAYOUT = {
  margin: MARGIN,
  titleBaseline: 52,
  map: { x: MARGIN, y: TOP, width: PAGE.width - 2 * MARGIN - GAP - PANEL_WIDTH, height: BOTTOM - TOP } satisfies Box,
  panel: { x: PAGE.width - MARGIN - PANEL_WIDTH, y: TOP, width: PANEL_WIDTH, height: BOTTOM - TOP } satisfies Box,
  footerBaseline: BOTTOM + 18,
} as const;

export const INK = {
  text: '#1f2933',
  muted: '#52606d',
  frame: '#12355b',
  panelLine: '#9aa5b1',
  outside: '#e4eaf0',
  land: '#fbfbf8',
  demo: '#c81e1e',
} as const;
