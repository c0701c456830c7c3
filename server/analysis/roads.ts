/**
 * The road network as the analyses drive it: the routing graph of the roads layer's open segments at
 * the profile's speeds, with the walking speed between a road and a place off it. No roads (an empty
 * layer, or none imported yet) is no network, and every analysis then falls back to the straight line
 * and says so. A what-if may close segments without saving them: those are built into a graph of their
 * own, and the stored layer's graph is left as it is.
 */
import { DEFAULT_ROAD_SPEEDS_KMH, DEFAULT_WALK_KMH } from '../../catalog/road-classes.ts';
import { buildGraph, type RoadGraph } from '../routing/graph.ts';
import type { RoadFeature } from '../routing/road-input.ts';
import { featuresOf } from './geometry.ts';
import type { Layer, Profile } from './types.ts';

export interface Roads {
  graph: RoadGraph;
  walkKmh: number;
  /** Segment ids closed by the question asked, not in the store. */
  closed: string[];
}

/** The profile's speeds by road class and on foot, or the catalog's defaults where a profile has none. */
export function roadRule(profile: Profile): NonNullable<Profile['roads']> {
  return profile.roads ?? { speeds_kmh: DEFAULT_ROAD_SPEEDS_KMH, walk_kmh: DEFAULT_WALK_KMH };
}

/** The segments of a roads layer, those whose id is in `closing` marked closed as a what-if. */
function withClosed(features: RoadFeature[], closing: ReadonlySet<string>): RoadFeature[] {
  if (closing.size === 0) return features;
  return features.map((f) =>
    f.id !== undefined && closing.has(String(f.id)) ? { ...f, properties: { ...f.properties, status: 'closed' } } : f,
  );
}

/**
 * The network of `layer` driven at the profile's speeds, with the segments `closing` names closed as
 * well; undefined when no open road is left to drive on.
 */
export function roadNetwork(
  layer: Layer | undefined,
  profile: Profile,
  closing: readonly string[] = [],
): Roads | undefined {
  const features = featuresOf(layer) as RoadFeature[];
  if (features.length === 0) return undefined;
  const rule = roadRule(profile);
  const graph = buildGraph(withClosed(features, new Set(closing)), rule.speeds_kmh);
  if (graph.pieceCount === 0) return undefined;
  return { graph, walkKmh: rule.walk_kmh, closed: [...closing] };
}
