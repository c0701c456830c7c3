import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET } from '../../server/demo/load-demo.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore } from '../support/http.ts';

/**
 * `POST /district` and `GET /district`: the set-up of test/api/district.test.ts, through an HTML
 * form. The oracles: the store's digest and dataset for every refusal and the dry run, the
 * profiles' own files for the scorecard's targets, the security audit for who set up what.
 */

const fixtures = 'test/fixtures/district';
const file = (name: string) => ({ bytes: readFileSync(join(fixtures, name)), filename: name });
const dataV = file('pingyang-datav.json');
const townships = file('pingyang-townships.geojson');
const pingyang = JSON.parse(readFileSync('data/profiles/pingyang.json', 'utf8'));
const hanjiang = JSON.parse(readFileSync('data/profiles/hanjiang.json', 'utf8'));

type Part = string | { bytes: Buffer; filename: string };
const json = (value: unknown, filename = 'boundary.json') => ({ bytes: Buffer.from(JSON.stringify(value)), filename });
const square = (x0: number, y0: number, x1: number, y1: number) => ({
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
const feature = (geometry: unknown) => ({ type: 'Feature', properties: { name: '平阳县', code: '330326' }, geometry });

function form(parts: Record<string, Part | Part[]>): FormData {
  const data = new FormData();
  for (const [name, values] of Object.entries(parts)) {
    for (const value of Array.isArray(values) ? values : [values]) {
      if (typeof value === 'string') data.append(name, value);
      else data.append(name, new Blob([new Uint8Array(value.bytes)]), value.filename);
    }
  }
  return data;
}

const HOSTILE: Array<[string, Record<string, Part | Part[]>, string, number]> = [
  [
    'a point, not a polygon',
    { boundary: json([feature({ type: 'Point', coordinates: [120.5, 27.6] })]) },
    'boundary',
    400,
  ],
  ['a boundary far outside China', { boundary: json([feature(square(-47.9, -15.9, -47.7, -15.7))]) }, 'boundary', 400],
  [
    'a file of 50 MB',
    { boundary: { bytes: Buffer.alloc(50 * 1024 * 1024, 0x20), filename: 'big.json' } },
    'boundary',
    413,
  ],
  [
    'GBK garbage',
    { boundary: { bytes: iconv.encode('区县边界,不是文件\u0000\u0001乱码'.repeat(50), 'gbk'), filename: '边界.json' } },
    'boundary',
    400,
  ],
  [
    'townships that are lines',
    {
      boundary: dataV,
      townships: json({
        type: 'LineString',
        coordinates: [
          [120.4, 27.6],
          [120.5, 27.7],
        ],
      }),
    },
    'townships',
    400,
  ],
  ['a code of four digits', { boundary: dataV, code: '3303' }, 'code', 400],
  ['a profile named by a path', { boundary: dataV, profile: '/etc/passwd' }, 'profile', 400],
  ['a profile no file is for', { boundary: dataV, profile: '999999' }, 'profile', 400],
  ['a coordinate system it does not know', { boundary: dataV, crs: 'utm50' }, 'crs', 400],
  ['a coordinate system named after an object’s own property', { boundary: dataV, crs: 'constructor' }, 'crs', 400],
  ['clear_demo that is not true or false', { boundary: dataV, clear_demo: 'yes' }, 'clear_demo', 400],
  ['the boundary sent twice', { boundary: [dataV, dataV] }, 'boundary', 400],
  ['the boundary sent as text', { boundary: 'not a file' }, 'boundary', 400],
  ['no boundary at all', { name: '平阳县' }, 'boundary', 400],
  ['a field a set-up does not have', { boundary: dataV, level: 'district' }, 'level', 400],
];

describe.each(backends())('POST /district and GET /district on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  let before: Awaited<ReturnType<typeof storeDigest>>;
  let auditBefore: number;
  const post = (parts: Record<string, Part | Part[]>, headers: Record<string, string> = as('admin'), query = '') =>
    fetch(`${served.api.url}/district${query}`, { method: 'POST', headers, body: form(parts) });
  const imports = async () =>
    (await served.api.get('/audit/security?event=import', as('admin'))).body as {
      entries: any[];
      numberMatched: number;
    };
  const target = (body: any, id: string) =>
    body.rows.find((r: any) => r.id === id && r.scope.level === 'district')?.target;

  beforeAll(async () => {
    before = await storeDigest(served.store);
    auditBefore = (await imports()).numberMatched;
  });

  it('says the store holds the demo, under the demo district’s profile, listing the five profiles', async () => {
    const { status, body } = await served.api.get('/district');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      district: { name: '涵江区', code: null },
      demo: true,
      setUp: false,
      profile: { code: '350303' },
      profileFixed: false,
    });
    expect(body.district.extent).toHaveLength(4);
    expect(body.profiles.map((p: any) => p.code).sort()).toEqual(['220202', '330326', '350105', '350303', '440203']);
  });

  it.each([
    ['anyone not signed in', {}, 401],
    ['a planner', as('planner'), 403],
    ['a publisher', as('publisher'), 403],
  ])('refuses %s', async (_who, headers, status) => {
    const response = await post({ boundary: dataV }, headers);
    expect(response.status).toBe(status);
    expect(await storeDigest(served.store)).toEqual(before);
  });

  it.each(HOSTILE)('refuses %s naming the field, the store unchanged', async (_case, parts, field, status) => {
    const response = await post(parts);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = await response.json();
    expect(problem['invalid-params'].map((p: any) => p.name)).toEqual([field]);
    expect(await storeDigest(served.store)).toEqual(before);
    expect(await served.store.getMeta('dataset')).toEqual(DEMO_DATASET);
  });

  it('refuses a body that is not a form, naming the body', async () => {
    const response = await fetch(`${served.api.url}/district`, {
      method: 'POST',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      body: '{"boundary": "330326.json"}',
    });
    expect(response.status).toBe(415);
    expect((await response.json())['invalid-params']).toEqual([{ name: 'body', reason: expect.any(String) }]);
  });

  it.each([
    ['zh-CN', /区划代码 3303 不是六位数字/],
    ['en', /the code 3303 is not six digits/],
  ])('words a refusal for a reader of %s', async (language, reason) => {
    const response = await post({ boundary: dataV, code: '3303' }, { ...as('admin'), 'accept-language': language });
    expect((await response.json())['invalid-params']).toEqual([
      { name: 'code', reason: expect.stringMatching(reason) },
    ]);
  });

  it('names the form’s fields, not the command’s flags, in what it says', async () => {
    const noCode = json([
      { type: 'Feature', properties: { name: '平阳县' }, geometry: square(120.3, 27.5, 120.7, 27.7) },
    ]);
    const response = await post({ boundary: noCode }, { ...as('admin'), 'accept-language': 'en' });
    const [param] = (await response.json())['invalid-params'];
    expect(param.name).toBe('code');
    expect(param.reason).toContain('(code)');
    expect(param.reason).not.toContain('--');
  });

  it('answers a dry run with what it would do and writes nothing', async () => {
    const response = await post({ boundary: dataV, townships }, as('admin'), '?dry_run=true');
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({
      dryRun: true,
      district: { name: '平阳县', code: '330326', geometry: { type: 'MultiPolygon' } },
      counts: { district: 1, township: 2, village: 0 },
      replaced: 15,
      previous: { name: '涵江区', demo: true },
      profile: { code: '330326' },
      files: [{ offset: 'GCJ-02', crsGiven: false }, { filename: townships.filename }],
    });
    expect(report.district.extent[0]).toBeGreaterThan(120.2);
    expect(report.district.extent[2]).toBeLessThan(120.9);
    expect(await storeDigest(served.store)).toEqual(before);
    expect(await served.store.getMeta('dataset')).toEqual(DEMO_DATASET);
    expect((await imports()).numberMatched).toBe(auditBefore);
    expect((await served.api.get('/district')).body).toMatchObject({ demo: true, profile: { code: '350303' } });
  });

  it('sets up 平阳县: the title, the district, its profile and the scorecard’s targets follow, and the audit says who', async () => {
    const scorecardBefore = (await served.api.get('/analysis/scorecard')).body;
    expect(target(scorecardBefore, 'broadcast_coverage')).toBe(hanjiang.targets.broadcast_coverage.value);

    const response = await post({ boundary: dataV, townships, crs: 'auto', clear_demo: 'false' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ dryRun: false, replaced: 15, district: { name: '平阳县' } });

    const { body } = await served.api.get('/district');
    expect(body).toMatchObject({
      district: { name: '平阳县', code: '330326' },
      demo: false,
      setUp: true,
      profile: { code: '330326', name: { zh: pingyang.name.zh } },
    });
    expect(body.district.extent[0]).toBeGreaterThan(120.2);
    expect((await served.api.get('/')).body.title).toBe('OneMap 应急一张图 — 平阳县');
    const scorecard = (await served.api.get('/analysis/scorecard')).body;
    expect(target(scorecard, 'broadcast_coverage')).toBe(pingyang.targets.broadcast_coverage.value);
    expect(target(scorecard, 'weather_station_density')).toBe(pingyang.targets.weather_station_density.value);

    const { entries, numberMatched } = await imports();
    expect(numberMatched).toBe(auditBefore + 1);
    expect(entries[0]).toMatchObject({
      event: 'import',
      username: 'admin',
      details: {
        layer: 'admin_areas',
        file: `${dataV.filename}, ${townships.filename}`,
        created: 3,
        district: { name: '平阳县', code: '330326' },
        replaced: { district: { name: '涵江区', demo: true }, areas: 15 },
        profile: '330326',
      },
    });
    const sheet = (await served.api.get('/audit/security.csv?event=import', as('admin'))).body as string;
    expect(sheet).toContain('设置区县：平阳县（330326），替换原区县 涵江区（演示数据） 及其 15 个行政区划');
  });
});
