/**
 * Which source (a fire station, a depot) arrives first at each of many places (villages), and in how
 * many seconds: one search from every source at once over the outgoing arcs, each node labelled with
 * the source that reaches it first, then each place's time read off the ends of its piece. A source
 * standing on a place's own piece may drive straight along it. The times are `nearestByRoad`'s with
 * `travel: 'to'` and n = 1, place by place, for the cost of one search instead of one per place.
 * Bounded by `limitS`, it answers "who arrives within the limit" for what the limit reaches.
 */
import { searchOf } from './dijkstra.ts';
import { alongPiece, arriving, leaving } from './ends.ts';
import type { RoadGraph } from './graph.ts';
import type { Snap } from './snap.ts';

export interface Arrivals {
  /** Per place, the index of the first source to arrive, or -1 when none does (within the limit). */
  source: Int32Array;
  /** Per place, seconds for that source to arrive, walks to and from the roads included; Infinity when none. */
  seconds: Float64Array;
}

/** Who reaches each place first from `sources`, and when; places and sources snapped to `graph`. */
export function firstArrivals(
  graph: RoadGraph,
  sources: readonly (Snap | undefined)[],
  places: readonly (Snap | undefined)[],
  limitS = Number.POSITIVE_INFINITY,
): Arrivals {
  const seeds = sources.flatMap((s, label) =>
    s ? leaving(graph, s).map((e) => ({ node: e.node, cost: e.cost, label })) : [],
  );
  const search = searchOf(graph).run(seeds, { limitS });
  const source = new Int32Array(places.length).fill(-1);
  const seconds = new Float64Array(places.length).fill(Number.POSITIVE_INFINITY);
  const standing = new Map<number, number[]>();
  sources.forEach((s, i) => {
    if (s) standing.set(s.piece, [...(standing.get(s.piece) ?? []), i]);
  });
  places.forEach((p, i) => {
    if (!p) return;
    const offer = (from: number, cost: number) => {
      if (cost <= limitS && (cost < seconds[i] || (cost === seconds[i] && from < source[i]))) {
        seconds[i] = cost;
        source[i] = from;
      }
    };
    for (const end of arriving(graph, p))
      if (search.reached(end.node)) offer(search.label[end.node], search.cost[end.node] + end.cost);
    for (const from of standing.get(p.piece) ?? []) offer(from, alongPiece(graph, sources[from] as Snap, p));
  });
  return { source, seconds };
}
