import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';

describe.each(backends())('townships on the $name backend', (backend) => {
  let store: Store;
  let api: TestServer;
  beforeAll(async () => {
    store = await backend.open();
    api = await serve(store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('follow the township polygons when one is renamed', async () => {
    const query = `/collections/shelters/items?limit=1000&township=${encodeURIComponent('白塘镇')}`;
    const inBaitang = (await api.get(query)).body.features;
    expect(inBaitang.length).toBeGreaterThan(0);
    const township = (
      await api.get(`/collections/admin_areas/items?level=township&name=${encodeURIComponent('白塘镇')}`, staff)
    ).body.features[0];
    const renamed = await fetch(`${api.url}/collections/admin_areas/items/${township.id}`, {
      method: 'PATCH',
      headers: {
        ...staff,
        'if-match': `"${township.properties.revision}"`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ properties: { name: '白塘镇(调整后)' } }),
    });
    expect(renamed.status).toBe(200);
    expect((await api.get(query)).body.numberMatched).toBe(0);
    const moved = (
      await api.get(`/collections/shelters/items?limit=1000&township=${encodeURIComponent('白塘镇(调整后)')}`)
    ).body.features;
    expect(moved.map((f: { id: string }) => f.id).sort()).toEqual(inBaitang.map((f: { id: string }) => f.id).sort());
    // A derived field is not an edit: the features' revisions stay where they were.
    expect(moved.map((f: any) => f.properties.revision)).toEqual(moved.map(() => 1));
  });
});
