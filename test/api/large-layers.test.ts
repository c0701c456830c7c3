import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../catalog/random.ts';
import { configFromEnv } from '../../server/config.ts';
import type { Store } from '../../server/store/index.ts';
import { WHOLE_LAYER } from '../../server/store/whole-layer.ts';
import { backends } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

/**
 * A layer past ONEMAP_IN_PROCESS_MAX_FEATURES is read near the place asked about through the store's
 * spatial queries. With the threshold at 0 every layer takes that path on the demo district; the
 * answers must be the in-memory path's to the byte (the in-memory path is itself held to brute
 * force in test/unit/analysis), and no layer may be read whole while they are given.
 */

/** The district's box (118.85–119.24°E, 25.39–25.76°N) and a little beyond: its edges and the sea. */
const [W, S, E, N] = [118.8, 25.35, 119.3, 25.8];
/** Where features are stacked on one spot, so answers must settle ties by id. */
const STACK = [119.05, 25.5];

function places(count: number): number[][] {
  const next = mulberry32(19);
  const edges = [
    [W + 0.05, S + 0.04],
    [E - 0.06, N - 0.04],
    [118.85, 25.6],
    [119.24, 25.45],
  ];
  const inside = Array.from({ length: count }, () => [
    Number((W + (E - W) * next()).toFixed(6)),
    Number((S + (N - S) * next()).toFixed(6)),
  ]);
  return [STACK, [119.12, 25.46], ...edges, ...inside];
}

/** The same spot, several features of each layer a need reads: ties broken by id. */
const STACKED: [string, Record<string, unknown>][] = [
  ['shelters', { name: '并列-1', kind: 'emergency', status: 'open', capacity: 800, free_places: 500 }],
  ['shelters', { name: '并列-2', kind: 'emergency', status: 'open', capacity: 800, free_places: 500 }],
  ['shelters', { name: '并列-3', kind: 'fixed', status: 'planned', capacity: 3000 }],
  ['teams', { name: '并列-4', kind: 'social', specialties: ['water_rescue'], on_duty: true }],
  ['teams', { name: '并列-5', kind: 'social', specialties: ['water_rescue'], on_duty: false }],
  ['depots', { name: '并列-6', level: 'village', stock: [{ item: '帐篷', quantity: 120, unit: '顶' }] }],
  ['fire_stations', { name: '并列-7', kind: 'micro' }],
  ['hazards', { name: '并列-8', kind: 'landslide', threatened_people: 12 }],
  ['hazards', { name: '并列-9', kind: 'landslide', threatened_people: 7 }],
  // More tied with the nearest than the store hands over beyond a page: it must read on for them.
  ...Array.from({ length: 40 }, (_, i): [string, Record<string, unknown>] => [
    'hazards',
    { name: `并列隐患-${i}`, kind: i % 2 ? 'waterlogging' : 'landslide', threatened_people: i },
  ]),
];

const nearestAsks = (from: number[]) => [
  { from, layer: 'shelters', k: 5, free_places: 100 },
  { from, layer: 'shelters', k: 3, include_planned: true },
  { from, layer: 'shelters', k: 1 },
  { from, layer: 'teams', k: 3, specialties: ['water_rescue'] },
  { from, layer: 'teams', k: 2, on_duty_only: false },
  { from, layer: 'depots', k: 3, items: [{ item: '帐篷', quantity: 100 }] },
  { from, layer: 'fire_stations', k: 4, max_km: 6 },
];

const aroundAsks = (at: number[], i: number) => [
  { at, radius_km: [0.5, 2, 5, 12][i % 4], limit: 5 },
  { at, radius_km: 3, limit: 4, offset: 4, include_planned: i % 2 === 0 },
];

describe.each(backends())('layers read near a place on the $name backend', (backend) => {
  let store: Store;
  let whole: TestServer;
  let near: TestServer;
  beforeAll(async () => {
    store = await backend.open();
    whole = await serve(store);
    near = await serve(store, { inProcessMaxFeatures: 0 });
    const send = writer(whole.url);
    for (const [layer, properties] of STACKED) {
      const reply = await send('POST', `/collections/${layer}/items`, {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: STACK },
        properties,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await near?.close();
    await whole?.close();
    await store?.close();
  });

  const post = async (api: TestServer, path: string, body: unknown) => {
    const response = await fetch(api.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...staff },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  const asks = places(24).flatMap((p, i) => [
    ...nearestAsks(p).map((body) => ['/analysis/nearest', body] as const),
    ...aroundAsks(p, i).map((body) => ['/analysis/around', body] as const),
  ]);

  it(`answers ${asks.length} nearest and around questions as the in-memory indexes do, without reading a layer whole`, async () => {
    const listItems = vi.spyOn(store, 'listItems');
    const knn = vi.spyOn(store, 'nearestCandidates');
    const within = vi.spyOn(store, 'withinDistance');
    const answers = [];
    for (const [path, body] of asks) answers.push(await post(near, path, body));
    const wholeReads = listItems.mock.calls.filter(([, query]) => query.limit >= WHOLE_LAYER);
    expect(wholeReads.map(([layer]) => layer.id)).toEqual([]);
    expect(knn).toHaveBeenCalled();
    expect(within).toHaveBeenCalled();
    vi.restoreAllMocks();
    for (const [i, [path, body]] of asks.entries()) {
      const expected = await post(whole, path, body);
      expect(expected.status).toBe(200);
      expect({ path, body, answer: answers[i].body }).toEqual({ path, body, answer: expected.body });
    }
  });

  it('settles the stacked features by id, the planned one left out and counted', async () => {
    const { body } = await post(near, '/analysis/nearest', { from: STACK, layer: 'shelters', k: 2 });
    const ids = body.results.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(body.results.map((r: { distance_m: number }) => r.distance_m)).toEqual([0, 0]);
    expect(body.left_out.planned).toBeGreaterThan(0);
  });

  it('lists the stacked hazards around their spot by id, a page at a time, counting them all', async () => {
    const first = await post(near, '/analysis/around', { at: STACK, radius_km: 0.01, limit: 5 });
    const second = await post(near, '/analysis/around', first.body.next);
    const listed = [...first.body.groups.risks.hazards.items, ...second.body.groups.risks.hazards.items];
    const ids = listed.map((item: { feature: { id: string } }) => item.feature.id);
    expect(ids).toHaveLength(10);
    expect(ids).toEqual([...ids].sort());
    expect(first.body.groups.risks.hazards.count).toBe(42);
    expect(first.body.groups.risks.hazards.truncated).toBe(true);
  });

  it('refuses an item no depot stocks and names the items held, from the store', async () => {
    const reply = await post(near, '/analysis/nearest', {
      from: STACK,
      layer: 'depots',
      items: [{ item: '独角兽', quantity: 1 }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toEqual(['items']);
    expect(reply.body.detail).toMatch(/独角兽.*帐篷/);
  });
});

describe('ONEMAP_IN_PROCESS_MAX_FEATURES', () => {
  it.each([
    [undefined, 100_000],
    ['0', 0],
    ['2500000', 2_500_000],
  ])('%j reads as %d', (value, expected) => {
    expect(configFromEnv({ ONEMAP_IN_PROCESS_MAX_FEATURES: value }).app.inProcessMaxFeatures).toBe(expected);
  });

  it.each(['-1', 'many', '1.5'])('refuses %j', (value) => {
    expect(() => configFromEnv({ ONEMAP_IN_PROCESS_MAX_FEATURES: value })).toThrow(/ONEMAP_IN_PROCESS_MAX_FEATURES/);
  });
});
