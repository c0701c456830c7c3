/**
 * A district set up from its boundary alone, as every real district starts: the demo district with its
 * townships removed. Each figure measured over the district polygon equals the sum over the townships
 * when they are there (the demo's district polygon is their union), within the grid's stated error
 * bound; per-township tables are empty and say why. With nothing at all, each figure is null and names
 * its reason. The demo analyses run once per case in beforeAll, on coarse grids where a grid is asked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { broadcastCoverage } from '../../../server/analysis/coverage-broadcast.ts';
import { cameraScenarios } from '../../../server/analysis/coverage-cameras.ts';
import { fireCoverage } from '../../../server/analysis/coverage-fire.ts';
import { shelterCoverage } from '../../../server/analysis/coverage-shelters.ts';
import { exposure } from '../../../server/analysis/exposure.ts';
import { scorecard } from '../../../server/analysis/scorecard.ts';
import { siteBroadcast, siteShelters } from '../../../server/analysis/siting.ts';
import { siteCameras } from '../../../server/analysis/siting-cameras.ts';
import type { Layers } from '../../../server/analysis/types.ts';
import { demo } from './support.ts';

const { layers, profile } = demo();
const CELL_M = 100;
const SEAT = [119.12, 25.46];

function analyse(input: Layers) {
  return {
    fire: fireCoverage(input, profile, { cellM: CELL_M }),
    broadcast: broadcastCoverage(input),
    shelters: shelterCoverage(input, profile),
    cameras: cameraScenarios(input, { cellM: CELL_M, blindSpots: false }).existing,
    exposure: exposure(input),
    card: scorecard(input, profile),
  };
}
type Run = ReturnType<typeof analyse>;

const districtOnly: Layers = {
  ...layers,
  admin_areas: layers.admin_areas.features.filter((f) => f.properties.level === 'district'),
};
const nothing: Layers = {};

let withTownships: Run;
let fallback: Run;
let empty: Run;
beforeAll(() => {
  withTownships = analyse(layers);
  fallback = analyse(districtOnly);
  empty = analyse(nothing);
}, 120_000);

const sum = (rows: object[], key: string) => rows.reduce((n, r) => n + ((r as Record<string, number>)[key] ?? 0), 0);
const districtRow = (r: Run, id: string) => r.card.rows.find((row) => row.id === id && row.scope.level === 'district');

/** A figure over the district polygon, the same summed over the townships, and how far apart they may be. */
const FIGURES: [string, (r: Run) => number | null, (r: Run) => number, (r: Run) => number][] = [
  [
    'fire-station area reached, km²',
    (r) => r.fire.area.district.coveredKm2,
    (r) => sum(r.fire.area.townships, 'coveredKm2'),
    (r) => r.fire.area.errorBoundKm2,
  ],
  [
    'fire-station area measured, km²',
    (r) => r.fire.area.district.areaKm2,
    (r) => sum(r.fire.area.townships, 'areaKm2'),
    (r) => r.fire.area.areaErrorBoundKm2,
  ],
  [
    'residents within 5 minutes of a station',
    (r) => r.fire.district.covered,
    (r) => sum(r.fire.townships, 'covered'),
    () => 0,
  ],
  [
    'residents within broadcast range',
    (r) => r.broadcast.district.covered,
    (r) => sum(r.broadcast.townships, 'covered'),
    () => 0,
  ],
  [
    'residents within reach of an open shelter',
    (r) => r.shelters.district.covered,
    (r) => sum(r.shelters.townships, 'covered'),
    () => 0,
  ],
  ['shelter capacity', (r) => r.shelters.district.capacity, (r) => sum(r.shelters.townships, 'capacity'), () => 0],
  [
    'forest seen on video, km²',
    (r) => r.cameras.district.coveredKm2,
    (r) => sum(r.cameras.townships, 'coveredKm2'),
    (r) => r.cameras.errorBoundKm2,
  ],
  [
    'forest watched, km²',
    (r) => r.cameras.district.areaKm2,
    (r) => sum(r.cameras.townships, 'areaKm2'),
    (r) => r.cameras.areaErrorBoundKm2,
  ],
  [
    'residents in risk zones',
    (r) => sum(r.exposure.levels, 'residents'),
    (r) => sum(r.exposure.levels, 'residents'),
    () => 0,
  ],
  [
    'scorecard: longest fire response, minutes',
    (r) => districtRow(r, 'fire_response')?.value ?? null,
    (r) => districtRow(r, 'fire_response')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: weather stations per 100 km²',
    (r) => districtRow(r, 'weather_station_density')?.value ?? null,
    (r) => districtRow(r, 'weather_station_density')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: residents within reach of a shelter, %',
    (r) => districtRow(r, 'shelter_reach')?.value ?? null,
    (r) => districtRow(r, 'shelter_reach')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: shelter area per resident',
    (r) => districtRow(r, 'shelter_area_per_person')?.value ?? null,
    (r) => districtRow(r, 'shelter_area_per_person')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: forest video coverage, %',
    (r) => districtRow(r, 'forest_video_coverage')?.value ?? null,
    (r) => districtRow(r, 'forest_video_coverage')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: broadcast coverage, %',
    (r) => districtRow(r, 'broadcast_coverage')?.value ?? null,
    (r) => districtRow(r, 'broadcast_coverage')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: full-time firefighters, ‰',
    (r) => districtRow(r, 'full_time_firefighters')?.value ?? null,
    (r) => districtRow(r, 'full_time_firefighters')?.value as number,
    () => 1e-9,
  ],
  [
    'scorecard: longest relief delivery, hours',
    (r) => districtRow(r, 'relief_hours')?.value ?? null,
    (r) => districtRow(r, 'relief_hours')?.value as number,
    () => 1e-9,
  ],
];

