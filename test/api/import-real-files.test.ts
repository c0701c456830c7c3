import { readFileSync } from 'node:fs';
import type { Feature, Point, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ImportError, importFile } from '../../server/import/index.ts';
import { allFields, findLayer } from '../../server/layers/registry.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';
import { expectedPositions, metres } from '../unit/import/support.ts';

/**
 * Real bureau files through `POST /import/{layer}` on both backends: a DataV district array in
 * GCJ-02, a GeoPackage and a shapefile with cut names written by GDAL, sheets with traditional and
 * Japanese-style headers, Excel's date-time text, zero coordinates, names with a double hyphen.
 * Bad files are refused naming the file and leave the store as it was; the API names its query
 * parameters where the command line names its flags.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const csv = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'));

const DEMO_AREAS = JSON.parse(readFileSync(new URL('../../data/demo/admin_areas.geojson', import.meta.url), 'utf8'));
const DISTRICT_RING: Position[] = DEMO_AREAS.features.find((f: Feature) => f.properties?.level === 'district').geometry
  .coordinates[0];

const TRADITIONAL = csv(`編號,名稱,地址,經度,緯度,容納人數,類型,是否規範化
TW001,涵江測試廣場,莆田市涵江區測試路1號,119.105,25.47,1200,緊急避難場所,是
TW002,三江口測試公園,莆田市涵江區三江口鎮,119.15,25.43,800,固定避難場所,否
`);

// Laid out as Japan's GSI lists designated shelters: a running number, a common id, hazard flags.
const JAPANESE = csv(`NO,共通ID,施設・場所名,住所,洪水,地震,津波,緯度,経度,収容人数,備考
1,JP-0001,避難テスト公園,莆田市涵江区涵东街道,1,1,,25.48,119.11,800,
2,JP-0002,避難テスト体育館,莆田市涵江区白塘镇,1,,1,25.44,119.13,1500,屋内
`);

const DATES = csv(`名称,隐患类型,经度,纬度,发现日期,挂牌日期,销号日期
测试滑坡点,滑坡,119.02,25.62,2024/3/5 0:00,2024-03-05 00:00:00,2024/03/05
`);

const ZEROS = csv(`编号,名称,经度,纬度
Z1,零点测试甲,119.1,25.46
Z2,零点测试乙,0,25.4
Z3,零点测试丙,,25.4
`);

describe.each(backends())('importing real bureau files on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  async function upload(path: string, body: Buffer) {
    const response = await fetch(served.api.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...staff },
      body: new Uint8Array(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: JSON.parse(text) };
  }

  async function unchanged<T>(work: () => Promise<T>): Promise<T> {
    const before = await storeDigest(served.store);
    const result = await work();
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
    return result;
  }

  async function bySource(layerId: string, source: string) {
    const layer = findLayer(layerId)!;
    const { features } = await served.store.listItems(layer, {
      audience: 'internal',
      filters: [{ field: allFields(layer).find((f) => f.name === 'source')!, values: [source] }],
      limit: 1000,
      offset: 0,
    });
    return features;
  }

  it('takes a DataV district array, converts it from GCJ-02 and stores adcode as the code', async () => {
    const reply = await upload(
      '/import/admin_areas?filename=hanjiang-datav.json&gcj02=true',
      fixture('hanjiang-datav.json'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ format: 'geojson', result: { written: true, created: 1 } });
    const [stored] = await bySource('admin_areas', 'hanjiang-datav.json');
    expect(stored.properties).toMatchObject({
      name: '涵江区',
      code: '350303',
      level: 'district',
      source_crs: 'GCJ-02',
    });
    // The store may turn a ring to face the other way: each vertex is matched with the nearest stored one.
    const ring = (stored.geometry as unknown as { coordinates: Position[][][] }).coordinates[0][0];
    expect(ring).toHaveLength(DISTRICT_RING.length);
    const nearest = (p: Position) => Math.min(...ring.map((q) => metres(p as [number, number], q as [number, number])));
    expect(Math.max(...DISTRICT_RING.map(nearest))).toBeLessThan(2);
  });

  it("warns that a DataV array is GCJ-02 when gcj02 is not given, in the API's words", async () => {
    const reply = await unchanged(() =>
      upload('/import/admin_areas?filename=datav.json&dry_run=true', fixture('hanjiang-datav.json')),
    );
    const warning = reply.body.warnings.find((w: string) => /DataV/.test(w));
    expect(warning).toMatch(/import it with gcj02=true/);
    expect(warning).not.toMatch(/--/);
  });

  it('takes a GeoPackage where GDAL put it, in the CRS it states', async () => {
    const reply = await upload('/import/shelters?filename=shelters-4549.gpkg', fixture('shelters-4549.gpkg'));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ format: 'geopackage', crs: { code: 'EPSG:4549' }, result: { created: 11 } });
    const stored = await bySource('shelters', 'shelters-4549.gpkg');
    const expected = expectedPositions('expected/shelters-4549-gpkg.geojson');
    expect(stored).toHaveLength(11);
    for (const f of stored) {
      const at = (f.geometry as Point).coordinates as [number, number];
      expect(metres(at, expected.get(String(f.properties?.external_id))!)).toBeLessThan(0.1);
    }
    expect(stored.find((f) => f.properties?.external_id === 'BN001')?.properties).toMatchObject({
      name: '涵江区人民公园',
      capacity: 34000,
      source_crs: 'EPSG:4549',
    });
  });

  it("takes GDAL's ten-character shapefile names into their fields", async () => {
    const reply = await upload(
      '/import/shelters?filename=shelters-short-names.zip',
      fixture('shelters-short-names.zip'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.ignoredColumns).toEqual([]);
    const stored = await bySource('shelters', 'shelters-short-names.zip');
    expect(stored.find((f) => f.properties?.external_id === 'BN001')?.properties).toMatchObject({
      effective_area_m2: 68000,
      free_places: 17000,
      contact_person: '许主任',
      standardised: true,
    });
  });

  it.each([
    [
      'traditional-character',
      'traditional.csv',
      TRADITIONAL,
      'TW001',
      { name: '涵江測試廣場', capacity: 1200, kind: 'emergency' },
    ],
    ['Japanese-style', 'gsi-shelters.csv', JAPANESE, 'JP-0002', { name: '避難テスト体育館', capacity: 1500 }],
  ])('folds %s headers onto the known fields', async (_case, name, body, id, expected) => {
    const reply = await upload(`/import/shelters?filename=${name}`, body);
    expect(reply.status).toBe(200);
    expect(reply.body.result).toMatchObject({ written: true, created: 2 });
    const stored = await bySource('shelters', name);
    expect(stored.find((f) => f.properties?.external_id === id)?.properties).toMatchObject(expected);
  });

  it("reads Excel's date-time text as dates", async () => {
    const reply = await upload('/import/hazards?filename=dates.csv', DATES);
    expect(reply.status).toBe(200);
    const [stored] = await bySource('hazards', 'dates.csv');
    expect(stored.properties).toMatchObject({
      kind: 'landslide',
      found_on: '2024-03-05',
      listed_on: '2024-03-05',
      closed_on: '2024-03-05',
    });
  });

  it('treats a zero or empty coordinate as missing: 422 naming the rows, nothing written', async () => {
    const reply = await unchanged(() => upload('/import/shelters?filename=zeros.csv', ZEROS));
    expect(reply.status).toBe(422);
    expect(reply.body['invalid-params']).toEqual([
      { name: 'row 3: 经度/纬度', reason: expect.stringMatching(/经度 is 0/) },
      { name: 'row 4: 经度/纬度', reason: expect.stringMatching(/经度 is empty/) },
    ]);
    expect(reply.body.detail).toMatch(/skip_bad=true/);
  });

  it('writes only the placed row of them when asked to skip the bad ones', async () => {
    const reply = await upload('/import/shelters?filename=zeros.csv&skip_bad=true', ZEROS);
    expect(reply.body.result).toMatchObject({ written: true, created: 1, skipped: 2 });
    const stored = await bySource('shelters', 'zeros.csv');
    expect(stored.map((f) => (f.geometry as Point).coordinates)).toEqual([[119.1, 25.46]]);
  });

  it('accepts names with a double hyphen, stored as written', async () => {
    const body = csv('名称,经度,纬度\n防汛--临时安置点,119.1,25.46\n--备用场地--,119.11,25.47\n');
    const reply = await upload('/import/shelters?filename=dashes.csv', body);
    expect(reply.status).toBe(200);
    const names = (await bySource('shelters', 'dashes.csv')).map((f) => f.properties?.name).sort();
    expect(names).toEqual(['--备用场地--', '防汛--临时安置点']);
  });

  it.each([
    ['a GeoPackage in Xian 1980', 'xian80.gpkg', () => fixture('shelters-xian80.gpkg'), /Xian 1980/],
    ['a GeoPackage cut short', 'cut.gpkg', () => fixture('shelters-4549.gpkg').subarray(0, 20_000), /GeoPackage/],
    ['a .gpkg that is no database', 'fake.gpkg', () => Buffer.from('名称,经度,纬度\n'), /not a GeoPackage/],
    ['a JSON array holding a non-Feature', 'list.json', () => Buffer.from('[{"name":"涵江区"}]'), /item 1/],
  ])('refuses %s with 400 naming the file, and writes nothing', async (_case, name, bytes, reason) => {
    const reply = await unchanged(() => upload(`/import/shelters?filename=${name}`, bytes()));
    expect(reply.status).toBe(400);
    expect(reply.type).toMatch(/application\/problem\+json/);
    expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: expect.stringMatching(reason) }]);
  });

  it('names query parameters to an API user, never flags', async () => {
    const noCoordinates = await unchanged(() =>
      upload('/import/shelters?filename=n.csv', fixture('no-coordinates.csv')),
    );
    expect(noCoordinates.status).toBe(400);
    expect(noCoordinates.body.detail).toMatch(/name them with map, e\.g\. map=东经=lon,北纬=lat/);
    const far = csv('名称,经度,纬度\n远处的广场,121.5,31.2\n');
    const outside = await unchanged(() => upload('/import/shelters?filename=far.csv', far));
    expect(outside.status).toBe(422);
    expect(outside.body['invalid-params'][0].reason).toMatch(/allow it \(allow_outside_district=true\)/);
    expect(JSON.stringify([noCoordinates.body, outside.body])).not.toMatch(/--[a-z]/);
  });

  it('names flags to a command-line user, never query parameters', async () => {
    const error = await unchanged(() =>
      importFile(served.store, fixture('no-coordinates.csv'), {
        filename: 'n.csv',
        layer: 'shelters',
        user: 'cli:test',
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).reason).toMatch(/name them with --map, e\.g\. --map 东经=lon,北纬=lat/);
    const far = csv('名称,经度,纬度\n远处的广场,121.5,31.2\n');
    const report = await importFile(served.store, far, { filename: 'far.csv', layer: 'shelters', user: 'cli:test' });
    expect(report.problems[0].reason).toMatch(/allow it \(--allow-outside-district\)/);
    expect(report.result.reason).toMatch(/\(--skip-bad\)/);
  });
});
