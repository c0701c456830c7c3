/**
 * Where the roads take a set of sources (fire stations) within a time: one search from all of them at
 * once, each node labelled with the source that reaches it first (the network Voronoi an overlap or a
 * "who arrives first" map needs). Reach ends mid-road, so every piece touched is cut where its arrival
 * time crosses the limit, and where arrivals from its two ends (or a source standing on it) meet, giving
 * lines that can be drawn or stamped onto the coverage grid. The search is bounded by the limit, so a
 * 5-minute reach costs what it reaches.
 */
import type { Feature, LineString } from 'geojson';
import type { LonLat } from '../analysis/types.ts';
import { searchOf } from './dijkstra.ts';
import { leaving } from './ends.ts';
import type { RoadGraph } from './graph.ts';
import { DEFAULT_WALK_KMH } from './nearest-by-road.ts';
import { stretchShape } from './route-line.ts';
import { type Snap, snap } from './snap.ts';

interface ReachedProps {
  /** Index of the source that reaches this stretch first. */
  source: number;
  /** Seconds from that source to the line's first and last vertex (the line runs the way it is driven). */
  start_s: number;
  end_s: number;
}

/** Every node reached: its id, the seconds to it, and the source that reaches it first. */
interface ReachedNodes {
  node: Int32Array;
  seconds: Float64Array;
  source: Int32Array;
}

/** The reached stretches of road, as numbers: stretch i drives `piece[i]` from fraction t0[i] to t1[i]. */
export interface ReachedStretches {
  piece: number[];
  t0: number[];
  t1: number[];
  source: number[];
  startS: number[];
  endS: number[];
}

interface Reach {
  /** The stretches of road reached within the limit, partial pieces included. */
  edges: Feature<LineString, ReachedProps>[];
  nodes: ReachedNodes;
}

/** A way onto a piece: from fraction `t` with `cost` spent, driving up (+1) or down (-1) the piece. */
interface Entry {
  t: number;
  cost: number;
  dir: 1 | -1;
  source: number;
}

function push(
  out: ReachedStretches,
  piece: number,
  t0: number,
  t1: number,
  source: number,
  startS: number,
  endS: number,
) {
  if (t0 === t1) return;
  out.piece.push(piece);
  out.t0.push(t0);
  out.t1.push(t1);
  out.source.push(source);
  out.startS.push(startS);
  out.endS.push(endS);
}

/**
 * A piece nobody stands on, entered from its ends: each end's search reaches up the piece until the
 * limit, or until it meets the other end's, whichever comes first.
 */
function fromEnds(graph: RoadGraph, piece: number, limit: number, out: ReachedStretches) {
  const search = searchOf(graph);
  const c = graph.pieceCost[piece];
  const [a, b] = [graph.pieceSource[piece], graph.pieceTarget[piece]];
  const fromA = search.reached(a);
  const fromB = !graph.pieceOneway[piece] && search.reached(b);
  const [ca, cb] = [search.cost[a], search.cost[b]];
  const meet = fromA && fromB ? Math.min(1, Math.max(0, (cb - ca + c) / (2 * c))) : fromA ? 1 : 0;
  if (fromA) {
    const to = Math.min(meet, (limit - ca) / c);
    if (to > 0) push(out, piece, 0, to, search.label[a], ca, ca + to * c);
  }
  if (fromB) {
    const to = Math.max(meet, 1 - (limit - cb) / c);
    if (to < 1) push(out, piece, 1, to, search.label[b], cb, cb + (1 - to) * c);
  }
}

function entriesOf(graph: RoadGraph, piece: number, standing: readonly [number, Snap][]): Entry[] {
  const search = searchOf(graph);
  const entries: Entry[] = [];
  const [a, b] = [graph.pieceSource[piece], graph.pieceTarget[piece]];
  const twoWay = !graph.pieceOneway[piece];
  if (search.reached(a)) entries.push({ t: 0, cost: search.cost[a], dir: 1, source: search.label[a] });
  if (twoWay && search.reached(b)) entries.push({ t: 1, cost: search.cost[b], dir: -1, source: search.label[b] });
  for (const [source, s] of standing) {
    entries.push({ t: s.t, cost: s.walkS, dir: 1, source });
    if (twoWay) entries.push({ t: s.t, cost: s.walkS, dir: -1, source });
  }
  return entries;
}

/** Arrival time at fraction t through an entry; Infinity when the entry does not drive past t. */
function arrival(e: Entry, t: number, pieceS: number): number {
  const along = (t - e.t) * e.dir;
  return along < -1e-12 ? Number.POSITIVE_INFINITY : e.cost + Math.max(0, along) * pieceS;
}

