/**
 * A raster grid for unions of many areas (camera sectors, station reach): cells of a fixed size in
 * degrees, chosen so no side exceeds `cellM` metres anywhere in the box, each cell's area exact on the
 * ellipsoid for its row. A cell counts as inside an area when its centre is (scanline fill, even-odd
 * rule, edges straight in lon/lat as in PostGIS geometry), so the union of N areas costs the cells they
 * cover, not the O(N²) vertex work of `turf.union`. The price is an error confined to the cells the
 * boundary crosses: every misclassified point lies within half a cell's diagonal of a boundary, so the
 * error of an area is at most boundary length × half diagonal (`errorBoundM2`), and in practice far less
 * because the errors along a boundary cancel.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { cellAreaM2, metresPerDegree, TURF_RADIUS } from './geometry.ts';
import type { LonLat } from './types.ts';

export interface Grid {
  west: number;
  south: number;
  dLon: number;
  dLat: number;
  cols: number;
  rows: number;
  /** The largest cell side, in metres, the grid was asked for. */
  cellM: number;
  /** Area of one cell in each row, m². */
  rowAreaM2: Float64Array;
  /** East-west side of a cell in each row, m. */
  rowWidthM: Float64Array;
  /** North-south side of a cell in each row, m. */
  rowHeightM: Float64Array;
}

export type BBox = [number, number, number, number];

/** Cell side used unless a caller asks otherwise: under the 25 m the architecture allows. */
export const DEFAULT_CELL_M = 20;

/** A grid over a box whose cells are at most `cellM` metres on a side. */
export function makeGrid(bbox: BBox, cellM: number): Grid {
  if (!(cellM > 0)) throw new RangeError('cellM must be positive');
  const [west, south, east, north] = bbox;
  const nearEquator = south <= 0 && north >= 0 ? 0 : Math.min(Math.abs(south), Math.abs(north));
  const nearPole = Math.max(Math.abs(south), Math.abs(north));
  const dLat = cellM / metresPerDegree(nearPole).lat;
  const dLon = cellM / metresPerDegree(nearEquator).lon;
  const cols = Math.max(1, Math.ceil((east - west) / dLon));
  const rows = Math.max(1, Math.ceil((north - south) / dLat));
  const rowAreaM2 = new Float64Array(rows);
  const rowWidthM = new Float64Array(rows);
  const rowHeightM = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const lat = south + (r + 0.5) * dLat;
    const m = metresPerDegree(lat);
    rowAreaM2[r] = cellAreaM2(south + r * dLat, south + (r + 1) * dLat, dLon);
    rowWidthM[r] = m.lon * dLon;
    rowHeightM[r] = m.lat * dLat;
  }
  return { west, south, dLon, dLat, cols, rows, cellM, rowAreaM2, rowWidthM, rowHeightM };
}

/** Calls `visit(row, c0, c1)` for each run of cells [c0, c1) whose centres lie inside the area. */
export function fillPolygon(
  grid: Grid,
  area: Polygon | MultiPolygon,
  visit: (row: number, c0: number, c1: number) => void,
) {
  const rings: Position[][] = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const ring of rings)
    for (const p of ring) {
      const y = (p[1] - grid.south) / grid.dLat;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  const r0 = Math.max(0, Math.ceil(yMin - 0.5));
  const r1 = Math.min(grid.rows - 1, Math.ceil(yMax - 0.5) - 1);
  if (r1 < r0) return;
  const crossings: number[][] = Array.from({ length: r1 - r0 + 1 }, () => []);
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const x1 = (ring[i][0] - grid.west) / grid.dLon;
      const y1 = (ring[i][1] - grid.south) / grid.dLat;
      const x2 = (ring[i + 1][0] - grid.west) / grid.dLon;
      const y2 = (ring[i + 1][1] - grid.south) / grid.dLat;
      if (y1 === y2) continue;
      const from = Math.max(r0, Math.ceil(Math.min(y1, y2) - 0.5));
      const to = Math.min(r1, Math.ceil(Math.max(y1, y2) - 0.5) - 1);
      const slope = (x2 - x1) / (y2 - y1);
      for (let r = from; r <= to; r++) crossings[r - r0].push(x1 + (r + 0.5 - y1) * slope);
    }
  }
  for (let r = r0; r <= r1; r++) {
    const xs = crossings[r - r0].sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const c0 = Math.max(0, Math.ceil(xs[i] - 0.5));
      const c1 = Math.min(grid.cols, Math.ceil(xs[i + 1] - 0.5));
      if (c1 > c0) visit(r, c0, c1);
    }
  }
}

