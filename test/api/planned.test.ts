import { describe, expect, it } from 'vitest';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

/** An empty corner of the plain, in the district: anything planned here would be the nearest of its layer. */
const HERE = [119.0, 25.47];

/** A planned feature of every resource layer, each with what its layer's searches ask of it. */
const PLANNED: [string, Record<string, unknown>][] = [
  ['shelters', { kind: 'fixed', capacity: 3000, effective_area_m2: 6000 }],
  ['depots', { level: 'township', stock: [{ item: '帐篷', quantity: 900, unit: '顶' }] }],
  ['teams', { kind: 'professional', specialties: ['water_rescue'], on_duty: true }],
  ['fire_stations', { kind: 'government' }],
  ['cameras', { kind: 'visible', range_m: 5000, fov_deg: 360, heading_deg: 0, mast_height_m: 30 }],
  ['broadcast_terminals', { kind: 'loudspeaker', range_m: 800 }],
  ['weather_stations', { kind: 'automatic' }],
];

const NEAREST_LAYERS = ['shelters', 'depots', 'teams', 'fire_stations'];

describe.each(backends())('planned features on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const send = (...args: Parameters<ReturnType<typeof writer>>) => writer(served.api.url)(...args);
  const post = (path: string, body: unknown, headers: Record<string, string> = staff) =>
    send('POST', path, body, { 'content-type': 'application/json', ...headers });
  const ids = new Map<string, string>();

  it.each(PLANNED)('accepts a planned feature in %s', async (layer, properties) => {
    const reply = await send('POST', `/collections/${layer}/items`, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: HERE },
      properties: { name: `规划测试-${layer}`, status: 'planned', ...properties },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.properties.status).toBe('planned');
    ids.set(layer, reply.body.id);
  });

  const need = (layer: string) =>
    layer === 'depots'
      ? { items: [{ item: '帐篷', quantity: 800 }] }
      : layer === 'teams'
        ? { specialties: ['water_rescue'] }
        : layer === 'shelters'
          ? { free_places: 2000 }
          : {};

  it.each(NEAREST_LAYERS)('never sends a responder to a planned one of %s unless asked', async (layer) => {
    const ask = { from: HERE, layer, k: 3, ...need(layer) };
    const operational = await post('/analysis/nearest', ask);
    expect(operational.status).toBe(200);
    const named = [...operational.body.results, ...(operational.body.partial ?? [])].map((r: any) => r.id);
    expect(named).not.toContain(ids.get(layer));
    const planned = await served.api.get(`/collections/${layer}/items?status=planned&limit=10000`, staff);
    expect(planned.body.features.length).toBeGreaterThan(0);
    expect(operational.body.left_out.planned).toBe(planned.body.features.length);

    const withPlanned = await post('/analysis/nearest', { ...ask, include_planned: true });
    expect(withPlanned.status).toBe(200);
    expect(withPlanned.body.results[0].id).toBe(ids.get(layer));
    expect(withPlanned.body.results[0].distance_m).toBe(0);
    expect(withPlanned.body.results[0].feature.properties.planned).toBe(true);
  });

  it('lists no planned resource around an incident unless asked, and says how many it left out', async () => {
    const around = await post('/analysis/around', { at: HERE, radius_km: 0.5 });
    expect(around.status).toBe(200);
    const resources = Object.values(around.body.groups.resources).flatMap((g: any) => g.items);
    expect(resources.map((i: any) => i.feature.id)).not.toEqual(expect.arrayContaining([ids.get('shelters')]));
    for (const layer of NEAREST_LAYERS) expect(resources.map((i: any) => i.feature.id)).not.toContain(ids.get(layer));
    expect(around.body.left_out.planned).toBe(NEAREST_LAYERS.length);

    const asked = await post('/analysis/around', { at: HERE, radius_km: 0.5, include_planned: true });
    const found = Object.values(asked.body.groups.resources).flatMap((g: any) => g.items.map((i: any) => i.feature.id));
    for (const layer of NEAREST_LAYERS) expect(found).toContain(ids.get(layer));
  });

  it.each(PLANNED.map(([layer]) => layer))('leaves planned %s out of the exports unless asked', async (layer) => {
    const plain = await served.api.get(`/exports/${layer}.geojson`, staff);
    expect(plain.status).toBe(200);
    const body = typeof plain.body === 'string' ? JSON.parse(plain.body) : plain.body;
    expect(body.features.map((f: any) => f.id)).not.toContain(ids.get(layer));
    const asked = await served.api.get(`/exports/${layer}.geojson?include_planned=true`, staff);
    const all = typeof asked.body === 'string' ? JSON.parse(asked.body) : asked.body;
    expect(all.features.map((f: any) => f.id)).toContain(ids.get(layer));
    expect((await served.api.get(`/exports/${layer}.csv?include_planned=maybe`, staff)).status).toBe(400);
  });

  it('never publishes a planned shelter, nor lists it live', async () => {
    const draft = await send('GET', '/publications/draft', undefined, as('publisher'));
    expect(draft.status).toBe(200);
    const added = JSON.stringify(draft.body);
    expect(added).not.toContain(ids.get('shelters'));
    const published = await post('/publications', { title: '规划不发布', map_date: '2026-12-01' }, as('publisher'));
    expect(published.status).toBe(201);
    const version = published.body.version;
    const shelters = await served.api.get(`/publications/${version}/layers/shelters`);
    const features = (typeof shelters.body === 'string' ? JSON.parse(shelters.body) : shelters.body).features;
    expect(features.length).toBeGreaterThan(0);
    expect(features.map((f: any) => f.id)).not.toContain(ids.get('shelters'));
    const live = await served.api.get(`/publications/${version}/live`);
    expect(live.body.shelters.map((s: any) => s.id)).not.toContain(ids.get('shelters'));
  });

  it.each(['shelters', 'broadcast', 'fire_stations'])(
    'reports %s coverage by what exists and, beside it, once the planned features are built',
    async (target) => {
      const { status, body } = await served.api.get(`/analysis/coverage/${target}`);
      expect(status).toBe(200);
      expect(body.with_planned.district.covered).toBeGreaterThanOrEqual(body.district.covered);
      expect(body.with_planned.townships.length).toBe(body.townships.length);
    },
  );

  it('reports camera coverage by what exists and, beside it, once the planned cameras are built', async () => {
    const cameras = (await served.api.get('/analysis/coverage/cameras')).body;
    expect(cameras.withPlanned.district.coveredKm2).toBeGreaterThan(cameras.existing.district.coveredKm2);
  });

  it('scores every indicator now and with the planned features, side by side', async () => {
    const { status, body } = await served.api.get('/analysis/scorecard');
    expect(status).toBe(200);
    for (const row of body.rows) expect(row.with_planned).toHaveProperty('value');
    const weather = body.rows.find((r: any) => r.id === 'weather_station_density' && r.scope.level === 'district');
    expect(weather.with_planned.value).toBeGreaterThan(weather.value);
    expect(body.with_planned.summary.met + body.with_planned.summary.unmet).toBeGreaterThan(0);
  });

  it('lets only a planner say whether a shelter is planned', async () => {
    const id = ids.get('shelters') as string;
    const current = await send('GET', `/collections/shelters/items/${id}`);
    const reply = await send(
      'PATCH',
      `/collections/shelters/items/${id}`,
      { properties: { status: 'open' } },
      {
        ...as('responder'),
        'content-type': 'application/merge-patch+json',
        'if-match': current.headers.get('etag') ?? '',
      },
    );
    expect(reply.status).toBe(403);
    expect(reply.body['invalid-params'][0].name).toBe('properties.status');
    expect((await send('GET', `/collections/shelters/items/${id}`)).body.properties.status).toBe('planned');
  });

  it('gives new shelters of a register without a status the built one, says so, and finds them', async () => {
    const csv = '名称,经度,纬度,外部编号\n登记避难场所甲,119.011,25.471,R-1\n登记避难场所乙,119.012,25.472,R-2\n';
    const response = await fetch(`${served.api.url}/import/shelters?filename=register.csv`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    const report = await response.json();
    expect(response.status).toBe(200);
    expect(report.result.created).toBe(2);
    expect(report.decisions.join('\n')).toMatch(/2 new rows have no status: imported as open/);
    const found = await post('/analysis/nearest', { from: [119.011, 25.471], layer: 'shelters', k: 2 });
    expect(found.body.results.map((r: any) => r.name).sort()).toEqual(['登记避难场所乙', '登记避难场所甲']);
    const withRoom = await post('/analysis/nearest', {
      from: [119.011, 25.471],
      layer: 'shelters',
      k: 2,
      free_places: 10,
    });
    expect(withRoom.body.left_out.free_places_unknown).toBeGreaterThanOrEqual(2);
  });
});
