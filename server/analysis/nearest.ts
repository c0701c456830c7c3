/**
 * The k nearest points to a place, by Turf's haversine, ties broken by id. A k-d tree (kdbush +
 * geokdbush) built once over the layer picks the candidates in O(log n); the exact distance, bearing and
 * order are then computed with Turf for those candidates only. To stay identical to a brute-force scan,
 * one candidate more than asked is fetched, and when it is as near as the k-th (a tie, or within
 * rounding) everything that near is fetched before the final cut; the maximum distance is applied to
 * the exact figure. `within` and `nearestWithin` answer the questions coverage asks — every point, or
 * the nearest, within a radius — with a plain box query on the same tree (the box that holds the
 * spherical cap), then exact distances.
 */

import type { FeatureCollection, Geometry } from 'geojson';
import { around, distance as kdDistanceKm } from 'geokdbush';
import KDBush from 'kdbush';
import {
  anchorOf,
  bearingDeg,
  byDistanceThenId,
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

/**
 * Indexes of the points that may lie within `radiusM` of a place: those in the box holding the
 * spherical cap — latitude within radius/R, longitude within asin(sin(radius/R) / cos φ), all
 * longitudes if the cap reaches a pole — split where it crosses the antimeridian.
 */
function candidatesWithin(index: PointIndex<unknown>, [lon, lat]: LonLat, radiusM: number): number[] {
  const angle = (radiusM / TURF_RADIUS) * (1 + SLACK);
  const dLat = (angle * 180) / Math.PI + 1e-12;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  const [s, n] = [lat - dLat, lat + dLat];
  if (Math.abs(lat) + dLat >= 90 || Math.sin(angle) >= cosLat) return index.kd.range(-180, s, 180, n);
  const dLon = (Math.asin(Math.sin(angle) / cosLat) * 180) / Math.PI + 1e-12;
  const ids = index.kd.range(lon - dLon, s, lon + dLon, n);
  if (lon - dLon < -180) ids.push(...index.kd.range(lon - dLon + 360, s, 180, n));
  if (lon + dLon > 180) ids.push(...index.kd.range(-180, s, lon + dLon - 360, n));
  return ids;
}

/** Every point within `radiusM` of a place, nearest first, ties by id. */
export function within<P = Props>(index: PointIndex<P>, from: LonLat, radiusM: number): Near<P>[] {
  if (index.features.length === 0 || !(radiusM >= 0)) return [];
  const hits: Near<P>[] = [];
  for (const i of candidatesWithin(index, from, radiusM)) {
    const d = haversineM(from[0], from[1], index.coords[2 * i], index.coords[2 * i + 1]);
    if (d <= radiusM) hits.push({ feature: index.features[i], distanceM: d });
  }
  return hits.length > 1 ? hits.sort(byDistanceThenId) : hits;
}

/**
 * The nearest point within `radiusM` (ties by id), or null: what assigning a resident to a shelter
 * asks millions of times. Candidates are ranked by chord length between unit vectors — the great-
 * circle distance grows with the chord, so the order is the same — and Turf's haversine is computed
 * only for those tied (within rounding) with the nearest chord.
 */
export function nearestWithin<P = Props>(index: PointIndex<P>, from: LonLat, radiusM: number): Near<P> | null {
  if (index.features.length === 0 || !(radiusM >= 0)) return null;
  const ids = candidatesWithin(index, from, radiusM);
  if (ids.length === 0) return null;
  const [x, y, z] = unitVector(from[0], from[1]);
  const { unit } = index;
  const chord2 = ids.map((i) => (unit[3 * i] - x) ** 2 + (unit[3 * i + 1] - y) ** 2 + (unit[3 * i + 2] - z) ** 2);
  const nearestChord2 = Math.min(...chord2);
  let best: Near<P> | null = null;
  ids.forEach((i, k) => {
    if (chord2[k] > nearestChord2 * (1 + 1e-9) + 1e-24) return;
    const hit = {
      feature: index.features[i],
      distanceM: haversineM(from[0], from[1], index.coords[2 * i], index.coords[2 * i + 1]),
    };
    if (hit.distanceM <= radiusM && (!best || byDistanceThenId(hit, best) < 0)) best = hit;
  });
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
