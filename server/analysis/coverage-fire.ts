/**
 * Fire-station response (涵江 "5分钟到场"): the area and the residents a station reaches within the
 * profile's response minutes at the profile's speed. Where roads exist the reach is measured on them
 * (coverage-fire-road.ts); without roads it is a straight-line disc of radius speed × time around each
 * station, and the result says so (`method: 'straight'`, `why.method: 'no_roads'`). Residents
 * come from population points; the area is measured on a raster grid (exact discs, cells ≤ 25 m) over
 * the townships, so the union of many discs costs only the cells they cover, with its error bound. A
 * district with no townships yet is measured over its own polygon (`area.basis`); with neither, the
 * area figures are null and say why.
 */

import * as turf from '@turf/turf';
import type { FeatureCollection, Point } from 'geojson';
import { featuresOf, pct, pointOf, str } from './geometry.ts';
import { type BBox, DEFAULT_CELL_M, errorBoundM2, fillDisc, type Grid, labelAreas, makeGrid } from './grid.ts';
import { counted } from './planned.ts';
import { type PeopleTally, reachedBy, residentsOf, type Source, tallyPeople, uncoveredFeatures } from './reach.ts';
import { explained, type Unknown, type Why, whyIf } from './scorecard-facts.ts';
import { type Basis, basisWhy, TownshipLocator } from './townships.ts';
import type { AnyFeature, Layers, LonLat, Place, Profile, Props } from './types.ts';

export interface AreaFigures {
  areaKm2: number | null;
  coveredKm2: number | null;
  areaPct: number | null;
  why?: Why<AreaFigures>;
}

/** Why a tally is what it is: no townships to group by, and how reach was measured when not by road. */
export interface FireWhy {
  townships?: Unknown;
  method?: Unknown;
}

/** What a fire-station coverage says however it was measured. */
export interface FireFigures extends Omit<PeopleTally, 'why'> {
  minutes: number;
  stations: number;
  area: FireArea;
  uncovered: FeatureCollection<Point, Props>;
  why?: FireWhy;
}

/** The straight-line fallback: discs of speed × time, used when there are no roads to drive. */
export interface FireCoverage extends FireFigures {
  method: 'straight';
  straightLine: true;
  speedKmh: number;
  radiusM: number;
}

interface FireArea {
  basis: Basis;
  district: AreaFigures;
  townships: (Place & AreaFigures)[];
  /** Worst-case error of the district's covered area, and of its area (boundary length × half a cell's diagonal). */
  errorBoundKm2: number;
  areaErrorBoundKm2: number;
  cellM: number;
  why?: { townships: Unknown };
}

export interface FireOptions {
  includePlanned?: boolean;
  /** Station kinds counted (full_time, government, micro); all by default. */
  kinds?: string[];
  cellM?: number;
}

/** The stations counted (existing, or planned too; of the kinds asked), each with its position. */
export function countedStations(stations: AnyFeature[], options: FireOptions = {}) {
  return stations
    .filter(counted(options.includePlanned))
    .filter((s) => !options.kinds || options.kinds.includes(str(s.properties, 'kind') ?? ''))
    .map((feature) => ({ feature, position: pointOf(feature) }))
    .filter((s): s is { feature: AnyFeature; position: LonLat } => s.position !== null);
}

/** Stations counted, each reaching radiusM. */
export function stationSources(stations: AnyFeature[], radiusM: number, options: FireOptions = {}): Source[] {
  return countedStations(stations, options).map((s) => ({ position: s.position, radiusM }));
}

/** Straight-line reach of a response time at a speed, in metres. */
export function responseRadiusM(profile: Pick<Profile, 'fire'>): number {
  return ((profile.fire.speed_kmh * profile.fire.response_minutes) / 60) * 1000;
}

/** Area and residents within the response time of a station (`fire_stations`, `population`, `admin_areas`). */
export function fireCoverage(input: Layers, profile: Pick<Profile, 'fire'>, options: FireOptions = {}): FireCoverage {
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const radiusM = responseRadiusM(profile);
  const sources = stationSources(featuresOf(input.fire_stations), radiusM, options);
  const residents = residentsOf(input.population ?? [], locator);
  const covered = reachedBy(residents, sources);
  const tally = tallyPeople(residents, covered, locator);
  return {
    method: 'straight',
    straightLine: true,
    minutes: profile.fire.response_minutes,
    speedKmh: profile.fire.speed_kmh,
    radiusM,
    stations: sources.length,
    ...tally,
    why: { ...tally.why, method: 'no_roads' },
    area: reachedArea(locator, options.cellM ?? DEFAULT_CELL_M, discs(sources)),
    uncovered: uncoveredFeatures(residents, covered),
  };
}

/**
 * The area figures of a reach on the coverage grid over the townships (or the district polygon): `mark`
 * sets each cell some station reaches to a non-zero count, given the grid and each cell's area label
 * (0: outside every area). Null figures say why when there is nothing to measure over.
 */
export function reachedArea(
  locator: TownshipLocator,
  cellM: number,
  mark: (grid: Grid, labels: Uint16Array) => Uint8Array,
): FireArea {
  const areas = locator.measured;
  const basis = locator.basis;
  const why = basisWhy(basis);
  const frame = { basis, ...whyIf(why), cellM };
  if (areas.length === 0) {
    const none: AreaFigures = { areaKm2: null, coveredKm2: null, areaPct: null };
    const district = explained(none, {
      areaKm2: 'no_district_boundary',
      coveredKm2: 'no_district_boundary',
      areaPct: 'no_district_boundary',
    });
    return { ...frame, district, townships: [], errorBoundKm2: 0, areaErrorBoundKm2: 0 };
  }
  const bbox = turf.bbox(turf.featureCollection(areas.map((t) => turf.feature(t.geometry)))) as BBox;
  const grid = makeGrid(bbox, cellM);
  const labels = labelAreas(
    grid,
    areas.map((t) => t.geometry),
  );
  const reached = mark(grid, labels);
  const area = new Float64Array(areas.length + 1);
  const seen = new Float64Array(areas.length + 1);
  for (let r = 0, i = 0; r < grid.rows; r++)
    for (let c = 0; c < grid.cols; c++, i++) {
      area[labels[i]] += grid.rowAreaM2[r];
      if (reached[i]) seen[labels[i]] += grid.rowAreaM2[r];
    }
  const figures = (a: number, s: number): AreaFigures =>
    explained({ areaKm2: a / 1e6, coveredKm2: s / 1e6, areaPct: pct(s, a) }, { areaPct: 'no_district_boundary' });
  const sum = (xs: Float64Array) => xs.slice(1).reduce((n, x) => n + x, 0);
  return {
    ...frame,
    district: figures(sum(area), sum(seen)),
    townships:
      basis === 'townships'
        ? areas.map((t, k) => ({ township: t.name, code: t.code, ...figures(area[k + 1], seen[k + 1]) }))
        : [],
    errorBoundKm2: errorBoundM2(grid, (i) => labels[i] > 0 && reached[i] > 0) / 1e6,
    areaErrorBoundKm2: errorBoundM2(grid, (i) => labels[i] > 0) / 1e6,
  };
}

/** Cells within a straight-line disc of some station, one count per station. */
const discs = (sources: Source[]) => (grid: Grid) => {
  const reached = new Uint8Array(grid.cols * grid.rows);
  for (const s of sources)
    fillDisc(grid, s.position, s.radiusM, (r, c0, c1) => {
      for (let i = r * grid.cols + c0; i < r * grid.cols + c1; i++) reached[i] = Math.min(255, reached[i] + 1);
    });
  return reached;
};
