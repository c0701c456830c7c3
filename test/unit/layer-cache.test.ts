/**
 * The one version-stamped cache, against a store that is only two counters and a list: a value is
 * built once, kept while the layers it was built from stand still, built again when one of them moves
 * (and only then), and forgotten when its building failed.
 */
import { describe, expect, it } from 'vitest';
import { LayerCache } from '../../server/store/layer-cache.ts';
import type { Store } from '../../server/store/store.ts';

function countersStore() {
  const versions: Record<string, number> = { shelters: 1, depots: 1 };
  const reads: string[] = [];
  const store: Pick<Store, 'listItems' | 'layerVersions'> = {
    layerVersions: async () => ({ ...versions }),
    listItems: async (layer) => {
      reads.push(layer.id);
      return { features: [], numberMatched: 0 };
    },
  };
  return { store, versions, reads };
}

describe('the layer cache', () => {
  it('keeps a value while its layers stand still, and builds it again when one of them moves', async () => {
    const { store, versions } = countersStore();
    const cache = new LayerCache(store);
    let builds = 0;
    const value = () => cache.keep('both', ['shelters', 'depots'], async () => ++builds);

    expect(await value()).toBe(1);
    expect(await value()).toBe(1);
    versions.teams = 7;
    expect(await value()).toBe(1);
    versions.depots++;
    expect(await value()).toBe(2);
    versions.shelters++;
    expect(await value()).toBe(3);
  });

  it('keeps values under different keys apart, whatever their layers', async () => {
    const cache = new LayerCache(countersStore().store);
    expect(await cache.keep('a', ['shelters'], async () => 'a')).toBe('a');
    expect(await cache.keep('b', ['shelters'], async () => 'b')).toBe('b');
    expect(await cache.build('a', ['shelters'], () => 'built a')).toBe('built a');
    expect(await cache.keep('a', ['shelters'], async () => 'again')).toBe('a');
  });

  it('reads a whole layer once for every value built from it, until it changes', async () => {
    const { store, versions, reads } = countersStore();
    const cache = new LayerCache(store);
    await cache.build('count', ['shelters'], (l) => l.shelters.features.length);
    await cache.build('kinds', ['shelters'], (l) => l.shelters.type);
    await cache.get(['shelters']);
    expect(reads).toEqual(['shelters']);
    versions.shelters++;
    await cache.get(['shelters', 'depots']);
    expect(reads).toEqual(['shelters', 'shelters', 'depots']);
  });

  it('forgets a value whose building failed, so the next request builds it again', async () => {
    const cache = new LayerCache(countersStore().store);
    await expect(cache.keep('x', ['shelters'], async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cache.keep('x', ['shelters'], async () => 'built')).toBe('built');
    await expect(cache.get(['no_such_layer'])).rejects.toThrow('unknown layer no_such_layer');
  });
});