describe('a district with its boundary and no townships', () => {
  it.each(FIGURES)(
    'gives %s over the district polygon, the sum over the townships',
    (_figure, value, summed, bound) => {
      const measured = value(fallback);
      expect(measured).not.toBeNull();
      expect(measured as number).toBeGreaterThan(0);
      expect(Math.abs((measured as number) - summed(withTownships))).toBeLessThanOrEqual(bound(withTownships) + 1e-9);
    },
  );

  it.each([
    ['fire stations', (r: Run) => r.fire],
    ['fire-station area', (r: Run) => r.fire.area],
    ['broadcast', (r: Run) => r.broadcast],
    ['shelters', (r: Run) => r.shelters],
    ['cameras', (r: Run) => r.cameras],
  ])('leaves the per-township table of %s empty, saying there are no townships', (_what, answer) => {
    expect(answer(withTownships)).toMatchObject({ basis: 'townships' });
    expect(answer(withTownships).townships.length).toBeGreaterThan(0);
    expect(answer(fallback)).toMatchObject({ basis: 'district', townships: [], why: { townships: 'no_townships' } });
    expect(answer(empty)).toMatchObject({ basis: 'none', townships: [], why: { townships: 'no_townships' } });
  });

  it.each([['township_composite_teams'], ['township_cameras']])(
    'leaves the per-township count %s null, saying there are no townships',
    (id) => {
      expect(districtRow(fallback, id)).toMatchObject({ value: null, met: null, why: 'no_townships' });
      expect(fallback.card.basis).toBe('district');
      expect(fallback.card.rows.every((row) => row.scope.level === 'district')).toBe(true);
    },
  );
});

