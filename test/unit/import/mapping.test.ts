import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../server/import/errors.ts';
import { censusTable } from '../../../server/import/map/census-tables.ts';
import { parseMapOption, resolveMapping } from '../../../server/import/map/mapping.ts';
import { convertValue } from '../../../server/import/map/values.ts';
import { crsFromWkt } from '../../../server/import/place/crs-from-wkt.ts';
import { parseCoordinate } from '../../../server/import/place/positions.ts';
import { allFields, findLayer } from '../../../server/layers/registry.ts';

const shelters = findLayer('shelters')!;
const field = (layer: string, name: string) => allFields(findLayer(layer)!).find((f) => f.name === name)!;
const value = (layer: string, name: string, raw: unknown) => convertValue(field(layer, name), raw);

describe('column mapping', () => {
  it('recognises the usual Chinese headers, labels and units in brackets', () => {
    const mapping = resolveMapping(
      ['场所名称', '容纳人数', '有效面积(㎡)', '等级', '类型', '经度', '纬度', '编号', '联系电话', '备注'],
      shelters,
    );
    expect(Object.fromEntries(mapping.fields)).toEqual({
      name: '场所名称',
      capacity: '容纳人数',
      effective_area_m2: '有效面积(㎡)',
      grade: '等级',
      kind: '类型',
      external_id: '编号',
      contact_phone: '联系电话',
    });
    expect(mapping.coordinates).toEqual({ lon: '经度', lat: '纬度' });
    expect(mapping.ignored).toEqual([
      { column: '备注', why: { zh: '本图层没有与之对应的字段', en: 'no field of this layer matches it' } },
    ]);
  });

  it('maps the same header to the field each layer has', () => {
    const depots = resolveMapping(['名称', '面积', '联系人'], findLayer('depots')!);
    expect(Object.fromEntries(depots.fields)).toEqual({ name: '名称', area_m2: '面积', manager: '联系人' });
  });

  it('lets --map override, and ignores what the server keeps', () => {
    const mapping = resolveMapping(['名称', '别名', '所属乡镇', 'E', 'N'], shelters, {
      explicit: parseMapOption('别名=name，E=lon,N=lat,名称=-'),
    });
    expect(mapping.fields.get('name')).toBe('别名');
    expect(mapping.coordinates).toEqual({ lon: 'E', lat: 'N' });
    expect(mapping.ignored.map((i) => i.column).sort()).toEqual(['所属乡镇', '名称'].sort());
    expect(mapping.used.find((m) => m.column === '别名')?.how).toBe('explicit');
  });

  it('takes Chinese labels as --map targets and names what is wrong', () => {
    expect(resolveMapping(['人数'], shelters, { explicit: { 人数: '设计容纳人数' } }).fields.get('capacity')).toBe(
      '人数',
    );
    expect(() => resolveMapping(['人数'], shelters, { explicit: { 人数: 'people' } })).toThrow(ImportError);
    expect(() => parseMapOption('名称')).toThrow(/not column=field/);
  });

  it('recognises national risk-census tables from file names', () => {
    expect(censusTable('350303_zhjzzy_zfzhjzzy_yjbncs.xlsx')?.layer).toBe('shelters');
    expect(censusTable('zrzhczt_ggfwss_xx.csv')).toMatchObject({
      layer: 'protected_targets',
      defaults: { kind: 'school' },
    });
    expect(censusTable('zrzhczt_ggfwss_ylwsjg.zip')?.defaults).toEqual({ kind: 'hospital' });
    expect(censusTable('shelters.csv')).toBeUndefined();
  });
});

