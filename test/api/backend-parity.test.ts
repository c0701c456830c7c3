import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layers } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';

const both = backends();

/** Timestamps and links record when and where a response was made, not what it holds. */
function content(body: any): unknown {
  return JSON.parse(
    JSON.stringify(body, (key, value) =>
      ['created_at', 'updated_at', 'timeStamp', 'links'].includes(key) ? undefined : value,
    ),
  );
}

describe.runIf(both.length === 2)('the embedded and the server backend', () => {
  const stores: Store[] = [];
  const apis: TestServer[] = [];

  beforeAll(async () => {
    for (const backend of both) {
      const store = await backend.open();
      stores.push(store);
      apis.push(await serve(store));
    }
  });

  afterAll(async () => {
    for (const api of apis) await api.close();
    for (const store of stores) await store.close();
  });

  const requests = [
    ...layers.map((l) => `/collections/${l.id}/items?limit=10000`),
    '/collections/shelters/items?limit=20&offset=40&grade=B',
    '/collections/shelters/items?bbox=119.0,25.4,119.2,25.6&limit=500',
    '/collections/risk_zones/items?level=1,2',
    '/collections/hazards/items?stage=listed&bbox=118.8,25.3,119.3,25.8',
    `/collections/depots/items?item=${encodeURIComponent('帐篷')}`,
    '/collections',
  ];

  it.each(requests)('return the same answer to %s', async (path) => {
    const [a, b] = await Promise.all(apis.map((api) => api.get(path, staff)));
    expect(a.status).toBe(200);
    expect(content(b.body)).toEqual(content(a.body));
  });
});
