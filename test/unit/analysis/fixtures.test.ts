/**
 * Tiny worlds whose answers are worked out by hand (test/fixtures/analysis/*.geojson carry each
 * world's features, its query and the expected figures, with the reasoning in `description`).
 */
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { around } from '../../../server/analysis/around.ts';
import { broadcastCoverage } from '../../../server/analysis/coverage-broadcast.ts';
import { cameraCoverage } from '../../../server/analysis/coverage-cameras.ts';
import { fireCoverage } from '../../../server/analysis/coverage-fire.ts';
import { shelterCoverage } from '../../../server/analysis/coverage-shelters.ts';
import { exposure } from '../../../server/analysis/exposure.ts';
import { featureId } from '../../../server/analysis/geometry.ts';
import { nearest, nearestEach, pointIndex } from '../../../server/analysis/nearest.ts';
import { matchStock, nearestDepots } from '../../../server/analysis/nearest-depots.ts';
import { shelterFits } from '../../../server/analysis/nearest-shelters.ts';
import { teamFits } from '../../../server/analysis/nearest-teams.ts';
import { siteBroadcast } from '../../../server/analysis/siting.ts';
import { whatIf } from '../../../server/analysis/what-if.ts';
import { fixture, ids, point } from './support.ts';

describe('nearest (nearest-ties)', () => {
  const { layers, query, expected } = fixture('nearest-ties');
  const index = pointIndex(layers.depots);

  it('ranks by haversine distance, ties by id, with bearing and the straight-line flag', () => {
    const found = nearest(index, query.from, { k: 3 });
    expect(ids(found)).toEqual(expected.k3.map((r: any) => r.id));
    found.forEach((r, i) => {
      expect(r.distanceM).toBeCloseTo(expected.k3[i].distanceM, 2);
      expect(r.bearingDeg).toBeCloseTo(expected.k3[i].bearingDeg, 1);
      expect(r.straightLine).toBe(true);
    });
  });

  it('stops at the maximum distance and honours the accept filter', () => {
    expect(ids(nearest(index, query.from, { k: 10, maxDistanceM: 800 }))).toEqual(expected.within800);
    expect(ids(nearest(index, query.from, { k: 2, accept: (f) => f.id !== 'a-west' }))).toEqual(expected.k2NotWest);
  });

  it('keeps both tied depots when k cuts between them', () => {
    expect(ids(nearest(index, query.from, { k: 1 }))).toEqual(['a-west']);
  });

  it('refuses k below 1 and positions off the earth, and answers an empty layer with nothing', () => {
    expect(() => nearest(index, query.from, { k: 0 })).toThrow(RangeError);
    expect(() => nearest(index, query.from, { k: 1.5 })).toThrow(RangeError);
    expect(() => nearest(index, [200, 0], { k: 1 })).toThrow(RangeError);
    expect(nearest(pointIndex([]), query.from, { k: 3 })).toEqual([]);
  });

  it('finds the nearest for each of many places', () => {
    const places = [
      point('p1', [119.0078125, 25.5]),
      point('p2', [119.5, 25.49]),
      { ...point('p3', [0, 0]), geometry: null },
    ];
    const rows = nearestEach(index, places as any);
    expect(rows.map((r) => r.nearest && featureId(r.nearest.feature))).toEqual(['b-east', 'd-far', null]);
    expect(rows[0].nearest?.distanceM).toBe(0);
  });
});

