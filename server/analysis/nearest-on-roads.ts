/**
 * The nearest of some candidates (depots, teams, shelters, stations) to an incident by travel time on
 * the roads, as a responder needs it: each with its time, its metres along the roads, how far it sits
 * off its road, the route to draw and the straight-line distance beside them. Candidates the roads do
 * not connect to the incident (a village across a river with no bridge, a road closed by a landslide)
 * are listed apart as unreachable, nearest in a straight line first, never ranked by a straight-line
 * guess. The ranking is `nearestByRoad`'s, which stops searching once the k-th is settled; whether a
 * candidate is connected at all is read off the network's components, so listing the unreachable ones
 * costs no search of the whole county.
 */
import type { LineString } from 'geojson';
import { componentOf } from '../routing/components.ts';
import type { RoadGraph } from '../routing/graph.ts';
import { nearestByRoad } from '../routing/nearest-by-road.ts';
import { snap, snapAll } from '../routing/snap.ts';
import { bearingDeg, byDistanceThenId, distanceM } from './geometry.ts';
import type { Roads } from './roads.ts';
import type { LonLat, PointFeature, Props } from './types.ts';

export interface OnRoads<P = Props> {
  feature: PointFeature<P>;
  durationS: number;
  /** Metres along the roads, the walks to and from them left out. */
  distanceM: number;
  /** Metres from the candidate to its road. */
  snapM: number;
  /** Metres in a straight line (great circle), for comparison. */
  straightM: number;
  bearingDeg: number;
  route: LineString;
}

export interface Unreached<P = Props> {
  feature: PointFeature<P>;
  straightM: number;
  /** Metres from the candidate to its road; null when no road is left open at all. */
  snapM: number | null;
}

export interface RoadRanking<P = Props> {
  results: OnRoads<P>[];
  unreachable: Unreached<P>[];
}

export interface OnRoadsOptions {
  k: number;
  /** 'to': the candidate travels to the incident (a team, a depot's lorry); 'from': people go to it (a shelter). */
  travel: 'to' | 'from';
  /** Leave out candidates farther than this many seconds. */
  maxS?: number;
}

const components = new WeakMap<RoadGraph, Int32Array>();

/** The component of every node, kept per graph: a graph never changes once built. */
function componentsOf(graph: RoadGraph): Int32Array {
  let found = components.get(graph);
  if (!found) {
    found = componentOf(graph);
    components.set(graph, found);
  }
  return found;
}

/** Every candidate, unreachable: no road is open to drive on. */
export function noneOnRoads<P>(from: LonLat, candidates: readonly PointFeature<P>[]): RoadRanking<P> {
  const unreachable = candidates.map((feature) => ({
    feature,
    straightM: distanceM(from, feature.geometry.coordinates),
    snapM: null,
  }));
  return { results: [], unreachable: unreachable.sort(byStraightThenId) };
}

const byStraightThenId = <T extends { straightM: number; feature: { id?: string | number } }>(a: T, b: T) =>
  byDistanceThenId({ distanceM: a.straightM, feature: a.feature }, { distanceM: b.straightM, feature: b.feature });

/** The k candidates nearest `from` by road, fastest first, and those no road connects to it. */
export function nearestOnRoads<P>(
  roads: Roads,
  from: LonLat,
  candidates: readonly PointFeature<P>[],
  options: OnRoadsOptions,
): RoadRanking<P> {
  const { graph, walkKmh } = roads;
  const points = candidates.map((f) => f.geometry.coordinates);
  const snapped = snapAll(graph, points, walkKmh);
  const place = snap(graph, from, walkKmh);
  const component = componentsOf(graph);
  const home = place ? component[graph.pieceSource[place.piece]] : -1;
  const apart = new Set<number>();
  snapped.snaps.forEach((s, i) => {
    if (!s || component[graph.pieceSource[s.piece]] !== home) apart.add(i);
  });
  const ranked =
    candidates.length - apart.size > 0
      ? nearestByRoad(graph, from, snapped, options.k, { walkKmh, travel: options.travel })
      : [];
  const results: OnRoads<P>[] = [];
  for (const r of ranked) {
    if (r.unreachable || r.duration_s === null || r.route === null) apart.add(r.index);
    else if (options.maxS === undefined || r.duration_s <= options.maxS) {
      const feature = candidates[r.index];
      const to = feature.geometry.coordinates;
      results.push({
        feature,
        durationS: r.duration_s,
        distanceM: r.distance_m ?? 0,
        snapM: r.snap_m ?? 0,
        straightM: distanceM(from, to),
        bearingDeg: bearingDeg(from, to),
        route: r.route,
      });
    }
  }
  const unreachable = [...apart].map((i) => ({
    feature: candidates[i],
    straightM: distanceM(from, points[i]),
    snapM: snapped.snaps[i]?.snapM ?? null,
  }));
  return { results, unreachable: unreachable.sort(byStraightThenId) };
}
