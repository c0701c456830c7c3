import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';

describe.each(backends())('townships on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  it('follow the township polygons when one is renamed', async () => {
    const query = `/collections/shelters/items?limit=1000&township=${encodeURIComponent('白塘镇')}`;
    const inBaitang = (await served.api.get(query)).body.features;
    expect(inBaitang.length).toBeGreaterThan(0);
    const township = (
      await served.api.get(`/collections/admin_areas/items?level=township&name=${encodeURIComponent('白塘镇')}`, staff)
    ).body.features[0];
    const renamed = await fetch(`${served.api.url}/collections/admin_areas/items/${township.id}`, {
      method: 'PATCH',
      headers: {
        ...staff,
        'if-match': `"${township.properties.revision}"`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ properties: { name: '白塘镇(调整后)' } }),
    });
    expect(renamed.status).toBe(200);
    expect((await served.api.get(query)).body.numberMatched).toBe(0);
    const moved = (
      await served.api.get(`/collections/shelters/items?limit=1000&township=${encodeURIComponent('白塘镇(调整后)')}`)
    ).body.features;
    expect(moved.map((f: { id: string }) => f.id).sort()).toEqual(inBaitang.map((f: { id: string }) => f.id).sort());
    // A derived field is not an edit: the features' revisions stay where they were.
    expect(moved.map((f: any) => f.properties.revision)).toEqual(moved.map(() => 1));
  });
});