/**
 * Calls `visit(row, c0, c1)` for the cells whose centres lie within `radiusM` of a point by Turf's
 * haversine: the exact disc, row by row, with no polygon approximation.
 */
export function fillDisc(
  grid: Grid,
  centre: LonLat,
  radiusM: number,
  visit: (row: number, c0: number, c1: number) => void,
) {
  const RAD = Math.PI / 180;
  const d = radiusM / TURF_RADIUS;
  const [lon0, lat0] = centre;
  const r0 = Math.max(0, Math.ceil((lat0 - d / RAD - grid.south) / grid.dLat - 0.5));
  const r1 = Math.min(grid.rows - 1, Math.floor((lat0 + d / RAD - grid.south) / grid.dLat - 0.5));
  const sin0 = Math.sin(lat0 * RAD);
  const cos0 = Math.cos(lat0 * RAD);
  const cosD = Math.cos(d);
  for (let r = r0; r <= r1; r++) {
    const lat = (grid.south + (r + 0.5) * grid.dLat) * RAD;
    const cosDLon = (cosD - Math.sin(lat) * sin0) / (Math.cos(lat) * cos0);
    if (cosDLon > 1) continue;
    const half = cosDLon < -1 ? 180 : Math.acos(cosDLon) / RAD;
    const c0 = Math.max(0, Math.ceil((lon0 - half - grid.west) / grid.dLon - 0.5));
    const c1 = Math.min(grid.cols, Math.floor((lon0 + half - grid.west) / grid.dLon - 0.5) + 1);
    if (c1 > c0) visit(r, c0, c1);
  }
}

/** One label per cell: 1 + the index of the first area whose fill covers the cell's centre, 0 for none. */
export function labelAreas(grid: Grid, areas: (Polygon | MultiPolygon)[]): Uint16Array {
  const labels = new Uint16Array(grid.cols * grid.rows);
  areas.forEach((area, k) => {
    fillPolygon(grid, area, (r, c0, c1) => {
      const base = r * grid.cols;
      for (let i = base + c0; i < base + c1; i++) if (labels[i] === 0) labels[i] = k + 1;
    });
  });
  return labels;
}

/** Area of the cells where `inside(index)` holds, m². */
export function areaWhere(grid: Grid, inside: (i: number) => boolean): number {
  let total = 0;
  for (let r = 0, i = 0; r < grid.rows; r++) {
    let n = 0;
    for (let c = 0; c < grid.cols; c++, i++) if (inside(i)) n++;
    total += n * grid.rowAreaM2[r];
  }
  return total;
}

/**
 * The error bound of an area measured on the grid: the length of the region's boundary (its cell
 * staircase, never shorter than a straight boundary it stands for) times half a cell's diagonal.
 */
export function errorBoundM2(grid: Grid, inside: (i: number) => boolean): number {
  const { cols, rows } = grid;
  const mask = new Uint8Array(cols * rows);
  for (let i = 0; i < mask.length; i++) mask[i] = inside(i) ? 1 : 0;
  let length = 0;
  let halfDiagonal = 0;
  for (let r = 0; r < rows; r++) {
    halfDiagonal = Math.max(halfDiagonal, Math.hypot(grid.rowWidthM[r], grid.rowHeightM[r]) / 2);
    let vertical = 0;
    let horizontal = 0;
    for (let c = 0, i = r * cols; c < cols; c++, i++) {
      const here = mask[i];
      if (here !== (c + 1 < cols ? mask[i + 1] : 0)) vertical++;
      if (here !== (r + 1 < rows ? mask[i + cols] : 0)) horizontal++;
      if (c === 0 && here) vertical++;
      if (r === 0 && here) horizontal++;
    }
    length += vertical * grid.rowHeightM[r] + horizontal * grid.rowWidthM[r];
  }
  return length * halfDiagonal;
}

export interface TracedRegion {
  /** The label of the cells it is made of. */
  label: number;
  polygon: Polygon;
  areaM2: number;
}

// Directions of boundary edges, counter-clockwise: east, north, west, south.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Turns labelled cells into polygons: each 4-connected run of cells with the same label > 0 becomes
 * one polygon (outer ring counter-clockwise, holes clockwise, RFC 7946), its edges on cell borders and
 * collinear vertices dropped, vertices rounded to 7 decimals. Rings touch only at a vertex, where
 * diagonal cells meet.
 */
