/**
 * The n nearest candidates by road for many places at once (every village's nearest depots, a
 * thousand incidents against twenty stations). One search per place, as `nearestByRoad` does, costs
 * places × the area to the n-th candidate; when places outnumber candidates it is cheaper to search
 * once from each candidate over the whole graph and read every place's time off it. The routes are
 * drawn in a second pass that repeats only the searches of candidates some place ranked. The answers
 * are the same as `nearestByRoad`'s, place by place.
 */
import type { LonLat } from '../analysis/types.ts';
import { searchOf } from './dijkstra.ts';
import { alongPiece, arriving, type End, leaving } from './ends.ts';
import type { RoadGraph } from './graph.ts';
import {
  type ByRoad,
  DEFAULT_WALK_KMH,
  type NearestByRoadOptions,
  nearestByRoad,
  reached,
  unreachable,
} from './nearest-by-road.ts';
import { arcStretch, routeStretches, type Stretch } from './route-line.ts';
import { type Snap, type Snapped, snap, snapAll } from './snap.ts';

interface Ranked {
  candidate: number;
  cost: number;
  /** The end of the place's piece the route used; null when it stays on one piece. */
  end: End | null;
}

/** Keeps the n best of a place's list, fastest first, ties by candidate index. */
function offer(list: Ranked[], entry: Ranked, n: number) {
  if (!Number.isFinite(entry.cost)) return;
  let i = list.length;
  while (
    i > 0 &&
    (list[i - 1].cost > entry.cost || (list[i - 1].cost === entry.cost && list[i - 1].candidate > entry.candidate))
  )
    i--;
  if (i < n) list.splice(i, 0, entry);
  if (list.length > n) list.pop();
}

/** The candidate's search over the whole graph: forwards when it travels to the places. */
function searchFrom(graph: RoadGraph, s: Snap, toPlace: boolean) {
  const seeds = (toPlace ? leaving(graph, s) : arriving(graph, s)).map((e) => ({ ...e, label: e.side }));
  return searchOf(graph).run(seeds, { reverse: !toPlace });
}

/** Pass one: every place's n best candidates by time. */
function rank(
  graph: RoadGraph,
  places: (Snap | undefined)[],
  snaps: (Snap | undefined)[],
  n: number,
  toPlace: boolean,
) {
  const ranked: Ranked[][] = places.map(() => []);
  const ends = places.map((p) => (p ? (toPlace ? arriving(graph, p) : leaving(graph, p)) : []));
  snaps.forEach((s, candidate) => {
    if (!s) return;
    const search = searchFrom(graph, s, toPlace);
    places.forEach((p, i) => {
      if (!p) return;
      let best: Ranked = { candidate, cost: toPlace ? alongPiece(graph, s, p) : alongPiece(graph, p, s), end: null };
      for (const end of ends[i]) {
        const cost = search.timeOf(end.node) + end.cost;
        if (cost < best.cost) best = { candidate, cost, end };
      }
      offer(ranked[i], best, n);
    });
  });
  return ranked;
}

/** Pass two: the route of one ranked candidate, read off its search (which must be the last run). */
function stretchesOf(graph: RoadGraph, place: Snap, s: Snap, r: Ranked, toPlace: boolean): Stretch[] {
  if (!r.end) return toPlace ? routeStretches(s, place, null) : routeStretches(place, s, null);
  const search = searchOf(graph);
  const arcs = search.arcsFrom(r.end.node).map((a) => arcStretch(a, search.arcs));
  const seedSide = search.label[r.end.node];
  return toPlace
    ? routeStretches(s, place, { originSide: seedSide, arcs: arcs.reverse(), destinationSide: r.end.side })
    : routeStretches(place, s, { originSide: r.end.side, arcs, destinationSide: seedSide });
}

/** For each place, its n nearest candidates by road, as `nearestByRoad` gives them. */
export function nearestByRoadEach(
  graph: RoadGraph,
  places: readonly LonLat[],
  candidates: readonly LonLat[] | Snapped,
  n: number,
  options: NearestByRoadOptions = {},
): ByRoad[][] {
  const walkKmh = options.walkKmh ?? DEFAULT_WALK_KMH;
  const snapped = 'snaps' in candidates ? candidates : snapAll(graph, candidates, walkKmh);
  if (places.length <= snapped.points.length) return places.map((p) => nearestByRoad(graph, p, snapped, n, options));
  const toPlace = (options.travel ?? 'to') === 'to';
  const placeSnaps = places.map((p) => snap(graph, p, walkKmh));
  const ranked = rank(graph, placeSnaps, snapped.snaps, n, toPlace);
  const results: ByRoad[][] = ranked.map(() => []);
  snapped.snaps.forEach((s, candidate) => {
    if (!s || !ranked.some((list) => list.some((r) => r.candidate === candidate))) return;
    searchFrom(graph, s, toPlace);
    ranked.forEach((list, i) => {
      const r = list.find((x) => x.candidate === candidate);
      const p = placeSnaps[i];
      if (!r || !p) return;
      const [start, end] = toPlace ? [snapped.points[candidate], places[i]] : [places[i], snapped.points[candidate]];
      results[i][list.indexOf(r)] = reached(
        graph,
        candidate,
        r.cost,
        stretchesOf(graph, p, s, r, toPlace),
        start,
        end,
        s.snapM,
      );
    });
  });
  return results.map((list, i) => {
    const rest = snapped.points
      .map((_, index) => index)
      .filter((index) => !ranked[i].some((r) => r.candidate === index))
      .slice(0, n - list.length);
    return [...list, ...rest.map((index) => unreachable(index, snapped.snaps[index]?.snapM ?? null))];
  });
}
