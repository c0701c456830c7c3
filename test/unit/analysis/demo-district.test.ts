/**
 * The analyses on the demo district (data/demo, profile data/profiles/hanjiang.json): figures in the
 * ranges the generator tuned them to, camera coverage against an exact polygon union, and the flaws
 * planted in the data found by name.
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { around } from '../../../server/analysis/around.ts';
import { broadcastCoverage } from '../../../server/analysis/coverage-broadcast.ts';
import { cameraScenarios } from '../../../server/analysis/coverage-cameras.ts';
import { fireCoverage } from '../../../server/analysis/coverage-fire.ts';
import { shelterCoverage } from '../../../server/analysis/coverage-shelters.ts';
import { exposure } from '../../../server/analysis/exposure.ts';
import { areaM2, nameOf } from '../../../server/analysis/geometry.ts';
import { unknownOf } from '../../../server/analysis/misfit.ts';
import { nearest, pointIndex } from '../../../server/analysis/nearest.ts';
import { knownItems, nearestDepots } from '../../../server/analysis/nearest-depots.ts';
import { knownSpecialties, teamFits } from '../../../server/analysis/nearest-teams.ts';
import { scorecard } from '../../../server/analysis/scorecard.ts';
import { siteShelters } from '../../../server/analysis/siting.ts';
import { siteCameras } from '../../../server/analysis/siting-cameras.ts';
import { whatIf } from '../../../server/analysis/what-if.ts';
import { findLayer } from '../../../server/layers/registry.ts';
import { type DistrictProfile, loadProfile } from '../../../server/profile.ts';
import { scorecardInWords } from '../../../server/routes/scorecard-words.ts';
import { demo, point } from './support.ts';

const { layers, profile } = demo();
const SEAT = [119.12, 25.46];

describe('camera coverage of forest and key areas', () => {
  const { existing, withPlanned } = cameraScenarios(layers);

  it('is about 31% with the six existing cameras and about 50% with all ten', () => {
    expect(existing.cameras).toBe(6);
    expect(withPlanned.cameras).toBe(10);
    expect(existing.district.coveredPct!).toBeGreaterThan(30);
    expect(existing.district.coveredPct!).toBeLessThan(32);
    expect(withPlanned.district.coveredPct!).toBeGreaterThan(49);
    expect(withPlanned.district.coveredPct!).toBeLessThan(51);
    expect(withPlanned.district.overlapPct!).toBeGreaterThan(existing.district.overlapPct!);
    const sum = existing.townships.reduce((n, t) => n + t.coveredKm2, 0);
    expect(sum).toBeCloseTo(existing.district.coveredKm2, 6);
  });

  it('agrees within 0.5% with an exact union of the same sector polygons', { timeout: 120_000 }, () => {
    const kinds = ['forest', 'key_fire_area'];
    const watched = turf.union(
      turf.featureCollection(
        (layers.forest_areas.features as Feature<Polygon | MultiPolygon>[]).filter((f) =>
          kinds.includes(String(f.properties?.kind)),
        ),
      ),
    )!;
    for (const result of [existing, withPlanned]) {
      const seen = turf.union(result.sectors)!;
      const covered = turf.intersect(turf.featureCollection([seen, watched]))!;
      const exactKm2 = areaM2(covered.geometry) / 1e6;
      const exactPct = (turf.area(covered) / turf.area(watched)) * 100;
      expect(Math.abs(result.district.coveredKm2 - exactKm2) / exactKm2).toBeLessThan(0.005);
      expect(Math.abs(result.district.coveredPct! - exactPct) / exactPct).toBeLessThan(0.005);
      expect(Math.abs(result.district.coveredKm2 - exactKm2)).toBeLessThan(result.errorBoundKm2);
      expect(Math.abs(result.district.areaKm2 - areaM2(watched.geometry) / 1e6)).toBeLessThan(result.areaErrorBoundKm2);
    }
  });

  it('draws blind spots that are valid polygons adding up to the unseen area', () => {
    const spots = existing.blindSpots.features;
    expect(spots.length).toBeGreaterThan(0);
    const unseen = spots.reduce((n, s) => n + (s.properties.area_km2 as number), 0);
    expect(unseen).toBeCloseTo(existing.district.areaKm2 - existing.district.coveredKm2, 6);
    for (const s of spots) expect(turf.booleanClockwise(s.geometry.coordinates[0])).toBe(false);
  });
});

describe('people coverage', () => {
  it('reaches about 88% with existing broadcast terminals, more with the planned ones', () => {
    const now = broadcastCoverage(layers);
    const later = broadcastCoverage(layers, { includePlanned: true });
    expect(now.district.coveredPct!).toBeGreaterThan(87.5);
    expect(now.district.coveredPct!).toBeLessThan(88.5);
    expect(later.district.covered).toBeGreaterThan(now.district.covered);
    expect(now.district.residents).toBe(469878);
  });

  it('leaves 新县镇顶和村 and 港坑村 beyond every shelter', () => {
    const result = shelterCoverage(layers, profile);
    const far = result.uncovered.features.filter((f) => (f.properties.nearest_open_shelter_m as number) > 3000);
    expect(far.map((f) => `${f.properties.township}${f.properties.name}`).sort()).toEqual([
      '新县镇港坑村',
      '新县镇顶和村',
    ]);
    expect(result.unknownKinds).toEqual([]);
    expect(result.district.coveredPct!).toBeLessThan(100);
    const xinxian = result.townships.find((t) => t.township === '新县镇')!;
    expect(xinxian.coveredPct!).toBeLessThan(result.district.coveredPct!);
  });

  it('reaches nobody in 白塘镇 within 5 minutes until its planned station is built', () => {
    const now = fireCoverage(layers, profile);
    const later = fireCoverage(layers, profile, { includePlanned: true });
    const baitang = (r: typeof now) => r.townships.find((t) => t.township === '白塘镇')!;
    expect(now.straightLine).toBe(true);
    expect(now.radiusM).toBe(2500);
    expect(baitang(now).covered).toBe(0);
    expect(baitang(later).covered).toBeGreaterThan(0);
    expect(now.area.district.areaKm2).toBeGreaterThan(740);
    expect(now.area.district.areaKm2).toBeLessThan(800);
  });
});

describe('exposure', () => {
  const result = exposure(layers);

  it('finds the two shelters in geohazard zones', () => {
    expect(result.exposedShelters.map((e) => nameOf(e.feature)).sort()).toEqual([
      '亭顶村村委会广场',
      '和浦村村委会广场',
    ]);
    for (const e of result.exposedShelters) expect(e.reasons).toContain('geohazard');
  });

  it('finds a school and a nursing home in red or orange zones', () => {
    const kinds = result.exposedTargets.map((e) => e.feature.properties?.kind);
    expect(kinds).toContain('school');
    expect(kinds).toContain('nursing_home');
    expect(result.checkCount).toBe(result.exposedShelters.length + result.exposedTargets.length);
  });

  it('finds the one zone stored below its enterprise risk points', () => {
    expect(result.understatedZones.map((z) => z.zone.name)).toEqual(['江口临港工业园区危险化学品风险区']);
    expect(result.understatedZones[0].storedLevel).toBeGreaterThan(result.understatedZones[0].impliedLevel);
  });

  it('counts residents per level, each village once', () => {
    const counted = result.levels.reduce((n, l) => n + l.populationPoints, 0);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(layers.population.features.length);
    expect(result.levels[0].residents).toBeGreaterThan(0);
  });
});

describe('responder tools', () => {
  it('finds the nearest depots with 100 tents, the same as a scan of every depot, the rest as partial', () => {
    const index = pointIndex(layers.depots);
    const { complete, partial } = nearestDepots(index, SEAT, { k: 5, needs: [{ item: '帐篷', quantity: 100 }] });
    expect(complete.length).toBeGreaterThan(0);
    const scan = layers.depots.features
      .filter(
        (d: any) =>
          (d.properties.stock as any[]).filter((r) => r.item === '帐篷').reduce((n, r) => n + r.quantity, 0) >= 100,
      )
      .map((d: any) => ({ id: d.id, d: turf.distance(SEAT, d.geometry.coordinates, { units: 'meters' }) }))
      .sort((a: any, b: any) => a.d - b.d)
      .slice(0, 5)
      .map((x: any) => x.id);
    expect(complete.map((r) => r.feature.id)).toEqual(scan);
    expect(partial).toHaveLength(5);
    for (const p of partial) expect(p.lacking.map((l) => l.item)).toEqual(['帐篷']);
  });

  it('passes over off-duty teams', () => {
    const index = pointIndex(layers.teams);
    const found = nearest(index, SEAT, { k: 30, accept: teamFits(['water_rescue']) });
    expect(found.length).toBeGreaterThan(3);
    expect(found.every((r) => r.feature.properties?.on_duty === true)).toBe(true);
    expect(found.some((r) => r.feature.properties?.name === '江口镇应急救援队')).toBe(false);
  });

  it('lists the known items and specialties so unknown ones can be refused', () => {
    expect(knownItems(layers.depots)).toContain('帐篷');
    expect(unknownOf(['帐篷', '飞船'], knownItems(layers.depots))).toEqual(['飞船']);
    const field = findLayer('teams')!.fields.find((f) => f.name === 'specialties')!;
    expect(knownSpecialties()).toEqual(Object.keys(field.values!));
  });

  it('groups everything within 2 km of the seat', () => {
    const result = around(SEAT, 2, layers);
    expect(result.counts.risks).toBeGreaterThan(0);
    expect(result.counts.resources).toBeGreaterThan(0);
    expect(result.counts.protected).toBeGreaterThan(0);
    const items = Object.values(result.groups).flatMap((g) => Object.values(g).flatMap((l) => l?.items ?? []));
    for (const item of items) expect(item.distanceM).toBeLessThanOrEqual(2000);
    expect(result.residents).toBeGreaterThan(0);
  });
});

describe('scorecard', () => {
  const facts = scorecard(layers, profile);
  const card = scorecardInWords(facts, 'zh');
  const english = scorecardInWords(facts, 'en');
  const row = (id: string, name = '涵江区') => card.rows.find((r) => r.id === id && r.scope.name === name)!;
  const inEnglish = (id: string, name = '涵江区') => english.rows.find((r) => r.id === id && r.scope.name === name)!;

  it('answers every target of the profile, or says why it cannot', () => {
    const answered = new Set([...card.rows.map((r) => r.id), ...card.unsupported.map((u) => u.id)]);
    for (const id of Object.keys(profile.targets)) expect(answered.has(id), id).toBe(true);
    const unmeasured = Object.keys((profile as DistrictProfile).unmeasured);
    expect(card.unsupported.map((u) => u.id).sort()).toEqual(unmeasured.sort());
    expect(unmeasured).toContain('village_emergency_teams');
    expect(card.summary.met + card.summary.unmet + card.summary.unknown).toBe(card.rows.length);
    expect(new Set(card.rows.filter((r) => r.scope.level === 'township').map((r) => r.scope.name)).size).toBe(14);
  });

  it('reports the district against the plan', () => {
    expect(row('shelter_visualised')).toMatchObject({ value: 100, met: true, missing: '' });
    expect(row('shelter_standardised').value!).toBeCloseTo((208 / 245) * 100, 6);
    expect(row('shelter_standardised').met).toBe(false);
    expect(row('shelter_standardised').missing).toContain('还需 13 处');
    expect(row('shelter_reach').met).toBeNull();
    expect(row('forest_video_coverage').met).toBe(false);
    expect(row('forest_video_coverage').missing).toContain('含规划监控点可达');
    expect(row('broadcast_coverage').met).toBe(false);
    expect(row('exposed_facilities')).toMatchObject({ value: 4, met: false });
    // 涵江's plan sets no station density nor firefighter ratio: the figures are shown, not judged.
    expect(row('weather_station_density')).toMatchObject({ target: null, met: null });
    expect(row('full_time_firefighters')).toMatchObject({ target: null, met: null });
    expect(row('relief_hours').met).toBe(true);
    for (const town of ['国欢镇', '大洋乡', '涵江商城管委会', '赤港华侨经济开发区'])
      expect(row('township_composite_teams').missing).toContain(town);
  });

  it('says per township what is missing', () => {
    // 平阳's plan sets 3 high-altitude cameras per township; 涵江's sets none.
    const pingyang = scorecardInWords(scorecard(layers, loadProfile('330326')), 'zh');
    const cameras = pingyang.rows.find((r) => r.id === 'township_cameras' && r.scope.name === '新县镇')!;
    expect(cameras.missing).toContain('新县镇: 3 个高位视频监控点中仅有 1 个');
    expect(row('township_cameras', '新县镇')).toMatchObject({ target: null, met: null, missing: '' });
    expect(row('township_composite_teams', '涵东街道')).toMatchObject({ value: 1, met: true, missing: '' });
    expect(row('exposed_facilities', '大洋乡').missing).toContain('亭顶村村委会广场');
  });

  it("judges the same layers by another plan: 武江's station density and firefighter ratio", () => {
    const wujiang = scorecardInWords(scorecard(layers, loadProfile('440203')), 'zh');
    const district = (id: string) => wujiang.rows.find((r) => r.id === id && r.scope.level === 'district')!;
    expect(district('weather_station_density')).toMatchObject({ target: 5, met: false });
    expect(district('weather_station_density').missing).toContain('还需 9 个');
    expect(district('full_time_firefighters')).toMatchObject({ target: 0.4, met: false });
    expect(district('relief_hours')).toMatchObject({ target: 8, met: true });
  });

  it('keeps what is missing as facts, and says them in English when asked', () => {
    const standardised = facts.rows.find((r) => r.id === 'shelter_standardised' && r.scope.level === 'district')!;
    expect(standardised.missing).toEqual([
      {
        place: '涵江区',
        facts: [{ kind: 'shelters_unstandardised', shelters: 245, standardised: 208, needed: 13, targetPct: 90 }],
      },
    ]);
    expect(inEnglish('shelter_standardised').missing).toBe(
      '涵江区: 208 of 245 shelters standardised, 13 more needed to reach 90%',
    );
    const pingyang = scorecardInWords(scorecard(layers, loadProfile('330326')), 'en');
    const cameras = pingyang.rows.find((r) => r.id === 'township_cameras' && r.scope.name === '新县镇')!;
    expect(cameras.missing).toMatch(/^新县镇: only 1 of 3 high-altitude cameras/);
    expect(inEnglish('shelter_visualised').missing).toBe('');
    expect(english.rows.map((r) => r.value)).toEqual(card.rows.map((r) => r.value));
    expect(english.unsupported.map((u) => u.id)).toEqual(card.unsupported.map((u) => u.id));
    expect(new Set(english.unsupported.map((u) => u.reason))).toEqual(new Set(['this indicator is not computed yet']));
    expect(new Set(card.unsupported.map((u) => u.reason))).toEqual(new Set(['暂不支持该指标的计算']));
  });

  it('reads its targets from the profile', () => {
    const lenient = {
      ...profile,
      targets: { ...profile.targets, broadcast_coverage: { ...profile.targets.broadcast_coverage, value: 80 } },
    };
    const other = scorecard(layers, lenient);
    expect(other.rows.find((r) => r.id === 'broadcast_coverage' && r.scope.level === 'district')).toMatchObject({
      target: 80,
      met: true,
    });
  });
});

describe('what-if and siting', () => {
  it('suggests shelter sites that each add residents, fewer each round', () => {
    const result = siteShelters(layers, profile, { kind: 'fixed', k: 3 });
    expect(result.picks).toHaveLength(3);
    expect(result.picks[0].adds).toBeGreaterThan(0);
    for (let i = 1; i < 3; i++) expect(result.picks[i].adds).toBeLessThanOrEqual(result.picks[i - 1].adds);
  });

  it('adds a suggested camera as a proposal and sees the coverage rise by what siting promised', {
    timeout: 120_000,
  }, () => {
    const sites = siteCameras(layers, { k: 1, rangeM: 5000, spacingM: 2000 });
    const [pick] = sites.picks;
    expect(pick.adds).toBeGreaterThan(0);
    const camera = point('proposed-camera', pick.position, {
      status: 'existing',
      range_m: 5000,
      heading_deg: 0,
      fov_deg: 360,
    });
    const result = whatIf(layers, { cameras: [camera] }, (l) => cameraScenarios(l).existing.district);
    expect((result.delta as any).coveredKm2).toBeCloseTo(pick.adds, 6);
    expect(result.after.coveredPct!).toBeGreaterThan(result.before.coveredPct!);
  });
});
