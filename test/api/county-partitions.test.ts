/**
 * Many counties in one database (migration 018): two counties' APIs on the demo's database write and
 * read the same layers kept per county and never see each other's features — items, one item, counts,
 * history, the around analysis, tiles (density cells included); a province view reads across them,
 * counted per county, and writes to none; a county's statements scan its own partition alone
 * (PostgreSQL's own plan, on the server backend).
 */
import { readFileSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import type { Feature, Point } from 'geojson';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setUpDistrict } from '../../server/district/index.ts';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import type { CountyScope } from '../../server/store/county.ts';
import type { Db, Queryable } from '../../server/store/db.ts';
import { openPostgres } from '../../server/store/postgres.ts';
import { createSqlStore } from '../../server/store/sql-store.ts';
import type { Store } from '../../server/store/store.ts';
import { tileAt } from '../../server/tiles/rules.ts';
import { backends, postgresCopy } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

const HANJIANG = '350303';
const XIANYOU = '350322';
const PINGYANG = '330326';
const SPOT = [119.05, 25.55];
const hazards = findLayer('hazards') as LayerDef;
const enterpriseRisks = findLayer('enterprise_risks') as LayerDef;
const riskZones = findLayer('risk_zones') as LayerDef;

// A cluster of enterprise risk points in one z12 tile, more than a tile holds: drawn as density.
const CLUSTER_AT = [118.98, 25.7];
const CLUSTER = Array.from({ length: 4500 }, (_, i) => ({
  type: 'Feature' as const,
  geometry: {
    type: 'Point' as const,
    coordinates: [CLUSTER_AT[0] + (i % 75) * 0.0002, CLUSTER_AT[1] + Math.floor(i / 75) * 0.0002],
  },
  properties: { name: `风险点${i}`, method: 'LEC', l: 1, e: 1, c: 1, score: 1, level: 4 },
}));

const hazardAt = (name: string, [lon, lat]: number[], extra: Record<string, unknown> = {}): Feature<Point> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { name, kind: 'landslide', stage: 'found', ...extra },
});

