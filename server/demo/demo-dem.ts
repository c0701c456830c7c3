/**
 * The demo district's elevation model, made at load time rather than shipped: the made-up ground of
 * the demo generator (catalog/demo-terrain.ts: the coastal plain and the 木兰溪 in the south, hills
 * rising to about 1,000 m in the north where the forests and cameras are) with seeded fractal relief
 * laid over the hills, so that ridges and valleys hide parts of the forest from the cameras as real
 * hills do, and a summit under each of the demo's camera towers, as fire-watch cameras are sited. 50 m cells in the district's Gauss-Krüger zone: the same every time, a few megabytes, a
 * fraction of a second to make. Not a real DEM (演示数据): a stand-in a newcomer can try the terrain
 * tools on.
 */
import proj4 from 'proj4';
import { elevationAt } from '../../catalog/demo-terrain.ts';
import { crsByCode } from '../import/place/crs.ts';
import type { Dem } from '../terrain/dem.ts';
import { syntheticDem } from '../terrain/synthetic-dem.ts';

/** CGCS2000 3° Gauss-Krüger zone 40 (central meridian 120°E), which holds 涵江区. */
const ZONE = 'EPSG:4528';
const CELL_M = 50;
/** The district's extent with a margin, so that a camera near the boundary still sees past it. */
const EXTENT = { west: 118.84, south: 25.38, east: 119.25, north: 25.78 };
const SEED = 3503;
/** The relief's amplitude either side of the made-up ground: none on the plain, growing with the hills. */
const reliefM = (groundAboveSeaM: number) => Math.min(320, Math.max(0, groundAboveSeaM - 40) * 0.45);

/** A camera's summit stands this far above the highest ground within SUMMIT_NEAR_M of it, m. */
const SUMMIT_ABOVE_M = 25;
const SUMMIT_NEAR_M = 1000;
/** The summit's flanks fall this many metres a metre (about 17°) until they meet the ground. */
const SUMMIT_SLOPE = 0.3;

/** The grid's corner and size in the zone, aligned on whole cells. */
function demoGrid() {
  const toZone = proj4('EPSG:4326', crsByCode(ZONE).proj4 as string);
  const corners = [
    [EXTENT.west, EXTENT.south],
    [EXTENT.west, EXTENT.north],
    [EXTENT.east, EXTENT.south],
    [EXTENT.east, EXTENT.north],
  ].map((p) => toZone.forward(p));
  const west = Math.floor(Math.min(...corners.map((p) => p[0])) / CELL_M) * CELL_M;
  const north = Math.ceil(Math.max(...corners.map((p) => p[1])) / CELL_M) * CELL_M;
  const east = Math.max(...corners.map((p) => p[0]));
  const south = Math.min(...corners.map((p) => p[1]));
  return { west, north, cols: Math.ceil((east - west) / CELL_M), rows: Math.ceil((north - south) / CELL_M) };
}

/** Raises, in place, a cone-shaped summit at (x, y) above the ground around it. */
function raiseSummit(dem: Dem, x: number, y: number): void {
  const { cols, rows, heights } = dem;
  const col = Math.floor((x - dem.west) / CELL_M);
  const row = Math.floor((dem.north - y) / CELL_M);
  const cellsAround = (radiusM: number, visit: (i: number, dM: number) => void) => {
    const k = Math.ceil(radiusM / CELL_M);
    for (let r = Math.max(0, row - k); r <= Math.min(rows - 1, row + k); r++)
      for (let c = Math.max(0, col - k); c <= Math.min(cols - 1, col + k); c++) {
        const dM = Math.hypot(c - col, r - row) * CELL_M;
        if (dM <= radiusM) visit(r * cols + c, dM);
      }
  };
  let highest = Number.NEGATIVE_INFINITY;
  cellsAround(SUMMIT_NEAR_M, (i) => {
    highest = Math.max(highest, heights[i]);
  });
  const top = highest + SUMMIT_ABOVE_M;
  cellsAround((top - 1) / SUMMIT_SLOPE, (i, dM) => {
    heights[i] = Math.max(heights[i], top - SUMMIT_SLOPE * dM);
  });
}

/** The demo's DEM, with a summit under each of `towers` (longitude/latitude of its cameras). */
export function demoDem(towers: number[][] = []): Dem {
  const { west, north, cols, rows } = demoGrid();
  // Noise between 0 and 1; hills of about 3 km, roughness as on real hills.
  const noise = syntheticDem({
    cols,
    rows,
    cellM: CELL_M,
    west,
    north,
    crs: ZONE,
    seed: SEED,
    lowM: 0,
    highM: 1,
    featureM: 3000,
  });
  const toLonLat = proj4(crsByCode(ZONE).proj4 as string, 'EPSG:4326');
  const heights = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const y = north - (r + 0.5) * CELL_M;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const ground = elevationAt(toLonLat.forward([west + (c + 0.5) * CELL_M, y]));
      heights[i] = Math.max(1, ground + (noise.heights[i] - 0.5) * 2 * reliefM(ground));
    }
  }
  const dem = { ...noise, heights };
  for (const tower of towers) {
    const [x, y] = toLonLat.inverse(tower);
    raiseSummit(dem, x, y);
  }
  return dem;
}
