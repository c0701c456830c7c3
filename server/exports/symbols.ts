import { LAYER_COLOURS, RISK_COLOURS } from '../../catalog/palette.ts';
import { circle } from './geometry.ts';
import { INK } from './layout.ts';
import type { PagePoint } from './mercator.ts';
import type { Paint, Painter, Stroke } from './painter.ts';

/**
 * How each thing looks on the sheet, drawn by the map and by the legend alike so the two cannot
 * disagree. Zones are filled solid in the national colours (a print must match its legend exactly),
 * and the township boundaries are drawn again on top of them.
 */

export const TOWNSHIP_LINE: Stroke = { colour: '#8795a1', width: 0.8, dash: [3, 2] };
export const DISTRICT_LINE: Stroke = { colour: INK.frame, width: 1.8 };
const ZONE_EDGE: Stroke = { colour: '#ffffff', width: 0.5 };
const SHELTER: Paint = { fill: LAYER_COLOURS.shelters, stroke: { colour: '#ffffff', width: 0.8 } };
export const SHELTER_RADIUS = 3.2;

export function zonePaint(level: number): Paint {
  return { fill: RISK_COLOURS[level] ?? '#999999', stroke: ZONE_EDGE };
}

export function drawShelter(painter: Painter, at: PagePoint, radius = SHELTER_RADIUS): void {
  painter.path([circle(at, radius)], SHELTER);
}
