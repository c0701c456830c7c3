import { readFileSync } from 'node:fs';
import type { FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, type ImportOptions, importFile, mappingKey } from '../../server/import/index.ts';
import { allFields, findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { expectedPositions, metres } from '../unit/import/support.ts';

const shelters = findLayer('shelters')!;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const run = (store: Store, name: string, options: Partial<ImportOptions> = {}, bytes = fixture(name)) =>
  importFile(store, bytes, { filename: name, layer: 'shelters', user: 'test', ...options });

async function bySource(store: Store, source: string) {
  const { features } = await store.listItems(shelters, {
    audience: 'internal',
    filters: [{ field: allFields(shelters).find((f) => f.name === 'source')!, values: [source] }],
    limit: 1000,
    offset: 0,
  });
  return new Map(features.map((f) => [String(f.properties?.external_id), f]));
}

const embedded = backends().find((b) => b.name === 'embedded')!;

describe('importing files into the embedded store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embedded.open();
  });
  afterAll(() => store?.close());

  it('writes a GDAL shapefile where GDAL puts it, with its values, CRS and history', async () => {
    const report = await run(store, 'shelters-4549-gbk.zip');
    expect(report.result).toMatchObject({ written: true, created: 11, updated: 0 });
    expect(report.crs.code).toBe('EPSG:4549');
    const stored = await bySource(store, 'shelters-4549-gbk.zip');
    const expected = expectedPositions('expected/shelters-4549-gbk.geojson');
    for (const [id, at] of expected) {
      expect(metres((stored.get(id)!.geometry as Point).coordinates as [number, number], at)).toBeLessThan(0.1);
    }
    expect(stored.get('BN001')?.properties).toMatchObject({
      name: '涵江区人民公园',
      grade: 'A',
      level: 'district',
      kind: 'central',
      capacity: 34000,
      effective_area_m2: 68000,
      standardised: true,
      contact_person: '许主任',
      source_crs: 'EPSG:4549',
      township: expect.any(String),
      updated_by: 'test',
    });
    const history = await store.history(shelters, String(stored.get('BN001')?.id));
    expect(history.map((h) => h.action)).toEqual(['create']);
  });

  it('reports the likely duplicates of what is stored: the same shelters from the demo', async () => {
    const report = await run(store, 'shelters-4549-gbk.zip', { dryRun: true, source: 'another' });
    expect(report.duplicates).toHaveLength(11);
    expect(report.duplicates[0]).toMatchObject({ row: 1, name: '涵江区人民公园', distance_m: 0 });
  });

  it('updates on re-import instead of duplicating, and leaves unchanged rows alone', async () => {
    const before = await storeDigest(store);
    const again = await run(store, 'shelters-4549-gbk.zip');
    expect(again.result).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 11 });
    expect((await storeDigest(store)).digest).toBe(before.digest);

    const csv = fixture('shelters-4549.csv').toString('utf8').replace('"34000"', '"35000"');
    const changed = await run(store, 'changed.csv', { source: 'shelters-4549-gbk.zip' }, Buffer.from(csv));
    expect(changed.result).toMatchObject({ created: 0, updated: 1, unchanged: 10 });
    const after = await storeDigest(store);
    expect(after.counts.shelters).toBe(before.counts.shelters);
    const stored = await bySource(store, 'shelters-4549-gbk.zip');
    expect(stored.get('BN001')?.properties).toMatchObject({ capacity: 35000, revision: 2, contact_person: '许主任' });
  });

  it('identifies rows without an id by a hash of name and position, stable across imports', async () => {
    const csv = Buffer.from('名称,经度,纬度\r\n测试广场甲,119.1,25.5\r\n测试广场乙,119.11,25.51\r\n');
    const first = await run(store, 'no-ids.csv', {}, csv);
    expect(first.identity.external_id).toMatch(/hash of its name and position/);
    expect(first.result.created).toBe(2);
    const second = await run(store, 'no-ids.csv', {}, csv);
    expect(second.result).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('writes nothing from a file with bad rows, and names each row and column', async () => {
    const before = await storeDigest(store);
    const report = await run(store, 'shelters-bad-rows.csv');
    expect(report.result.written).toBe(false);
    expect(report.rows).toEqual({ total: 12, ok: 5, withProblems: 7 });
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [4, '容纳人数'],
      [5, '等级'],
      [6, '名称'],
      [7, '经度/纬度'],
      [8, '经度/纬度'],
      [9, '经度/纬度'],
      [11, '编号'],
    ]);
    expect(report.problems.find((p) => p.row === 9)?.reason).toMatch(/look swapped/);
    const inFile = report.duplicates.filter((d) => d.otherRow !== undefined);
    expect(inFile).toEqual([expect.objectContaining({ row: 13, otherRow: 12, distance_m: 20 })]);
    expect(report.duplicates).toContainEqual(expect.objectContaining({ row: 2, stored: expect.any(Object) }));
    expect((await storeDigest(store)).digest).toBe(before.digest);
  });

  it('writes only the good rows when asked to skip the bad ones', async () => {
    const before = await storeDigest(store);
    const report = await run(store, 'shelters-bad-rows.csv', { skipBad: true });
    expect(report.result).toMatchObject({ written: true, created: 5, skipped: 7 });
    const stored = await bySource(store, 'shelters-bad-rows.csv');
    expect([...stored.keys()].sort()).toEqual(['BN001', 'BN002', 'BN009', 'BN011', 'BN012']);
    expect(stored.get('BN002')?.properties?.kind).toBe('emergency');
    expect((await storeDigest(store)).counts.shelters).toBe(before.counts.shelters + 5);
  });

  it('writes nothing in a dry run, but says what it would do', async () => {
    const before = await storeDigest(store);
    const report = await run(store, 'shelters.kml', { dryRun: true });
    expect(report.result).toMatchObject({ written: false, dryRun: true, created: 11 });
    expect(report.result.reason).toMatch(/dry run: would create 11/);
    expect((await storeDigest(store)).digest).toBe(before.digest);
  });

  it.each([
    ['truncated.zip', /truncated or damaged/],
    ['wrong-encoding.csv', /not UTF-8 or GBK/],
    ['no-coordinates.csv', /has no coordinates/],
    ['bomb.zip', /zip bomb/],
    ['bomb-lying.zip', /zip bomb/],
    ['traversal.zip', /path traversal/],
    ['entity.kml', /XML entities/],
  ])('refuses %s with a clear reason and writes nothing', async (name, reason) => {
    const before = await storeDigest(store);
    const error = await run(store, name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).reason).toMatch(reason);
    expect((await storeDigest(store)).digest).toBe(before.digest);
  });

  it('converts GCJ-02 positions to within 2 m of the truth', async () => {
    await run(store, 'shelters-gcj02.csv', { offset: 'gcj02' });
    const stored = await bySource(store, 'shelters-gcj02.csv');
    const truth: FeatureCollection<Point> = JSON.parse(fixture('shelters-source.geojson').toString('utf8'));
    for (const f of truth.features) {
      const at = (stored.get(String(f.properties?.编号))!.geometry as Point).coordinates as [number, number];
      expect(metres(at, f.geometry.coordinates as [number, number])).toBeLessThan(2);
    }
    expect(stored.get('BN001')?.properties?.source_crs).toBe('GCJ-02');
  });

  it('saves an explicit mapping for the layer and uses it next time', async () => {
    const csv = Buffer.from('场所,人数,东,北\r\n映射测试广场,800,119.05,25.6\r\n');
    const first = await run(store, 'mapped.csv', { map: '场所=name,人数=capacity,东=lon,北=lat' }, csv);
    expect(first.result.written).toBe(true);
    expect(await store.getMeta(mappingKey(shelters))).toMatchObject({ 场所: 'name', 东: 'lon' });
    const second = await run(store, 'mapped-again.csv', { dryRun: true }, csv);
    expect(second.decisions).toContain('the mapping saved for shelters was used');
    expect(second.mapping).toContainEqual({ column: '人数', target: 'capacity', how: 'saved' });
    expect(second.rows.ok).toBe(1);
  });

  it('takes the layer from a census table name and refuses an unknown layer', async () => {
    const report = await importFile(store, fixture('shelters-gbk.csv'), {
      filename: '350303_zhjzzy_zfzhjzzy_yjbncs.csv',
      dryRun: true,
      user: 'test',
    });
    expect(report.layer).toBe('shelters');
    expect(report.decisions.join('\n')).toMatch(/census table zhjzzy_zfzhjzzy_yjbncs/);
    await expect(run(store, 'shelters-gbk.csv', { layer: 'bunkers' })).rejects.toThrow(/no layer "bunkers"/);
    await expect(run(store, 'shelters-gbk.csv', { crs: 'EPSG:2385' })).rejects.toThrow(/not a supported CRS/);
  });
});