/** With no layers at all: a figure and the reason it must give. */
const NULLS: [string, (r: Run) => { value: unknown; why: unknown }, string][] = [
  [
    'fire-station area',
    (r) => ({ value: r.fire.area.district.areaPct, why: r.fire.area.district.why?.areaPct }),
    'no_district_boundary',
  ],
  [
    'fire-station area, km²',
    (r) => ({ value: r.fire.area.district.areaKm2, why: r.fire.area.district.why?.areaKm2 }),
    'no_district_boundary',
  ],
  [
    'residents within 5 minutes, %',
    (r) => ({ value: r.fire.district.coveredPct, why: r.fire.district.why?.coveredPct }),
    'no_population',
  ],
  [
    'broadcast coverage, %',
    (r) => ({ value: r.broadcast.district.coveredPct, why: r.broadcast.district.why?.coveredPct }),
    'no_population',
  ],
  [
    'shelter reach, %',
    (r) => ({ value: r.shelters.district.coveredPct, why: r.shelters.district.why?.coveredPct }),
    'no_population',
  ],
  [
    'shelter area per resident',
    (r) => ({ value: r.shelters.district.areaPerPerson, why: r.shelters.district.why?.areaPerPerson }),
    'no_population',
  ],
  [
    'shelter capacity per resident',
    (r) => ({ value: r.shelters.district.capacityRatio, why: r.shelters.district.why?.capacityRatio }),
    'no_population',
  ],
  [
    'forest video coverage, %',
    (r) => ({ value: r.cameras.district.coveredPct, why: r.cameras.district.why?.coveredPct }),
    'no_forest_areas',
  ],
  [
    'forest video overlap, %',
    (r) => ({ value: r.cameras.district.overlapPct, why: r.cameras.district.why?.overlapPct }),
    'no_forest_areas',
  ],
  [
    'forest video error bound, %',
    (r) => ({ value: r.cameras.errorBoundPct, why: r.cameras.why?.errorBoundPct }),
    'no_forest_areas',
  ],
  ...(
    [
      ['shelter_visualised', 'no_shelters'],
      ['shelter_standardised', 'no_shelters'],
      ['shelter_reach', 'no_population'],
      ['shelter_area_per_person', 'no_population'],
      ['forest_video_coverage', 'no_forest_areas'],
      ['broadcast_coverage', 'no_population'],
      ['fire_response', 'no_population'],
      ['weather_station_density', 'no_district_boundary'],
      ['full_time_firefighters', 'no_population'],
      ['relief_hours', 'no_population'],
      ['township_composite_teams', 'no_townships'],
      ['township_cameras', 'no_townships'],
    ] as const
  ).map(([id, why]): [string, (r: Run) => { value: unknown; why: unknown }, string] => [
    `scorecard: ${id}`,
    (r) => ({ value: districtRow(r, id)?.value, why: districtRow(r, id)?.why }),
    why,
  ]),
];

describe('a store with nothing at all', () => {
  it.each(NULLS)('gives %s as null with its reason', (_figure, figure, reason) => {
    expect(figure(empty)).toEqual({ value: null, why: reason });
    // With the demo's data the same figure is there, and does not name that reason.
    expect(figure(withTownships).value).not.toBeNull();
    expect(figure(withTownships).why).not.toBe(reason);
  });

  it.each([
    [
      'shelter siting',
      () => siteShelters(nothing, profile, { kind: 'fixed', k: 1, candidates: [SEAT] }),
      'no_population',
    ],
    ['broadcast siting', () => siteBroadcast(nothing, { k: 1, rangeM: 500, candidates: [SEAT] }), 'no_population'],
    ['camera siting', () => siteCameras(nothing, { k: 1, rangeM: 5000, candidates: [SEAT] }), 'no_forest_areas'],
  ])('gives the share before %s as null with its reason', (_what, site, reason) => {
    expect(site()).toMatchObject({ beforePct: null, picks: [], why: { beforePct: reason } });
  });

  it('says the distance to the nearest open shelter is null because there is none', () => {
    const none = shelterCoverage({ ...layers, shelters: [] }, profile);
    expect(none.uncovered.features.length).toBe(layers.population.features.length);
    expect(none.uncovered.features.every((f) => f.properties.nearest_open_shelter_m === null)).toBe(true);
    expect(none.why).toEqual({ nearest_open_shelter_m: 'no_open_shelters' });
    expect(withTownships.shelters.why).toBeUndefined();
  });

  it.each([
    ['the demo', () => withTownships],
    ['the district polygon alone', () => fallback],
    ['nothing', () => empty],
  ])('says why of every null value or verdict of the scorecard, on %s', (_case, run) => {
    const card = run().card;
    for (const row of card.rows) {
      const unknown = row.value === null || row.met === null;
      expect(row.why !== null, `${row.id}@${row.scope.name}`).toBe(unknown);
      if (row.value !== null && row.met === null) expect(row.why).toBe('target_not_set');
    }
  });
});
