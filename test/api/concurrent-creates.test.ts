import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

const CLIENTS = 200;

describe.each(backends())('200 clients creating at once on the $name backend', (backend) => {
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

  // The embedded backend serves the 200 one after another on its one connection: minutes on a busy machine.
  it('stores every feature exactly once, with no server error', { timeout: 300_000 }, async () => {
    const send = writer(api.url);
    const before = (await api.get('/collections/shelters')).body.featureCount;
    const historyBefore = await store.countHistory();
    const replies = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        send('POST', '/collections/shelters/items', {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [119.0 + (i % 20) * 0.01, 25.45 + Math.floor(i / 20) * 0.01] },
          properties: { name: `并发创建${i}`, source: 'load-test', external_id: `c-${i}`, capacity: i },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(CLIENTS).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(CLIENTS);

    const stored = (await api.get('/collections/shelters/items?source=load-test&limit=1000', staff)).body.features;
    expect(stored).toHaveLength(CLIENTS);
    expect(new Set(stored.map((f: any) => f.properties.external_id)).size).toBe(CLIENTS);
    for (const f of stored) expect(f.properties.name).toBe(`并发创建${f.properties.capacity}`);
    expect((await api.get('/collections/shelters')).body.featureCount).toBe(before + CLIENTS);
    expect(await store.countHistory()).toBe(historyBefore + CLIENTS);
  });
});
