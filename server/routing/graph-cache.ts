/**
 * The routing graph of a roads layer, built once per version of the layer and of the speeds it is
 * driven at, like the analyses' other indexes: the store's per-layer change counter is the version, so
 * every API process serving one database rebuilds after the same edit. A handful of versions are kept
 * (a what-if closing one road builds its own graph beside the saved one). The store-facing side can
 * hang this on `LayerCache.build('routing-graph', ['roads'], …)`; this memo is what it calls.
 */
import { buildGraph, type RoadGraph } from './graph.ts';
import type { RoadFeature, Speeds } from './road-input.ts';

const KEEP = 4;

const graphs = new Map<string, RoadGraph>();

/** Speeds as a key: the same table written in another order is the same table. */
const speedsKey = (speeds: Speeds) =>
  JSON.stringify(Object.entries(speeds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The graph of `features` at `version`, built on first ask; a failed build is not kept. The version
 * must name the features exactly: a what-if that closes a road without saving passes a version of its
 * own (the layer's, plus what it changed).
 */
export function graphFor(features: readonly RoadFeature[], speeds: Speeds, version: string | number): RoadGraph {
  const key = `${version}|${speedsKey(speeds)}`;
  const kept = graphs.get(key);
  if (kept) {
    graphs.delete(key);
    graphs.set(key, kept);
    return kept;
  }
  const graph = buildGraph(features, speeds);
  graphs.set(key, graph);
  for (const old of graphs.keys()) {
    if (graphs.size <= KEEP) break;
    graphs.delete(old);
  }
  return graph;
}
