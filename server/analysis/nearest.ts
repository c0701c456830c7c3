/**
 * The k nearest points to a place, by Turf's haversine, ties broken by id. A k-d tree (kdbush +
 * geokdbush) built once over the layer picks the candidates in O(log n); the exact distance, bearing and
 * order are then computed with Turf for those candidates only. To stay identical to a brute-force scan,
 * one candidate more than asked is fetched, and when it is as near as the k-th (a tie, or within
 * rounding) everything that near is fetched before the final cut; the maximum distance is applied to
 * the exact figure. `within` and `nearestWithin` answer the questions coverage asks — every point, or
 * the nearest, within a radius — with a plain box query on the same tree (the box that holds the
 * spherical cap), then exact distances. `nearestWithinEach` gives the same answers for many places at
 * once (every resident of a district), neighbours sharing one box query. Box queries write into one
 * reused buffer, so a query allocates nothing per candidate.
 */

import type { FeatureCollection, Geometry } from 'geojson';
import { around, distance as kdDistanceKm } from 'geokdbush';
import KDBush from 'kdbush';
import {
  anchorOf,
  bearingDeg,
  byDistanceThenId,
  compareIds,
  distanceM,
  featuresOf,
  haversineM,
  pointOf,
  TURF_RADIUS,
} from './geometry.ts';
import type { AnyFeature, Layer, LonLat, PointFeature, Props, Reached } from './types.ts';

export interface PointIndex<P = Props> {
  /** The indexed features, in index order: point geometries only. */
  features: PointFeature<P>[];
  /** Features left out for having no usable point geometry. */
  skipped: number;
  kd: KDBush;
  /** lon, lat of each feature, in feature order. */
  coords: Float64Array;
  /** Its unit vector on the sphere (x, y, z), in feature order. */
  unit: Float64Array;
}

/** A point and its distance, without the bearing: what coverage needs. */
export interface Near<P = Props> {
  feature: PointFeature<P>;
  distanceM: number;
}

export interface NearestOptions<P = Props> {
  k: number;
  maxDistanceM?: number;
  accept?: (feature: PointFeature<P>) => boolean;
}

/** Relative slack between geokdbush's haversine (R = 6371 km) and Turf's: far above rounding, far below a metre. */
const SLACK = 1e-7;

export function pointIndex<P = Props>(
  layer: Layer<Geometry | null, P> | FeatureCollection<Geometry, P>,
): PointIndex<P> {
  const all = featuresOf(layer as Layer<Geometry | null, P>);
  const features = all.filter((f) => pointOf(f as AnyFeature) !== null) as PointFeature<P>[];
  // Small leaves: a query pushes every point of each leaf it opens, and most queries want a few.
  const kd = new KDBush(features.length, 16);
  const coords = new Float64Array(features.length * 2);
  const unit = new Float64Array(features.length * 3);
  features.forEach((f, i) => {
    const [x, y] = f.geometry.coordinates;
    kd.add(x, y);
    coords.set([x, y], 2 * i);
    unit.set(unitVector(x, y), 3 * i);
  });
  kd.finish();
  return { features, skipped: all.length - features.length, kd, coords, unit };
}

function checkFrom(from: LonLat) {
  if (!pointOf({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: from } }))
    throw new RangeError('from must be a [longitude, latitude] pair on the earth');
}

