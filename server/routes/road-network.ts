/**
 * The road network a request routes on: the stored roads layer's graph, built once per version of the
 * layer and per set of speeds by the layer cache as every other index is (a district set-up that
 * switches profile switches the speeds, and the travel times follow at once), or, when the request
 * closes segments as a what-if, a graph of its own built for that request and not kept; the ids it
 * closes are checked first.
 */

import type { Label } from '../../catalog/label.ts';
import { featuresOf } from '../analysis/geometry.ts';
import { type Roads, roadNetwork, roadRule } from '../analysis/roads.ts';
import type { Profile } from '../analysis/types.ts';
import { refuse } from '../http/problem.ts';
import type { LayerCache } from '../store/layer-cache.ts';

const UNKNOWN_ROAD: Label = { zh: '道路图层中没有这条道路', en: 'there is no such road in the roads layer' };

/** The road ids a what-if closes, each checked against the roads layer; refused naming every `closed[i]` unknown. */
export async function checkClosedRoads(cache: LayerCache, closed: readonly string[], lang: keyof Label) {
  if (closed.length === 0) return;
  const ids = new Set(featuresOf((await cache.get(['roads'])).roads).map((f) => String(f.id)));
  const unknown = closed.flatMap((id, i) =>
    ids.has(id) ? [] : [{ name: `closed[${i}]`, reason: UNKNOWN_ROAD[lang] }],
  );
  if (unknown.length) throw refuse(unknown);
}

export async function roadNetworkFor(
  cache: LayerCache,
  profile: Profile,
  closing: readonly string[] = [],
): Promise<Roads | undefined> {
  if (closing.length > 0) return roadNetwork((await cache.get(['roads'])).roads, profile, closing);
  // Keyed on the speeds as well as the layer: the graph's edge times are the speeds' answer.
  const speeds = JSON.stringify(roadRule(profile));
  return cache.build(`roads:network:${speeds}`, ['roads'], (l) => roadNetwork(l.roads, profile));
}
