/** Tiny road networks laid out in metres east and north of a point in the demo district. */
import * as turf from '@turf/turf';
import type { Feature, LineString, Position } from 'geojson';

const LON0 = 119;
const LAT0 = 25.5;
// A plain spherical approximation: the tests measure with Turf, never with these factors.
const M_LAT = 111_195;
const M_LON = M_LAT * Math.cos((LAT0 * Math.PI) / 180);

/** The position `x` metres east and `y` metres north of the origin, rounded to 1e-7° as GeoJSON here is. */
export function at(x: number, y: number): Position {
  return [Math.round((LON0 + x / M_LON) * 1e7) / 1e7, Math.round((LAT0 + y / M_LAT) * 1e7) / 1e7];
}

export type Props = Record<string, unknown>;

export function road(id: string, points: [number, number][], props: Props = {}): Feature<LineString, Props> {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
    properties: { class: 'county', oneway: false, status: 'open', ...props },
  };
}

/** County roads at 36 km/h: 10 m/s, so seconds are metres ÷ 10. */
export const SPEEDS = { county: 36, village: 18, national: 72 };

/** Turf's length of a line through these points, metres: the oracle for every expected time. */
export function metres(points: [number, number][]): number {
  return turf.length(turf.lineString(points.map(([x, y]) => at(x, y))), { units: 'meters' });
}

export function between(a: [number, number], b: [number, number]): number {
  return metres([a, b]);
}
