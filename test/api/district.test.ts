import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { distance } from '@turf/turf';
import gcoordModule from 'gcoord';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_DATASET, publishDemoIfUnpublished } from '../../server/demo/load-demo.ts';
import { DistrictRefused, type DistrictReport, profileResolver, setUpDistrict } from '../../server/district/index.ts';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import { currentSheet } from '../../server/publishing/map-sheets.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { backends, embeddedCopy, postgresCopy } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore } from '../support/http.ts';

/**
 * Setting up a bureau's own district from a boundary file. The oracles are independent of the
 * set-up: gcoord's GCJ-02 → WGS 84 conversion of the fixture's vertices (DataV files are GCJ-02),
 * GDAL's ogr2ogr for the shapefile, and the store's digest for every refusal.
 */

type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

const gdal = existsSync('/usr/bin/ogr2ogr');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the shapefile boundary cannot be written.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const fixtures = 'test/fixtures/district';
const fixture = (name: string) => ({ bytes: readFileSync(join(fixtures, name)), filename: name });
const dataV = fixture('pingyang-datav.json');
const townships = fixture('pingyang-townships.geojson');
const dataVRing: Position[] = JSON.parse(dataV.bytes.toString()).at(0).geometry.coordinates[0][0];
const adminAreas = findLayer('admin_areas') as LayerDef;
const shelters = findLayer('shelters') as LayerDef;
const user = 'cli:test';

const bytesOf = (value: unknown) => ({ bytes: Buffer.from(JSON.stringify(value)), filename: 'boundary.json' });
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const area = (geometry: unknown, properties: Record<string, unknown> = { name: '平阳县', code: '330326' }) => ({
  type: 'Feature',
  properties,
  geometry,
});

async function areas(store: Store, level?: string) {
  const { features } = await store.listItems(adminAreas, {
    audience: 'internal',
    filters: [],
    limit: 10_000,
    offset: 0,
  });
  return features.filter((f) => level === undefined || f.properties?.level === level);
}

/** The outer ring of a stored (Multi)Polygon. */
function outerRing(feature: Feature): Position[] {
  const g = feature.geometry as Polygon | MultiPolygon;
  return g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
}

const REFUSALS: Array<[string, Record<string, unknown>, string]> = [
  ['a point, not a polygon', { boundary: bytesOf([area({ type: 'Point', coordinates: [120.5, 27.6] })]) }, 'boundary'],
  [
    'several district polygons',
    {
      boundary: bytesOf({
        type: 'FeatureCollection',
        features: [area(square(120.3, 27.5, 120.5, 27.7)), area(square(120.5, 27.5, 120.7, 27.7))],
      }),
    },
    'boundary',
  ],
  ['an empty file', { boundary: { bytes: Buffer.alloc(0), filename: 'boundary.json' } }, 'boundary'],
  ['an empty array', { boundary: bytesOf([]) }, 'boundary'],
  ['a boundary across the antimeridian', { boundary: bytesOf([area(square(179.5, -17, -179.5, -16))]) }, 'boundary'],
  ['a boundary larger than China', { boundary: bytesOf([area(square(60, 0, 150, 60))]) }, 'boundary'],
  ['a boundary wholly outside China', { boundary: bytesOf([area(square(-47.9, -15.9, -47.7, -15.7))]) }, 'boundary'],
  [
    'a self-intersecting boundary',
    {
      boundary: bytesOf([
        area({
          type: 'Polygon',
          coordinates: [
            [
              [120.3, 27.5],
              [120.7, 27.7],
              [120.7, 27.5],
              [120.3, 27.7],
              [120.3, 27.5],
            ],
          ],
        }),
      ]),
    },
    'boundary',
  ],
  ['a code of five digits given', { boundary: dataV, code: '33032' }, 'code'],
  [
    'a code of seven digits in the file',
    { boundary: bytesOf([area(square(120.3, 27.5, 120.7, 27.7), { name: '平阳县', adcode: 3303261 })]) },
    'code',
  ],
  ['no code at all', { boundary: bytesOf([area(square(120.3, 27.5, 120.7, 27.7), { name: '平阳县' })]) }, 'code'],
  ['no name at all', { boundary: bytesOf([area(square(120.3, 27.5, 120.7, 27.7), { code: '330326' })]) }, 'name'],
  ['a profile no file is for', { boundary: dataV, profile: '999999' }, 'profile'],
  [
    'townships that are points',
    {
      boundary: dataV,
      townships: bytesOf({
        type: 'FeatureCollection',
        features: [area({ type: 'Point', coordinates: [120.5, 27.6] })],
      }),
    },
    'townships',
  ],
];

