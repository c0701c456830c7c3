/**
 * Forest-fire video coverage (视频监测覆盖率): the share of forest and key fire-prevention areas inside
 * the union of the cameras' view sectors, per township and for the district, with the blind spots as
 * polygons and the overlap (area seen by two or more cameras ÷ area seen). Existing cameras only, or
 * with the planned ones.
 *
 * The union is not built with `turf.union`, whose cost grows with every vertex of every sector; the
 * sectors (sectors.ts) and areas are rasterised on a grid in lon/lat with cells of at most `cellM`
 * metres (≤ 25 m), each cell's area exact on the ellipsoid. A cell is in a polygon when its centre is,
 * so the only error is in the cells a boundary crosses; `errorBoundKm2` states the worst case
 * (boundary length × half a cell's diagonal). Against an exact polygon union the demo district agrees
 * to well under 0.1%.
 *
 * With a DEM, each camera's view is its viewshed (camera-views.ts: what it sees over the hills, cut to
 * its range, heading and field of view, computed beforehand and handed in) and the answer says
 * `method: 'viewshed'`; without one, the flat sector, `method: 'sector'`. Both are counted on the same
 * grid, so the blind spots, the overlap and the townships follow either way. A camera standing off the
 * DEM sees nothing on it and is counted in `camerasOffDem`.
 *
 * The district's figures count every watched cell, so they need no townships; the per-township rows
 * do, and with none the answer says so (`basis`, `why.townships`). A share of nothing (no forest, or
 * nothing seen) is null with its reason.
 */
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { isPlanned } from '../layers/planned.ts';
import { eyeKey, eyeOf, type TerrainViews } from './camera-views.ts';
import { featuresOf, isPolygonal, pct, str } from './geometry.ts';
import {
  type BBox,
  DEFAULT_CELL_M,
  errorBoundM2,
  fillPolygon,
  type Grid,
  labelAreas,
  makeGrid,
  traceRegions,
} from './grid.ts';
import { counted } from './planned.ts';
import { explained, type Unknown, type Why, whyIf } from './scorecard-facts.ts';
import { viewSector } from './sectors.ts';
import { type Basis, basisWhy, TownshipLocator } from './townships.ts';
import type { AnyFeature, Layers, Place, Props } from './types.ts';

export const DEFAULT_WATCHED_KINDS = ['forest', 'key_fire_area'];

export interface CameraOptions {
  /** forest_areas kinds watched; forest and key fire-prevention areas by default. */
  kinds?: string[];
  includePlanned?: boolean;
  cellM?: number;
  stepsPerCircle?: number;
  /** Blind spots smaller than this are left out of the polygons (not of the figures). */
  minBlindSpotM2?: number;
  /** false to skip drawing blind spots when only the figures are wanted. */
  blindSpots?: boolean;
  /** The cameras' viewsheds on the DEM in use; without it, flat sectors. */
  terrain?: TerrainViews;
}

type View = Feature<Polygon | MultiPolygon, Props>;

export interface WatchFigures {
  areaKm2: number;
  coveredKm2: number;
  coveredPct: number | null;
  /** Watched area seen by two or more cameras. */
  overlapKm2: number;
  /** overlap ÷ covered × 100. */
  overlapPct: number | null;
  why?: Why<WatchFigures>;
}

export interface CameraCoverage {
  scenario: 'existing' | 'with_planned';
  /** How a camera's view was drawn: its viewshed on the DEM, or a flat sector where there is no DEM. */
  method: 'viewshed' | 'sector';
  /** The DEM the viewsheds were computed on; null for sectors. */
  demVersion: number | null;
  /** Cameras counted: those with a view (on the DEM, for viewsheds). */
  cameras: number;
  /** Cameras standing off the DEM or on a cell without a height: they see nothing on it. */
  camerasOffDem: number;
  /** Cameras whose viewshed assumed a mast height (ASSUMED_MAST_M) for want of one. */
  mastAssumed: number;
  kinds: string[];
  district: WatchFigures;
  townships: (Place & WatchFigures)[];
  blindSpots: FeatureCollection<Polygon, Props>;
  /** Each camera's view as measured: its viewshed or its sector. */
  sectors: FeatureCollection<Polygon | MultiPolygon, Props>;
  /** Worst-case error of the district's covered area: boundary length × half a cell's diagonal. */
  errorBoundKm2: number;
  /** The same for the watched area, the denominator. */
  areaErrorBoundKm2: number;
  /** Worst-case error of the district's covered %, from both bounds. */
  errorBoundPct: number | null;
  cellM: number;
  /** What the per-township rows are over: with no townships there are none, and `why.townships` says so. */
  basis: Basis;
  why?: { townships?: Unknown; errorBoundPct?: Unknown };
}

