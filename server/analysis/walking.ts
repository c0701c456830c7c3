/**
 * The roads as a person on foot uses them, for the public's way to a shelter: every open road but the
 * expressways (no one walks those), both ways whatever the traffic rules, all at the profile's walking
 * speed rather than the road's. It is built apart from the driving network because every cost differs;
 * a road closed to traffic is left out here too, as a landslide closes it to walkers as well.
 */
import { DEFAULT_WALK_KMH, ROAD_CLASSES } from '../../catalog/road-classes.ts';
import { buildGraph } from '../routing/graph.ts';
import type { RoadFeature } from '../routing/road-input.ts';
import { featuresOf } from './geometry.ts';
import type { Roads } from './roads.ts';
import type { Layer, Profile } from './types.ts';

/** The walking network of `layer`; undefined when no road is left to walk on. */
export function walkingNetwork(layer: Layer | undefined, profile: Profile): Roads | undefined {
  const walkKmh = profile.roads?.walk_kmh ?? DEFAULT_WALK_KMH;
  const features = (featuresOf(layer) as RoadFeature[])
    .filter((f) => f.properties?.class !== 'expressway')
    .map((f) => ({ ...f, properties: { ...f.properties, speed_kmh: null, oneway: false } }));
  if (features.length === 0) return undefined;
  const speeds = Object.fromEntries(ROAD_CLASSES.map((kind) => [kind, walkKmh]));
  const graph = buildGraph(features, speeds);
  if (graph.pieceCount === 0) return undefined;
  return { graph, walkKmh, closed: [] };
}
