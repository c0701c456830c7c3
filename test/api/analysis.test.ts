import * as turf from '@turf/turf';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { INTERNAL_NAMES } from '../../server/layers/registry.ts';
import { openStore } from '../../server/store/index.ts';
import { backends, postgresCopy } from '../support/backends.ts';
import { serve, servedStore, staff } from '../support/http.ts';

const SEAT = [119.12, 25.46];

function internalKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) internalKeys(v, found);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'Feature' && o.properties) {
      for (const key of Object.keys(o.properties)) if (INTERNAL_NAMES.has(key)) found.push(key);
    }
    for (const v of Object.values(o)) internalKeys(v, found);
  }
  return found;
}

describe.each(backends())('analysis API on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(served.api.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('ranks the nearest open shelters exactly as a brute-force haversine search does', async () => {
    const { status, body } = await post('/analysis/nearest', { from: SEAT, layer: 'shelters', k: 5, free_places: 100 });
    expect(status).toBe(200);
    const all = (await served.api.get('/collections/shelters/items?limit=10000')).body.features;
    const expected = all
      .filter((f: any) => f.properties.status === 'open' && f.properties.free_places >= 100)
      .map((f: any) => ({ id: f.id, d: turf.distance(SEAT, f.geometry.coordinates, { units: 'meters' }) }))
      .sort((a: any, b: any) => a.d - b.d || (a.id < b.id ? -1 : 1))
      .slice(0, 5);
    expect(body.results.map((r: any) => r.id)).toEqual(expected.map((e: any) => e.id));
    expect(body.results[0].distance_m).toBe(Math.round(expected[0].d));
    expect(body.distance).toMatch(/straight line/);
  });

  it('finds depots holding what a responder needs, for staff only', async () => {
    const need = { from: SEAT, layer: 'depots', k: 3, items: [{ item: '帐篷', quantity: 100 }] };
    expect((await post('/analysis/nearest', need)).status).toBe(401);
    const { status, body } = await post('/analysis/nearest', need, staff);
    expect(status).toBe(200);
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results) expect(r.items[0].held).toBeGreaterThanOrEqual(100);
    for (const r of body.partial) expect(r.lacking[0].short).toBeGreaterThan(0);
  });

  it('finds on-duty teams with a specialty', async () => {
    const { body } = await post('/analysis/nearest', {
      from: SEAT,
      layer: 'teams',
      k: 3,
      specialties: ['water_rescue'],
    });
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results) {
      expect(r.feature.properties.specialties).toContain('water_rescue');
      expect(r.feature.properties.on_duty).toBe(true);
      expect(r.feature.properties).not.toHaveProperty('phone');
    }
  });

  it.each([
    [{ from: [200, 25], layer: 'shelters' }, 'from'],
    [{ from: [25.46, 119.12], layer: 'shelters' }, 'from'],
    [{ from: SEAT, layer: 'shelters', k: 0 }, 'k'],
    [{ from: SEAT, layer: 'shelters', k: 100000 }, 'k'],
    [{ from: SEAT, layer: 'bunkers' }, 'layer'],
    [{ from: SEAT, layer: 'teams', specialties: ['telepathy'] }, 'specialties'],
    [{ from: SEAT, layer: 'shelters', colour: 'red' }, 'colour'],
  ])('refuses %j naming %s', async (body, field) => {
    const reply = await post('/analysis/nearest', body);
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: any) => p.name)).toContain(field);
  });

  it('refuses an item no depot stocks, and says which items are held', async () => {
    const reply = await post(
      '/analysis/nearest',
      { from: SEAT, layer: 'depots', items: [{ item: '独角兽', quantity: 1 }] },
      staff,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(/独角兽.*帐篷/);
  });

  it('gives a clearly empty answer when nothing is within reach', async () => {
    const { status, body } = await post('/analysis/nearest', { from: SEAT, layer: 'fire_stations', max_km: 0.001 });
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
  });

  it('groups what is around an incident, without internal fields for the public', async () => {
    const { status, body } = await post('/analysis/around', { at: SEAT, radius_km: 3 });
    expect(status).toBe(200);
    expect(body.counts.resources).toBeGreaterThan(0);
    expect(body.counts.protected).toBeGreaterThan(0);
    expect(body.residents).toBeGreaterThan(0);
    for (const item of body.groups.resources.shelters.items) expect(item.distanceM).toBeLessThanOrEqual(3000);
    expect(internalKeys(body)).toEqual([]);
    const forStaff = (await post('/analysis/around', { at: SEAT, radius_km: 3 }, staff)).body;
    expect(internalKeys(forStaff).length).toBeGreaterThan(0);
    expect((await post('/analysis/around', { at: SEAT, radius_km: 80 })).status).toBe(400);
  });

  it('measures camera coverage with and without the planned cameras', async () => {
    const { body } = await served.api.get('/analysis/coverage/cameras', staff);
    // The demo ships a DEM, so its cameras are measured by line of sight over its hills.
    expect(body.existing.method).toBe('viewshed');
    expect(body.existing.district.coveredPct).toBeGreaterThan(5);
    expect(body.existing.district.coveredPct).toBeLessThan(25);
    expect(body.withPlanned.district.coveredPct).toBeGreaterThan(body.existing.district.coveredPct);
    expect(body.existing.blindSpots.features.length).toBeGreaterThan(0);
    expect(body.existing.sectors.features).toHaveLength(body.existing.cameras);
    expect(body.existing.withheld).toBeUndefined();
  });

  it('gives the public the figures measured on the viewsheds but not the polygons traced on the DEM', async () => {
    const forStaff = (await served.api.get('/analysis/coverage/cameras', staff)).body;
    const { body } = await served.api.get('/analysis/coverage/cameras');
    const none = { type: 'FeatureCollection', features: [] };
    for (const scenario of ['existing', 'withPlanned']) {
      expect(body[scenario]).toMatchObject({ method: 'viewshed', sectors: none, blindSpots: none });
      expect(body[scenario].withheld).toEqual(['sectors', 'blindSpots']);
      expect(body[scenario].district).toEqual(forStaff[scenario].district);
      expect(body[scenario].townships).toEqual(forStaff[scenario].townships);
    }
    const siting = await post('/analysis/siting', { target: 'cameras', k: 1, spacing_m: 3000 });
    expect(siting.body).toMatchObject({ method: 'viewshed', views: none, withheld: ['views'] });
    expect(siting.body.picks).toHaveLength(1);
  });

  it('shows what a proposed camera would add, and refuses a malformed one by name', async () => {
    const camera = (coordinates: unknown) => ({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates },
          properties: { name: '拟建监控', status: 'existing', range_m: 5000, fov_deg: 360, heading_deg: 0 },
        },
      ],
    });
    const reply = await post('/analysis/coverage/cameras', { proposed: { cameras: camera([118.95, 25.66]) } });
    expect(reply.status).toBe(200);
    const { before, after } = reply.body;
    expect(after.existing.district.coveredPct).toBeGreaterThan(before.existing.district.coveredPct);
    expect(after.existing.cameras).toBe(before.existing.cameras + 1);

    const bad = await post('/analysis/coverage/cameras', { proposed: { cameras: camera([25.66, 118.95]) } });
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params'][0].name).toBe('proposed.cameras.features[0].geometry.coordinates');
  });

  it('finds the exposure the demo district was planted with', async () => {
    const { body } = await served.api.get('/analysis/exposure');
    const names = JSON.stringify(body);
    expect(names).toContain('和浦村村委会广场');
    expect(names).toContain('亭顶村村委会广场');
    expect(names).toContain('江口临港工业园区危险化学品风险区');
  });

  it('scores the district against its plan', async () => {
    const { body } = await served.api.get('/analysis/scorecard');
    const standardised = body.rows.find((r: any) => r.id === 'shelter_standardised' && r.scope.township === undefined);
    expect(standardised ?? body.rows.find((r: any) => r.id === 'shelter_standardised')).toMatchObject({ met: false });
    expect(body.rows.some((r: any) => r.met === true)).toBe(true);
  });

  it.each([
    [undefined, '涵江区: 245 处中已规范化 208 处,还需 13 处达到 90%', '暂不支持该指标的计算'],
    ['zh-CN,zh;q=0.9', '涵江区: 245 处中已规范化 208 处,还需 13 处达到 90%', '暂不支持该指标的计算'],
    [
      'en',
      '涵江区: 208 of 245 shelters standardised, 13 more needed to reach 90%',
      'this indicator is not computed yet',
    ],
  ])(
    'says what the scorecard misses in the language asked (Accept-Language: %s)',
    async (language, missing, reason) => {
      const response = await fetch(`${served.api.url}/analysis/scorecard`, {
        headers: language ? { 'accept-language': language } : {},
      });
      const body = await response.json();
      const vary = (response.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(vary).toContain('accept-language');
      const row = body.rows.find((r: any) => r.id === 'shelter_standardised' && r.scope.level === 'district');
      expect(row).toMatchObject({
        value: (208 / 245) * 100,
        unit: '%',
        target: 90,
        comparison: '>=',
        met: false,
        missing,
      });
      expect(body.unsupported.map((u: any) => u.id)).toContain('village_emergency_teams');
      expect(new Set(body.unsupported.map((u: any) => u.reason))).toEqual(new Set([reason]));
      // Units too: minutes and m² per resident in the reader's words.
      const unitOf = (id: string) => body.rows.find((r: any) => r.id === id)?.unit;
      expect([unitOf('fire_response'), unitOf('shelter_area_per_person')]).toEqual(
        language === 'en' ? ['min', 'm²/resident'] : ['分钟', 'm²/人'],
      );
    },
  );

  it('suggests shelter sites, each adding fewer people than the one before', async () => {
    const { status, body } = await post('/analysis/siting', { target: 'shelters', k: 3, kind: 'fixed' });
    expect(status).toBe(200);
    expect(body.picks).toHaveLength(3);
    const adds = body.picks.map((p: any) => p.adds);
    expect(adds[0]).toBeGreaterThan(0);
    expect(adds[0]).toBeGreaterThanOrEqual(adds[1]);
    expect(adds[1]).toBeGreaterThanOrEqual(adds[2]);
  });

  it.each([
    ['zh-CN', { spacing_m: 100 }, 'spacing_m', '候选点过多'],
    [
      'en',
      { candidates: Array.from({ length: 100 }, (_, i) => [119 + i / 1000, 25.7]), range_m: 20000 },
      'candidates',
      'at most 31 at 20000 m',
    ],
  ])('refuses a camera siting too big to compute, naming the field (%s)', async (language, ask, name, said) => {
    const { status, body } = await post(
      '/analysis/siting',
      { target: 'cameras', k: 3, ...ask },
      { 'accept-language': language },
    );
    expect(status).toBe(400);
    expect(body['invalid-params']).toEqual([{ name, reason: expect.stringContaining(said) }]);
  });

  it('sees a change to a layer at once', async () => {
    const before = (await served.api.get('/analysis/coverage/broadcast')).body.district.coveredPct;
    const terminal = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.0, 25.69] },
      properties: { name: '新装广播', status: 'existing', kind: 'loudspeaker', range_m: 3000 },
    };
    const created = await fetch(`${served.api.url}/collections/broadcast_terminals/items`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/geo+json' },
      body: JSON.stringify(terminal),
    });
    expect(created.status).toBe(201);
    const after = (await served.api.get('/analysis/coverage/broadcast')).body.district.coveredPct;
    expect(after).toBeGreaterThan(before);
  });
});

