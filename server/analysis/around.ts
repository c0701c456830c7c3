/**
 * Around an incident (周边分析): everything within R of a pinned point, grouped the way a duty officer
 * reads it — risks (hazard points and lines, enterprise risk points, risk zones the incident lies in or
 * near), resources (depots, teams, fire stations, shelters) and what must be protected (schools,
 * hospitals, nursing homes… and the residents of population points). Distance is to the nearest point of
 * the geometry (0 inside an area), straight line by Turf's haversine; each list runs nearest first, ties
 * by id. A box test in degrees drops far features before any exact distance is computed.
 *
 * A layer too large to hold in the process comes as an AroundPart instead of whole: what a spatial
 * query found near the incident (the store's `withinDistance`), with the points it decided clearly
 * inside counted by the fields `aroundTally` names; the rest is measured here as for a whole layer.
 */
import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import { findLayer } from '../layers/registry.ts';
import { bearingDeg, byDistanceThenId, featuresOf, nearestOnGeometry, num, pointOf, str } from './geometry.ts';
import type { AnyFeature, Layer, LonLat, Props } from './types.ts';

export interface AroundLayers {
  hazards?: Layer;
  enterprise_risks?: Layer;
  risk_zones?: Layer;
  depots?: Layer;
  teams?: Layer;
  fire_stations?: Layer;
  shelters?: Layer;
  protected_targets?: Layer;
  population?: Layer;
}

export const AROUND_GROUPS = {
  risks: ['hazards', 'enterprise_risks', 'risk_zones'],
  resources: ['depots', 'teams', 'fire_stations', 'shelters'],
  protected: ['protected_targets', 'population'],
} as const satisfies Record<string, readonly (keyof AroundLayers)[]>;

export type AroundGroup = keyof typeof AROUND_GROUPS;

/** Every layer the around analysis reads. */
export const AROUND_LAYERS = Object.values(AROUND_GROUPS).flat();

export interface AroundItem {
  feature: AnyFeature;
  distanceM: number;
  /** Bearing from the incident to the feature's nearest point (0 when the incident is inside it). */
  bearingDeg: number;
  /** The incident lies inside this area. */
  inside: boolean;
  straightLine: true;
}

export interface LayerAround {
  items: AroundItem[];
  count: number;
  /** Counts by the feature's `kind` (risk level for zones and risk points, level for depots). */
  byKind: Record<string, number>;
}

export interface AroundResult {
  incident: LonLat;
  radiusM: number;
  groups: Record<AroundGroup, Partial<Record<keyof AroundLayers, LayerAround>>>;
  counts: Record<AroundGroup, number>;
  /** Residents of the population points within R, and people in protected targets (students, beds…). */
  residents: number;
  peopleInTargets: number;
}

/**
 * A layer's features near the incident, as a spatial query hands them over: `near`, the points nearest
 * first, holding at least the first `offset + limit` within R; `edge`, those it left to an exact
 * distance; `inside`, the points clearly within R, counted by the fields `aroundTally` names.
 */
export interface AroundPart {
  near: AnyFeature[];
  edge: AnyFeature[];
  inside: Array<{ properties: Props; count: number; sums: Record<string, number> }>;
}

/** Zones, risk points and depots count by their level, the rest by kind. */
const KIND_FIELD: Partial<Record<keyof AroundLayers, string>> = {
  risk_zones: 'level',
  enterprise_risks: 'level',
  depots: 'level',
};

/** The people a feature of these layers stands for. */
const PEOPLE_FIELD: Partial<Record<keyof AroundLayers, string>> = {
  population: 'residents',
  protected_targets: 'people',
};

/** The fields an AroundPart's `inside` must be counted by and summed over, for a layer. */
export function aroundTally(layerId: keyof AroundLayers): { groupBy: string[]; sums: string[] } {
  const kind = KIND_FIELD[layerId] ?? 'kind';
  const has = (name: string) => findLayer(layerId)?.fields.some((f) => f.name === name) ?? false;
  const people = PEOPLE_FIELD[layerId];
  return { groupBy: has(kind) ? [kind] : [], sums: people ? [people] : [] };
}