/** Ranked nearest points: distance (m), bearing (°) and a straight-line flag for each. */
export function nearest<P = Props>(index: PointIndex<P>, from: LonLat, options: NearestOptions<P>): Reached<P>[] {
  checkFrom(from);
  const { k, maxDistanceM = Infinity, accept } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  if (!(maxDistanceM >= 0)) throw new RangeError('maxDistanceM must be zero or more');
  if (index.features.length === 0) return [];
  const [lon, lat] = from;
  const predicate = accept ? (i: number) => accept(index.features[i]) : undefined;
  const maxKm = (maxDistanceM / 1000) * (1 + SLACK) + 1e-9;
  const kmTo = (i: number) => {
    const [x, y] = index.features[i].geometry.coordinates;
    return kdDistanceKm(lon, lat, x, y);
  };
  // One more than asked: if it is clearly farther than the k-th there is no tie to settle.
  let ids = around(index.kd, lon, lat, k + 1, kmLimit(maxKm), predicate);
  if (ids.length === k + 1) {
    const kthKm = kmTo(ids[k - 1]);
    const limit = kthKm * (1 + SLACK) + 1e-9;
    // Otherwise take in everything as near as the k-th, so ties are settled by id, not by the tree.
    if (kmTo(ids[k]) <= limit) ids = around(index.kd, lon, lat, Infinity, kmLimit(Math.min(maxKm, limit)), predicate);
  }
  return ids
    .map((i) => ({ feature: index.features[i], distanceM: distanceM(from, index.features[i].geometry.coordinates) }))
    .filter((r) => r.distanceM <= maxDistanceM)
    .sort(byDistanceThenId)
    .slice(0, k)
    .map(({ feature, distanceM }) => ({
      feature,
      distanceM,
      bearingDeg: bearingDeg(from, feature.geometry.coordinates),
      straightLine: true as const,
    }));
}

/** Ids found by a box query, reused by every query (grown to the largest index seen): no allocation per query. */
let found = new Uint32Array(1024);
/** The box query's stack, as kdbush keeps its own: 3 entries per level, 32 levels. */
const STACK = new Uint32Array(96);

/**
 * Writes into `found`, from `start` on, the ids of the points in a box, in the order kdbush's `range`
 * returns them (the same traversal, without the array it builds); returns the new end.
 */
function rangeInto(kd: KDBush, minX: number, minY: number, maxX: number, maxY: number, start: number): number {
  const { ids, coords, nodeSize } = kd;
  if (found.length < start + ids.length) {
    const grown = new Uint32Array(Math.max(start + ids.length, 2 * found.length));
    grown.set(found.subarray(0, start));
    found = grown;
  }
  let n = start;
  STACK[0] = 0;
  STACK[1] = ids.length - 1;
  STACK[2] = 0;
  let sp = 3;
  while (sp > 0) {
    const axis = STACK[--sp];
    const right = STACK[--sp];
    const left = STACK[--sp];
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i++) {
        const x = coords[2 * i];
        const y = coords[2 * i + 1];
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) found[n++] = ids[i];
      }
      continue;
    }
    const m = (left + right) >> 1;
    const x = coords[2 * m];
    const y = coords[2 * m + 1];
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) found[n++] = ids[m];
    if (axis === 0 ? minX <= x : minY <= y) {
      STACK[sp++] = left;
      STACK[sp++] = m - 1;
      STACK[sp++] = 1 - axis;
    }
    if (axis === 0 ? maxX >= x : maxY >= y) {
      STACK[sp++] = m + 1;
      STACK[sp++] = right;
      STACK[sp++] = 1 - axis;
    }
  }
  return n;
}

/** The box `capBox` found: west, south, east, north. */
const BOX = new Float64Array(4);
/** What `capBox` found: one box; a cap reaching a pole (all longitudes); a box past the antimeridian. */
const ONE_BOX = 0;
const POLAR = 1;
const WRAPS = 2;

/**
 * The box holding the spherical cap of `radiusM` around a place, into `BOX`: latitude within
 * radius/R, longitude within asin(sin(radius/R) / cos φ) — unless the cap reaches a pole (then only
 * its latitudes are set) or the box crosses the antimeridian.
 */
function capBox(
  lon: number,
  lat: number,
  radiusM: number,
  cosLat = Math.cos((lat * Math.PI) / 180),
): typeof ONE_BOX | typeof POLAR | typeof WRAPS {
  const angle = (radiusM / TURF_RADIUS) * (1 + SLACK);
  const dLat = (angle * 180) / Math.PI + 1e-12;
  BOX[1] = lat - dLat;
  BOX[3] = lat + dLat;
  if (Math.abs(lat) + dLat >= 90 || Math.sin(angle) >= cosLat) return POLAR;
  const dLon = (Math.asin(Math.sin(angle) / cosLat) * 180) / Math.PI + 1e-12;
  BOX[0] = lon - dLon;
  BOX[2] = lon + dLon;
  return lon - dLon < -180 || lon + dLon > 180 ? WRAPS : ONE_BOX;
}

