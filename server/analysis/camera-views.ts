/**
 * What cameras see on the terrain, as data the coverage reads: the viewsheds are computed beforehand,
 * in worker threads beside the DEM (server/terrain/), and handed in, so that the coverage, the
 * scorecard and a what-if stay pure functions of their input. A viewshed depends only on where the
 * camera stands and how it looks, so it is found by those (its `eye`), whether the camera is stored
 * or only proposed.
 */
import type { MultiPolygon } from 'geojson';
import type { CameraView } from '../terrain/camera-viewshed.ts';
import { num, pointOf } from './geometry.ts';
import { viewSpecOf } from './sectors.ts';
import type { AnyFeature } from './types.ts';

/**
 * The eye height assumed for a camera whose record gives no mast, m: a typical forest-fire camera
 * tower (15–30 m). The answer says how many cameras it was assumed for.
 */
export const ASSUMED_MAST_M = 20;

/** Where a camera's eye is and how it looks (all a viewshed needs besides the DEM), and whether its mast was assumed. */
export interface CameraEye extends CameraView {
  /** True when the record had no mast height and ASSUMED_MAST_M stands in for it. */
  mastAssumed: boolean;
}

/** Viewsheds of the cameras an analysis measures, on one DEM. */
export interface TerrainViews {
  demVersion: number;
  /** The visible area by `eyeKey`; null where the camera stands off the DEM or on a cell without a height. */
  seen: Map<string, MultiPolygon | null>;
}

/** The camera's eye, or null when it has no position or sees nothing (no range or field of view). */
export function eyeOf(camera: AnyFeature): CameraEye | null {
  const point = pointOf(camera);
  const spec = viewSpecOf(camera);
  if (!point || !spec) return null;
  const mast = num(camera.properties, 'mast_height_m');
  return { lon: point[0], lat: point[1], heightM: mast ?? ASSUMED_MAST_M, ...spec, mastAssumed: mast === null };
}

/** One eye's key: two cameras that stand and look alike see alike. */
export function eyeKey(eye: CameraEye): string {
  return [eye.lon, eye.lat, eye.heightM, eye.rangeM, eye.headingDeg, eye.fovDeg].join(',');
}