/** Zones and risk points count by risk level, depots by level (district/township/village), the rest by kind. */
function kindKey(layerId: keyof AroundLayers, properties: Props | null | undefined): string {
  const field = KIND_FIELD[layerId] ?? 'kind';
  if (layerId === 'risk_zones' || layerId === 'enterprise_risks') return `level_${num(properties, field) ?? 'unknown'}`;
  return str(properties, field) ?? 'unknown';
}

function within(incident: LonLat, radiusM: number, features: AnyFeature[]): AroundItem[] {
  // A generous box in degrees (a degree of latitude is over 110 km, of longitude over 110·cos φ km).
  const dLat = radiusM / 110_000 + 1e-6;
  const dLon = dLat / Math.max(Math.cos((incident[1] * Math.PI) / 180), 1e-6);
  const items: AroundItem[] = [];
  for (const feature of features) {
    const g = feature.geometry as Geometry | null;
    if (!g) continue;
    const [w, s, e, n] = turf.bbox(g);
    if (w > incident[0] + dLon || e < incident[0] - dLon || s > incident[1] + dLat || n < incident[1] - dLat) continue;
    const { point, distanceM } = nearestOnGeometry(incident, g);
    if (distanceM > radiusM) continue;
    const inside = distanceM === 0 && (g.type === 'Polygon' || g.type === 'MultiPolygon');
    items.push({ feature, distanceM, bearingDeg: bearingDeg(incident, point), inside, straightLine: true });
  }
  return items.sort(byDistanceThenId);
}

/** What one layer has within R: its items nearest first, counts by kind and the people it stands for. */
function layerAround(
  layerId: keyof AroundLayers,
  incident: LonLat,
  radiusM: number,
  layer: Layer | undefined,
  part: AroundPart | undefined,
): LayerAround & { people: number } {
  const people = PEOPLE_FIELD[layerId];
  const byKind: Record<string, number> = {};
  let total = 0;
  const tally = (properties: Props | null | undefined, count: number, sum: number) => {
    const key = kindKey(layerId, properties);
    byKind[key] = (byKind[key] ?? 0) + count;
    total += sum;
  };
  const weigh = (f: AnyFeature) => (people ? (num(f.properties, people) ?? 0) : 0);
  if (!part) {
    const items = within(incident, radiusM, featuresOf(layer));
    for (const item of items) tally(item.feature.properties, 1, weigh(item.feature));
    return { items, count: items.length, byKind, people: total };
  }
  const byId = new Map([...part.near, ...part.edge].map((f) => [String(f.id), f]));
  const items = within(incident, radiusM, [...byId.values()]);
  const edge = new Set(part.edge.map((f) => String(f.id)));
  const edgeItems = items.filter((item) => edge.has(String(item.feature.id)));
  for (const group of part.inside) tally(group.properties, group.count, people ? (group.sums[people] ?? 0) : 0);
  for (const item of edgeItems) tally(item.feature.properties, 1, weigh(item.feature));
  const count = part.inside.reduce((n, group) => n + group.count, edgeItems.length);
  return { items, count, byKind, people: total };
}

/**
 * Everything within `radiusKm` of the incident, grouped, with distances and counts; a layer in
 * `parts` is read from what a spatial query found near the incident rather than from `layers`.
 */
export function around(
  incident: LonLat,
  radiusKm: number,
  layers: AroundLayers,
  parts: Partial<Record<keyof AroundLayers, AroundPart>> = {},
): AroundResult {
  if (!pointOf({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: incident } }))
    throw new RangeError('incident must be a [longitude, latitude] pair on the earth');
  if (!(radiusKm > 0)) throw new RangeError('radiusKm must be positive');
  const radiusM = radiusKm * 1000;
  const groups = { risks: {}, resources: {}, protected: {} } as AroundResult['groups'];
  const counts = { risks: 0, resources: 0, protected: 0 };
  let residents = 0;
  let peopleInTargets = 0;
  for (const group of Object.keys(AROUND_GROUPS) as AroundGroup[]) {
    for (const layerId of AROUND_GROUPS[group]) {
      if (!layers[layerId] && !parts[layerId]) continue;
      const { people, ...found } = layerAround(layerId, incident, radiusM, layers[layerId], parts[layerId]);
      if (layerId === 'population') residents += people;
      if (layerId === 'protected_targets') peopleInTargets += people;
      groups[group][layerId] = found;
      counts[group] += found.count;
    }
  }
  return { incident, radiusM, groups, counts, residents, peopleInTargets };
}