/**
 * The boxes (west, south, east, north) that hold every point within `radiusM` of a place, as
 * `capBox` finds them: one box; a band of all longitudes where the cap reaches a pole; two boxes
 * where it crosses the antimeridian. What a spatial index outside this module is asked for.
 */
export function capBoxes(lon: number, lat: number, radiusM: number): [number, number, number, number][] {
  const kind = capBox(lon, lat, radiusM);
  const [w, s, e, n] = [BOX[0], BOX[1], BOX[2], BOX[3]];
  if (kind === POLAR) return [[-180, s, 180, n]];
  if (kind === ONE_BOX) return [[w, s, e, n]];
  return w < -180
    ? [
        [-180, s, e, n],
        [w + 360, s, 180, n],
      ]
    : [
        [w, s, 180, n],
        [-180, s, e - 360, n],
      ];
}

/**
 * How far in plain degrees (√(Δlon² + Δlat²), what PostGIS's `geom <-> point` measures on lon/lat)
 * a point within `radiusM` of a place can lie: the corner of its cap's box. Infinity where the box
 * is not one (a pole, the antimeridian), so a caller reads on to the end.
 */
export function planarReachDeg(lon: number, lat: number, radiusM: number): number {
  if (capBox(lon, lat, radiusM) !== ONE_BOX) return Infinity;
  return Math.hypot(BOX[2] - lon, BOX[3] - lat) * (1 + SLACK);
}

/**
 * The points that may lie within `radiusM` of a place, written into `found`; returns how many: those
 * in the box holding the spherical cap (`capBox`), all longitudes if the cap reaches a pole, split
 * where it crosses the antimeridian.
 */
function candidatesWithin(index: PointIndex<unknown>, lon: number, lat: number, radiusM: number): number {
  const { kd } = index;
  const kind = capBox(lon, lat, radiusM);
  const [w, s, e, n] = [BOX[0], BOX[1], BOX[2], BOX[3]];
  if (kind === POLAR) return rangeInto(kd, -180, s, 180, n, 0);
  let count = rangeInto(kd, w, s, e, n, 0);
  if (kind === WRAPS && w < -180) count = rangeInto(kd, w + 360, s, 180, n, count);
  if (kind === WRAPS && e > 180) count = rangeInto(kd, -180, s, e - 360, n, count);
  return count;
}

/** Every point within `radiusM` of a place, nearest first, ties by id. */
export function within<P = Props>(index: PointIndex<P>, from: LonLat, radiusM: number): Near<P>[] {
  if (index.features.length === 0 || !(radiusM >= 0)) return [];
  const hits: Near<P>[] = [];
  const [lon, lat] = from;
  const count = candidatesWithin(index, lon, lat, radiusM);
  for (let k = 0; k < count; k++) {
    const i = found[k];
    const d = haversineM(lon, lat, index.coords[2 * i], index.coords[2 * i + 1]);
    if (d <= radiusM) hits.push({ feature: index.features[i], distanceM: d });
  }
  return hits.length > 1 ? hits.sort(byDistanceThenId) : hits;
}

/**
 * Whether some point within `radiusM` of a place passes `test` (its index in `index.features` and its
 * distance): `within(…).some(…)` without building, sorting or keeping the list. `test` must not query
 * an index itself: the candidates sit in a buffer every query reuses.
 */
export function someWithin<P = Props>(
  index: PointIndex<P>,
  from: LonLat,
  radiusM: number,
  test: (i: number, distanceM: number) => boolean,
): boolean {
  if (index.features.length === 0 || !(radiusM >= 0)) return false;
  const [lon, lat] = from;
  const count = candidatesWithin(index, lon, lat, radiusM);
  for (let k = 0; k < count; k++) {
    const i = found[k];
    const d = haversineM(lon, lat, index.coords[2 * i], index.coords[2 * i + 1]);
    if (d <= radiusM && test(i, d)) return true;
  }
  return false;
}

/**
 * The nearest point within `radiusM` (ties by id), or null: what assigning a resident to a shelter
 * asks millions of times. Candidates are ranked by chord length between unit vectors — the great-
 * circle distance grows with the chord, so the order is the same — and Turf's haversine is computed
 * only for those tied (within rounding) with the nearest chord.
 */
