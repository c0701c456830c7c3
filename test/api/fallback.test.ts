/**
 * A district set up from its boundary alone (no townships, as every real district starts): the
 * analyses measure over the district polygon, the per-township tables say why they are empty, and a
 * figure that needs residents, in a store without population, is null with its reason in the
 * request's language. The boundary is the demo district's own polygon, so the demo's stations,
 * villages and forest lie inside it.
 */
import { readFileSync } from 'node:fs';
import type { Feature } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpDistrict } from '../../server/district/index.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

const demoAreas = JSON.parse(readFileSync('data/demo/admin_areas.geojson', 'utf8'));
const districtFeature = demoAreas.features.find((f: Feature) => f.properties?.level === 'district');
const boundary = {
  bytes: Buffer.from(
    JSON.stringify({
      type: 'FeatureCollection',
      features: [{ ...districtFeature, properties: { name: '涵江区', code: '350303' } }],
    }),
  ),
  filename: 'hanjiang-boundary.geojson',
};
const user = 'cli:test';

const districtRow = (body: any, id: string) => body.rows.find((r: any) => r.id === id && r.scope.level === 'district');

/** Figures that need residents, where each one's reason lies in the API's answers. */
const NEED_RESIDENTS: [string, string, (body: any) => { value: unknown; why: unknown }][] = [
  [
    'broadcast coverage',
    '/analysis/coverage/broadcast',
    (b) => ({ value: b.district.coveredPct, why: b.district.why?.coveredPct }),
  ],
  [
    'fire-station people coverage',
    '/analysis/coverage/fire_stations',
    (b) => ({ value: b.district.coveredPct, why: b.district.why?.coveredPct }),
  ],
  [
    'shelter area per resident',
    '/analysis/coverage/shelters',
    (b) => ({ value: b.district.areaPerPerson, why: b.district.why?.areaPerPerson }),
  ],
  [
    'scorecard: broadcast coverage',
    '/analysis/scorecard',
    (b) => ({ value: districtRow(b, 'broadcast_coverage').value, why: districtRow(b, 'broadcast_coverage').why }),
  ],
  [
    'scorecard: longest fire response',
    '/analysis/scorecard',
    (b) => ({ value: districtRow(b, 'fire_response').value, why: districtRow(b, 'fire_response').why }),
  ],
  [
    'scorecard: firefighters per residents',
    '/analysis/scorecard',
    (b) => ({
      value: districtRow(b, 'full_time_firefighters').value,
      why: districtRow(b, 'full_time_firefighters').why,
    }),
  ],
];

const WORDS = {
  zh: { no_population: '没有常住人口数据', no_townships: '尚无乡镇(街道)边界:按全区统计,无分乡镇数据' },
  en: {
    no_population: 'no population data (no residents)',
    no_townships: 'no township boundaries yet: figures are for the whole district, none per township',
  },
} as const;

describe.each(backends())('analyses of a district without townships on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  it('measures the fire stations’ reach over the district polygon, and says the townships are missing', async () => {
    const report = await setUpDistrict(served.store, { boundary, user });
    expect(report.counts).toMatchObject({ district: 1, township: 0 });
    const { status, body } = await served.api.get('/analysis/coverage/fire_stations');
    expect(status).toBe(200);
    expect(body.area.basis).toBe('district');
    expect(body.area.district.areaKm2).toBeGreaterThan(740);
    expect(body.area.district.areaKm2).toBeLessThan(800);
    expect(body.area.district.coveredKm2).toBeGreaterThan(0);
    expect(body.area.district.areaPct).toBeGreaterThan(0);
    expect(body).toMatchObject({ basis: 'district', townships: [], why: { townships: 'no_townships' } });
    expect(body.reasons).toEqual({ no_townships: WORDS.zh.no_townships });
  });

  it('gives the scorecard’s fire indicator, with the district’s rows alone', async () => {
    const { body } = await served.api.get('/analysis/scorecard', { 'accept-language': 'en' });
    expect(body.basis).toBe('district');
    expect(districtRow(body, 'fire_response').value).toBeGreaterThan(0);
    expect(districtRow(body, 'weather_station_density').value).toBeGreaterThan(0);
    expect(districtRow(body, 'township_composite_teams')).toMatchObject({ value: null, why: 'no_townships' });
    expect(body.reasons.no_townships).toBe(WORDS.en.no_townships);
    expect(body.rows.every((r: any) => r.scope.level === 'district')).toBe(true);
  });

  describe('without population', () => {
    // Clearing the demo's data leaves no population (nor anything else the demo brought).
    beforeAll(async () => {
      const report = await setUpDistrict(served.store, { boundary, user, clearDemo: true });
      expect(report.demo.cleared.features.population).toBeGreaterThan(0);
    });

    it.each(
      NEED_RESIDENTS.flatMap(([figure, path, at]) =>
        (['zh', 'en'] as const).map((lang) => [figure, lang, path, at] as const),
      ),
    )('gives %s as null with its reason in %s', async (_figure, lang, path, at) => {
      const { status, body } = await served.api.get(path, { 'accept-language': lang });
      expect(status).toBe(200);
      expect(at(body)).toEqual({ value: null, why: 'no_population' });
      expect(body.reasons.no_population).toBe(WORDS[lang].no_population);
    });
  });
});