describe('needs (depot-needs)', () => {
  const { layers, query, expected } = fixture('depot-needs');
  const index = pointIndex(layers.depots);
  const shape = (r: { complete: any[]; partial: any[] }) => ({
    complete: ids(r.complete),
    partial: r.partial.map((p) => ({
      id: p.feature.id,
      lacking: p.lacking.map((l: any) => ({ item: l.item, short: l.short })),
    })),
  });

  it('lists depots holding everything first, partial ones with what they lack', () => {
    expect(shape(nearestDepots(index, query.from, { k: 5, needs: query.needs }))).toEqual(expected.anyDate);
  });

  it('leaves expired stock out when a date is given', () => {
    expect(shape(nearestDepots(index, query.from, { k: 5, needs: query.needs, asOf: query.asOf }))).toEqual(
      expected.asOf,
    );
  });

  it('reports the quantities of the asked items, adding up rows of one item', () => {
    const mid = layers.depots.find((d) => d.id === 'mid')!;
    const match = matchStock(mid as any, query.needs);
    expect(match.items.map((i) => [i.item, i.held, i.unit])).toEqual([
      ['帐篷', 600, '顶'],
      ['饮用水', 600, '箱'],
    ]);
    expect(() => nearestDepots(index, query.from, { k: 1, needs: [] })).toThrow(RangeError);
  });

  it('filters teams by specialty and duty, shelters by status and free places', () => {
    const team = (specialties: string[], on_duty: boolean) => point('t', [0, 0], { specialties, on_duty }) as any;
    expect(teamFits(['water_rescue'])(team(['water_rescue', 'flood'], true))).toBe(true);
    expect(teamFits(['water_rescue'])(team(['water_rescue'], false))).toBe(false);
    expect(teamFits(['water_rescue'], false)(team(['water_rescue'], false))).toBe(true);
    expect(teamFits(['water_rescue', 'hazmat'])(team(['water_rescue'], true))).toBe(false);
    const shelter = (status: string, free_places: number) => point('s', [0, 0], { status, free_places }) as any;
    expect(shelterFits(100)(shelter('open', 100))).toBe(true);
    expect(shelterFits(100)(shelter('open', 99))).toBe(false);
    expect(shelterFits(1)(shelter('closed', 500))).toBe(false);
  });
});

describe('around an incident (around-incident)', () => {
  const { layers, query, expected } = fixture('around-incident');
  const result = around(query.incident, query.radiusKm, layers);
  const all = Object.values(result.groups).flatMap((g) => Object.values(g).flatMap((l) => l?.items ?? []));

  it('groups and counts what lies within R', () => {
    expect(result.counts).toEqual(expected.counts);
    expect(result.residents).toBe(expected.residents);
    expect(result.peopleInTargets).toBe(expected.peopleInTargets);
    for (const id of expected.absent) expect(all.some((i) => i.feature.id === id)).toBe(false);
    expect(result.groups.risks.risk_zones?.byKind).toEqual({ level_2: 1 });
  });

  it('measures to the nearest point of a line, zero inside an area, with bearings', () => {
    for (const [id, want] of Object.entries(expected.items) as [string, any][]) {
      const item = all.find((i) => i.feature.id === id)!;
      expect(item.distanceM, id).toBeCloseTo(want.distanceM, -0.3);
      if (want.bearingDeg !== undefined) expect(Math.abs(item.bearingDeg - want.bearingDeg), id).toBeLessThan(0.1);
      if (want.inside !== undefined) expect(item.inside).toBe(want.inside);
    }
  });

  it('refuses a radius of zero', () => {
    expect(() => around(query.incident, 0, layers)).toThrow(RangeError);
  });
});

describe('shelter coverage (shelters-two-three)', () => {
  const { layers, profile, expected } = fixture('shelters-two-three');
  const result = shelterCoverage(layers, profile);

  it('assigns each village to the nearest open shelter that reaches it, once', () => {
    const d = result.district;
    expect(d.residents).toBe(expected.district.residents);
    expect(d.covered).toBe(expected.district.covered);
    expect(d.coveredPct).toBeCloseTo(expected.district.coveredPct, 3);
    for (const s of result.shelters) {
      expect({ assigned: s.assigned, capacity: s.capacity, shortfall: s.shortfall }).toEqual(expected.shelters[s.id]);
    }
    expect(result.shelters.map((s) => s.id).sort()).toEqual(Object.keys(expected.shelters).sort());
  });

  it('sets capacity from the profile against residents, and counts the shortfall', () => {
    const d = result.district;
    expect(d.capacity).toBe(expected.district.capacity);
    expect(d.capacityRatio).toBeCloseTo(expected.district.capacityRatio, 5);
    expect(d.areaPerPerson).toBeCloseTo(expected.district.areaPerPerson, 5);
    expect(d.shortfall).toBe(expected.district.shortfall);
  });

  it('returns the uncovered villages, ignores closed shelters and names unknown kinds', () => {
    expect(result.uncovered.features.map((f) => f.id)).toEqual(expected.uncovered.map((u: any) => u.id));
    expect(result.uncovered.features[0].properties.nearest_open_shelter_m).toBeCloseTo(
      expected.uncovered[0].nearest_open_shelter_m,
      -1,
    );
    expect(result.unknownKinds).toEqual(expected.unknownKinds);
    expect(result.townships.find((t) => t.township === expected.emptyTownship.township)).toMatchObject(
      expected.emptyTownship,
    );
  });
});

