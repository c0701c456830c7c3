import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import { toContext } from 'ol/render.js';
import type { LegendEntry } from '../../catalog/legend.ts';
import { styleOf } from './styles.ts';

/**
 * A legend entry's symbol drawn by OpenLayers itself onto a small canvas, from the same flat style
 * the map draws with: a point in the middle, a line across, an area as a square. Nothing here
 * knows a colour, so a legend cannot show what the map does not.
 */

const WIDTH = 30;
const HEIGHT = 18;

function sampleGeometry(kind: LegendEntry['geometry']) {
  if (kind === 'Point') return new Point([10, HEIGHT / 2]);
  if (kind === 'LineString')
    return new LineString([
      [2, HEIGHT / 2],
      [WIDTH - 2, HEIGHT / 2],
    ]);
  return new Polygon([
    [
      [3, 2],
      [WIDTH - 3, 2],
      [WIDTH - 3, HEIGHT - 2],
      [3, HEIGHT - 2],
      [3, 2],
    ],
  ]);
}

/** The entry's symbol as a canvas, hidden from screen readers: its label says what it means. */
export function swatch(entry: LegendEntry): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'swatch';
  canvas.setAttribute('aria-hidden', 'true');
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const render = toContext(context, { size: [WIDTH, HEIGHT], pixelRatio: window.devicePixelRatio || 1 });
  const geometry = sampleGeometry(entry.geometry);
  for (const flat of entry.styles) {
    render.setStyle(styleOf(flat));
    render.drawGeometry(geometry);
  }
  return canvas;
}