export function nearestWithin<P = Props>(index: PointIndex<P>, from: LonLat, radiusM: number): Near<P> | null {
  const i = nearestWithinIndex(index, from, radiusM);
  if (i < 0) return null;
  return {
    feature: index.features[i],
    distanceM: haversineM(from[0], from[1], index.coords[2 * i], index.coords[2 * i + 1]),
  };
}

/**
 * `nearestWithin` as the point's position in `index.features`, or -1: no object per query (its
 * distance is `haversineM` from the place to `index.coords[2i], [2i + 1]`).
 */
export function nearestWithinIndex(index: PointIndex<unknown>, from: LonLat, radiusM: number): number {
  if (index.features.length === 0 || !(radiusM >= 0)) return -1;
  const [lon, lat] = from;
  const count = candidatesWithin(index, lon, lat, radiusM);
  if (count === 0) return -1;
  const [x, y, z] = unitVector(lon, lat);
  return nearestTied(index, count, tieLimit(index, count, x, y, z), lon, lat, x, y, z, radiusM);
}

/** Places share box queries in cells of this many degrees. */
const CELL_DEG = 0.01;
/** The ids one cell's box query found, kept while `found` serves each place of the cell. */
let cellFound = new Uint32Array(1024);

/**
 * Places grouped in small lon/lat cells for `nearestWithinEach`, with what every query of a place
 * needs whatever the index: built once, used for several indexes (one per shelter radius).
 */
export interface PlaceCells {
  places: readonly LonLat[];
  /** Place indexes in cell order; cell c is `order[starts[c]]` up to `order[starts[c + 1]]`. */
  order: Uint32Array;
  starts: Uint32Array;
  /** By position in `order`: lon, lat, cos(lat), unit vector and distance to the cell's centre (m). */
  lon: Float64Array;
  lat: Float64Array;
  cosLat: Float64Array;
  unit: Float64Array;
  toCentreM: Float64Array;
  /** By cell: the centre of its places' extent, lon and lat. */
  centre: Float64Array;
  /** Places in no cell (no usable position, or too many places to sort): asked one by one. */
  alone: number[];
}

export function placeCells(places: readonly LonLat[]): PlaceCells {
  const n = places.length;
  const cols = Math.floor(360 / CELL_DEG) + 1;
  const rows = Math.floor(180 / CELL_DEG) + 1;
  const alone: number[] = [];
  // Cells as runs of a sorted key: cell × n + place, exact in a double while it stays below 2^53.
  const keys = new Float64Array(n);
  // Read in the places' order, once: reading them in cell order would jump about the heap.
  const xy = new Float64Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const [lon, lat] = places[i];
    xy[2 * i] = lon;
    xy[2 * i + 1] = lat;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90) || cols * rows * n >= 2 ** 53) {
      alone.push(i);
      continue;
    }
    keys[m++] = (Math.floor((lat + 90) / CELL_DEG) * cols + Math.floor((lon + 180) / CELL_DEG)) * n + i;
  }
  const sorted = keys.subarray(0, m).sort();
  const order = new Uint32Array(m);
  const lon = new Float64Array(m);
  const lat = new Float64Array(m);
  const cosLat = new Float64Array(m);
  const unit = new Float64Array(3 * m);
  const toCentreM = new Float64Array(m);
  const starts: number[] = [];
  const centre: number[] = [];
  let previous = -1;
  for (let k = 0; k < m; k++) {
    const i = sorted[k] % n;
    const cell = (sorted[k] - i) / n;
    if (cell !== previous) starts.push(k);
    previous = cell;
    order[k] = i;
    lon[k] = xy[2 * i];
    lat[k] = xy[2 * i + 1];
    cosLat[k] = Math.cos((lat[k] * Math.PI) / 180);
    const [x, y, z] = unitVector(lon[k], lat[k]);
    unit[3 * k] = x;
    unit[3 * k + 1] = y;
    unit[3 * k + 2] = z;
  }
  starts.push(m);
  for (let c = 0; c + 1 < starts.length; c++) {
    let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = starts[c]; k < starts[c + 1]; k++) {
      w = Math.min(w, lon[k]);
      e = Math.max(e, lon[k]);
      s = Math.min(s, lat[k]);
      nn = Math.max(nn, lat[k]);
    }
    const [cLon, cLat] = [(w + e) / 2, (s + nn) / 2];
    centre.push(cLon, cLat);
    for (let k = starts[c]; k < starts[c + 1]; k++) toCentreM[k] = haversineM(cLon, cLat, lon[k], lat[k]);
  }
  return {
    places,
    order,
    starts: Uint32Array.from(starts),
    lon,
    lat,
    cosLat,
    unit,
    toCentreM,
    centre: Float64Array.from(centre),
    alone,
  };
}

