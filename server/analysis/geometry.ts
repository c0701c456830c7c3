/**
 * The geometry every analysis shares, kept in one place so all of them measure alike:
 * - distances are Turf's haversine in metres (ARCHITECTURE.md), bearings 0–360° from north;
 * - ties are broken by feature id, compared as strings, so results never depend on input order;
 * - areas are on the WGS84/CGCS2000 ellipsoid (equal-area authalic latitude), which is what PostGIS's
 *   `ST_Area(geography)` measures; Turf's `area` uses a sphere and reads about 0.2% high at 25°N.
 */
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { AnyFeature, Layer, LonLat, Props } from './types.ts';

/** The earth radius of Turf's haversine, m. */
export const TURF_RADIUS = turf.earthRadius;

/** Features of a layer that are in use: retired records (lifecycle) are history, not the map. */
export function featuresOf<G extends Geometry | null, P>(layer: Layer<G, P> | undefined): Feature<G, P>[] {
  if (!layer) return [];
  const all = Array.isArray(layer) ? layer : (layer as FeatureCollection<G, P>).features;
  return all.filter((f) => (f.properties as Props | null)?.lifecycle !== 'retired');
}

export function isLonLat(p: unknown): p is LonLat {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0] as number) <= 180 &&
    Math.abs(p[1] as number) <= 90
  );
}

/** The position of a Point feature, or null when it has no usable point geometry. */
export function pointOf(feature: AnyFeature): LonLat | null {
  const g = feature.geometry;
  return g?.type === 'Point' && isLonLat(g.coordinates) ? g.coordinates : null;
}

/** A point standing for a feature: the point itself, or for an area (a population grid cell) a point inside it. */
export function anchorOf(feature: AnyFeature): LonLat | null {
  const g = feature.geometry;
  if (!g) return null;
  if (g.type === 'Point') return pointOf(feature);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return null;
  const centre = turf.centroid(g).geometry.coordinates;
  if (turf.booleanPointInPolygon(centre, g)) return centre;
  return turf.pointOnFeature(g).geometry.coordinates;
}

export function isPolygonal(g: Geometry | null | undefined): g is Polygon | MultiPolygon {
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon';
}

/**
 * Turf's haversine (`turf.distance` in metres), written out step for step so it gives the same bits
 * without Turf's argument handling, which dominates when millions of pairs are measured.
 */
export function distanceM(a: LonLat, b: LonLat): number {
  return haversineM(a[0], a[1], b[0], b[1]);
}

/** `distanceM` on bare numbers, for loops over typed arrays. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = toRadians(lat2 - lat1);
  const dLon = toRadians(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2));
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)) * TURF_RADIUS;
}

/** As Turf's degreesToRadians. */
function toRadians(degrees: number): number {
  return ((degrees % 360) * Math.PI) / 180;
}

/** Initial great-circle bearing, 0–360° clockwise from north. */
export function bearingDeg(from: LonLat, to: LonLat): number {
  if (from[0] === to[0] && from[1] === to[1]) return 0;
  return turf.bearingToAzimuth(turf.bearing(from, to));
}

/**
 * The point of a geometry nearest to p and its distance: p itself inside an area (distance 0), else
 * the nearest point of a line or of an area's rings (Turf's geodesic nearest point on a segment).
 */
export function nearestOnGeometry(p: LonLat, g: Geometry): { point: LonLat; distanceM: number } {
  switch (g.type) {
    case 'Point':
      return { point: g.coordinates, distanceM: distanceM(p, g.coordinates) };
    case 'MultiPoint':
      return nearestOf(g.coordinates.map((c) => ({ point: c, distanceM: distanceM(p, c) })));
    case 'LineString':
    case 'MultiLineString': {
      const hit = turf.nearestPointOnLine(g, p, { units: 'meters' });
      return { point: hit.geometry.coordinates, distanceM: hit.properties.pointDistance };
    }
    case 'Polygon':
    case 'MultiPolygon': {
      if (turf.booleanPointInPolygon(p, g)) return { point: p, distanceM: 0 };
      const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
      return nearestOnGeometry(p, { type: 'MultiLineString', coordinates: rings });
    }
    case 'GeometryCollection':
      return nearestOf(g.geometries.map((part) => nearestOnGeometry(p, part)));
  }
}

function nearestOf(hits: { point: LonLat; distanceM: number }[]): { point: LonLat; distanceM: number } {
  return hits.reduce((best, h) => (h.distanceM < best.distanceM ? h : best), {
    point: [Number.NaN, Number.NaN],
    distanceM: Infinity,
  });
}

/** Anything with a feature's id and properties. */
export interface Identified {
  id?: string | number;
  properties?: unknown;
}

export function featureId(feature: Identified): string {
  return String(feature.id ?? (feature.properties as Props | null)?.id ?? '');
}

/** Deterministic order for ties: by id as a string (UUIDs sort the same everywhere). */
export function compareIds(a: Identified, b: Identified): number {
  const x = featureId(a);
  const y = featureId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function byDistanceThenId<T extends { distanceM: number; feature: Identified }>(a: T, b: T): number {
  return a.distanceM - b.distanceM || compareIds(a.feature, b.feature);
}

// ---- the ellipsoid -------------------------------------------------------------------------------

/** WGS84 (CGCS2000 differs in the 9th digit of the flattening). */
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;

/** Authalic q(φ): the area between the equator and φ over one radian of longitude is a²·q(φ)/2. */
export function authalicQ(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
}

const Q_POLE = authalicQ(90);
const AUTHALIC_RADIUS = A * Math.sqrt(Q_POLE / 2);

/** Area of the lon/lat cell [lat1, lat2] × dLonDeg on the ellipsoid, in m². */
export function cellAreaM2(lat1: number, lat2: number, dLonDeg: number): number {
  return ((A * A) / 2) * dLonDeg * RAD * (authalicQ(lat2) - authalicQ(lat1));
}

/** Metres per degree of latitude and of longitude at a latitude, on the ellipsoid. */
export function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const s = Math.sin(latDeg * RAD);
  const w = Math.sqrt(1 - E2 * s * s);
  return { lat: ((A * (1 - E2)) / (w * w * w)) * RAD, lon: (A / w) * Math.cos(latDeg * RAD) * RAD };
}

/**
 * Area in m² on the ellipsoid: latitudes mapped to authalic latitude make the ellipsoid a sphere of
 * equal area, where Turf's spherical formula applies; edges stay straight in lon/lat, as in PostGIS.
 */
export function areaM2(g: Polygon | MultiPolygon): number {
  const toAuthalic = (p: Position): Position => [p[0], Math.asin(authalicQ(p[1]) / Q_POLE) / RAD];
  const mapped: Polygon | MultiPolygon =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(toAuthalic)) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(toAuthalic))) };
  return turf.area(mapped) * (AUTHALIC_RADIUS / TURF_RADIUS) ** 2;
}

// ---- reading properties and figures -------------------------------------------------------------

export function num(props: Props | null | undefined, key: string): number | null {
  const v = props?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(props: Props | null | undefined, key: string): string | null {
  const v = props?.[key];
  return typeof v === 'string' ? v : null;
}

/** part ÷ whole × 100, or null when the whole is zero. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

export function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

export function nameOf(feature: Identified): string {
  return str(feature.properties as Props, 'name') ?? featureId(feature);
}
