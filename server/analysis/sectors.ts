/**
 * A camera's view as a polygon: a sector from its heading, field of view and range, a circle for a
 * 360° dome. Arc vertices are spaced evenly in angle (`stepsPerCircle` for a full turn, Turf's sector
 * would put its 64 steps on any arc), so a narrow sector is as smooth as a dome; at 128 steps the
 * polygon falls short of the true circle by 0.04% of its area. These same polygons feed the raster
 * coverage and any exact reference, so the two compare like with like.
 */
import * as turf from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { num, pointOf } from './geometry.ts';
import type { AnyFeature, Props } from './types.ts';

export const DEFAULT_STEPS_PER_CIRCLE = 128;

export interface ViewSpec {
  rangeM: number;
  headingDeg: number;
  fovDeg: number;
}

/** The view a camera's properties describe (range_m, heading_deg, fov_deg), or null if it sees nothing. */
export function viewSpecOf(camera: AnyFeature): ViewSpec | null {
  const rangeM = num(camera.properties, 'range_m');
  const fovDeg = num(camera.properties, 'fov_deg');
  if (rangeM === null || fovDeg === null || rangeM <= 0 || fovDeg <= 0) return null;
  return { rangeM, fovDeg, headingDeg: num(camera.properties, 'heading_deg') ?? 0 };
}

/** The polygon a camera sees, carrying the camera's id and name; null without a position or a view. */
export function viewSector(
  camera: AnyFeature,
  stepsPerCircle = DEFAULT_STEPS_PER_CIRCLE,
): Feature<Polygon, Props> | null {
  const centre = pointOf(camera);
  const spec = viewSpecOf(camera);
  if (!centre || !spec) return null;
  const properties = { camera_id: camera.id ?? null, name: camera.properties?.name ?? null };
  return sectorPolygon(centre, spec, stepsPerCircle, properties);
}

export function sectorPolygon(
  centre: number[],
  { rangeM, headingDeg, fovDeg }: ViewSpec,
  stepsPerCircle = DEFAULT_STEPS_PER_CIRCLE,
  properties: Props = {},
): Feature<Polygon, Props> {
  const km = rangeM / 1000;
  if (fovDeg >= 360) return turf.circle(centre, km, { units: 'kilometers', steps: stepsPerCircle, properties });
  const steps = Math.max(2, Math.ceil((stepsPerCircle * fovDeg) / 360));
  const from = headingDeg - fovDeg / 2;
  const ring = [centre];
  for (let i = 0; i <= steps; i++) {
    ring.push(turf.destination(centre, km, from + (fovDeg * i) / steps, { units: 'kilometers' }).geometry.coordinates);
  }
  ring.push(centre);
  // Bearings run clockwise; GeoJSON wants outer rings counter-clockwise.
  return turf.polygon([ring.reverse()], properties);
}
