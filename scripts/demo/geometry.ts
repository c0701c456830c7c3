/**
 * Geometry helpers shared by every layer. Everything written to disk goes through `finishArea` or
 * `roundPoint`, so the files hold RFC 7946 geometry rounded to 6 decimals (about 0.1 m) and a bad
 * polygon stops the generator instead of reaching the store.
 */
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Random } from './random.ts';

export type LonLat = [number, number];
export type Area = Polygon | MultiPolygon;

/** Haversine radius turf uses, so our metre offsets agree with turf.distance. */
const EARTH_RADIUS_M = 6371008.8;
const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function roundPoint([lon, lat]: Position): LonLat {
  return [round6(lon), round6(lat)];
}

/** Moves a point by metres east and north; a flat-earth step is exact enough within a district. */
export function offset([lon, lat]: Position, eastM: number, northM: number): LonLat {
  const dLat = northM / METRES_PER_DEGREE;
  const dLon = eastM / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [lon + dLon, lat + dLat];
}

/** A point at a random bearing, between minM and maxM away: "somewhere near" a village. */
export function near(point: Position, rng: Random, minM: number, maxM: number): LonLat {
  const angle = rng.between(0, 2 * Math.PI);
  // sqrt keeps the scatter even over the annulus instead of crowding the centre.
  const r = Math.sqrt(rng.between((minM / maxM) ** 2, 1)) * maxM;
  return roundPoint(offset(point, r * Math.cos(angle), r * Math.sin(angle)));
}

/** Like `near`, but only points inside `area` (and passing `accept`) will do. */
export function nearIn(
  point: Position,
  area: Area,
  rng: Random,
  minM: number,
  maxM: number,
  accept: (p: LonLat) => boolean = () => true,
  attempts = 2000,
): LonLat {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const p = near(point, rng, minM, maxM);
    if (inside(p, area) && accept(p)) return p;
  }
  throw new Error('nearIn: no acceptable point found');
}

/**
 * Like `nearIn`, but when nothing within maxM will do (a village deep in a flood zone) it looks
 * half as far again, and again, so the site ends up on the nearest acceptable ground.
 */
export function nearestAcceptable(
  point: Position,
  area: Area,
  rng: Random,
  minM: number,
  maxM: number,
  accept: (p: LonLat) => boolean,
): LonLat {
  for (let reach = maxM; ; reach *= 1.5) {
    try {
      return nearIn(point, area, rng, minM, reach, accept);
    } catch (error) {
      if (reach > 10000) throw error;
    }
  }
}

export function distanceM(a: Position, b: Position): number {
  return turf.distance(a, b, { units: 'meters' });
}

export function inside(point: Position, area: Area): boolean {
  return turf.booleanPointInPolygon(point, area);
}

export function areaKm2(area: Area): number {
  return turf.area(area) / 1e6;
}

function bboxOf(area: Area): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  return [minX, minY, maxX, maxY];
}

/**
 * Rejection sampling: uniform over the area, optionally also satisfying `accept`. Points come back
 * already rounded, so every later test (inside a zone, within a range) sees what the file holds.
 */
export function randomPointIn(area: Area, rng: Random, accept: (p: LonLat) => boolean = () => true): LonLat {
  const [minX, minY, maxX, maxY] = bboxOf(area);
  for (let attempt = 0; attempt < 20000; attempt++) {
    const p = roundPoint([rng.between(minX, maxX), rng.between(minY, maxY)]);
    if (inside(p, area) && accept(p)) return p;
  }
  throw new Error('randomPointIn: no acceptable point found');
}

/**
 * A star-shaped blob around a centre: the radius wobbles with a few low harmonics, so outlines look
 * hand-drawn yet can never cross themselves or grow spikes.
 */
