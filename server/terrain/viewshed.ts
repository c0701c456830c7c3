/**
 * Which cells of a DEM an observer can see: GDAL's reference-plane viewshed (Wang, Robinson & White
 * 2000, as `gdal_viewshed` 3.6 runs it in its default "edge" mode) so that our answers can be checked
 * cell for cell against GDAL. The scan starts on the observer's row and moves outward row by row; each
 * cell's horizon is the plane through the observer and the two already-settled cells between it and
 * the observer, the cell is visible when its height (plus the target height) reaches the horizon, and
 * it keeps the higher of the two for the cells behind it. One pass, O(cells), no sight lines.
 *
 * Conventions taken from GDAL so the two agree: the observer stands in the cell whose corner-based
 * index truncates its coordinates; distances run between cell centres; a cell is in range when its
 * distance is at most the range; heights drop by cc·d²/(2a) for the earth's curvature less refraction
 * (cc 0.85714, GDAL's default, a the semi-major axis); the observer and its two neighbours on its row
 * are visible by definition, while the cells just north and south of it and its four diagonal
 * neighbours are judged against the observer's own ground (GDAL 3.6; GDAL 3.9 and later see all eight
 * neighbours, which changes a few cells near a low observer on a slope). Our one departure: a cell without a height (NaN) is never visible and
 * never blocks, passing on the horizon it would have been judged against.
 */
import type { Dem } from './dem.ts';
import { ObserverOffDem } from './errors.ts';

export interface ViewshedOptions {
  /** Observer position in the DEM's coordinates, m. */
  x: number;
  y: number;
  /** Observer's eye above the ground of its cell (a mast), m. */
  observerHeight: number;
  /** Height above the ground a target needs to be seen at (0: the ground itself), m. */
  targetHeight?: number;
  /** Range, m; cells farther from the observer are not visible. Infinity: the whole DEM. */
  maxDistance?: number;
  /** Curvature coefficient: 1 for the bare sphere, 0.85714 with visible-light refraction, 0 for none. */
  curvature?: number;
  /** The ellipsoid's semi-major axis, m (CGCS2000 and WGS84 share it). */
  semiMajor?: number;
}

/** The part of the DEM a viewshed covers (GDAL's output window) and what is visible in it. */
export interface ViewshedResult {
  col0: number;
  row0: number;
  cols: number;
  rows: number;
  /** Observer's cell, in window coordinates. */
  observerCol: number;
  observerRow: number;
  /** 1 where visible, 0 elsewhere, `cols × rows` from the window's north-west corner. */
  visible: Uint8Array;
}

export const DEFAULT_CURVATURE = 0.85714;
export const SEMI_MAJOR_M = 6378137;

interface Scan {
  z: Float64Array;
  visible: Uint8Array;
  cols: number;
  ox: number;
  oy: number;
  zo: number;
  tz: number;
  rows: number;
  /** Per row, how many cells either side of the observer's column are in range (-1: none). */
  reach: Int32Array;
}

/** Per row of the window, the farthest column offset whose cell centre lies within the range. */
function reachPerRow(rows: number, cols: number, oy: number, dem: Dem, md: number): Int32Array {
  const reach = new Int32Array(rows);
  const md2 = md * md;
  const within = (a: number, dy: number) => (a * dem.cellX) ** 2 + dy * dy <= md2;
  for (let r = 0; r < rows; r++) {
    const dy = (r - oy) * dem.cellY;
    if (!within(0, dy)) {
      reach[r] = -1;
      continue;
    }
    // The square root gives the answer to a rounding; the same test GDAL makes settles it.
    let a = Math.min(cols, Math.floor(Math.sqrt(Math.max(0, md2 - dy * dy)) / dem.cellX));
    while (a > 0 && !within(a, dy)) a--;
    while (a < cols && within(a + 1, dy)) a++;
    reach[r] = a;
  }
  return reach;
}

