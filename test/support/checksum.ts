import { createHash } from 'node:crypto';
import { layers } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';

/**
 * Everything a write could touch — every feature as staff read it, stock included, the history (its
 * size and its newest rows), the accounts and the planners' scenarios — as one digest.
 */
export async function storeDigest(store: Store): Promise<{ counts: Record<string, number>; digest: string }> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const layer of layers) {
    const { features, numberMatched } = await store.listItems(layer, {
      audience: 'internal',
      filters: [],
      limit: 100_000,
      offset: 0,
    });
    counts[layer.id] = numberMatched;
    hash.update(JSON.stringify(features));
  }
  counts.history = await store.countHistory();
  hash.update(String(counts.history));
  // The newest history rows as they are, so a refused write that rewrote one would show.
  hash.update(JSON.stringify((await store.audit({ limit: 100, offset: 0 })).entries));
  const users = await store.accounts.listUsers();
  counts.users = users.length;
  hash.update(JSON.stringify(users));
  const scenarios = await store.scenarios.list();
  counts.scenarios = scenarios.length;
  hash.update(JSON.stringify(scenarios));
  return { counts, digest: hash.digest('hex') };
}
