import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';

const shelters = findLayer('shelters')!;
const row = (externalId: string, name: string, capacity: number) => ({
  geometry: { type: 'Point' as const, coordinates: [119.11, 25.46] },
  properties: { name, capacity, source: 'census', external_id: externalId },
});

describe.each(backends())('re-importing on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  it('updates what it has by source and external id, and creates the rest', async () => {
    const first = await store.upsertFeatures(shelters, [row('A', '甲场所', 10), row('B', '乙场所', 20)], {
      user: 'import',
    });
    expect(first.created).toHaveLength(2);
    expect(first.updated).toEqual([]);

    const second = await store.upsertFeatures(shelters, [row('A', '甲场所(更新)', 11), row('C', '丙场所', 30)], {
      user: 'import',
    });
    expect(second.updated).toEqual([first.created[0]]);
    expect(second.created).toHaveLength(1);

    const a = await store.getItem(shelters, first.created[0], 'internal');
    expect(a?.properties).toMatchObject({ name: '甲场所(更新)', capacity: 11, revision: 2, updated_by: 'import' });
    const history = await store.history(shelters, first.created[0]);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1].before?.properties?.name).toBe('甲场所');
  });

  it('writes nothing when one row breaks a constraint', async () => {
    const before = await storeDigest(store);
    const bad = { ...row('D', '丁场所', 5), properties: { ...row('D', '丁场所', 5).properties, capacity: -1 } };
    await expect(
      store.upsertFeatures(shelters, [row('A', '甲场所(再改)', 12), bad], { user: 'import' }),
    ).rejects.toThrow();
    expect((await storeDigest(store)).digest).toBe(before.digest);
  });
});