describe.each(backends())('setting up a district on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  let before: Awaited<ReturnType<typeof storeDigest>>;
  beforeAll(async () => {
    before = await storeDigest(served.store);
  });

  it.each(REFUSALS)('refuses %s and leaves the store as it was', async (_case, given, part) => {
    const refused = await setUpDistrict(served.store, { user, ...given } as never).catch((e) => e);
    expect(refused).toBeInstanceOf(DistrictRefused);
    expect(refused.part).toBe(part);
    expect(refused.reason.zh).toBeTruthy();
    expect(await storeDigest(served.store)).toEqual(before);
    expect(await served.store.getMeta('dataset')).toEqual(DEMO_DATASET);
  });

  it('sets up 平阳县 from a DataV array, converting its GCJ-02 to WGS 84 and saying so', async () => {
    const demoDistrict = (await areas(served.store, 'district'))[0];
    const profile = profileResolver(served.store);
    expect((await profile()).code).toBe('350303');
    const report = await setUpDistrict(served.store, { boundary: dataV, user });
    expect((await profile()).code).toBe('330326');

    const stored = await areas(served.store);
    expect(stored.map((f) => f.properties?.level)).toEqual(['district']);
    expect(stored[0].properties).toMatchObject({ name: '平阳县', code: '330326', source: 'pingyang-datav.json' });
    const ring = outerRing(stored[0]);
    expect(ring).toHaveLength(dataVRing.length);
    ring.forEach((p, i) => {
      const expected = gcoord.transform(dataVRing[i] as [number, number], gcoord.GCJ02, gcoord.WGS84);
      expect(distance(p, expected, { units: 'meters' })).toBeLessThan(0.5);
      // Converted, not stored as GCJ-02: the offset here is several hundred metres.
      expect(distance(p, dataVRing[i], { units: 'meters' })).toBeGreaterThan(100);
    });
    expect(report.files[0]).toMatchObject({ offset: 'GCJ-02', crsGiven: false });
    expect(report.files[0].dataV).toEqual(expect.arrayContaining(['adcode', 'acroutes', 'center', 'centroid']));
    expect(report).toMatchObject({ district: { name: '平阳县', code: '330326' }, replaced: 15, wasDemo: true });
    // data/profiles holds 平阳县's profile: the set-up chose it by the district's code.
    expect(report.profile).toMatchObject({ key: '330326', code: '330326' });
    expect(report.warnings).toEqual([]);

    // No demo admin area is left, even as history says what it was; the dataset is no longer the demo.
    expect(await served.store.getItem(adminAreas, String(demoDistrict.id), 'internal')).toBeUndefined();
    expect((await served.store.history(adminAreas, String(demoDistrict.id))).at(-1)).toMatchObject({
      action: 'delete',
      changed_by: user,
    });
    expect(await served.store.getMeta('dataset')).toEqual({
      demo: false,
      name: '平阳县',
      code: '330326',
      profile: report.profile.key,
    });
    // The demo's other layers stay (without --clear-demo), and their townships went with the demo's.
    expect(report.demo.left.features.shelters).toBe(245);
    expect(report.demo.left.scenarios).toBe(1);
    const demoShelters = await served.store.listItems(shelters, {
      audience: 'public',
      filters: [],
      limit: 5,
      offset: 0,
    });
    expect(demoShelters.numberMatched).toBe(245);
    expect(demoShelters.features.map((f) => f.properties?.township)).toEqual([null, null, null, null, null]);
  });

  it('names the district in the title, the tiles and the map sheet', async () => {
    expect((await served.api.get('/')).body).toMatchObject({
      title: 'OneMap 应急一张图 — 平阳县',
      dataset: { demo: false, name: '平阳县' },
    });
    expect((await served.api.get('/tiles/shelters.json')).body.attribution).toBe('OneMap 应急一张图 — 平阳县');
    const sheet = await currentSheet(served.store, { basemap: 'none' });
    expect(sheet).toMatchObject({ title: '平阳县安全风险四色分布图', source: '平阳县应急管理局', demo: false });
  });

  it('replaces the district when run again, with townships from a second file that features follow', async () => {
    const first = (await areas(served.store, 'district'))[0];
    const [shelterId] = await served.store.insertFeatures(
      shelters,
      [{ geometry: { type: 'Point', coordinates: [120.45, 27.65] }, properties: { name: '昆阳测试避难点' } }],
      { user: 'planner' },
    );
    expect((await served.store.getItem(shelters, shelterId, 'public'))?.properties?.township).toBeNull();

    const villages = bytesOf({
      type: 'FeatureCollection',
      features: [area(square(120.44, 27.62, 120.47, 27.66), { 名称: '城东村', 行政区划代码: '330326100201' })],
    });
    const report = await setUpDistrict(served.store, { boundary: dataV, townships, villages, user });
    expect(report).toMatchObject({ replaced: 1, counts: { district: 1, township: 2, village: 1 }, wasDemo: false });
    expect(report.files[1]).toMatchObject({ filename: townships.filename, columns: { name: 'NAME', code: 'code' } });
    expect(await served.store.getItem(adminAreas, String(first.id), 'internal')).toBeUndefined();
    const stored = await areas(served.store);
    expect(
      stored.map((f) => [f.properties?.level, f.properties?.name, f.properties?.code, f.properties?.township]).sort(),
    ).toEqual([
      ['district', '平阳县', '330326', null],
      ['township', '昆阳镇', '330326100', '昆阳镇'],
      ['township', '鳌江镇', '330326101', '鳌江镇'],
      ['village', '城东村', '330326100201', '昆阳镇'],
    ]);
    expect((await served.store.getItem(shelters, shelterId, 'public'))?.properties?.township).toBe('昆阳镇');
  });

  it.runIf(gdal).each([
    ['a zipped shapefile', 'ESRI Shapefile', 'pingyang.shp.zip', 'shapefile'],
    ['a GeoPackage', 'GPKG', 'pingyang.gpkg', 'geopackage'],
    ['a KML file', 'KML', 'pingyang.kml', 'kml'],
  ])('reads %s boundary that ogr2ogr wrote, GDAL-style names and all', async (_case, driver, name, format) => {
    const dir = mkdtempSync(join(tmpdir(), 'onemap-district-'));
    try {
      const source = area(
        { type: 'Polygon', coordinates: [dataVRing] },
        { NAME: '平阳县', code: '330326', PERIMETER: 12.5 },
      );
      writeFileSync(join(dir, 'pingyang.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [source] }));
      const encoding = driver === 'ESRI Shapefile' ? ['-lco', 'ENCODING=UTF-8'] : [];
      await promisify(execFile)('ogr2ogr', ['-f', driver, join(dir, name), join(dir, 'pingyang.geojson'), ...encoding]);
      const boundary = { bytes: readFileSync(join(dir, name)), filename: name };
      const before = (await areas(served.store)).length;
      const report = await setUpDistrict(served.store, { boundary, user });
      expect(report.files[0]).toMatchObject({ format, offset: undefined, dataV: [] });
      expect(report).toMatchObject({ replaced: before, district: { name: '平阳县', code: '330326' } });
      const [district] = await areas(served.store);
      expect(district.properties).toMatchObject({ level: 'district', name: '平阳县', code: '330326' });
      // Shapefiles wind outer rings clockwise: compare the positions, whichever way round.
      const ring = outerRing(district);
      const key = (p: Position) => p.map((v) => v.toFixed(7)).join(',');
      expect(new Set(ring.map(key))).toEqual(new Set(dataVRing.map(key)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("moves the analyses onto the profile the district's set-up names, and back", async () => {
    const hanjiang = JSON.parse(readFileSync('data/profiles/hanjiang.json', 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'onemap-profile-'));
    const path = join(dir, 'pingyang.json');
    const own = {
      ...hanjiang,
      id: 'pingyang-test',
      name: { zh: '平阳县', en: 'Pingyang' },
      code: '330326',
      demo: false,
    };
    own.targets = { ...hanjiang.targets, broadcast_coverage: { ...hanjiang.targets.broadcast_coverage, value: 97 } };
    writeFileSync(path, JSON.stringify(own));
    const broadcastTarget = async () => {
      const { body } = await served.api.get('/analysis/scorecard');
      return body.rows.find((r: any) => r.id === 'broadcast_coverage' && r.scope.level === 'district')?.target;
    };
    try {
      const report = await setUpDistrict(served.store, { boundary: dataV, townships, profile: path, user });
      expect(report.profile).toMatchObject({ key: path, id: 'pingyang-test', code: '330326' });
      expect(report.warnings).toEqual([]);
      expect(await broadcastTarget()).toBe(97);
      const back = await setUpDistrict(served.store, { boundary: dataV, townships, profile: '350303', user });
      expect(back.warnings.map((w) => w.en)).toEqual([expect.stringMatching(/not this district's/)]);
      expect(await broadcastTarget()).toBe(hanjiang.targets.broadcast_coverage.value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backends())('--clear-demo on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  it("removes the demo's features, scenario and publication, and nothing anyone has changed or made", async () => {
    const store = served.store;
    expect(await publishDemoIfUnpublished(store)).toBe(1);
    const page = await store.listItems(shelters, { audience: 'internal', filters: [], limit: 1, offset: 0 });
    const edited = page.features[0];
    await store.replaceFeature(
      shelters,
      String(edited.id),
      { geometry: edited.geometry, properties: { ...edited.properties, name: '人民公园(区局已核实)' } },
      1,
      { user: 'planner' },
    );
    const [own] = await store.insertFeatures(
      shelters,
      [
        {
          geometry: { type: 'Point', coordinates: [120.5, 27.65] },
          properties: { name: '平阳县体育馆', source: '区局' },
        },
      ],
      { user: 'planner' },
    );
    const planners = await store.scenarios.create({ title: '区局方案', note: '', proposals: {} }, { user: 'planner' });

    // Without --clear-demo the demo's publication stays in force, and the report warns of it.
    const kept = await setUpDistrict(store, { boundary: dataV, user });
    expect(kept.demo.left).toMatchObject({ scenarios: 1, publications: [1] });
    expect(kept.warnings.map((w) => w.en)).toContainEqual(expect.stringMatching(/public map still shows/));
    expect((await store.publications.latest())?.version).toBe(1);

    const report: DistrictReport = await setUpDistrict(store, { boundary: dataV, clearDemo: true, user });
    expect(report.demo.cleared).toMatchObject({
      features: { shelters: 244, depots: expect.any(Number), risk_zones: 25, population: 250 },
      scenarios: 1,
      publications: [1],
    });
    expect(report.demo.left).toEqual({ features: { shelters: 1 }, scenarios: 0, publications: [] });

    const left = await store.listItems(shelters, { audience: 'internal', filters: [], limit: 10, offset: 0 });
    expect(left.features.map((f) => f.id).sort()).toEqual([String(edited.id), own].sort());
    for (const id of ['depots', 'risk_zones', 'population', 'hazards']) {
      expect((await store.summarize(findLayer(id) as LayerDef)).count).toBe(0);
    }
    expect((await store.scenarios.list()).map((s) => s.id)).toEqual([planners.id]);
    expect(await store.publications.latest()).toBeUndefined();
    expect((await store.publications.get(1))?.withdrawn_by).toBe(user);
  });
});

describe.each(backends())('npm run district on the $name backend', (backend) => {
  // The command opens the store in its own process: on the embedded backend, a copy no one else holds open.
  // Opening PostGIS in WebAssembly takes tens of seconds on a busy machine, hence the longer timeouts.
  let env: NodeJS.ProcessEnv;
  let open: () => Promise<Store>;
  let dir: string | undefined;
  beforeAll(async () => {
    if (backend.name === 'embedded') {
      const data = embeddedCopy();
      dir = data;
      env = { ...process.env, ONEMAP_DATA_DIR: data, DATABASE_URL: '' };
      open = () => openStore({ dataDir: data });
    } else {
      const url = await postgresCopy(inject('postgresAdminUrl') as string);
      env = { ...process.env, DATABASE_URL: url };
      open = () => openStore({ databaseUrl: url, dataDir: '' });
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sets up the district and prints the report in Chinese and English', async () => {
    const args = [join(fixtures, dataV.filename), '--townships', join(fixtures, townships.filename)];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/district.ts', ...args, '--name', '平阳县'],
      { env, encoding: 'utf8' },
    );
    expect(stdout).toContain('已设置区县:平阳县(330326)');
    expect(stdout).toContain('坐标已从 GCJ-02 转换为 WGS 84');
    expect(stdout).toContain('its GCJ-02 coordinates were converted to WGS 84');
    expect(stdout).toContain("The demo's other data stays");
    const store = await open();
    try {
      expect(await store.getMeta('dataset')).toMatchObject({ demo: false, name: '平阳县', code: '330326' });
      expect((await areas(store)).length).toBe(3);
      const { entries } = await store.securityLog.list({ events: ['import'], limit: 5, offset: 0 });
      expect(entries[0]).toMatchObject({
        username: `cli:${userInfo().username}`,
        client: null,
        details: { layer: 'admin_areas', district: { code: '330326' }, replaced: { areas: 15 } },
      });
    } finally {
      await store.close();
    }
  }, 240_000);

  it('refuses a bad code with status 1, naming it', async () => {
    const refused = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/district.ts', join(fixtures, dataV.filename), '--code', '3303'],
      { env, encoding: 'utf8' },
    ).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(code)');
    expect(refused.stderr).toContain('不是六位数字');
  }, 240_000);
});
