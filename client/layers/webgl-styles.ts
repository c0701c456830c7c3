import type { FlatStyle, Rule } from 'ol/style/flat.js';
import { HOLLOW_STATUSES, HOLLOW_STROKE_WIDTH, LINE_WIDTH, pointSymbol, SOLID_STROKE } from './symbols.ts';

/**
 * A point layer's look as a flat style, which the WebGL renderer compiles into shaders: the same
 * symbols the canvas styles draw (symbols.ts), hollow for planned and closed features.
 */
export function flatStyleFor(layerId: string): Rule[] {
  const symbol = pointSymbol(layerId);
  const look = (hollow: boolean): FlatStyle => {
    const fill = hollow ? '#ffffff' : symbol.colour;
    const stroke = hollow ? symbol.colour : SOLID_STROKE.colour;
    const width = hollow ? HOLLOW_STROKE_WIDTH : SOLID_STROKE.width;
    const line = { 'stroke-color': symbol.colour, 'stroke-width': LINE_WIDTH };
    const { points, radius, angle } = symbol;
    if (points === undefined) {
      return {
        'circle-radius': radius,
        'circle-fill-color': fill,
        'circle-stroke-color': stroke,
        'circle-stroke-width': width,
        ...line,
      };
    }
    return {
      'shape-points': points,
      'shape-radius': radius,
      'shape-angle': angle,
      'shape-fill-color': fill,
      'shape-stroke-color': stroke,
      'shape-stroke-width': width,
      ...line,
    };
  };
  const hollow = ['any', ...HOLLOW_STATUSES.map((status) => ['==', ['get', 'status'], status])];
  // Rules are drawn in order: planned and closed sites last, so a dense town does not bury them.
  return [
    { filter: ['!', hollow], style: look(false) },
    { filter: hollow, style: look(true) },
  ];
}
