import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import type { BBox } from '../store/index.ts';
import { drawMap } from './draw-map.ts';
import { circle } from './geometry.ts';
import type { IncidentReport, ReportMark } from './incident-report.ts';
import { type Box, fitFrame, type PagePoint } from './mercator.ts';
import type { Paint, Painter } from './painter.ts';

/**
 * The report's map: the sheet's own map (admin areas, the four-colour zones, boundaries, shelters,
 * township names) framed on the incident and its radius, with the things the report lists marked by
 * group, the radius as a dashed ring and the incident on top where nothing hides it.
 */

type Mark = ReportMark['group'];

/** How each group is marked, on the map and in the key under it. */
export const MARK_PAINT: Record<Mark, { paint: Paint; shape: 'triangle' | 'square' | 'diamond' | 'dot' }> = {
  risks: { paint: { fill: '#c81e1e', stroke: { colour: '#ffffff', width: 0.8 } }, shape: 'triangle' },
  resources: { paint: { fill: '#1f5fbf', stroke: { colour: '#ffffff', width: 0.8 } }, shape: 'square' },
  protected: { paint: { fill: '#7a3db8', stroke: { colour: '#ffffff', width: 0.8 } }, shape: 'diamond' },
  villages: { paint: { fill: '#2f855a', stroke: { colour: '#ffffff', width: 0.8 } }, shape: 'dot' },
};

export const MARK_LABELS: Record<Mark, string> = {
  risks: '风险',
  resources: '应急资源',
  protected: '保护目标',
  villages: '村(社区)',
};

const RING: Paint = { stroke: { colour: '#c81e1e', width: 1.4, dash: [5, 3] } };
const INCIDENT: Paint = { fill: '#c81e1e', stroke: { colour: '#1f2933', width: 1.2 } };

/** A mark's outline around `at`, `size` page units across. */
export function markShape(shape: (typeof MARK_PAINT)[Mark]['shape'], [x, y]: PagePoint, size: number): PagePoint[] {
  const h = size / 2;
  switch (shape) {
    case 'triangle':
      return [
        [x, y - h],
        [x + h, y + h * 0.8],
        [x - h, y + h * 0.8],
      ];
    case 'square':
      return [
        [x - h * 0.8, y - h * 0.8],
        [x + h * 0.8, y - h * 0.8],
        [x + h * 0.8, y + h * 0.8],
        [x - h * 0.8, y + h * 0.8],
      ];
    case 'diamond':
      return [
        [x, y - h],
        [x + h, y],
        [x, y + h],
        [x - h, y],
      ];
    case 'dot':
      return circle([x, y], h * 0.8, 12);
  }
}

/** The incident: a red five-pointed star. */
export function drawIncidentMark(painter: Painter, at: PagePoint, radius: number): void {
  painter.path([star(at, radius)], INCIDENT);
}

function star([x, y]: PagePoint, radius: number): PagePoint[] {
  return Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? radius : radius * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [x + r * Math.cos(angle), y + r * Math.sin(angle)];
  });
}

/** The incident's radius as a ring on the ground, and the box that holds it with a little room. */
function ringOf(at: Position, radiusM: number) {
  const ring = turf.circle(at, radiusM / 1000, { steps: 96, units: 'kilometers' });
  const [w, s, e, n] = turf.bbox(ring);
  const padX = (e - w) * 0.08;
  const padY = (n - s) * 0.08;
  return { ring: ring.geometry.coordinates[0], extent: [w - padX, s - padY, e + padX, n + padY] as BBox };
}

/** The map of the incident inside `box`. */
export function drawIncidentMap(painter: Painter, box: Box, map: IncidentReport['map']): void {
  const { ring, extent } = ringOf(map.at, map.radiusM);
  const frame = fitFrame(extent, box, 0);
  const b = map.background;
  drawMap(painter, frame, { riskZones: b.riskZones, shelters: b.shelters, adminAreas: b.adminAreas });
  painter.clipped(box.x, box.y, box.width, box.height, () => {
    painter.path([ring.map(frame.toPage)], RING, false);
    // Villages first, risks last: the graver marks are drawn over the others.
    for (const group of ['villages', 'protected', 'resources', 'risks'] as Mark[]) {
      const { paint, shape } = MARK_PAINT[group];
      for (const mark of map.marks.filter((m) => m.group === group)) {
        painter.path([markShape(shape, frame.toPage(mark.at), 9)], paint);
      }
    }
    drawIncidentMark(painter, frame.toPage(map.at), 11);
  });
}