const adminUrl = inject('postgresAdminUrl');

describe.runIf(adminUrl)('camera coverage against PostGIS', () => {
  it('agrees within 0.5% with ST_Area(ST_Intersection(ST_Union(views), forest)::geography), viewsheds on the DEM, then flat sectors without it', async () => {
    const url = await postgresCopy(adminUrl as string);
    const store = await openStore({ databaseUrl: url, dataDir: '' });
    const api = await serve(store);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const onTerrain = (await api.get('/analysis/coverage/cameras', staff)).body;
      await client.query('DELETE FROM terrain_dem');
      const flat = (await api.get('/analysis/coverage/cameras')).body;
      expect([onTerrain.existing.method, flat.existing.method]).toEqual(['viewshed', 'sector']);
      for (const scenario of [onTerrain.existing, onTerrain.withPlanned, flat.existing, flat.withPlanned]) {
        const { rows } = await client.query(
          `WITH sectors AS (
             SELECT ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(s->'geometry'), 4326)) AS g
             FROM jsonb_array_elements($1::jsonb) s),
           forest AS (SELECT ST_Union(geom) AS g FROM forest_areas WHERE kind IN ('forest', 'key_fire_area'))
           SELECT ST_Area(ST_Intersection(sectors.g, forest.g)::geography) / 1e6 AS covered,
                  ST_Area(forest.g::geography) / 1e6 AS area
           FROM sectors, forest`,
          [JSON.stringify(scenario.sectors.features)],
        );
        const postgisPct = (rows[0].covered / rows[0].area) * 100;
        expect(Math.abs(scenario.district.coveredPct - postgisPct) / postgisPct).toBeLessThan(0.005);
        expect(Math.abs(scenario.district.coveredKm2 - rows[0].covered) / rows[0].covered).toBeLessThan(0.005);
      }
    } finally {
      await client.end();
      await api.close();
      await store.close();
    }
  });
});