/** The viewshed of one observer on a DEM; throws ObserverOffDem when it cannot stand there. */
export function viewshed(dem: Dem, options: ViewshedOptions): ViewshedResult {
  const fx = (options.x - dem.west) / dem.cellX;
  const fy = (dem.north - options.y) / dem.cellY;
  if (!(fx >= 0 && fy >= 0 && fx < dem.cols && fy < dem.rows)) throw new ObserverOffDem('outside');
  const nx = Math.trunc(fx);
  const ny = Math.trunc(fy);
  const ground = dem.heights[ny * dem.cols + nx];
  if (Number.isNaN(ground)) throw new ObserverOffDem('nodata');

  const md = options.maxDistance ?? Number.POSITIVE_INFINITY;
  const limited = Number.isFinite(md);
  const col0 = limited ? Math.max(0, Math.floor(nx - md / dem.cellX)) : 0;
  const col1 = limited ? Math.min(dem.cols, Math.ceil(nx + md / dem.cellX) + 1) : dem.cols;
  const row0 = limited ? Math.max(0, Math.floor(ny - md / dem.cellY)) : 0;
  const row1 = limited ? Math.min(dem.rows, Math.ceil(ny + md / dem.cellY) + 1) : dem.rows;
  const cols = col1 - col0;
  const rows = row1 - row0;
  const ox = nx - col0;
  const oy = ny - row0;
  const drop = (options.curvature ?? DEFAULT_CURVATURE) / (2 * (options.semiMajor ?? SEMI_MAJOR_M));

  // Heights in the window, lowered for the curvature by each cell's distance from the observer.
  const z = new Float64Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const dy = (r - oy) * dem.cellY;
    const from = (r + row0) * dem.cols + col0;
    for (let c = 0; c < cols; c++) {
      const dx = (c - ox) * dem.cellX;
      z[r * cols + c] = dem.heights[from + c] - drop * (dx * dx + dy * dy);
    }
  }
  const scan: Scan = {
    z,
    visible: new Uint8Array(cols * rows),
    cols,
    rows,
    ox,
    oy,
    zo: ground + options.observerHeight,
    tz: options.targetHeight ?? 0,
    reach: reachPerRow(rows, cols, oy, dem, md),
  };
  observerRow(scan);
  for (let r = oy - 1; r >= 0; r--) otherRow(scan, r, oy - r, r + 1);
  for (let r = oy + 1; r < rows; r++) otherRow(scan, r, r - oy, r - 1);
  return { col0, row0, cols, rows, observerCol: ox, observerRow: oy, visible: scan.visible };
}

/** The horizon at `k` cells along a row or column, from the settled height one cell nearer. */
function alongLine(k: number, nearer: number, zo: number): number {
  return k === 1 ? nearer : nearer + (nearer - zo) / (k - 1);
}

/** Judges cell `i` against `horizon` and keeps the higher of the two for the cells behind it. */
function settle(scan: Scan, i: number, horizon: number): void {
  const height = scan.z[i];
  if (Number.isNaN(height)) {
    scan.z[i] = horizon;
    return;
  }
  scan.visible[i] = height + scan.tz < horizon ? 0 : 1;
  if (height < horizon) scan.z[i] = horizon;
}

function observerRow(scan: Scan): void {
  const { z, visible, cols, ox, oy } = scan;
  const base = oy * cols;
  visible[base + ox] = 1;
  for (const side of [-1, 1]) {
    const next = ox + side;
    if (next < 0 || next >= cols) continue;
    if (Number.isNaN(z[base + next])) z[base + next] = z[base + ox];
    else visible[base + next] = 1;
    const last = Math.min(scan.reach[oy], side < 0 ? ox : cols - 1 - ox);
    for (let k = 2; k <= last; k++) {
      const c = ox + side * k;
      settle(scan, base + c, alongLine(k, z[base + c - side], scan.zo));
    }
  }
}

/** Row `r`, `b` rows from the observer, whose row nearer the observer is `prev` (already settled). */
function otherRow(scan: Scan, r: number, b: number, prev: number): void {
  const { z, cols, ox, zo } = scan;
  const here = r * cols;
  const near = prev * cols;
  const reach = scan.reach[r];
  if (reach < 0) return;
  settle(scan, here + ox, alongLine(b, z[near + ox], zo));
  for (const side of [-1, 1]) {
    const last = Math.min(reach, side < 0 ? ox : cols - 1 - ox);
    for (let a = 1; a <= last; a++) {
      const c = ox + side * a;
      const diagonal = z[near + c - side];
      let horizon: number;
      if (a === b) horizon = alongLine(b, diagonal, zo);
      else if (a > b) horizon = ((diagonal - zo) * b + (z[here + c - side] - zo) * (a - b)) / (a - 1) + zo;
      else horizon = ((diagonal - zo) * a + (z[near + c] - zo) * (b - a)) / (b - 1) + zo;
      settle(scan, here + c, horizon);
    }
  }
}

/** Area of the visible cells, m² (cells of the projected grid, so within its scale error). */
export function visibleArea(result: ViewshedResult, dem: Dem): number {
  let n = 0;
  for (const v of result.visible) n += v;
  return n * dem.cellX * dem.cellY;
}