describe('camera coverage (camera-square)', () => {
  const { layers, expected } = fixture('camera-square');
  const existing = cameraCoverage(layers);
  const all = cameraCoverage(layers, { includePlanned: true });

  it('sees π/4 of the square from its centre, the figure inside the stated error bound', () => {
    expect(existing.cameras).toBe(1);
    // A square's edges run along the grid, the worst case for a raster: its error does not cancel.
    expect(Math.abs(existing.district.coveredPct! - expected.existing.coveredPct)).toBeLessThan(
      existing.errorBoundPct!,
    );
    expect(existing.district.overlapPct).toBe(expected.existing.overlapPct);
    expect(Math.abs(existing.district.areaKm2 - expected.areaKm2) / expected.areaKm2).toBeLessThan(0.005);
    const fine = cameraCoverage(layers, { cellM: 2 });
    expect(Math.abs(fine.district.coveredPct! - expected.existing.coveredPct)).toBeLessThan(0.05);
    expect(fine.errorBoundPct!).toBeLessThan(existing.errorBoundPct! / 5);
  });

  it('adds the planned corner camera: union and overlap as worked out', () => {
    expect(all.cameras).toBe(2);
    expect(Math.abs(all.district.coveredPct! - expected.withPlanned.coveredPct)).toBeLessThan(all.errorBoundPct!);
    expect(Math.abs(all.district.overlapPct! - expected.withPlanned.overlapPct)).toBeLessThan(0.3);
  });

  it('leaves the four corners as blind spots, each a valid polygon', () => {
    const spots = existing.blindSpots.features;
    expect(spots).toHaveLength(expected.existing.blindSpots);
    for (const s of spots) {
      const share = ((s.properties.area_km2 as number) / existing.district.areaKm2) * 100;
      expect(Math.abs(share - expected.existing.blindSpotShare)).toBeLessThan(0.25);
      expect(s.properties.township).toBe('甲镇');
      expect(turf.booleanValid(s)).toBe(true);
      expect(turf.booleanClockwise(s.geometry.coordinates[0])).toBe(false);
    }
  });

  it('watches only the kinds asked for', () => {
    const parks = cameraCoverage(layers, { kinds: ['industrial_park'] });
    expect(parks.district.areaKm2).toBeCloseTo(1, 1);
    expect(parks.district.coveredKm2).toBe(0);
    expect(cameraCoverage({}, {}).district.coveredPct).toBeNull();
  });
});