describe('cell values', () => {
  it('maps value labels back to enumeration keys', () => {
    expect(value('shelters', 'kind', '紧急避难场所')).toEqual({ value: 'emergency' });
    expect(value('shelters', 'kind', '固定')).toEqual({ value: 'fixed' });
    expect(value('shelters', 'grade', 'A类')).toEqual({ value: 'A' });
    expect(value('shelters', 'grade', 'b级')).toEqual({ value: 'B' });
    expect(value('shelters', 'level', '乡镇级')).toEqual({ value: 'township' });
    expect(value('shelters', 'facilities', '应急供水、应急供电，医疗救护')).toEqual({
      value: ['water', 'power', 'medical'],
    });
    expect(value('risk_zones', 'level', '重大')).toEqual({ value: 1 });
    expect(value('risk_zones', 'level', '橙色')).toEqual({ value: 2 });
    expect(value('risk_zones', 'level', '3')).toEqual({ value: 3 });
    expect(value('shelters', 'grade', 'D类')).toEqual({
      error: { zh: '“D类”不是 A类/B类/C类 之一', en: '"D类" is not one of A类/B类/C类' },
    });
  });

  it('reads 是/否, numbers with units and separators, and dates as sheets write them', () => {
    expect(value('shelters', 'standardised', '是')).toEqual({ value: true });
    expect(value('shelters', 'standardised', '否')).toEqual({ value: false });
    expect(value('shelters', 'standardised', '也许')).toHaveProperty('error');
    expect(value('shelters', 'capacity', '1,200人')).toEqual({ value: 1200 });
    expect(value('shelters', 'effective_area_m2', '2500.5㎡')).toEqual({ value: 2500.5 });
    expect(value('shelters', 'capacity', '12.5')).toEqual({
      error: { zh: '“12.5”不是整数', en: '"12.5" is not a whole number' },
    });
    expect(value('hazards', 'found_on', '2024年5月1日')).toEqual({ value: '2024-05-01' });
    expect(value('hazards', 'found_on', '2024/5/1')).toEqual({ value: '2024-05-01' });
    expect(value('hazards', 'found_on', new Date(Date.UTC(2024, 4, 1)))).toEqual({ value: '2024-05-01' });
    expect(value('hazards', 'found_on', '2024-02-30')).toHaveProperty('error');
    expect(value('shelters', 'contact_phone', 13800000000)).toEqual({ value: '13800000000' });
    expect(value('shelters', 'address', '  ')).toEqual({ value: null });
  });

  it('reads coordinates in degrees, minutes and seconds', () => {
    expect(parseCoordinate('119°07′12″E')).toBeCloseTo(119.12, 9);
    expect(parseCoordinate('25度30分')).toBeCloseTo(25.5, 9);
    expect(parseCoordinate(' 119.12 ')).toBe(119.12);
    expect(parseCoordinate('东边')).toBeUndefined();
  });
});

describe('.prj files', () => {
  const gk = (name: string, cm: number, fe: number) =>
    `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

  it('matches CGCS2000 Gauss-Krüger systems by their parameters', () => {
    expect(crsFromWkt(gk('CGCS2000_3_Degree_GK_CM_120E', 120, 500000)).code).toBe('EPSG:4549');
    expect(crsFromWkt(gk('CGCS2000_3_Degree_GK_Zone_40', 120, 40500000)).code).toBe('EPSG:4528');
    expect(crsFromWkt(gk('CGCS2000_6_Degree_GK_Zone_20', 117, 20500000)).code).toBe('EPSG:4498');
    expect(crsFromWkt(gk('CGCS2000_6_Degree_GK_CM_117E', 117, 500000)).code).toBe('EPSG:4509');
    expect(
      crsFromWkt(
        'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]]]',
      ).code,
    ).toBe('EPSG:4490');
    expect(
      crsFromWkt(
        'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]],PROJECTION["Mercator_Auxiliary_Sphere"]]',
      ).code,
    ).toBe('EPSG:3857');
  });

  it('refuses another datum and a mismatched zone', () => {
    const xian = gk('Xian_1980_3_Degree_GK_CM_120E', 120, 500000).replace(/D_China_2000/, 'D_Xian_1980');
    expect(() => crsFromWkt(xian)).toThrow(/not CGCS2000/);
    expect(() => crsFromWkt(gk('odd', 117, 40500000))).toThrow(/pass the CRS/);
  });
});
