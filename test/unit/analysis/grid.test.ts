/**
 * The measuring tools under every area figure: ellipsoidal areas, the raster grid (polygon and disc
 * fills, error bounds) and the tracing of cells back into polygons.
 */
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../catalog/random.ts';
import { areaM2, cellAreaM2, distanceM, metresPerDegree } from '../../../server/analysis/geometry.ts';
import {
  areaWhere,
  errorBoundM2,
  fillDisc,
  fillPolygon,
  makeGrid,
  traceRegions,
} from '../../../server/analysis/grid.ts';
import { sectorPolygon } from '../../../server/analysis/sectors.ts';

/** Area of a lon/lat cell by Simpson's rule over M(φ)·N(φ)·cos φ — independent of the closed form. */
function integrated(lat1: number, lat2: number, dLon: number): number {
  const a = 6378137;
  const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
  const rad = Math.PI / 180;
  const f = (lat: number) => {
    const s = Math.sin(lat * rad);
    const w = 1 - e2 * s * s;
    return ((a * (1 - e2)) / w ** 1.5) * (a / Math.sqrt(w)) * Math.cos(lat * rad);
  };
  const n = 200;
  const h = (lat2 - lat1) / n;
  let sum = f(lat1) + f(lat2);
  for (let i = 1; i < n; i++) sum += f(lat1 + i * h) * (i % 2 ? 4 : 2);
  return ((sum * h) / 3) * rad * dLon * rad;
}

describe('areas on the ellipsoid', () => {
  it('gives a one-degree cell at the equator its 12,309 km²', () => {
    expect(cellAreaM2(0, 1, 1) / 1e6).toBeCloseTo(12308.8, 0);
  });

  it.each([
    [0, 1],
    [25.4, 25.8],
    [60, 61],
  ])('gives a lon/lat cell from %f°N to %f°N the area the integral gives', (lat1, lat2) => {
    expect(Math.abs(cellAreaM2(lat1, lat2, 0.5) / integrated(lat1, lat2, 0.5) - 1)).toBeLessThan(1e-9);
  });

  it('measures polygons as the cells do, about 0.2% under Turf’s sphere at 25°N', () => {
    const box = turf.bboxPolygon([119, 25.4, 119.3, 25.7]).geometry;
    expect(areaM2(box) / cellAreaM2(25.4, 25.7, 0.3)).toBeCloseTo(1, 6);
    const ratio = areaM2(box) / turf.area(box);
    expect(ratio).toBeGreaterThan(0.997);
    expect(ratio).toBeLessThan(0.999);
  });

  it('knows how long a degree is', () => {
    const m = metresPerDegree(25.5);
    expect(m.lat).toBeCloseTo(110_800, -2);
    expect(m.lon).toBeCloseTo(100_560, -2);
  });
});

describe('raster grid', () => {
  const grid = makeGrid([119, 25.5, 119.05, 25.55], 20);

  it('keeps every cell within the asked size', () => {
    expect(Math.max(...grid.rowWidthM)).toBeLessThanOrEqual(20 + 1e-9);
    expect(Math.max(...grid.rowHeightM)).toBeLessThanOrEqual(20 + 1e-9);
    expect(Math.min(...grid.rowWidthM)).toBeGreaterThan(19.9);
    const total = grid.rowAreaM2.reduce((n, a) => n + a, 0) * grid.cols;
    expect(total).toBeCloseTo(cellAreaM2(grid.south, grid.south + grid.rows * grid.dLat, grid.cols * grid.dLon), 3);
  });

  it('fills the exact disc: a cell is in when its centre is within the radius by haversine', () => {
    const centre = [119.021, 25.527];
    const inside = new Uint8Array(grid.cols * grid.rows);
    fillDisc(grid, centre, 1500, (r, c0, c1) => inside.fill(1, r * grid.cols + c0, r * grid.cols + c1));
    let mismatches = 0;
    for (let r = 0; r < grid.rows; r += 3)
      for (let c = 0; c < grid.cols; c += 3) {
        const p = [grid.west + (c + 0.5) * grid.dLon, grid.south + (r + 0.5) * grid.dLat];
        if (distanceM(centre, p) <= 1500 !== (inside[r * grid.cols + c] === 1)) mismatches++;
      }
    expect(mismatches).toBe(0);
  });

  it('fills a polygon with a hole by the even-odd rule, within its error bound', () => {
    const outer = turf.circle([119.025, 25.525], 1.5, { steps: 64 }).geometry.coordinates[0];
    const hole = turf.circle([119.025, 25.525], 0.5, { steps: 64 }).geometry.coordinates[0].slice().reverse();
    const ring: Polygon = { type: 'Polygon', coordinates: [outer, hole] };
    const inside = new Uint8Array(grid.cols * grid.rows);
    fillPolygon(grid, ring, (r, c0, c1) => inside.fill(1, r * grid.cols + c0, r * grid.cols + c1));
    const measured = areaWhere(grid, (i) => inside[i] === 1);
    const bound = errorBoundM2(grid, (i) => inside[i] === 1);
    expect(Math.abs(measured - areaM2(ring))).toBeLessThan(bound);
    expect(Math.abs(measured - areaM2(ring)) / areaM2(ring)).toBeLessThan(0.002);
  });

  it.each([3, 11, 29])('stays inside its stated bound for random sectors against an exact union (seed %i)', (seed) => {
    const rnd = mulberry32(seed);
    const sectors = Array.from({ length: 4 }, () =>
      sectorPolygon([119.01 + rnd() * 0.03, 25.51 + rnd() * 0.03], {
        rangeM: 500 + rnd() * 1500,
        headingDeg: rnd() * 360,
        fovDeg: 30 + rnd() * 330,
      }),
    );
    const counts = new Uint8Array(grid.cols * grid.rows);
    for (const s of sectors)
      fillPolygon(grid, s.geometry, (r, c0, c1) => counts.fill(1, r * grid.cols + c0, r * grid.cols + c1));
    const measured = areaWhere(grid, (i) => counts[i] === 1);
    const exact = turf.union(turf.featureCollection(sectors))!;
    const clipped = turf.bboxClip(exact, [
      grid.west,
      grid.south,
      grid.west + grid.cols * grid.dLon,
      grid.south + grid.rows * grid.dLat,
    ]);
    const reference = areaM2(clipped.geometry as Polygon);
    expect(Math.abs(measured - reference)).toBeLessThan(errorBoundM2(grid, (i) => counts[i] === 1));
    expect(Math.abs(measured - reference) / reference).toBeLessThan(0.005);
  });
});