/**
 * `nearestWithinIndex` for each of many places (the same answers, -1 for none), sharing the work
 * between neighbours. Places are grouped in small cells (`placeCells`); for each cell the point
 * nearest its centre bounds every member's nearest distance (triangle inequality), often far below
 * the radius, and one box query covering the members' boxes of that bound gives every member its
 * candidates.
 *
 * A member's answer is the same as from its own box of the full radius: its box of the bound ρ holds
 * the whole cap of ρ, so when the nearest chord in it (and every chord tied with it) is clearly
 * shorter than the chord of ρ, every point outside is farther and the nearest, its ties and the
 * radius test are those of the full box. The candidates come in kdbush's order for the member's own
 * box (the cell's query returns points in kdbush's one fixed order; filtering keeps it), so equal
 * ids at equal distances settle alike. Where that check fails, or a box cannot be one box (a pole,
 * the antimeridian), the place is asked on its own.
 */
export function nearestWithinEach(
  index: PointIndex<unknown>,
  places: readonly LonLat[] | PlaceCells,
  radiusM: number,
): NearestEachResult {
  const cells = 'order' in places ? places : placeCells(places);
  const out = new Int32Array(cells.places.length).fill(-1);
  const outM = new Float64Array(cells.places.length).fill(Infinity);
  const result = { nearest: out, distanceM: outM };
  if (index.features.length === 0 || !(radiusM >= 0)) return result;
  const { kd, coords } = index;
  const { order, starts, lon, lat, cosLat, unit, toCentreM, centre } = cells;
  const alone = (i: number) => {
    const j = nearestWithinIndex(index, cells.places[i], radiusM);
    out[i] = j;
    if (j >= 0) outM[i] = haversineM(cells.places[i][0], cells.places[i][1], coords[2 * j], coords[2 * j + 1]);
  };
  for (const i of cells.alone) alone(i);
  if (cellFound.length < kd.ids.length) cellFound = new Uint32Array(kd.ids.length);
  let largest = 0;
  for (let c = 0; c + 1 < starts.length; c++) largest = Math.max(largest, starts[c + 1] - starts[c]);
  // Each member's bound ρ (NaN: ask alone) and its box, by position in the cell.
  const rho = new Float64Array(largest);
  const boxes = new Float64Array(4 * largest);

  for (let c = 0; c + 1 < starts.length; c++) {
    const first = starts[c];
    const end = starts[c + 1];
    const cLon = centre[2 * c];
    const cLat = centre[2 * c + 1];
    const [j] = around(kd, cLon, cLat, 1);
    const boundM = haversineM(cLon, cLat, coords[2 * j], coords[2 * j + 1]);
    let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = first; k < end; k++) {
      const b = k - first;
      let r = Math.max(10, (boundM + toCentreM[k]) * (1 + 1e-6) + 1e-3);
      if (r > radiusM * (1 - 1e-3)) r = radiusM;
      if (capBox(lon[k], lat[k], r, cosLat[k]) !== ONE_BOX) {
        rho[b] = Number.NaN;
        continue;
      }
      rho[b] = r;
      boxes.set(BOX, 4 * b);
      w = Math.min(w, BOX[0]);
      s = Math.min(s, BOX[1]);
      e = Math.max(e, BOX[2]);
      nn = Math.max(nn, BOX[3]);
    }
    const listed = w <= e ? rangeInto(kd, w, s, e, nn, 0) : 0;
    cellFound.set(found.subarray(0, listed));
    for (let k = first; k < end; k++) {
      const b = k - first;
      const r = rho[b];
      if (Number.isNaN(r)) {
        alone(order[k]);
        continue;
      }
      const bw = boxes[4 * b];
      const bs = boxes[4 * b + 1];
      const be = boxes[4 * b + 2];
      const bn = boxes[4 * b + 3];
      let count = 0;
      for (let m = 0; m < listed; m++) {
        const id = cellFound[m];
        const x = coords[2 * id];
        const y = coords[2 * id + 1];
        if (x >= bw && x <= be && y >= bs && y <= bn) found[count++] = id;
      }
      if (count === 0) {
        if (r !== radiusM) alone(order[k]);
        continue;
      }
      const [ux, uy, uz] = [unit[3 * k], unit[3 * k + 1], unit[3 * k + 2]];
      const limit = tieLimit(index, count, ux, uy, uz);
      const chord = 2 * Math.sin(r / TURF_RADIUS / 2);
      if (r === radiusM || limit < chord * chord * (1 - 1e-6)) {
        out[order[k]] = nearestTied(index, count, limit, lon[k], lat[k], ux, uy, uz, radiusM);
        outM[order[k]] = tiedM;
      } else alone(order[k]);
    }
  }
  return result;
}