describe('broadcast coverage (broadcast-three)', () => {
  const { layers, expected } = fixture('broadcast-three');

  it('counts residents within a terminal range, existing and with planned', () => {
    const now = broadcastCoverage(layers);
    const later = broadcastCoverage(layers, { includePlanned: true });
    expect(now.district.coveredPct).toBeCloseTo(expected.existing.coveredPct, 6);
    expect(later.district.coveredPct).toBeCloseTo(expected.withPlanned.coveredPct, 6);
    expect(now.uncovered.features.map((f) => f.id)).toEqual(expected.existing.uncovered);
    expect(later.uncovered.features.map((f) => f.id)).toEqual(expected.withPlanned.uncovered);
    expect(now.townships[0]).toMatchObject({ township: '甲镇', coveredPct: expected.existing.coveredPct });
  });

  it('what-if: a proposed terminal adds its residents; a proposal with an existing id replaces it', () => {
    const t2 = layers.broadcast_terminals.find((t) => t.id === 't2')!;
    const built = { ...t2, properties: { ...t2.properties, status: 'existing' } };
    const result = whatIf(layers, { broadcast_terminals: [built] }, (l) => broadcastCoverage(l));
    expect((result.delta as any).district.covered).toBe(200);
    expect((result.delta as any).district.coveredPct).toBeCloseTo(20, 6);
    expect((result.delta as any).uncovered.count).toBe(-1);
    expect(result.after.terminals).toBe(2);
    const t1 = layers.broadcast_terminals.find((t) => t.id === 't1')!;
    const silenced = { ...t1, properties: { ...t1.properties, range_m: 100 } };
    const worse = whatIf(layers, { broadcast_terminals: [silenced] }, (l) => broadcastCoverage(l));
    expect(worse.after.terminals).toBe(1);
    expect((worse.delta as any).district.covered).toBe(-300);
  });
});

describe('fire-station response (fire-disc)', () => {
  const { layers, profile, expected } = fixture('fire-disc');
  const result = fireCoverage(layers, profile);

  it('reaches the disc of speed × time, by straight line, and says so', () => {
    expect(result.straightLine).toBe(true);
    expect(result.radiusM).toBe(expected.radiusM);
    expect(result.stations).toBe(expected.stations);
    expect(result.area.district.areaKm2).toBeCloseTo(expected.areaKm2, 0);
    expect(Math.abs(result.area.district.areaPct! - expected.areaPct)).toBeLessThan(0.2);
    expect(result.district.coveredPct).toBe(expected.coveredPct);
    expect(result.uncovered.features.map((f) => f.id)).toEqual(expected.uncovered);
  });

  it('counts planned stations only when asked', () => {
    expect(fireCoverage(layers, profile, { includePlanned: true }).district.coveredPct).toBe(100);
  });
});

describe('exposure (exposure-nested)', () => {
  const { layers, expected } = fixture('exposure-nested');
  const result = exposure(layers);

  it('counts each feature once, at the highest level of the zones it lies in', () => {
    expect(
      result.levels.map((l) => ({
        level: l.level,
        residents: l.residents,
        populationPoints: l.populationPoints,
        shelters: l.shelters,
        protectedTargets: l.protectedTargets.total,
        hazards: l.hazards.total,
      })),
    ).toEqual(expected.levels);
  });

  it('flags shelters in red/orange or geohazard zones, and understated zones', () => {
    expect(
      result.exposedShelters.map((e) => ({ id: e.feature.id, reasons: e.reasons, zones: e.zones.map((z) => z.id) })),
    ).toEqual(expected.exposedShelters);
    expect(result.exposedTargets).toEqual(expected.exposedTargets);
    expect(result.checkCount).toBe(expected.checkCount);
    expect(
      result.understatedZones.map((u) => ({
        zone: u.zone.id,
        storedLevel: u.storedLevel,
        impliedLevel: u.impliedLevel,
        points: u.points.map((p) => p.id),
      })),
    ).toEqual(expected.understatedZones);
  });
});

describe('siting (siting-line)', () => {
  const { layers, query, expected } = fixture('siting-line');
  const candidates = layers.candidates.map((c) => (c.geometry as any).coordinates);
  const names = layers.candidates.map((c) => String(c.id));

  it('picks greedily the site adding the most residents, then the next, and stops when nothing is added', () => {
    const result = siteBroadcast(layers, { rangeM: query.rangeM, k: query.k, candidates });
    expect(result.before).toBe(0);
    expect(
      result.picks.map((p) => ({
        candidate: names[p.index],
        adds: p.adds,
        total: p.total,
        totalPct: Number(p.totalPct!.toFixed(4)),
      })),
    ).toEqual(expected.picks);
    expect(() => siteBroadcast(layers, { rangeM: query.rangeM, k: 0, candidates })).toThrow(RangeError);
  });
});