describe.each(backends())('counties sharing one $name database', (backend) => {
  let store: Store;
  const api = {} as Record<'hanjiang' | 'xianyou' | 'city' | 'everywhere', TestServer>;
  const scopes: Record<keyof typeof api, CountyScope> = {
    hanjiang: { kind: 'county', code: HANJIANG },
    xianyou: { kind: 'county', code: XIANYOU },
    city: { kind: 'province', prefix: '3503' },
    everywhere: { kind: 'province', prefix: '' },
  };
  let demoHazards: number;
  let xianyouHazard: string;

  beforeAll(async () => {
    store = await backend.open();
    // Written before any API serves: on the embedded backend a long write holds the event loop, and a
    // keep-alive connection left idle through it can be reset just as the next request takes it.
    await store.inCounty(scopes.xianyou).insertFeatures(enterpriseRisks, CLUSTER, { user: 'test' });
    for (const [name, scope] of Object.entries(scopes)) {
      api[name as keyof typeof api] = await serve(store.inCounty(scope));
    }
    demoHazards = (await store.summarize(hazards)).count;
    const created = await writer(api.xianyou.url)('POST', '/collections/hazards/items', hazardAt('仙游隐患点', SPOT));
    expect(created.status).toBe(201);
    xianyouHazard = created.body.id;
  });
  afterAll(async () => {
    for (const server of Object.values(api)) await server?.close();
    await store?.close();
  });

  const count = async (server: TestServer, layer = 'hazards') =>
    (await server.get(`/collections/${layer}`, staff)).body.featureCount as number;

  it('gives each county its own features: items, one item, counts and history', async () => {
    expect(demoHazards).toBeGreaterThan(10);
    const own = (await api.xianyou.get('/collections/hazards/items?limit=1000', staff)).body;
    expect(own.numberMatched).toBe(1);
    expect(own.features.map((f: Feature) => f.id)).toEqual([xianyouHazard]);
    const other = (await api.hanjiang.get('/collections/hazards/items?limit=1000', staff)).body;
    expect(other.numberMatched).toBe(demoHazards);
    expect(other.features.map((f: Feature) => f.id)).not.toContain(xianyouHazard);
    expect(await count(api.hanjiang)).toBe(demoHazards);
    expect(await count(api.xianyou)).toBe(1);
    expect((await api.hanjiang.get(`/collections/hazards/items/${xianyouHazard}`, staff)).status).toBe(404);
    expect((await api.hanjiang.get(`/collections/hazards/items/${xianyouHazard}/history`, staff)).status).toBe(404);
    const history = await api.xianyou.get(`/collections/hazards/items/${xianyouHazard}/history`, staff);
    expect(history.status).toBe(200);
    expect(history.body.entries).toHaveLength(1);
    // The database's one district (the demo's, 350303) is 涵江: it reads what 涵江's API reads.
    expect((await store.summarize(hazards)).count).toBe(demoHazards);
  });

  it("refuses to change or delete another county's feature, which stays as it was", async () => {
    const send = writer(api.hanjiang.url);
    const put = await send('PUT', `/collections/hazards/items/${xianyouHazard}`, hazardAt('改名', SPOT), {
      'if-match': '"1"',
    });
    expect(put.status).toBe(404);
    expect(
      (await send('DELETE', `/collections/hazards/items/${xianyouHazard}`, undefined, { 'if-match': '"1"' })).status,
    ).toBe(404);
    const mine = (await api.xianyou.get(`/collections/hazards/items/${xianyouHazard}`, staff)).body;
    expect(mine.properties).toMatchObject({ name: '仙游隐患点', revision: 1 });
  });

  it('keys a source and external id per county: the same pair is a new feature in another county', async () => {
    const [demo] = (await api.hanjiang.get('/collections/hazards/items?limit=1', staff)).body.features;
    const key = { source: demo.properties.source, external_id: demo.properties.external_id };
    const again = hazardAt('同一编号', SPOT, key);
    expect((await writer(api.hanjiang.url)('POST', '/collections/hazards/items', again)).status).toBe(409);
    const elsewhere = await writer(api.xianyou.url)('POST', '/collections/hazards/items', again);
    expect(elsewhere.status).toBe(201);
    expect(await count(api.xianyou)).toBe(2);
    expect(await count(api.hanjiang)).toBe(demoHazards);
    await writer(api.xianyou.url)('DELETE', `/collections/hazards/items/${elsewhere.body.id}`, undefined, {
      'if-match': '"1"',
    });
  });

  it('analyses a county on its own features alone', async () => {
    const around = async (server: TestServer) => {
      const reply = await writer(server.url)(
        'POST',
        '/analysis/around',
        { at: SPOT, radius_km: 0.05 },
        {
          'content-type': 'application/json',
        },
      );
      expect(reply.status).toBe(200);
      return (reply.body.groups.risks.hazards?.items ?? []).map((i: { feature: Feature }) => i.feature.id);
    };
    expect(await around(api.xianyou)).toEqual([xianyouHazard]);
    expect(await around(api.hanjiang)).not.toContain(xianyouHazard);
  });

  it('reads a large layer near a place within the county alone: KNN, within a distance and the counts', async () => {
    const near = async (scope: CountyScope) => {
      const county = store.inCounty(scope);
      const knn = await county.nearestCandidates(hazards, SPOT, { limit: 5, planned: 'include' });
      const within = await county.withinDistance(hazards, SPOT, 50, {
        nearest: 5,
        groupBy: [],
        sums: [],
        planned: 'include',
      });
      return {
        knn: knn.map((c) => c.feature.id),
        within: within.near.map((f) => f.id),
        inside: within.inside.reduce((n, g) => n + g.count, 0) + within.edge.length,
        counted: await county.countUpTo(hazards, 1e6),
      };
    };
    const xianyou = await near(scopes.xianyou);
    expect(xianyou).toEqual({ knn: [xianyouHazard], within: [xianyouHazard], inside: 1, counted: 1 });
    const hanjiang = await near(scopes.hanjiang);
    expect(hanjiang.knn).not.toContain(xianyouHazard);
    expect(hanjiang.within).not.toContain(xianyouHazard);
    expect(hanjiang.counted).toBe(demoHazards);
  });

  it('counts a large layer by the levels of the county’s own risk zones alone', async () => {
    const levels = async (scope: CountyScope) =>
      (await store.inCounty(scope).zoneLevels(hazards, riskZones, { groupBy: ['kind'], sums: [] })).inside
        .map((g) => [g.properties.level, g.properties.kind, g.count])
        .sort();
    const hanjiang = await levels(scopes.hanjiang);
    expect(hanjiang.length).toBeGreaterThan(0);
    expect(await levels(scopes.xianyou)).toEqual([]);
    const [w, s] = [SPOT[0] - 0.001, SPOT[1] - 0.001];
    const [e, n] = [SPOT[0] + 0.001, SPOT[1] + 0.001];
    const square = [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ];
    await store.inCounty(scopes.xianyou).insertFeatures(
      riskZones,
      [
        {
          geometry: { type: 'Polygon', coordinates: [square] },
          properties: { name: '仙游风险区', level: 2 },
        },
      ],
      { user: 'test' },
    );
    expect(await levels(scopes.xianyou)).toEqual([[2, 'landslide', 1]]);
    expect(await levels(scopes.hanjiang)).toEqual(hanjiang);
  });

  it('reads across the counties of a province view, counted per county, and no further than its prefix', async () => {
    await store
      .inCounty({ kind: 'county', code: PINGYANG })
      .insertFeatures(hazards, [hazardAt('平阳隐患点', SPOT)], { user: 'test' });
    const city = (await api.city.get('/collections/hazards/counties')).body;
    expect(city.counties.map((c: { code: string; count: number }) => [c.code, c.count])).toEqual([
      [HANJIANG, demoHazards],
      [XIANYOU, 1],
    ]);
    expect(await count(api.city)).toBe(demoHazards + 1);
    const all = (await api.everywhere.get('/collections/hazards/counties')).body;
    expect(all.counties.map((c: { code: string }) => c.code)).toEqual([PINGYANG, HANJIANG, XIANYOU]);
    expect(await count(api.everywhere)).toBe(demoHazards + 2);
    expect((await api.everywhere.get(`/collections/hazards/items/${xianyouHazard}`, staff)).status).toBe(200);
    // A county sees its own row alone; a layer kept whole has no counties.
    expect((await api.xianyou.get('/collections/hazards/counties')).body.counties).toEqual([
      { code: XIANYOU, count: 1, extent: [SPOT[0], SPOT[1], SPOT[0], SPOT[1]] },
    ]);
    expect((await api.city.get('/collections/shelters/counties')).status).toBe(404);
  });

  it.each([
    ['zh-CN', /省级视图/],
    ['en', /province view \(ONEMAP_COUNTY=3503\) writes to no county/],
  ])('refuses a write in a province view with 409 naming county_code (%s), writing nothing', async (lang, said) => {
    const before = await count(api.everywhere);
    const reply = await writer(api.city.url)('POST', '/collections/hazards/items', hazardAt('省里写的', SPOT), {
      'accept-language': lang,
    });
    expect(reply.status).toBe(409);
    expect(reply.body['invalid-params'][0].name).toBe('county_code');
    expect(reply.body['invalid-params'][0].reason).toMatch(said);
    expect(await count(api.everywhere)).toBe(before);
    const edit = await writer(api.city.url)('PUT', `/collections/hazards/items/${xianyouHazard}`, hazardAt('x', SPOT), {
      'if-match': '"1"',
    });
    expect(edit.status).toBe(409);
  });

  it("draws each county's tiles from its own points, the density cells of a full tile included", async () => {
    const [lon, lat] = CLUSTER_AT;
    const address = tileAt([lon, lat], 12);
    expect(tileAt([lon + 0.015, lat + 0.012], 12)).toEqual(address);
    const tile = async (server: TestServer) => {
      const response = await fetch(`${server.url}/tiles/enterprise_risks/${address.z}/${address.x}/${address.y}.mvt`, {
        headers: staff,
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const layer = response.status === 200 ? new VectorTile(new PbfReader(bytes)).layers.enterprise_risks : undefined;
      return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i).properties ?? {});
    };
    const xianyou = await tile(api.xianyou);
    expect(xianyou.reduce((sum, p) => sum + Number(p.count ?? 0), 0)).toBe(4500);
    const hanjiang = await tile(api.hanjiang);
    expect(hanjiang.every((p) => p.count === undefined)).toBe(true);
    expect(hanjiang.length).toBeLessThan(100);
  });
});

