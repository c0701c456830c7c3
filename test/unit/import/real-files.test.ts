import { readFileSync } from 'node:fs';
import type { Point, Position } from 'geojson';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../server/import/errors.ts';
import { resolveMapping } from '../../../server/import/map/mapping.ts';
import { convertValue } from '../../../server/import/map/values.ts';
import { option, spell } from '../../../server/import/options.ts';
import { type ParseRequest, parseFile } from '../../../server/import/parse.ts';
import { allFields, findLayer } from '../../../server/layers/registry.ts';
import { DISTRICT, expectedPositions, fixture, inEnglish, metres } from './support.ts';

/**
 * Files as bureaus are handed them, read without a store: DataV's bare arrays, GeoPackages written
 * by GDAL, traditional and Japanese headers, GDAL's ten-character shapefile names, Excel's
 * date-time text, zero coordinates; and the options named as the door the import came by names them.
 */

const parse = (name: string, layer = 'shelters', more: Partial<ParseRequest> = {}, bytes: Buffer = fixture(name)) =>
  parseFile(bytes, { file: name, layer, defaults: {}, explicit: {}, district: DISTRICT, ...more });

async function refusal(work: Promise<unknown>): Promise<ImportError> {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('a bare JSON array of Features (DataV)', () => {
  it('is read as features, with adcode as the code and a warning that DataV is GCJ-02', async () => {
    const parsed = await parse('hanjiang-datav.json', 'admin_areas');
    expect(parsed.format).toBe('geojson');
    expect(parsed.candidates).toHaveLength(1);
    expect(parsed.candidates[0].properties).toMatchObject({ name: '涵江区', code: '350303', level: 'district' });
    expect(parsed.candidates[0].problems).toEqual([]);
    expect(inEnglish(parsed.warnings).join('\n')).toMatch(/adcode and acroutes are DataV's.*GCJ-02/);
  });

  it('converted from GCJ-02 lies within 2 m of the boundary it was made from', async () => {
    const parsed = await parse('hanjiang-datav.json', 'admin_areas', { offset: 'gcj02' });
    expect(parsed.warnings).toEqual([]);
    const truth = JSON.parse(readFileSync(new URL('../../../data/demo/admin_areas.geojson', import.meta.url), 'utf8'));
    const ring = truth.features.find((f: { properties: { level: string } }) => f.properties.level === 'district')
      .geometry.coordinates[0] as Position[];
    const stored = (parsed.candidates[0].geometry as unknown as { coordinates: Position[][][] }).coordinates[0][0];
    expect(stored).toHaveLength(ring.length);
    const worst = Math.max(...ring.map((p, i) => metres(p as [number, number], stored[i] as [number, number])));
    expect(worst).toBeLessThan(2);
  });

  it.each([
    ['an item that is not a Feature', '[{"type":"Feature","geometry":null,"properties":{}},{"name":"x"}]', /item 2/],
    ['an array of arrays', '[ [1, 2] ]', /item 1 is not a GeoJSON Feature/],
  ])('refuses %s, naming the file', async (_case, text, reason) => {
    const error = await refusal(parse('districts.json', 'admin_areas', {}, Buffer.from(text)));
    expect(error.part).toBe('file');
    expect(error.reason).toMatch(reason);
  });
});

describe('a GeoPackage written by GDAL', () => {
  it('is placed where GDAL puts it, in the CRS its gpkg_spatial_ref_sys states', async () => {
    const parsed = await parse('shelters-4549.gpkg');
    expect(parsed.format).toBe('geopackage');
    expect(parsed.crs.code).toBe('EPSG:4549');
    expect(inEnglish(parsed.decisions).join('\n')).toMatch(/GeoPackage table 避难场所: 11 features/);
    const expected = expectedPositions('expected/shelters-4549-gpkg.geojson');
    for (const c of parsed.candidates) {
      const at = (c.geometry as Point).coordinates as [number, number];
      expect(metres(at, expected.get(String(c.properties.external_id))!)).toBeLessThan(0.1);
    }
  });

  it('carries its attributes with their values mapped back to keys', async () => {
    const parsed = await parse('shelters-4549.gpkg');
    expect(parsed.candidates.every((c) => c.problems.length === 0)).toBe(true);
    expect(parsed.candidates[0].properties).toMatchObject({
      external_id: 'BN001',
      name: '涵江区人民公园',
      grade: 'A',
      kind: 'central',
      capacity: 34000,
      standardised: true,
      source_crs: 'EPSG:4549',
    });
  });

  /** GDAL's GeoPackage changed by SQL: what a broken or hostile file would hold. */
  async function altered(...statements: string[]): Promise<Buffer> {
    const SQL = await initSqlJs();
    const db = new SQL.Database(fixture('shelters-4549.gpkg'));
    for (const sql of statements) db.exec(sql);
    const bytes = Buffer.from(db.export());
    db.close();
    return bytes;
  }

  it.each([
    ['in Xian 1980', async () => fixture('shelters-xian80.gpkg'), /Xian 1980.*datum is not CGCS2000/],
    ['cut short', async () => fixture('shelters-4549.gpkg').subarray(0, 20_000), /not a readable GeoPackage/],
    ['that is SQLite but no GeoPackage', () => altered('DROP TABLE gpkg_contents'), /not a GeoPackage/],
    ['named .gpkg but not SQLite', async () => Buffer.from('名称,经度,纬度\n'), /not a GeoPackage/],
    [
      'whose feature table is a view',
      () =>
        altered(
          'ALTER TABLE "避难场所" RENAME TO hidden',
          'CREATE VIEW "避难场所" AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT * FROM hidden, n',
        ),
      /not a plain table/,
    ],
    [
      'whose geometry is not GeoPackage geometry',
      () => altered('UPDATE "避难场所" SET geom = x\'00ff\''),
      /not GeoPackage geometry/,
    ],
  ])('refuses one %s, naming the file', async (_case, bytes, reason) => {
    const error = await refusal(parse('shelters.gpkg', 'shelters', {}, await bytes()));
    expect(error.part).toBe('file');
    expect(error.reason).toMatch(reason);
  });
});

describe('headers in other forms', () => {
  const shelters = findLayer('shelters')!;

  it.each([
    ['名稱', 'name'],
    ['經度', 'lon'],
    ['緯度', 'lat'],
    ['地址', 'address'],
    ['容納人數', 'capacity'],
    ['編號', 'external_id'],
    ['有效面積（㎡）', 'effective_area_m2'],
    ['聯絡電話', 'contact_phone'],
    ['名前', 'name'],
    ['名称', 'name'],
    ['経度', 'lon'],
    ['住所', 'address'],
    ['収容人数', 'capacity'],
    ['施設・場所名', 'name'],
    ['電話番号', 'contact_phone'],
    ['共通ID', 'external_id'],
  ])('%s feeds %s', (header, target) => {
    const mapping = resolveMapping([header], shelters);
    expect(mapping.used).toEqual([{ column: header, target, how: expect.any(String) }]);
  });

  it.each([
    ['effective_', 'effective_area_m2'],
    ['free_place', 'free_places'],
    ['contact_pe', 'contact_person'],
    ['contact_ph', 'contact_phone'],
    ['standardis', 'standardised'],
    ['external_i', 'external_id'],
  ])("GDAL's shapefile name %s feeds %s", (column, target) => {
    expect(resolveMapping([column], shelters).used).toEqual([{ column, target, how: 'truncated' }]);
  });

  it('leaves a cut name that two fields share unmapped rather than guess', () => {
    const hazards = findLayer('hazards')!;
    const mapping = resolveMapping(['threatened', 'threaten_1'], hazards);
    expect(mapping.used).toEqual([]);
    expect(mapping.ignored.map((i) => i.column)).toEqual(['threatened', 'threaten_1']);
  });

  it('reads the shapefile GDAL wrote with cut names, every value in its field', async () => {
    const parsed = await parse('shelters-short-names.zip');
    expect(parsed.mapping.ignored).toEqual([]);
    expect(parsed.candidates[0].properties).toMatchObject({
      external_id: 'BN001',
      effective_area_m2: 68000,
      free_places: 17000,
      contact_person: '许主任',
      standardised: true,
    });
  });

  it('maps value labels in traditional characters back to keys', () => {
    const kind = allFields(shelters).find((f) => f.name === 'kind')!;
    expect(convertValue(kind, '緊急避難場所')).toEqual({ value: 'emergency' });
  });
});

describe('dates as Excel and databases write them', () => {
  const found = allFields(findLayer('hazards')!).find((f) => f.name === 'found_on')!;

  it.each([
    ['2024/3/5 0:00', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024-03-05T00:00:00.000Z', '2024-03-05'],
    ['2024/3/5 14:30', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
  ])('%s is %s', (text, date) => {
    expect(convertValue(found, text)).toEqual({ value: date });
  });

  it.each([['2024/2/30 0:00'], ['2024/3/5 0:00 下午'], ['5/3/2024']])('%s is not a date', (text) => {
    expect(convertValue(found, text)).toEqual({
      error: expect.objectContaining({ en: expect.stringMatching(/is not a date/) }),
    });
  });
});

describe('a zero or empty coordinate', () => {
  const sheet = Buffer.from(
    '名称,经度,纬度\r\n好的广场,119.1,25.46\r\n零经度,0,25.4\r\n空经度,,25.4\r\n零纬度,119.1,0\r\n空行,,\r\n',
  );

  it.each([
    [3, /经度 is 0, which stands for a missing coordinate/],
    [4, /经度 is empty/],
    [5, /纬度 is 0/],
    [6, /has no coordinates/],
  ])('on row %i is a missing position, never a point', async (row, reason) => {
    const parsed = await parse('zeros.csv', 'shelters', {}, sheet);
    const candidate = parsed.candidates.find((c) => c.row === row)!;
    expect(candidate.geometry).toBeUndefined();
    expect(candidate.problems).toEqual([
      { row, column: '经度/纬度', reason: expect.objectContaining({ en: expect.stringMatching(reason) }) },
    ]);
  });

  it('leaves the good row placed', async () => {
    const parsed = await parse('zeros.csv', 'shelters', {}, sheet);
    expect(parsed.candidates.find((c) => c.row === 2)?.geometry).toEqual({
      type: 'Point',
      coordinates: [119.1, 25.46],
    });
  });

  it('in a vector file is a feature without a position', async () => {
    const points = [[0, 25.4] as Position, [119.1, 25.46] as Position].map((coordinates, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates },
      properties: { 名称: `点${i}` },
    }));
    const bytes = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: points }));
    const parsed = await parse('points.geojson', 'shelters', {}, bytes);
    expect(parsed.candidates.map((c) => inEnglish(c.problems.map((p) => p.reason)))).toEqual([
      [expect.stringMatching(/coordinate of 0/)],
      [],
    ]);
  });
});

describe('options named as the door names them', () => {
  it.each([
    ['cli', option('crs', 'EPSG:4549'), '--crs EPSG:4549'],
    ['api', option('crs', 'EPSG:4549'), 'crs=EPSG:4549'],
    ['cli', option('map'), '--map'],
    ['api', option('map'), 'map'],
    ['cli', option('allow_outside_district'), '--allow-outside-district'],
    ['api', option('allow_outside_district'), 'allow_outside_district=true'],
    ['cli', option('layer', 'shelters'), '--layer shelters'],
    ['api', option('layer', 'shelters'), '/import/shelters'],
  ] as const)('the %s spells %s as %s', (door, mark, spelled) => {
    expect(spell(`see (${mark})`, door)).toBe(`see (${spelled})`);
  });

  it('leaves text that only looks like a mark alone', () => {
    expect(spell('名称⟦not_an_option⟧', 'api')).toBe('名称⟦not_an_option⟧');
  });
});
