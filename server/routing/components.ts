/**
 * What a planner needs to know about a road network before trusting its travel times: how many nodes
 * and pieces it has, and whether it hangs together. Components are counted ignoring one-way rules
 * (a union-find over pieces); every component but the largest is an *island* — a village cut off, or
 * a road digitised a metre short of the junction it should meet — reported with its size and a position
 * to look at.
 */
import type { LonLat } from '../analysis/types.ts';
import type { RoadGraph } from './graph.ts';

interface Island {
  nodes: number;
  pieces: number;
  lengthM: number;
  /** One of its nodes, lon/lat. */
  at: LonLat;
}

interface GraphReport {
  nodes: number;
  /** Pieces of road between two nodes (what pgRouting calls edges). */
  edges: number;
  /** Directed arcs: a two-way piece counts twice. */
  arcs: number;
  components: number;
  /** Components other than the largest, largest first. */
  islands: Island[];
}

function find(parent: Int32Array, v: number): number {
  let root = v;
  while (parent[root] !== root) root = parent[root];
  while (parent[v] !== root) {
    const next = parent[v];
    parent[v] = root;
    v = next;
  }
  return root;
}

/** The component (a root node) of every node. */
export function componentOf(graph: RoadGraph): Int32Array {
  const parent = new Int32Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) parent[v] = v;
  for (let p = 0; p < graph.pieceCount; p++) {
    const a = find(parent, graph.pieceSource[p]);
    const b = find(parent, graph.pieceTarget[p]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  for (let v = 0; v < graph.nodeCount; v++) parent[v] = find(parent, v);
  return parent;
}

export function graphReport(graph: RoadGraph): GraphReport {
  const root = componentOf(graph);
  const byRoot = new Map<number, Island>();
  for (let v = 0; v < graph.nodeCount; v++) {
    const r = root[v];
    const island = byRoot.get(r);
    if (island) island.nodes++;
    else byRoot.set(r, { nodes: 1, pieces: 0, lengthM: 0, at: [graph.nodeLonLat[2 * r], graph.nodeLonLat[2 * r + 1]] });
  }
  for (let p = 0; p < graph.pieceCount; p++) {
    const island = byRoot.get(root[graph.pieceSource[p]]);
    if (island) {
      island.pieces++;
      island.lengthM += graph.pieceLengthM[p];
    }
  }
  const all = [...byRoot.values()].sort((a, b) => b.nodes - a.nodes || b.lengthM - a.lengthM);
  return {
    nodes: graph.nodeCount,
    edges: graph.pieceCount,
    arcs: graph.out.targets.length,
    components: all.length,
    islands: all.slice(1),
  };
}