describe.each(backends())('a database of one district on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  it('moves its county layers to the new code when another district is set up, their history too', async () => {
    const demo = await store.summarize(hazards);
    const [first] = (await store.listItems(hazards, { audience: 'internal', filters: [], limit: 1, offset: 0 }))
      .features;
    const all = store.inCounty({ kind: 'province', prefix: '' });
    expect((await all.summarizeByCounty(hazards)).map((c) => [c.code, c.count])).toEqual([[HANJIANG, demo.count]]);
    const boundary = { bytes: readFileSync('test/fixtures/district/pingyang-datav.json'), filename: 'pingyang.json' };
    await setUpDistrict(store, { boundary, user: 'cli:test' });
    expect((await all.summarizeByCounty(hazards)).map((c) => [c.code, c.count])).toEqual([[PINGYANG, demo.count]]);
    expect(await store.summarize(hazards)).toEqual(demo);
    expect((await store.inCounty({ kind: 'county', code: HANJIANG }).summarize(hazards)).count).toBe(0);
    expect(await store.history(hazards, String(first.id))).toHaveLength(1);
    // A feature written now carries the new code.
    await store.insertFeatures(hazards, [hazardAt('平阳新隐患', [120.5, 27.65])], { user: 'planner' });
    expect((await store.inCounty({ kind: 'county', code: PINGYANG }).summarize(hazards)).count).toBe(demo.count + 1);
  });
});

