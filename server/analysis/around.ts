/**
 * Around an incident (周边分析): everything within R of a pinned point, grouped the way a duty officer
 * reads it — risks (hazard points and lines, enterprise risk points, risk zones the incident lies in or
 * near), resources (depots, teams, fire stations, shelters) and what must be protected (schools,
 * hospitals, nursing homes… and the residents of population points). Distance is to the nearest point of
 * the geometry (0 inside an area), straight line by Turf's haversine; each list runs nearest first, ties
 * by id. A box test in degrees drops far features before any exact distance is computed.
 */
import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import { bearingDeg, byDistanceThenId, featuresOf, nearestOnGeometry, num, pointOf, str } from './geometry.ts';
import type { AnyFeature, Layer, LonLat } from './types.ts';

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

/** Zones and risk points count by risk level, depots by level (district/township/village), the rest by kind. */
function kindKey(layerId: keyof AroundLayers, f: AnyFeature): string {
  if (layerId === 'risk_zones' || layerId === 'enterprise_risks')
    return `level_${num(f.properties, 'level') ?? 'unknown'}`;
  if (layerId === 'depots') return str(f.properties, 'level') ?? 'unknown';
  return str(f.properties, 'kind') ?? 'unknown';
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

/** Everything within `radiusKm` of the incident, grouped, with distances and counts. */
export function around(incident: LonLat, radiusKm: number, layers: AroundLayers): AroundResult {
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
      const layer = layers[layerId];
      if (!layer) continue;
      const items = within(incident, radiusM, featuresOf(layer));
      const byKind: Record<string, number> = {};
      for (const item of items) {
        const key = kindKey(layerId, item.feature);
        byKind[key] = (byKind[key] ?? 0) + 1;
        if (layerId === 'population') residents += num(item.feature.properties, 'residents') ?? 0;
        if (layerId === 'protected_targets') peopleInTargets += num(item.feature.properties, 'people') ?? 0;
      }
      groups[group][layerId] = { items, count: items.length, byKind };
      counts[group] += items.length;
    }
  }
  return { incident, radiusM, groups, counts, residents, peopleInTargets };
}
