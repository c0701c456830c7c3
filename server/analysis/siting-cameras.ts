/**
 * Camera siting (监控选址): the next k fire-watch camera sites that add the most watched forest not yet
 * seen, by the greedy of siting.ts. Each candidate is a camera standing there with the view asked for
 * (mast height, range, heading, field of view: one view per candidate, a 360° dome unless a heading
 * and a narrower field are given). With a DEM its view is its viewshed over the hills, computed
 * beforehand in the viewshed workers and handed in (`terrain`, found by the candidate's eye as a
 * stored camera's is), and the answer says `method: 'viewshed'`; without one, the flat sector,
 * `method: 'sector'`. The cameras already there are seen the same way, so a pick adds exactly what a
 * what-if with that camera would add to the coverage (coverage-cameras.ts), on the same grid.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { eyeKey, eyeOf, type TerrainViews } from './camera-views.ts';
import { countViews, DEFAULT_WATCHED_KINDS, prepareWatch, viewsOf, watchedAreas } from './coverage-cameras.ts';
import { pct } from './geometry.ts';
import { DEFAULT_CELL_M, fillPolygon } from './grid.ts';
import { counted } from './planned.ts';
import { explained } from './scorecard-facts.ts';
import { sectorPolygon } from './sectors.ts';
import { candidateGrid, greedy, type Siting, type SitingOptions } from './siting.ts';
import type { AnyFeature, Layers, LonLat, Props } from './types.ts';

/** How each candidate looks: the request's view, the same for all. */
export interface CandidateView {
  rangeM: number;
  fovDeg?: number;
  headingDeg?: number;
  /** Eye above the ground, m (ASSUMED_MAST_M when absent, as for a stored camera without one). */
  mastHeightM?: number;
}

export interface CameraSitingOptions extends SitingOptions, CandidateView {
  includePlanned?: boolean;
  kinds?: string[];
  cellM?: number;
  /** The viewsheds of the cameras and of the candidates on the DEM in use; without it, flat sectors. */
  terrain?: TerrainViews;
}

export interface CameraSiting extends Siting {
  /** How a view was drawn: the viewshed on the DEM, or a flat sector where there is no DEM. */
  method: 'viewshed' | 'sector';
  demVersion: number | null;
  /** Candidates standing off the DEM (or on a cell without a height): they see nothing and are never picked. */
  candidatesOffDem: number;
  /** Each pick's view as measured, with its rank (1..k). */
  views: FeatureCollection<Polygon | MultiPolygon, Props>;
}

/** The points a camera siting weighs: those given, or a grid over the watched forest. */
export function cameraCandidates(input: Layers, options: CameraSitingOptions): LonLat[] {
  return options.candidates ?? candidateGrid(watchedAreas(input, options.kinds), options.spacingM);
}

/** Each candidate as a camera standing there with the view asked for: what its viewshed is computed for. */
export function candidateCameras(candidates: LonLat[], view: CandidateView): AnyFeature[] {
  const properties = {
    range_m: view.rangeM,
    fov_deg: view.fovDeg ?? 360,
    heading_deg: view.headingDeg ?? 0,
    ...(view.mastHeightM === undefined ? {} : { mast_height_m: view.mastHeightM }),
  };
  return candidates.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties }));
}

/** What each candidate sees: its viewshed (null off the DEM) or its flat sector. */
function candidateViews(candidates: LonLat[], options: CameraSitingOptions): (Polygon | MultiPolygon | null)[] {
  const { terrain } = options;
  if (!terrain) {
    const spec = { rangeM: options.rangeM, fovDeg: options.fovDeg ?? 360, headingDeg: options.headingDeg ?? 0 };
    return candidates.map((c) => sectorPolygon(c, spec).geometry);
  }
  return candidateCameras(candidates, options).map((camera) => {
    const eye = eyeOf(camera);
    return (eye && terrain.seen.get(eyeKey(eye))) ?? null;
  });
}

/** Next cameras with a given view, adding the most watched forest not yet seen. */
export function siteCameras(input: Layers, options: CameraSitingOptions): CameraSiting {
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError('k must be a positive integer');
  if (!(options.rangeM > 0)) throw new RangeError('rangeM must be positive');
  const kinds = options.kinds ?? DEFAULT_WATCHED_KINDS;
  const candidates = cameraCandidates(input, { ...options, kinds });
  const views = candidateViews(candidates, options);
  const method = {
    method: options.terrain ? ('viewshed' as const) : ('sector' as const),
    demVersion: options.terrain?.demVersion ?? null,
    candidatesOffDem: views.filter((v) => v === null).length,
  };
  const watch = prepareWatch(input, kinds, options.cellM ?? DEFAULT_CELL_M);
  if (!watch) {
    const none = { unit: 'km²' as const, before: 0, whole: 0, beforePct: null, candidates: candidates.length };
    const nothing = { ...none, ...method, picks: [], views: { type: 'FeatureCollection' as const, features: [] } };
    return explained(nothing, { beforePct: 'no_forest_areas' });
  }
  const { grid, watched, locator } = watch;
  const existing = viewsOf(input, counted(options.includePlanned), { terrain: options.terrain });
  const seen = countViews(
    grid,
    existing.views.map((v) => v.geometry),
  );
  let whole = 0;
  let before = 0;
  for (let r = 0, i = 0; r < grid.rows; r++)
    for (let c = 0; c < grid.cols; c++, i++)
      if (watched[i]) {
        whole += grid.rowAreaM2[r];
        if (seen[i]) before += grid.rowAreaM2[r];
      }
  const gain = (j: number) => {
    const view = views[j];
    if (!view) return 0;
    let m2 = 0;
    fillPolygon(grid, view, (r, c0, c1) => {
      let n = 0;
      for (let i = r * grid.cols + c0, end = r * grid.cols + c1; i < end; i++) if (watched[i] && !seen[i]) n++;
      m2 += n * grid.rowAreaM2[r];
    });
    return m2 / 1e6;
  };
  const take = (j: number) => countViews(grid, [views[j] as Polygon | MultiPolygon], seen);
  let total = before / 1e6;
  const picks = greedy(candidates.length, options.k, gain, take).map(({ index, adds }) => {
    total += adds;
    const position = candidates[index];
    return {
      index,
      position,
      township: locator.at(position)?.name ?? null,
      adds,
      total,
      totalPct: pct(total, whole / 1e6),
    };
  });
  const picked: Feature<Polygon | MultiPolygon, Props>[] = picks.map((p, rank) => ({
    type: 'Feature',
    geometry: views[p.index] as Polygon | MultiPolygon,
    properties: { rank: rank + 1 },
  }));
  const figures = {
    unit: 'km²' as const,
    before: before / 1e6,
    whole: whole / 1e6,
    beforePct: pct(before, whole),
    candidates: candidates.length,
    picks,
    ...method,
    views: { type: 'FeatureCollection' as const, features: picked },
  };
  return explained(figures, { beforePct: 'area_below_error' });
}