/** The watched areas rasterised once: which cells are watched and in which township. */
export interface Watch {
  grid: Grid;
  /** 1 where a watched area covers the cell. */
  watched: Uint8Array;
  /** 1 + township index, 0 outside every township. */
  township: Uint16Array;
  locator: TownshipLocator;
  kinds: string[];
  /** Worst-case error of the watched area measured on the grid. */
  areaErrorBoundKm2: number;
}

export function watchedAreas(input: Layers, kinds: string[] = DEFAULT_WATCHED_KINDS): (Polygon | MultiPolygon)[] {
  return featuresOf(input.forest_areas)
    .filter((f) => kinds.includes(str(f.properties, 'kind') ?? '') && isPolygonal(f.geometry))
    .map((f) => f.geometry as Polygon | MultiPolygon);
}

export function prepareWatch(
  input: Layers,
  kinds: string[] = DEFAULT_WATCHED_KINDS,
  cellM = DEFAULT_CELL_M,
): Watch | null {
  const areas = watchedAreas(input, kinds);
  if (areas.length === 0) return null;
  const bbox = turf.bbox(turf.featureCollection(areas.map((a) => turf.feature(a)))) as BBox;
  const grid = makeGrid(bbox, cellM);
  const watched = new Uint8Array(grid.cols * grid.rows);
  for (const area of areas)
    fillPolygon(grid, area, (r, c0, c1) => watched.fill(1, r * grid.cols + c0, r * grid.cols + c1));
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const township = labelAreas(
    grid,
    locator.townships.map((t) => t.geometry),
  );
  const areaErrorBoundKm2 = errorBoundM2(grid, (i) => watched[i] === 1) / 1e6;
  return { grid, watched, township, locator, kinds, areaErrorBoundKm2 };
}

/** How many of the polygons cover each cell (saturating at 65535). */
export function countViews(
  grid: Grid,
  views: (Polygon | MultiPolygon)[],
  counts: Uint16Array = new Uint16Array(grid.cols * grid.rows),
): Uint16Array {
  for (const view of views)
    fillPolygon(grid, view, (r, c0, c1) => {
      for (let i = r * grid.cols + c0, end = r * grid.cols + c1; i < end; i++) if (counts[i] < 65535) counts[i]++;
    });
  return counts;
}

type Scenario = CameraCoverage['scenario'];

interface Views {
  views: View[];
  offDem: number;
  mastAssumed: number;
}

/** The views of the cameras `keep` accepts: their viewsheds when `terrain` is given, else flat sectors. */
export function viewsOf(
  input: Layers,
  keep: (camera: AnyFeature) => boolean,
  options: Pick<CameraOptions, 'terrain' | 'stepsPerCircle'>,
): Views {
  const cameras = featuresOf(input.cameras).filter(keep);
  const { terrain } = options;
  if (!terrain) {
    const views = cameras.map((c) => viewSector(c, options.stepsPerCircle)).filter((v) => v !== null);
    return { views, offDem: 0, mastAssumed: 0 };
  }
  const found: Views = { views: [], offDem: 0, mastAssumed: 0 };
  for (const camera of cameras) {
    const eye = eyeOf(camera);
    if (!eye) continue;
    const seen = terrain.seen.get(eyeKey(eye));
    if (!seen) {
      found.offDem++;
      continue;
    }
    if (eye.mastAssumed) found.mastAssumed++;
    const properties = { camera_id: camera.id ?? null, name: camera.properties?.name ?? null };
    found.views.push(turf.feature(seen, properties) as View);
  }
  return found;
}

/** Views of two sets of cameras as one. */
const joined = (a: Views, b: Views): Views => ({
  views: [...a.views, ...b.views],
  offDem: a.offDem + b.offDem,
  mastAssumed: a.mastAssumed + b.mastAssumed,
});

export function cameraCoverage(input: Layers, options: CameraOptions = {}): CameraCoverage {
  const scenario: Scenario = options.includePlanned ? 'with_planned' : 'existing';
  const views = viewsOf(input, counted(options.includePlanned), options);
  const watch = prepareWatch(input, options.kinds, options.cellM);
  const counts = watch
    ? countViews(
        watch.grid,
        views.views.map((v) => v.geometry),
      )
    : null;
  return measure(watch, counts, views, scenario, options, basisOf(input, watch));
}

/** What the per-township rows are over, from the watch when there is one. */
function basisOf(input: Layers, watch: Watch | null): Basis {
  return (watch?.locator ?? new TownshipLocator(input.admin_areas ?? [])).basis;
}

/**
 * Both scenarios the plan reports, existing cameras and existing + planned, rasterising the watched
 * areas once and adding the planned views to the existing count.
 */
export function cameraScenarios(input: Layers, options: Omit<CameraOptions, 'includePlanned'> = {}) {
  const watch = prepareWatch(input, options.kinds, options.cellM);
  const existingViews = viewsOf(input, counted(false), options);
  const plannedViews = viewsOf(input, isPlanned, options);
  const counts = watch
    ? countViews(
        watch.grid,
        existingViews.views.map((v) => v.geometry),
      )
    : null;
  const basis = basisOf(input, watch);
  const existing = measure(watch, counts, existingViews, 'existing', options, basis);
  if (watch && counts)
    countViews(
      watch.grid,
      plannedViews.views.map((v) => v.geometry),
      counts,
    );
  const withPlanned = measure(watch, counts, joined(existingViews, plannedViews), 'with_planned', options, basis);
  return { existing, withPlanned };
}