export function traceRegions(grid: Grid, labelOf: (i: number) => number): TracedRegion[] {
  const { cols, rows } = grid;
  const n = cols * rows;
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) label[i] = labelOf(i);

  // 4-connected components of equal labels.
  const comp = new Int32Array(n).fill(-1);
  const labels: number[] = [];
  const areas: number[] = [];
  const stack = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (label[start] <= 0 || comp[start] >= 0) continue;
    const id = labels.length;
    const l = label[start];
    labels.push(l);
    let area = 0;
    let top = 0;
    comp[start] = id;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      area += grid.rowAreaM2[(i / cols) | 0];
      for (let k = 0; k < 4; k++) {
        const j = neighbour(i, k, cols, rows);
        if (j < 0 || comp[j] >= 0 || label[j] !== l) continue;
        comp[j] = id;
        stack[top++] = j;
      }
    }
    areas.push(area);
  }
  if (labels.length === 0) return [];

  // Boundary edges with the region on their left, chained by start vertex.
  const vcols = cols + 1;
  const edgeStart: number[] = [];
  const edgeDir: number[] = [];
  const edgeComp: number[] = [];
  const nextAtVertex: number[] = [];
  const head = new Int32Array(vcols * (rows + 1)).fill(-1);
  const addEdge = (vx: number, vy: number, dir: number, id: number) => {
    const v = vy * vcols + vx;
    nextAtVertex.push(head[v]);
    head[v] = edgeStart.length;
    edgeStart.push(v);
    edgeDir.push(dir);
    edgeComp.push(id);
  };
  for (let r = 0, i = 0; r < rows; r++)
    for (let c = 0; c < cols; c++, i++) {
      const id = comp[i];
      if (id < 0) continue;
      if (r === 0 || comp[i - cols] !== id) addEdge(c, r, 0, id);
      if (c + 1 === cols || comp[i + 1] !== id) addEdge(c + 1, r, 1, id);
      if (r + 1 === rows || comp[i + cols] !== id) addEdge(c + 1, r + 1, 2, id);
      if (c === 0 || comp[i - 1] !== id) addEdge(c, r + 1, 3, id);
    }
  const count = edgeStart.length;
  const used = new Uint8Array(count);
  const holes: Position[][][] = labels.map(() => []);
  const outer: (Position[] | null)[] = labels.map(() => null);
  for (let first = 0; first < count; first++) {
    if (used[first]) continue;
    const id = edgeComp[first];
    const corners: number[] = [];
    let k = first;
    let twiceArea = 0;
    do {
      used[k] = 1;
      const v = edgeStart[k];
      const dir = edgeDir[k];
      const vx = v % vcols;
      const vy = (v - vx) / vcols;
      const ex = vx + DX[dir];
      const ey = vy + DY[dir];
      twiceArea += vx * ey - ex * vy;
      if (corners.length === 0 || dir !== edgeDir[corners[corners.length - 1]]) corners.push(k);
      // The next edge starts where this one ends. At a saddle of one region (its cells meet across a
      // corner and join elsewhere, so one of the two empty cells is enclosed) turn right: the outer
      // ring and the hole then close separately, touching at that corner, as OGC validity wants.
      let chosen = -1;
      for (let j = head[ey * vcols + ex]; j >= 0; j = nextAtVertex[j]) {
        if (edgeComp[j] !== id) continue;
        if (chosen < 0 || edgeDir[j] === (dir + 3) % 4) chosen = j;
      }
      k = chosen;
    } while (k !== first && k >= 0);
    // The first edge may continue the last one's direction: then its start is no corner.
    if (corners.length > 1 && edgeDir[corners[0]] === edgeDir[corners[corners.length - 1]]) corners.shift();
    const ring = corners.map((j) => {
      const v = edgeStart[j];
      const vx = v % vcols;
      const vy = (v - vx) / vcols;
      return [round7(grid.west + vx * grid.dLon), round7(grid.south + vy * grid.dLat)];
    });
    ring.push([ring[0][0], ring[0][1]]);
    if (twiceArea > 0) outer[id] = ring;
    else holes[id].push(ring);
  }
  return labels.map((l, id) => ({
    label: l,
    polygon: { type: 'Polygon', coordinates: [outer[id] as Position[], ...holes[id]] },
    areaM2: areas[id],
  }));
}

/** Cell i's neighbour to the west, east, south or north (k = 0…3), or -1 off the grid. */
function neighbour(i: number, k: number, cols: number, rows: number): number {
  const r = (i / cols) | 0;
  const c = i - r * cols;
  if (k === 0) return c > 0 ? i - 1 : -1;
  if (k === 1) return c + 1 < cols ? i + 1 : -1;
  if (k === 2) return r > 0 ? i - cols : -1;
  return r + 1 < rows ? i + cols : -1;
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
