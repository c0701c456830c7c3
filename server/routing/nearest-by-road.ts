/**
 * The n nearest of some candidates (teams, stations, shelters) to a place, by travel time on the roads.
 * One search from the place over the incoming arcs gives every node's time *to* the place, so one-way
 * streets count the way a team drives them; it stops as soon as no unsettled node could beat the n-th
 * best candidate found. Place and candidates snap to the nearest road and walk the gap at a slow speed.
 * A candidate the roads do not connect to the place comes back `unreachable`, never as a straight-line
 * guess: the caller decides whether to fall back, and says so. Candidates asked about again and again
 * (the stations) can be snapped once with `snapAll` and passed as such; their walk speed is then theirs.
 */
import type { LineString } from 'geojson';
import type { LonLat } from '../analysis/types.ts';
import { searchOf } from './dijkstra.ts';
import { alongPiece, arriving, type End, leaving } from './ends.ts';
import type { RoadGraph } from './graph.ts';
import { arcStretch, routeLine, routeStretches, type Stretch } from './route-line.ts';
import { type Snap, type Snapped, snap, snapAll } from './snap.ts';

export interface NearestByRoadOptions {
  /** Walking speed over the gap between a point and its road, km/h (the profile's `roads.walk_kmh`). */
  walkKmh?: number;
  /** 'to': candidates travel to the place (a team to an incident); 'from': the place travels to them. */
  travel?: 'to' | 'from';
}

export interface ByRoad {
  /** The candidate's index in the input. */
  index: number;
  unreachable: boolean;
  /** Seconds, walks to and from the roads included; null when unreachable. */
  duration_s: number | null;
  /** Metres along the roads (the walks left out); null when unreachable. */
  distance_m: number | null;
  /** Metres from the candidate to its road (null when there are no roads). */
  snap_m: number | null;
  /** From origin to destination, the walks drawn straight; null when unreachable. */
  route: LineString | null;
}

export const DEFAULT_WALK_KMH = 5;

interface Best {
  cost: number;
  /** The end of the candidate's piece the route used, or -1 when it stays on the place's piece. */
  end: End | null;
}

/** The nth smallest of the finite values, or Infinity when there are fewer than n. */
function nth(values: readonly number[], n: number): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  return finite.length >= n ? finite[n - 1] : Number.POSITIVE_INFINITY;
}

/** The best time of every candidate, searching from the place until the n best are settled. */
function search(graph: RoadGraph, place: Snap, snaps: (Snap | undefined)[], n: number, toPlace: boolean): Best[] {
  const best: Best[] = snaps.map((s) => ({
    cost: s ? (toPlace ? alongPiece(graph, s, place) : alongPiece(graph, place, s)) : Number.POSITIVE_INFINITY,
    end: null,
  }));
  const atNode = new Map<number, { candidate: number; end: End }[]>();
  snaps.forEach((s, candidate) => {
    if (!s) return;
    for (const end of toPlace ? leaving(graph, s) : arriving(graph, s))
      atNode.set(end.node, [...(atNode.get(end.node) ?? []), { candidate, end }]);
  });
  const seeds = (toPlace ? arriving(graph, place) : leaving(graph, place)).map((e) => ({ ...e, label: e.side }));
  let limit = nth(
    best.map((b) => b.cost),
    n,
  );
  searchOf(graph).run(seeds, {
    reverse: toPlace,
    limitS: limit,
    settle(node, cost) {
      const here = atNode.get(node);
      if (!here) return limit;
      for (const { candidate, end } of here) {
        if (cost + end.cost < best[candidate].cost) best[candidate] = { cost: cost + end.cost, end };
      }
      limit = nth(
        best.map((b) => b.cost),
        n,
      );
      return limit;
    },
  });
  return best;
}

/** The stretches of a candidate's best route, origin to destination, read off the search just run. */
function stretches(graph: RoadGraph, place: Snap, s: Snap, best: Best, toPlace: boolean): Stretch[] {
  const search = searchOf(graph);
  const { end } = best;
  if (!end) return toPlace ? routeStretches(s, place, null) : routeStretches(place, s, null);
  // Backwards, the path from the candidate's end runs the way it is driven; forwards, it runs back to the place.
  const arcs = search.arcsFrom(end.node).map((a) => arcStretch(a, search.arcs));
  const seedSide = search.label[end.node];
  return toPlace
    ? routeStretches(s, place, { originSide: end.side, arcs, destinationSide: seedSide })
    : routeStretches(place, s, { originSide: seedSide, arcs: arcs.reverse(), destinationSide: end.side });
}

/** A candidate no road connects. */
export const unreachable = (index: number, snap_m: number | null): ByRoad => ({
  index,
  unreachable: true,
  duration_s: null,
  distance_m: null,
  snap_m,
  route: null,
});

/** A candidate reached in `cost` seconds over `parts`, drawn from `start` to `end`. */
export function reached(
  graph: RoadGraph,
  index: number,
  cost: number,
  parts: Stretch[],
  start: LonLat,
  end: LonLat,
  snap_m: number,
): ByRoad {
  const { line, distanceM } = routeLine(graph, parts, start, end);
  return { index, unreachable: false, duration_s: cost, distance_m: distanceM, snap_m, route: line };
}

/**
 * The n candidates nearest `place` by road, fastest first (ties by index); when fewer than n can be
 * reached, the rest follow as `unreachable`, in input order.
 */
export function nearestByRoad(
  graph: RoadGraph,
  place: LonLat,
  candidates: readonly LonLat[] | Snapped,
  n: number,
  options: NearestByRoadOptions = {},
): ByRoad[] {
  const walkKmh = options.walkKmh ?? DEFAULT_WALK_KMH;
  const toPlace = (options.travel ?? 'to') === 'to';
  const placeSnap = snap(graph, place, walkKmh);
  const { points, snaps } = 'snaps' in candidates ? candidates : snapAll(graph, candidates, walkKmh);
  const best = placeSnap ? search(graph, placeSnap, snaps, n, toPlace) : snaps.map(() => null);
  const order = points
    .map((_, index) => index)
    .sort((a, b) => (best[a]?.cost ?? Infinity) - (best[b]?.cost ?? Infinity) || a - b)
    .slice(0, n);
  return order.map((index) => {
    const b = best[index];
    const s = snaps[index];
    const snap_m = s ? s.snapM : null;
    if (!b || !s || !placeSnap || !Number.isFinite(b.cost)) return unreachable(index, snap_m);
    const parts = stretches(graph, placeSnap, s, b, toPlace);
    const [start, end] = toPlace ? [points[index], place] : [place, points[index]];
    return reached(graph, index, b.cost, parts, start, end, s.snapM);
  });
}
