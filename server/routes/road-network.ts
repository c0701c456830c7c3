/**
 * The road network a request routes on: the stored roads layer's graph, built once per version of the
 * layer by the layer cache as every other index is, or, when the request closes segments as a what-if,
 * a graph of its own built for that request and not kept.
 */

import { type Roads, roadNetwork } from '../analysis/roads.ts';
import type { Profile } from '../analysis/types.ts';
import type { LayerCache } from '../store/layer-cache.ts';

export async function roadNetworkFor(
  cache: LayerCache,
  profile: Profile,
  closing: readonly string[] = [],
): Promise<Roads | undefined> {
  if (closing.length > 0) return roadNetwork((await cache.get(['roads'])).roads, profile, closing);
  return cache.build('roads:network', ['roads'], (l) => roadNetwork(l.roads, profile));
}
