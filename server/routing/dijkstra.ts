/**
 * Dijkstra's search over the graph's CSR arrays with a binary heap (flatqueue): from many sources at
 * once, each node labelled with the source that reaches it first (a network Voronoi), bounded by a time
 * limit, and stoppable early by the caller as targets are settled. Searching the incoming arcs instead
 * gives the time *to* the seeds, which is what "the nearest station to an incident" asks when streets
 * are one-way. The scratch arrays are kept per graph and a run bumps a generation counter instead of
 * clearing them, so a 5-minute reach costs what it reaches, not the size of the county.
 */
import FlatQueue from 'flatqueue';
import type { Csr, RoadGraph } from './graph.ts';

/** Where a search starts: a node, the seconds already spent getting there, and whose start it is. */
interface Seed {
  node: number;
  cost: number;
  label: number;
}

interface SearchOptions {
  /** Search the arcs into each node: costs are then the time from each node to the seeds. */
  reverse?: boolean;
  /** Settle no node farther than this, in seconds. */
  limitS?: number;
  /** Called as each node is settled, in order of time; returns the limit from then on. */
  settle?: (node: number, cost: number) => number;
}

class Search {
  /** Seconds from the seeds (to them, when reverse), valid for nodes this run has settled. */
  readonly cost: Float64Array;
  /** The node before each node on its path from its seed, and the arc from it; -1 at a seed. */
  readonly parent: Int32Array;
  readonly via: Int32Array;
  /** The seed's label each node was reached from. */
  readonly label: Int32Array;
  /** The nodes this run settled, in order of time: the first `settledCount`. */
  readonly settled: Int32Array;
  settledCount = 0;
  /** The arcs the last run searched (outgoing, or incoming when reverse). */
  arcs: Csr;
  private readonly stamp: Uint32Array;
  private readonly done: Uint32Array;
  private generation = 0;
  private readonly queue = new FlatQueue<number>();

  constructor(readonly graph: RoadGraph) {
    const n = graph.nodeCount;
    this.cost = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.via = new Int32Array(n);
    this.label = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.done = new Uint32Array(n);
    this.arcs = graph.out;
  }

  /** Whether the last run settled node `v` (within its limit). */
  reached(v: number): boolean {
    return this.done[v] === this.generation;
  }

  /** Seconds to node `v` in the last run; Infinity when it was not settled. */
  timeOf(v: number): number {
    return this.reached(v) ? this.cost[v] : Number.POSITIVE_INFINITY;
  }

  run(seeds: readonly Seed[], options: SearchOptions = {}): this {
    this.begin(options.reverse === true);
    for (const seed of seeds) this.offer(seed.node, seed.cost, seed.label, -1, -1);
    const { offsets, targets, costs } = this.arcs;
    const { queue, done, generation } = this;
    let limit = options.limitS ?? Number.POSITIVE_INFINITY;
    while (queue.length > 0) {
      const d = queue.peekValue() as number;
      const u = queue.pop() as number;
      if (done[u] === generation) continue;
      if (d > limit) break;
      done[u] = generation;
      this.settled[this.settledCount++] = u;
      if (options.settle) limit = options.settle(u, d);
      for (let a = offsets[u], end = offsets[u + 1]; a < end; a++) {
        const v = targets[a];
        if (done[v] !== generation) this.offer(v, d + costs[a], this.label[u], u, a);
      }
    }
    queue.clear();
    return this;
  }

  /** The arcs on the path between node `v` and its seed, from `v` back to the seed. */
  arcsFrom(v: number): number[] {
    const arcs: number[] = [];
    for (let at = v; this.via[at] >= 0; at = this.parent[at]) arcs.push(this.via[at]);
    return arcs;
  }

  private begin(reverse: boolean) {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.done.fill(0);
      this.generation = 1;
    }
    this.settledCount = 0;
    this.arcs = reverse ? this.graph.in : this.graph.out;
  }

  private offer(v: number, d: number, label: number, parent: number, via: number) {
    if (this.stamp[v] === this.generation && this.cost[v] <= d) return;
    this.stamp[v] = this.generation;
    this.cost[v] = d;
    this.label[v] = label;
    this.parent[v] = parent;
    this.via[v] = via;
    this.queue.push(v, d);
  }
}

const searches = new WeakMap<RoadGraph, Search>();

/** The graph's one reusable search: a run's answers are valid until the next run. */
export function searchOf(graph: RoadGraph): Search {
  let search = searches.get(graph);
  if (!search) {
    search = new Search(graph);
    searches.set(graph, search);
  }
  return search;
}
