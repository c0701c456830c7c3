import { booleanClockwise } from '@turf/turf';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../server/import/errors.ts';
import { expectedPositions, fixture, inEnglish, metres, place, placeBytes, placeLayer } from './support.ts';

const truth = new Map(
  (JSON.parse(fixture('shelters-source.geojson').toString('utf8')) as FeatureCollection<Point>).features.map((f) => [
    String(f.properties?.编号),
    f.geometry.coordinates as [number, number],
  ]),
);

function worst(got: Map<string, [number, number]>, want: Map<string, [number, number]>): number {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  return Math.max(...[...want].map(([id, at]) => metres(got.get(id)!, at)));
}

describe('projected input lands where GDAL puts it', () => {
  it.each([
    ['shelters-4549.csv', 'shelters-4549.geojson', 'EPSG:4549'],
    ['shelters-4528.csv', 'shelters-4528.geojson', 'EPSG:4528'],
    ['shelters-4498.csv', 'shelters-4498.geojson', 'EPSG:4498'],
    // A 6° zone without its number has the same parameters as the 3° zone on that meridian.
    ['shelters-4509.csv', 'shelters-4509.geojson', 'EPSG:4548'],
    ['shelters-3857.csv', 'shelters-3857.geojson', 'EPSG:3857'],
    ['shelters-survey.csv', 'shelters-4549.geojson', 'EPSG:4549'],
    ['shelters-survey-zoned.csv', 'shelters-4528.geojson', 'EPSG:4528'],
    ['shelters-4549-gbk.zip', 'shelters-4549-gbk.geojson', 'EPSG:4549'],
    ['shelters-4528-utf8.zip', 'shelters-4528-utf8.geojson', 'EPSG:4528'],
    ['shelters-4549.geojson', 'shelters-4549-geojson.geojson', 'EPSG:4549'],
  ])('%s: within 0.1 m of GDAL, read as %s', async (file, expected, code) => {
    const { positions, placement } = await place(file);
    expect(placement.crs.code).toBe(code);
    expect(worst(positions, expectedPositions(`expected/${expected}`))).toBeLessThan(0.1);
  });

  it('reads GeoJSON in metres without a crs member by the size of its numbers', async () => {
    const withoutCrs = fixture('shelters-4549.geojson')
      .toString('utf8')
      .replace(/"crs": \{[^\n]*\},\n/, '');
    expect(withoutCrs).not.toContain('"crs"');
    const { positions, placement } = await placeBytes(Buffer.from(withoutCrs), 'metres.geojson');
    expect(placement.crs.code).toBe('EPSG:4549');
    expect(worst(positions, expectedPositions('expected/shelters-4549-geojson.geojson'))).toBeLessThan(0.1);
  });

  it('reads polygons from a shapefile as GDAL does, outer rings counter-clockwise', async () => {
    const { source, location } = await placeLayer('risk-zones-4528.zip', 'risk_zones');
    const expected: FeatureCollection<Polygon> = JSON.parse(
      fixture('expected/risk-zones-4528.geojson').toString('utf8'),
    );
    expect(location.placement.crs.code).toBe('EPSG:4528');
    expect(source.records).toHaveLength(5);
    source.records.forEach((record, i) => {
      const got = (location.located[i] as { geometry: Polygon }).geometry;
      const want = expected.features.find((f) => f.properties?.id === record.values.id)!.geometry;
      expect(got.type).toBe('Polygon');
      expect(booleanClockwise(got.coordinates[0])).toBe(false);
      expect(got.coordinates.map((ring) => ring.length)).toEqual(want.coordinates.map((ring) => ring.length));
      const vertices = want.coordinates.flat() as Array<[number, number]>;
      for (const p of got.coordinates.flat() as Array<[number, number]>) {
        expect(Math.min(...vertices.map((v) => metres(p, v)))).toBeLessThan(0.1);
      }
    });
  });

  it('takes the CRS it is given over its own guess', async () => {
    const { positions, placement } = await place('shelters-4509.csv', { crs: 'EPSG:4509' });
    expect(placement.crs.code).toBe('EPSG:4509');
    expect(inEnglish(placement.decisions)[0]).toMatch(/as given/);
    expect(worst(positions, expectedPositions('expected/shelters-4509.geojson'))).toBeLessThan(0.1);
  });

  it('tells survey order (X = northing) from GIS order by magnitude and says so', async () => {
    const survey = await place('shelters-survey-zoned.csv');
    expect(survey.placement.swap).toBe(true);
    expect(inEnglish(survey.placement.decisions).join('\n')).toMatch(/survey order.*X, is the northing/);
    const gis = await place('shelters-4528.csv');
    expect(gis.placement.swap).toBe(false);
    expect(inEnglish(gis.placement.decisions).join('\n')).toMatch(/GIS order/);
  });

  it('picks the zone that puts eastings without a zone number in the district, and names the others', async () => {
    const { placement } = await place('shelters-survey.csv');
    expect(inEnglish(placement.decisions).join('\n')).toMatch(/no zone number/);
    expect(inEnglish(placement.decisions).join('\n')).toMatch(/EPSG:4548.*outside the district/);
  });

  it('refuses to guess a zone with nothing to tell it by', async () => {
    await expect(place('shelters-4549.csv', { district: null })).rejects.toThrow(ImportError);
    await expect(place('shelters-4549.csv', { district: null })).rejects.toThrow(/no district.*pass one/);
    const zoned = await place('shelters-4528.csv', { district: null });
    expect(zoned.placement.crs.code).toBe('EPSG:4528');
    expect(inEnglish(zoned.placement.warnings).join('\n')).toMatch(/no district/);
  });

  it('warns when a given CRS puts the points outside the district', async () => {
    const { placement } = await place('shelters-4549.csv', { crs: 'EPSG:4548' });
    expect(inEnglish(placement.warnings).join('\n')).toMatch(/outside the district/);
  });
});

describe('longitude/latitude input', () => {
  it.each(['shelters-gbk.csv', 'shelters.xlsx', 'shelters.kml', 'shelters.kmz', 'shelters-4490-nocpg.zip'])(
    '%s keeps the positions it has',
    async (file) => {
      const { positions } = await place(file);
      expect(worst(positions, truth)).toBeLessThan(0.01);
    },
  );

  it('reads swapped longitude and latitude columns the right way round and warns', async () => {
    const { positions, placement } = await place('shelters-swapped.csv');
    expect(placement.swap).toBe(true);
    expect(inEnglish(placement.warnings).join('\n')).toMatch(/经度 and 纬度 look swapped/);
    expect(worst(positions, truth)).toBeLessThan(0.01);
  });
});

describe('GCJ-02 and BD-09', () => {
  it.each([
    ['shelters-gcj02.csv', 'gcj02'],
    ['shelters-bd09.csv', 'bd09'],
  ] as const)('%s comes back within 2 m of the truth', async (file, offset) => {
    const raw = await place(file);
    expect(worst(raw.positions, truth)).toBeGreaterThan(100);
    const corrected = await place(file, { offset });
    expect(worst(corrected.positions, truth)).toBeLessThan(2);
  });

  it('refuses an offset on projected coordinates', async () => {
    await expect(place('shelters-4549.csv', { offset: 'gcj02' })).rejects.toThrow(/GCJ-02 is longitude\/latitude/);
  });
});
