import { type FlatStyle, PRINTED_ZONE_RULES, pointStyle, stylesFor } from '../../catalog/symbols.ts';
import { circle } from './geometry.ts';
import { INK } from './layout.ts';
import type { PagePoint } from './mercator.ts';
import type { Paint, Painter, Stroke } from './painter.ts';

/**
 * How each thing looks on the sheet, drawn by the map and by the legend alike so the two cannot
 * disagree. Zones and shelters are the catalog's flat-style rules read onto paper: zones filled solid
 * in the national colours (a print must match its legend exactly), a shelter the web map's symbol
 * at page size. A sheet is not live, so every shelter is drawn as an open one. The township and
 * district boundaries are the sheet's own, drawn again on top of the zones.
 */

export const TOWNSHIP_LINE: Stroke = { colour: '#8795a1', width: 0.8, dash: [3, 2] };
export const DISTRICT_LINE: Stroke = { colour: INK.frame, width: 1.8 };

/** Page points per pixel of the web map's symbols, on the map and (a little larger) in the legend. */
export const MAP_SYMBOL_SCALE = 0.58;
export const LEGEND_SYMBOL_SCALE = 0.82;

function areaPaint(style: FlatStyle | undefined): Paint {
  return {
    fill: style?.['fill-color'],
    stroke: style?.['stroke-color'] ? { colour: style['stroke-color'], width: style['stroke-width'] ?? 1 } : undefined,
  };
}

export function zonePaint(level: number): Paint {
  return areaPaint(stylesFor(PRINTED_ZONE_RULES, { level })[0]);
}

export function drawShelter(painter: Painter, at: PagePoint, scale = MAP_SYMBOL_SCALE): void {
  const style = pointStyle('shelters', 'solid', scale);
  const stroke = style['circle-stroke-color'];
  painter.path([circle(at, style['circle-radius'] ?? 0)], {
    fill: style['circle-fill-color'],
    stroke: stroke ? { colour: stroke, width: style['circle-stroke-width'] ?? 1 } : undefined,
  });
}