export interface NearestEachResult {
  /** By place: the nearest point's position in `index.features`, -1 for none within the radius. */
  nearest: Int32Array;
  /** By place: its distance by Turf's haversine (m), Infinity for none. */
  distanceM: Float64Array;
}

/** Squared chords at or below this are tied with the nearest of the `count` candidates in `found`. */
function tieLimit(index: PointIndex<unknown>, count: number, x: number, y: number, z: number): number {
  const { unit } = index;
  let nearestChord2 = Infinity;
  for (let k = 0; k < count; k++) {
    const i = found[k];
    const chord2 = (unit[3 * i] - x) ** 2 + (unit[3 * i + 1] - y) ** 2 + (unit[3 * i + 2] - z) ** 2;
    if (chord2 < nearestChord2) nearestChord2 = chord2;
  }
  return nearestChord2 * (1 + 1e-9) + 1e-24;
}

/** The distance of the point `nearestTied` last returned (Infinity for none). */
let tiedM = Infinity;

/**
 * Of the candidates tied with the nearest, the nearest within the radius by Turf's haversine, ties by
 * id; its distance is left in `tiedM`.
 */
function nearestTied(
  index: PointIndex<unknown>,
  count: number,
  limit: number,
  lon: number,
  lat: number,
  x: number,
  y: number,
  z: number,
  radiusM: number,
): number {
  const { unit, coords, features } = index;
  let best = -1;
  let bestM = Infinity;
  for (let k = 0; k < count; k++) {
    const i = found[k];
    const chord2 = (unit[3 * i] - x) ** 2 + (unit[3 * i + 1] - y) ** 2 + (unit[3 * i + 2] - z) ** 2;
    if (chord2 > limit) continue;
    const d = haversineM(lon, lat, coords[2 * i], coords[2 * i + 1]);
    if (d <= radiusM && (best < 0 || (d - bestM || compareIds(features[i], features[best])) < 0)) {
      best = i;
      bestM = d;
    }
  }
  tiedM = bestM;
  return best;
}

function unitVector(lon: number, lat: number): [number, number, number] {
  const [l, p] = [(lon * Math.PI) / 180, (lat * Math.PI) / 180];
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
}

/** geokdbush compares haversines, which wrap past half the earth: leave such limits out. */
function kmLimit(km: number): number | undefined {
  return km < 20_000 ? km : undefined;
}

export interface NearestEachRow<P, Q> {
  from: PointFeature<Q> | AnyFeature;
  nearest: Reached<P> | null;
}

/**
 * Many-to-one: the nearest indexed point for each of many places (the nearest depot for every village).
 * Places without a usable position get `nearest: null`.
 */
export function nearestEach<P = Props, Q = Props>(
  index: PointIndex<P>,
  places: Layer<Geometry | null, Q>,
  options: Omit<NearestOptions<P>, 'k'> = {},
): NearestEachRow<P, Q>[] {
  return featuresOf(places).map((place) => {
    const p = anchorOf(place as AnyFeature);
    return { from: place as AnyFeature, nearest: p ? (nearest(index, p, { ...options, k: 1 })[0] ?? null) : null };
  });
}