const adminUrl = inject('postgresAdminUrl');

describe.runIf(adminUrl)('a county’s statements on the server backend', () => {
  let raw: Db;
  let statements: Array<{ sql: string; params: unknown[] }> = [];
  /** Every statement sent through `q`, kept to be explained. */
  const recorded = (q: Queryable): Queryable => ({
    query<Row>(sql: string, params: unknown[] = []) {
      statements.push({ sql, params });
      return q.query<Row>(sql, params);
    },
    exec: (sql: string) => q.exec(sql),
  });
  const scoped = (county: CountyScope) =>
    createSqlStore(
      { ...raw, ...recorded(raw), transaction: (work) => raw.transaction((tx) => work(recorded(tx))) },
      county,
    );

  beforeAll(async () => {
    raw = await openPostgres(await postgresCopy(adminUrl as string));
    const [{ oid }] = await raw.query<{ oid: number }>(`SELECT 'geometry'::regtype::oid AS oid`);
    raw.useGeometryParser(Number(oid));
    await scoped({ kind: 'county', code: XIANYOU }).insertFeatures(hazards, [hazardAt('仙游', SPOT)], { user: 't' });
  });
  afterAll(() => raw?.close());

  /** The tables PostgreSQL's plan of each statement scans, by name. */
  async function scanned(work: (store: Store) => Promise<unknown>, county: CountyScope): Promise<string[]> {
    statements = [];
    await work(scoped(county));
    const names = new Set<string>();
    const walk = (node: Record<string, unknown>) => {
      if (typeof node['Relation Name'] === 'string') names.add(node['Relation Name']);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    for (const { sql, params } of statements) {
      const [row] = await raw.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      );
      walk(row['QUERY PLAN'][0].Plan);
    }
    return [...names].filter((name) => name.startsWith('hazards')).sort();
  }

  const reads: Array<[string, (store: Store) => Promise<unknown>]> = [
    [
      'a page of items in a box',
      (s) =>
        s.listItems(hazards, { audience: 'internal', bbox: [118, 25, 120, 26], filters: [], limit: 10, offset: 0 }),
    ],
    ['the layer’s count and extent', (s) => s.summarize(hazards)],
    ['one feature', (s) => s.getItem(hazards, '00000000-0000-4000-8000-000000000000', 'internal')],
    ['a tile', (s) => s.tile(hazards, tileAt(SPOT, 10), 'internal')],
    ['the counts by zone level', (s) => s.zoneLevels(hazards, riskZones, { groupBy: ['kind'], sums: [] })],
  ];

  it.each(reads)('scans the county’s partition alone for %s', async (_what, work) => {
    expect(await scanned(work, { kind: 'county', code: HANJIANG })).toEqual([`hazards_${HANJIANG}`]);
    expect(await scanned(work, { kind: 'county', code: XIANYOU })).toEqual([`hazards_${XIANYOU}`]);
    // Every county at once reads every partition, the DEFAULT too.
    expect(await scanned(work, { kind: 'province', prefix: '' })).toEqual([
      `hazards_${HANJIANG}`,
      `hazards_${XIANYOU}`,
      'hazards_default',
    ]);
  });
});