/** Fractions where the best entry may change or the limit is crossed. */
function breakpoints(entries: Entry[], pieceS: number, limit: number): number[] {
  const ts = [0, 1];
  for (const e of entries) {
    ts.push(e.t, e.t + (e.dir * (limit - e.cost)) / pieceS);
    for (const f of entries)
      if (e.dir === 1 && f.dir === -1) ts.push((f.cost - e.cost + (e.t + f.t) * pieceS) / (2 * pieceS));
  }
  return [...new Set(ts.filter((t) => t >= 0 && t <= 1))].sort((x, y) => x - y);
}

function bestEntry(entries: Entry[], t: number, pieceS: number, limit: number): Entry | undefined {
  let best: Entry | undefined;
  let bestS = limit;
  for (const e of entries) {
    const s = arrival(e, t, pieceS);
    if (s <= bestS && (!best || s < bestS)) [best, bestS] = [e, s];
  }
  return best;
}

/**
 * A piece a source stands on: the lower envelope of the arrival times through every way onto it, cut
 * where the best way changes and where it passes the limit.
 */
function withSources(graph: RoadGraph, piece: number, entries: Entry[], limit: number, out: ReachedStretches) {
  const pieceS = graph.pieceCost[piece];
  const ts = breakpoints(entries, pieceS, limit);
  let open: { lo: number; hi: number; entry: Entry } | undefined;
  const close = (o: typeof open) => {
    if (!o) return;
    const [t0, t1] = o.entry.dir === 1 ? [o.lo, o.hi] : [o.hi, o.lo];
    push(out, piece, t0, t1, o.entry.source, arrival(o.entry, t0, pieceS), arrival(o.entry, t1, pieceS));
  };
  for (let i = 0; i + 1 < ts.length; i++) {
    const best = bestEntry(entries, (ts[i] + ts[i + 1]) / 2, pieceS, limit);
    if (best && open?.entry === best) open.hi = ts[i + 1];
    else {
      close(open);
      open = best && { lo: ts[i], hi: ts[i + 1], entry: best };
    }
  }
  close(open);
}

/** What `sources` reach within `seconds`: the nodes, and the stretches of road as numbers. */
export function reachStretches(
  graph: RoadGraph,
  sources: readonly LonLat[],
  seconds: number,
  walkKmh = DEFAULT_WALK_KMH,
): { nodes: ReachedNodes; stretches: ReachedStretches } {
  const snaps = sources.map((p) => snap(graph, p, walkKmh));
  const seeds = snaps.flatMap((s, label) =>
    s ? leaving(graph, s).map((e) => ({ node: e.node, cost: e.cost, label })) : [],
  );
  const search = searchOf(graph).run(seeds, { limitS: seconds });
  const count = search.settledCount;
  const nodes = {
    node: search.settled.slice(0, count),
    seconds: new Float64Array(count),
    source: new Int32Array(count),
  };
  const standing = new Map<number, [number, Snap][]>();
  snaps.forEach((s, source) => {
    if (s && s.walkS <= seconds) standing.set(s.piece, [...(standing.get(s.piece) ?? []), [source, s]]);
  });
  const pieces = new Set<number>(standing.keys());
  const { offsets, pieces: arcPiece } = graph.out;
  for (let i = 0; i < count; i++) {
    const v = nodes.node[i];
    nodes.seconds[i] = search.cost[v];
    nodes.source[i] = search.label[v];
    for (let a = offsets[v]; a < offsets[v + 1]; a++) pieces.add(arcPiece[a]);
  }
  const stretches: ReachedStretches = { piece: [], t0: [], t1: [], source: [], startS: [], endS: [] };
  for (const p of pieces) {
    const here = standing.get(p);
    if (here) withSources(graph, p, entriesOf(graph, p, here), seconds, stretches);
    else fromEnds(graph, p, seconds, stretches);
  }
  return { nodes, stretches };
}

/** What `sources` reach by road within `seconds`, walking to their roads at `walkKmh`: lines and nodes. */
export function reachWithin(
  graph: RoadGraph,
  sources: readonly LonLat[],
  seconds: number,
  options: { walkKmh?: number } = {},
): Reach {
  const { nodes, stretches: s } = reachStretches(graph, sources, seconds, options.walkKmh);
  const edges = s.piece.map(
    (piece, i): Feature<LineString, ReachedProps> => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: stretchShape(graph, { piece, t0: s.t0[i], t1: s.t1[i] }) },
      properties: { source: s.source[i], start_s: s.startS[i], end_s: s.endS[i] },
    }),
  );
  return { edges, nodes };
}