describe('tracing cells into polygons', () => {
  const grid = makeGrid([119, 25.5, 119.002, 25.502], 20);
  const mask = (cells: [number, number][]) => {
    const m = new Uint8Array(grid.cols * grid.rows);
    for (const [c, r] of cells) m[r * grid.cols + c] = 1;
    return (i: number) => m[i];
  };

  it('makes one polygon with a hole of a ring of cells, valid and wound per RFC 7946', () => {
    const ring: [number, number][] = [];
    for (let c = 1; c <= 4; c++)
      for (let r = 1; r <= 4; r++) if (c === 1 || c === 4 || r === 1 || r === 4) ring.push([c, r]);
    const regions = traceRegions(grid, mask(ring));
    expect(regions).toHaveLength(1);
    const [outer, ...holes] = regions[0].polygon.coordinates;
    expect(holes).toHaveLength(1);
    expect(outer).toHaveLength(5);
    expect(turf.booleanClockwise(outer)).toBe(false);
    expect(turf.booleanClockwise(holes[0])).toBe(true);
    expect(turf.booleanValid(turf.polygon(regions[0].polygon.coordinates))).toBe(true);
    // Vertices are rounded to 7 decimals (about a centimetre).
    expect(areaM2(regions[0].polygon) / regions[0].areaM2).toBeCloseTo(1, 3);
  });

  it('keeps cells touching only at a corner apart, and regions of different labels apart', () => {
    expect(
      traceRegions(
        grid,
        mask([
          [1, 1],
          [2, 2],
        ]),
      ),
    ).toHaveLength(2);
    const labels = new Uint8Array(grid.cols * grid.rows);
    labels[grid.cols + 1] = 1;
    labels[grid.cols + 2] = 2;
    const regions = traceRegions(grid, (i) => labels[i]);
    expect(regions.map((r) => r.label).sort()).toEqual([1, 2]);
  });

  it('turns a saddle inside one region into a hole touching its outer ring at a point', () => {
    // Cells (1,1) and (2,2) meet at a corner and join round the west: (1,2) is a hole that touches
    // the outside, (2,1), at that corner.
    const cells: [number, number][] = [
      [0, 1],
      [1, 1],
      [0, 2],
      [0, 3],
      [1, 3],
      [2, 3],
      [2, 2],
    ];
    const regions = traceRegions(grid, mask(cells));
    expect(regions).toHaveLength(1);
    expect(regions[0].polygon.coordinates).toHaveLength(2);
    const cellArea = cells.reduce((n, [, r]) => n + grid.rowAreaM2[r], 0);
    expect(regions[0].areaM2).toBeCloseTo(cellArea, 6);
    expect(areaM2(regions[0].polygon) / cellArea).toBeCloseTo(1, 3);
    const [outer, hole] = regions[0].polygon.coordinates;
    expect(turf.booleanClockwise(outer)).toBe(false);
    expect(turf.booleanClockwise(hole)).toBe(true);
    expect(hole).toHaveLength(5);
  });
});
