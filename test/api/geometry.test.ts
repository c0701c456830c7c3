import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoLayer } from '../../server/demo/load-demo.ts';
import { layers } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';

describe.each(backends())('geometry on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  it('comes back exactly as it went in, for every demo feature', async () => {
    for (const layer of layers) {
      const demo = await readDemoLayer(layer.id);
      const { features } = await store.listItems(layer, { audience: 'public', filters: [], limit: 10_000, offset: 0 });
      const stored = new Map(features.map((f) => [f.id, f.geometry]));
      for (const feature of demo.features)
        expect(stored.get(feature.id), `${layer.id} ${feature.id}`).toEqual(feature.geometry);
    }
  });

  it('derives each feature’s township from the township polygons', async () => {
    const shelters = layers.find((l) => l.id === 'shelters')!;
    const { features } = await store.listItems(shelters, { audience: 'public', filters: [], limit: 10_000, offset: 0 });
    const townships = new Set((await readDemoLayer('admin_areas')).features.map((f) => f.properties?.name));
    for (const f of features) expect(townships.has(f.properties?.township), f.properties?.name).toBe(true);
  });
});
