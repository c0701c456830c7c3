/**
 * Camera coverage handed viewsheds instead of drawing sectors, on the camera-square fixture (a 2 km
 * forest square, a 360° camera of 1 km at its centre, a planned one at a corner): when the terrain
 * lets the centre camera see only the square's west half, the coverage is half the forest — not the
 * inscribed circle flat sectors give — the east half is the blind spot, the answer says it measured
 * by viewshed, and a camera the DEM does not hold is counted as off it rather than seeing anything.
 */
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ASSUMED_MAST_M, eyeKey, eyeOf } from '../../../server/analysis/camera-views.ts';
import { cameraScenarios } from '../../../server/analysis/coverage-cameras.ts';
import { fixture } from './support.ts';

const { layers, expected } = fixture('camera-square');
const [centre, corner] = layers.cameras;
// The forest square's west half: from its west edge to the camera's meridian.
const [west, south, north] = [118.9900362, 25.4910068, 25.5089932];
const westHalf: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [west, south],
        [119, south],
        [119, north],
        [west, north],
        [west, south],
      ],
    ],
  ],
};
const eye = (f: typeof centre) => eyeKey(eyeOf(f as never) as NonNullable<ReturnType<typeof eyeOf>>);
const terrain = {
  demVersion: 7,
  seen: new Map<string, MultiPolygon | null>([
    [eye(centre), westHalf],
    [eye(corner), null],
  ]),
};

describe('camera coverage on viewsheds (camera-square)', () => {
  const onTerrain = cameraScenarios(layers, { terrain });
  const flat = cameraScenarios(layers);

  it('sees what the viewshed holds: half the square, where the flat sector claims the inscribed circle', () => {
    expect(onTerrain.existing).toMatchObject({ method: 'viewshed', demVersion: 7, cameras: 1, camerasOffDem: 0 });
    expect(Math.abs(onTerrain.existing.district.coveredPct! - 50)).toBeLessThan(onTerrain.existing.errorBoundPct!);
    expect(flat.existing.method).toBe('sector');
    expect(Math.abs(flat.existing.district.coveredPct! - expected.existing.coveredPct)).toBeLessThan(
      flat.existing.errorBoundPct!,
    );
  });

  it('leaves the east half as one blind spot of half the area', () => {
    const spots = onTerrain.existing.blindSpots.features;
    expect(spots).toHaveLength(1);
    const share = (spots[0].properties.area_km2 as number) / onTerrain.existing.district.areaKm2;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.01);
  });

  it('counts a camera the DEM does not hold as off it, adding nothing, and says whose mast was assumed', () => {
    expect(onTerrain.withPlanned).toMatchObject({ cameras: 1, camerasOffDem: 1 });
    expect(onTerrain.withPlanned.district.coveredKm2).toBe(onTerrain.existing.district.coveredKm2);
    // Neither fixture camera states a mast: the one measured was given the assumed height.
    expect(eyeOf(centre as never)?.heightM).toBe(ASSUMED_MAST_M);
    expect(onTerrain.existing.mastAssumed).toBe(1);
  });
});
