/**
 * The indicator figures the demo is tuned to, measured the way the product will measure them, so
 * the generator can print them and the tests can hold them in range.
 */
import type { Village } from './base/population.ts';
import { type Area, areaKm2, distanceM, intersection, type LonLat, unionOf } from './geometry.ts';
import { type Camera, cameraView } from './monitoring/cameras.ts';

/** Share (0–1) of the watched forest inside the union of the cameras' view sectors. */
export function cameraCoverage(cameras: Camera[], watched: Area): number {
  const seen = unionOf(cameras.map(cameraView));
  if (!seen) return 0;
  const covered = intersection(seen, watched);
  return covered ? areaKm2(covered) / areaKm2(watched) : 0;
}

export interface Reach {
  point: LonLat;
  rangeM: number;
}

/** Share (0–1) of residents whose village point is within range of at least one of the sources. */
export function peopleCoverage(villages: Village[], sources: Reach[]): number {
  const total = villages.reduce((sum, v) => sum + v.residents, 0);
  const covered = villages
    .filter((v) => sources.some((s) => distanceM(s.point, v.point) <= s.rangeM))
    .reduce((sum, v) => sum + v.residents, 0);
  return covered / total;
}

export function villagesBeyond(villages: Village[], points: LonLat[], distanceLimitM: number): Village[] {
  return villages.filter((v) => points.every((p) => distanceM(p, v.point) > distanceLimitM));
}
