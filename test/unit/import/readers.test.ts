import { describe, expect, it } from 'vitest';
import { parseWkt, toWkt } from '../../../server/formats/wkt.ts';
import { ImportError } from '../../../server/import/errors.ts';
import { readFile } from '../../../server/import/read/read-file.ts';
import { decodeText } from '../../../server/import/read/text-encoding.ts';
import { listZip } from '../../../server/import/read/zip.ts';
import { fixture, inEnglish, readSource } from './support.ts';

const refusal = async (name: string) => {
  const error = await readFile(fixture(name), name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).reason;
};

describe('formats and encodings', () => {
  it('reads a GBK CSV with a title row, its headers taken from the row below', async () => {
    const source = await readSource('shelters-gbk.csv');
    expect(inEnglish(source.notes).join('\n')).toMatch(/GBK/);
    expect(inEnglish(source.notes).join('\n')).toMatch(/headers taken from row 2/);
    expect(source.columns).toContain('有效面积（㎡）');
    expect(source.records[0]).toMatchObject({ row: 3, values: { 名称: '涵江区人民公园', 等级: 'A类' } });
  });

  it.each(['shelters-4549-gbk.zip', 'shelters-4490-nocpg.zip'])(
    'decodes the shapefile attributes of %s by the .cpg, and as GBK when there is none and they are not UTF-8',
    async (name) => {
      const source = await readSource(name);
      expect(source.records[0].values).toMatchObject({ 名称: '涵江区人民公园', 编号: 'BN001', 容纳人数: 34000 });
    },
  );

  it('decodes UTF-8 shapefile attributes and finds their CRS', async () => {
    const utf8 = await readSource('shelters-4528-utf8.zip');
    expect(utf8.records[1].values).toMatchObject({ name: '涵东体育公园避难场所', kind: '固定避难场所' });
    expect(utf8.crs?.code).toBe('EPSG:4528');
  });

  it.each(['shelters.kml', 'shelters.kmz'])('reads the placemarks of %s with their ExtendedData', async (name) => {
    const source = await readSource(name);
    expect(source.records).toHaveLength(11);
    expect(source.records[0].values).toMatchObject({ name: '涵江区人民公园', 编号: 'BN001', 类型: '中心避难场所' });
    expect(source.records[0].geometry).toEqual({ type: 'Point', coordinates: [119.119035, 25.46066] });
  });

  it('reads the first sheet of an XLSX with numbers as numbers', async () => {
    const source = await readSource('shelters.xlsx');
    expect(source.format).toBe('xlsx');
    expect(source.records[0].values).toMatchObject({ 名称: '涵江区人民公园', 容纳人数: 34000, 经度: 119.119035 });
  });

  it('reads UTF-8 with a BOM and UTF-16 as Excel writes "Unicode text"', () => {
    expect(decodeText(Buffer.from('\uFEFF名称', 'utf8'))).toEqual({ text: '名称', encoding: 'UTF-8 (BOM)' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t经度', 'utf16le')])).text).toBe(
      '名称\t经度',
    );
  });

  it('parses and writes WKT', () => {
    const polygon = 'POLYGON ((119 25, 119.1 25, 119.1 25.1, 119 25))';
    expect(parseWkt(polygon)).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [119, 25],
          [119.1, 25],
          [119.1, 25.1],
          [119, 25],
        ],
      ],
    });
    expect(toWkt(parseWkt(polygon)!)).toBe(polygon);
    expect(parseWkt('POINT Z (119.1 25.2 10)')).toEqual({ type: 'Point', coordinates: [119.1, 25.2] });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({
      type: 'MultiPoint',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseWkt('CIRCLE (1 2)')).toBeUndefined();
  });
});

describe('hostile and broken files are refused with a reason', () => {
  it('a truncated zip', async () => {
    expect(await refusal('truncated.zip')).toMatch(/truncated or damaged/);
  });

  it('a zip bomb, by its declared size before anything is inflated', async () => {
    expect(await refusal('bomb.zip')).toMatch(/bomb\.shp inflates to 314572800 bytes.*zip bomb/);
  });

  it('a zip bomb that lies about its size, while inflating', async () => {
    expect(listZip(fixture('bomb-lying.zip'))[0].size).toBe(1000);
    expect(await refusal('bomb-lying.zip')).toMatch(/more than its declared size.*zip bomb/);
  });

  it('an archive whose entry names climb out of it', async () => {
    expect(await refusal('traversal.zip')).toMatch(/\.\.\/\.\.\/etc\/cron\.d\/shelters\.dbf leaves the archive/);
  });

  it('a KML with an external entity', async () => {
    expect(await refusal('entity.kml')).toMatch(/DTD or XML entities/);
  });

  it('a file in neither UTF-8 nor GBK', async () => {
    expect(await refusal('wrong-encoding.csv')).toMatch(/not UTF-8 or GBK\/GB18030.*line 2/);
  });

  it('an old .xls, a bare .shp and an empty file', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]);
    await expect(readFile(xls, 'a.xls')).rejects.toThrow(/old Excel/);
    const shp = Buffer.alloc(100);
    shp.writeInt32BE(9994, 0);
    await expect(readFile(shp, 'a.shp')).rejects.toThrow(/bare \.shp/);
    await expect(readFile(Buffer.alloc(0), 'a.csv')).rejects.toThrow(/is empty/);
  });
});