/** Figures, blind spots and error bounds from the count of views over each watched cell. */
function measure(
  watch: Watch | null,
  counts: Uint16Array | null,
  { views: sectors, offDem, mastAssumed }: Views,
  scenario: Scenario,
  options: CameraOptions,
  basis: Basis,
): CameraCoverage {
  const base = {
    scenario,
    method: options.terrain ? ('viewshed' as const) : ('sector' as const),
    demVersion: options.terrain?.demVersion ?? null,
    cameras: sectors.length,
    camerasOffDem: offDem,
    mastAssumed,
    kinds: options.kinds ?? DEFAULT_WATCHED_KINDS,
    sectors: turf.featureCollection(sectors),
    cellM: options.cellM ?? DEFAULT_CELL_M,
    basis,
  };
  const townshipsWhy = basisWhy(basis);
  if (!watch || !counts) {
    const none = { areaKm2: 0, coveredKm2: 0, coveredPct: null, overlapKm2: 0, overlapPct: null };
    const blindSpots = turf.featureCollection<Polygon, Props>([]);
    return {
      ...base,
      district: explained(none, { coveredPct: 'no_forest_areas', overlapPct: 'no_forest_areas' }),
      townships: [],
      blindSpots,
      errorBoundKm2: 0,
      areaErrorBoundKm2: 0,
      errorBoundPct: null,
      why: { ...townshipsWhy, errorBoundPct: 'no_forest_areas' },
    };
  }
  const { grid, watched, township, locator } = watch;
  const n = locator.townships.length + 1;
  const area = new Float64Array(n);
  const seen = new Float64Array(n);
  const twice = new Float64Array(n);
  for (let r = 0, i = 0; r < grid.rows; r++) {
    const a = grid.rowAreaM2[r];
    for (let c = 0; c < grid.cols; c++, i++) {
      if (!watched[i]) continue;
      const t = township[i];
      area[t] += a;
      if (counts[i] >= 1) seen[t] += a;
      if (counts[i] >= 2) twice[t] += a;
    }
  }
  const unseen: Unknown = sectors.length === 0 ? 'no_cameras' : 'nothing_seen';
  const figures = (a: number, s: number, o: number): WatchFigures =>
    explained(
      { areaKm2: a / 1e6, coveredKm2: s / 1e6, coveredPct: pct(s, a), overlapKm2: o / 1e6, overlapPct: pct(o, s) },
      { coveredPct: 'area_below_error', overlapPct: unseen },
    );
  const total = (xs: Float64Array) => xs.reduce((sum, x) => sum + x, 0);
  const district = figures(total(area), total(seen), total(twice));
  const errorBoundKm2 = errorBoundM2(grid, (i) => watched[i] === 1 && counts[i] > 0) / 1e6;
  const { areaKm2: a, coveredKm2: s } = district;
  // covered ÷ area moves by at most (errCovered + covered · errArea ÷ area) ÷ (area − errArea).
  const errorBoundPct =
    a > watch.areaErrorBoundKm2
      ? (100 * (errorBoundKm2 + (s * watch.areaErrorBoundKm2) / a)) / (a - watch.areaErrorBoundKm2)
      : null;
  return {
    ...base,
    district,
    townships: locator.townships
      .map((t, k) => ({ township: t.name, code: t.code, ...figures(area[k + 1], seen[k + 1], twice[k + 1]) }))
      .filter((t) => t.areaKm2 > 0),
    blindSpots:
      options.blindSpots === false
        ? turf.featureCollection([])
        : blindSpotsOf(watch, counts, options.minBlindSpotM2 ?? 0),
    errorBoundKm2,
    areaErrorBoundKm2: watch.areaErrorBoundKm2,
    errorBoundPct,
    ...whyIf({ ...townshipsWhy, ...(errorBoundPct === null ? { errorBoundPct: 'area_below_error' } : {}) }),
  };
}

/** Unseen watched cells as polygons, one per township they lie in. */
function blindSpotsOf({ grid, watched, township, locator }: Watch, counts: Uint16Array, minM2: number) {
  const outside = locator.townships.length + 1; // watched cells outside every township
  const spots = traceRegions(grid, (i) => (watched[i] && counts[i] === 0 ? township[i] || outside : 0))
    .filter((b) => b.areaM2 >= minM2)
    .map((b) =>
      turf.polygon<Props>(b.polygon.coordinates, {
        township: b.label === outside ? null : locator.townships[b.label - 1].name,
        area_km2: b.areaM2 / 1e6,
      }),
    );
  return turf.featureCollection(spots);
}
