import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';

const SEAT = [119.12, 25.46];

describe.each(backends())('heavy reads on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const around = async (body: Record<string, unknown>) => {
    const response = await fetch(`${served.api.url}/analysis/around`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const layersOf = (body: any) =>
    Object.values(body.groups).flatMap((layers: any) => Object.entries(layers)) as [string, any][];

  it('lists a page of each layer around an incident, counts every feature, and says how to read on', async () => {
    const first = await around({ at: SEAT, radius_km: 50, limit: 10 });
    expect(first.status).toBe(200);
    const layers = layersOf(first.body);
    for (const [, found] of layers) {
      expect(found.items.length).toBeLessThanOrEqual(10);
      expect(found.truncated).toBe(found.count > 10);
    }
    const shelters = layers.find(([id]) => id === 'shelters')?.[1];
    expect(shelters.count).toBeGreaterThan(20);
    expect(first.body.next).toMatchObject({ offset: 10, limit: 10, radius_km: 50 });

    const second = await around(first.body.next);
    const more = layersOf(second.body).find(([id]) => id === 'shelters')?.[1];
    expect(more.count).toBe(shelters.count);
    const seen = new Set(shelters.items.map((i: any) => i.feature.id));
    expect(more.items).toHaveLength(10);
    for (const item of more.items) expect(seen.has(item.feature.id)).toBe(false);
    // Nearest first across pages: the second page starts no nearer than the first ended.
    expect(more.items[0].distanceM).toBeGreaterThanOrEqual(shelters.items[9].distanceM);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 1001 }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ limit: 2.5 }, 'limit'],
  ])('refuses %j by name', async (extra, name) => {
    const reply = await around({ at: SEAT, radius_km: 1, ...extra });
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: any) => p.name)).toContain(name);
  });

  it('streams an export of more features than a page holds, each once, in order', async () => {
    const features = Array.from({ length: 2600 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.0 + (i % 50) * 0.002, 25.45 + Math.floor(i / 50) * 0.002] },
      properties: { name: `批量终端${i}`, kind: 'loudspeaker', status: 'existing', range_m: 300 },
    }));
    const created = await fetch(`${served.api.url}/collections/broadcast_terminals/items`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/geo+json' },
      body: JSON.stringify({ type: 'FeatureCollection', features }),
    });
    expect(created.status).toBe(201);
    // Planned terminals stay out of an export: every other one is in it.
    const items = await served.api.get('/collections/broadcast_terminals/items?limit=1&status=existing');
    const file = await served.api.get('/exports/broadcast_terminals.geojson');
    expect(file.status).toBe(200);
    const ids = file.body.features.map((f: any) => f.id);
    expect(ids).toHaveLength(items.body.numberMatched);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const csv = await served.api.get('/exports/broadcast_terminals.csv');
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(ids.length + 1);
  });
});
