import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { LayerCache } from '../../server/store/layer-cache.ts';
import { backends } from '../support/backends.ts';

describe.each(backends())('the layer cache on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  it('serves what the store holds, and sees every change made through any path', async () => {
    const cache = new LayerCache(store);
    const other = new LayerCache(store);
    const builds: number[] = [];
    const count = () => cache.build('count', ['shelters'], (l) => builds.push(1) && l.shelters.features.length);

    const before = await count();
    expect(before).toBe((await store.summarize(findLayer('shelters')!)).count);
    expect(await count()).toBe(before);
    expect(builds).toHaveLength(1);

    await store.insertFeatures(
      findLayer('shelters')!,
      [{ geometry: { type: 'Point', coordinates: [119.1, 25.5] }, properties: { name: '缓存测试' } }],
      { user: 'test' },
    );
    expect(await count()).toBe(before + 1);
    expect(builds).toHaveLength(2);
    expect((await other.get(['shelters'])).shelters.features).toHaveLength(before + 1);
  });

  it('counts a change of stock as a change of depots', async () => {
    const versions = await store.layerVersions();
    const depot = (
      await store.listItems(findLayer('depots')!, { audience: 'internal', filters: [], limit: 1, offset: 0 })
    ).features[0];
    await store.setStock(String(depot.id), '救生圈', { quantity: 3, unit: '个' }, Number(depot.properties?.revision), {
      user: 'test',
    });
    const after = await store.layerVersions();
    expect(after.depots).toBeGreaterThan(versions.depots);
    expect(after.shelters).toBe(versions.shelters);
  });
});
