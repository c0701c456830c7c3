/**
 * A reach by road as cells of the analyses' coverage grid (server/analysis/grid.ts), so station
 * reach can be measured and unioned the way straight-line discs are: each reached stretch is stamped
 * onto the cells it runs through, then the stamp grows by an access distance (the last ~100 m on foot
 * from the road to a door) with a two-pass chamfer distance transform in metres, row by row as the
 * cells' sides vary with latitude. The chamfer measures along 8 directions, so it never overstates the
 * distance by more than 8% (it understates reach at the ends of a road, never overstates it). Each cell
 * keeps the source of the nearest stamped cell. Only the window of stamped cells, grown by the access
 * distance, is passed over, so one station's reach costs its own neighbourhood, not the district.
 */

import { haversineM } from '../analysis/geometry.ts';
import type { Grid } from '../analysis/grid.ts';
import type { RoadGraph } from './graph.ts';
import type { ReachedStretches } from './reach-within.ts';
import { stretchShape } from './route-line.ts';

const DEFAULT_ACCESS_M = 100;

/** The rows and columns [r0, r1] × [c0, c1] the passes need to visit. */
type Window = [number, number, number, number];

/** Marks every cell a stretch passes through, sampling each segment at a third of a cell; the window of them. */
function stamp(graph: RoadGraph, grid: Grid, stretches: ReachedStretches, distance: Float32Array, label: Int32Array) {
  const box: Window = [grid.rows, -1, grid.cols, -1];
  for (let i = 0; i < stretches.piece.length; i++) {
    const line = stretchShape(graph, { piece: stretches.piece[i], t0: stretches.t0[i], t1: stretches.t1[i] });
    for (let k = 0; k + 1 < line.length; k++) {
      const [a, b] = [line[k], line[k + 1]];
      const steps = Math.max(1, Math.ceil(haversineM(a[0], a[1], b[0], b[1]) / (grid.cellM / 3)));
      for (let s = 0; s <= steps; s++) {
        const col = Math.floor((a[0] + ((b[0] - a[0]) * s) / steps - grid.west) / grid.dLon);
        const row = Math.floor((a[1] + ((b[1] - a[1]) * s) / steps - grid.south) / grid.dLat);
        if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) continue;
        const cell = row * grid.cols + col;
        if (distance[cell] === 0) continue;
        distance[cell] = 0;
        label[cell] = stretches.source[i];
        box[0] = Math.min(box[0], row);
        box[1] = Math.max(box[1], row);
        box[2] = Math.min(box[2], col);
        box[3] = Math.max(box[3], col);
      }
    }
  }
  return box;
}

/** Takes the neighbour's distance (and source) when it plus the step beats the cell's own. */
function relax(distance: Float32Array, label: Int32Array, cell: number, other: number, step: number) {
  if (distance[other] + step < distance[cell]) {
    distance[cell] = distance[other] + step;
    label[cell] = label[other];
  }
}

/**
 * One chamfer pass over the window: forward (from its south-west corner) or backward, from the
 * neighbours already passed. Cells outside the window are farther than the access distance anyway.
 */
function pass(grid: Grid, [r0, r1, c0, c1]: Window, distance: Float32Array, label: Int32Array, forward: boolean) {
  const { cols } = grid;
  const d = forward ? -1 : 1;
  for (let i = r0; i <= r1; i++) {
    const r = forward ? i : r1 + r0 - i;
    const w = grid.rowWidthM[r];
    const h = grid.rowHeightM[r];
    const diag = Math.hypot(w, h);
    const rowOk = r + d >= r0 && r + d <= r1;
    for (let j = c0; j <= c1; j++) {
      const c = forward ? j : c1 + c0 - j;
      const cell = r * cols + c;
      const sideOk = c + d >= c0 && c + d <= c1;
      if (sideOk) relax(distance, label, cell, cell + d, w);
      if (!rowOk) continue;
      const near = cell + d * cols;
      relax(distance, label, cell, near, h);
      if (sideOk) relax(distance, label, cell, near + d, diag);
      if (c - d >= c0 && c - d <= c1) relax(distance, label, cell, near - d, diag);
    }
  }
}

/**
 * The source reaching each cell of `grid` (row-major from the south-west), or -1: the reached
 * stretches and every cell within `accessM` of them.
 */
export function reachOnGrid(
  graph: RoadGraph,
  grid: Grid,
  stretches: ReachedStretches,
  accessM = DEFAULT_ACCESS_M,
): Int32Array {
  const n = grid.cols * grid.rows;
  const distance = new Float32Array(n).fill(Number.POSITIVE_INFINITY);
  const label = new Int32Array(n).fill(-1);
  const [r0, r1, c0, c1] = stamp(graph, grid, stretches, distance, label);
  if (r1 < r0) return label;
  // The access distance in cells, at the narrowest row of the grid, either side of what was stamped.
  let side = Number.POSITIVE_INFINITY;
  for (let r = 0; r < grid.rows; r++) side = Math.min(side, grid.rowWidthM[r], grid.rowHeightM[r]);
  const reach = Math.ceil(accessM / side) + 1;
  const window: Window = [
    Math.max(0, r0 - reach),
    Math.min(grid.rows - 1, r1 + reach),
    Math.max(0, c0 - reach),
    Math.min(grid.cols - 1, c1 + reach),
  ];
  pass(grid, window, distance, label, true);
  pass(grid, window, distance, label, false);
  for (let r = window[0]; r <= window[1]; r++)
    for (let c = window[2]; c <= window[3]; c++)
      if (distance[r * grid.cols + c] > accessM) label[r * grid.cols + c] = -1;
  return label;
}