export function blob(center: Position, radiusM: number, rng: Random, stretch: [number, number] = [1, 1]): Polygon {
  const harmonics = [1, 2, 3, 5].map((k) => ({
    k,
    amp: rng.between(0.02, 0.12) / k ** 0.5,
    phase: rng.between(0, 6.3),
  }));
  const tilt = rng.between(0, Math.PI);
  const steps = 28;
  const ring: Position[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (i / steps) * 2 * Math.PI;
    const wobble = harmonics.reduce((sum, h) => sum + h.amp * Math.sin(h.k * t + h.phase), 1);
    const x = Math.cos(t) * radiusM * stretch[0] * wobble;
    const y = Math.sin(t) * radiusM * stretch[1] * wobble;
    ring.push(offset(center, x * Math.cos(tilt) - y * Math.sin(tilt), x * Math.sin(tilt) + y * Math.cos(tilt)));
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** A band around a line, e.g. the floodplain either side of the river. */
export function band(line: Position[], halfWidthM: number): Area {
  const buffered = turf.buffer(turf.lineString(line), halfWidthM / 1000, { units: 'kilometers', steps: 6 });
  if (!buffered) throw new Error('band: empty buffer');
  return buffered.geometry;
}

/** A camera's view: a sector, or a full circle for a 360° dome. */
export function viewArea(center: Position, rangeM: number, headingDeg: number, fovDeg: number): Polygon {
  if (fovDeg >= 360) return turf.circle(center, rangeM / 1000, { units: 'kilometers', steps: 48 }).geometry;
  const half = fovDeg / 2;
  return turf.sector(center, rangeM / 1000, headingDeg - half, headingDeg + half, { units: 'kilometers', steps: 48 })
    .geometry;
}

export function intersection(a: Area, b: Area): Area | null {
  const result = turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return result ? result.geometry : null;
}

export function difference(a: Area, b: Area): Area | null {
  const result = turf.difference(turf.featureCollection([turf.feature(a), turf.feature(b)]));
  return result ? result.geometry : null;
}

export function unionOf(areas: Area[]): Area | null {
  if (areas.length === 0) return null;
  if (areas.length === 1) return areas[0];
  const result = turf.union(turf.featureCollection(areas.map((a) => turf.feature(a))));
  return result ? result.geometry : null;
}

function dedupe(positions: Position[]): Position[] {
  const out: Position[] = [];
  for (const position of positions) {
    const p = roundPoint(position);
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function roundRing(ring: Position[]): Position[] {
  const out = dedupe(ring);
  const [first, last] = [out[0], out[out.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

/** Rounding can collapse a sliver ring to nothing; under a square metre it is noise from the clipper. */
function isRealRing(ring: Position[]): boolean {
  return ring.length >= 4 && turf.area(turf.polygon([ring])) > 1;
}

/** Rounds a polygon's rings; a collapsed outer ring drops the part, a collapsed hole just the hole. */
function roundPolygon(rings: Position[][]): Position[][] | null {
  const [outer, ...holes] = rings.map(roundRing);
  if (!isRealRing(outer)) return null;
  return [outer, ...holes.filter(isRealRing)];
}

/**
 * Makes an area fit to store: rounded, tidy, outer rings counter-clockwise and holes clockwise,
 * a single Polygon when only one part survives. Throws if the result is not valid.
 */
export function finishArea(area: Area, label: string): Area {
  const parts = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const kept = parts.map(roundPolygon).filter((p): p is Position[][] => p !== null);
  if (kept.length === 0) throw new Error(`${label}: nothing left after rounding`);
  const shaped: Area =
    kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
  const rewound = turf.rewind(turf.feature(shaped)) as Feature<Area>;
  // booleanValid does not look for a ring crossing itself; kinks does.
  if (!turf.booleanValid(rewound) || turf.kinks(rewound).features.length > 0)
    throw new Error(`${label}: invalid polygon`);
  return rewound.geometry;
}

export function finishLine(line: Position[]): LineString {
  return { type: 'LineString', coordinates: dedupe(line) };
}
