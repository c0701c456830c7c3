/**
 * What a roads file makes as a network, told before it is written: how many nodes, pieces and
 * connected parts its good rows form (server/routing/components.ts), and each island — a part cut off
 * from the largest, a village road digitised a metre short of its junction — with a position to look
 * at. Only the file's own roads are counted, at the product's default speeds (a part is a part at any
 * speed). An island is worth a warning: travel times will say "unreachable" for whatever lies on it.
 */
import { DEFAULT_ROAD_SPEEDS_KMH } from '../../../catalog/road-classes.ts';
import { graphReport } from '../../routing/components.ts';
import { InvalidRoads } from '../../routing/errors.ts';
import { buildGraph, type RoadGraph } from '../../routing/graph.ts';
import type { RoadFeature } from '../../routing/road-input.ts';
import type { RoadNetworkReport } from '../report.ts';
import { both, type Said } from '../said.ts';
import type { Candidate } from './candidates.ts';

/** Islands listed in the report; the count covers them all. */
const LISTED = 50;

/** The network the good rows make, or undefined when they make none. */
export function roadNetworkReport(good: readonly Candidate[]): RoadNetworkReport | undefined {
  const roads = good
    .filter((c) => c.geometry)
    .map((c): RoadFeature => ({ type: 'Feature', geometry: c.geometry, properties: c.properties }) as RoadFeature);
  if (roads.length === 0) return undefined;
  let graph: RoadGraph;
  try {
    graph = buildGraph(roads, DEFAULT_ROAD_SPEEDS_KMH);
  } catch (error) {
    // A road the graph cannot take is the row checks' to name; the report then has no network.
    if (error instanceof InvalidRoads) return undefined;
    throw error;
  }
  const report = graphReport(graph);
  if (report.nodes === 0) return undefined;
  return {
    nodes: report.nodes,
    edges: report.edges,
    components: report.components,
    islandCount: report.islands.length,
    islands: report.islands.slice(0, LISTED).map((i) => ({
      nodes: i.nodes,
      pieces: i.pieces,
      length_m: Math.round(i.lengthM),
      at: [i.at[0], i.at[1]] as [number, number],
    })),
  };
}

/** The warning an island deserves, in both languages; none for a network in one piece. */
export function islandWarning(network: RoadNetworkReport | undefined): Said | undefined {
  if (!network || network.islandCount === 0) return undefined;
  return both(
    `路网有 ${network.components} 个互不连通的部分:${network.islandCount} 处孤立路段与主路网不相连,其上的地点按道路不可达;请检查是否漏接路口`,
    `the network falls into ${network.components} unconnected parts: ${network.islandCount} islands do not meet the main network, and places on them cannot be reached by road; check for junctions not joined`,
  );
}
