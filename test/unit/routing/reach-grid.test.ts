/**
 * Reach stamped onto the coverage grid: a straight road reached end to end, grown by the access
 * distance, covers the road's length times twice the access plus the two end caps (octagons under
 * the chamfer, a little smaller than discs); and where two stations' reaches meet, each cell keeps
 * the nearer station.
 */
import { describe, expect, it } from 'vitest';
import { areaWhere, makeGrid } from '../../../server/analysis/grid.ts';
import { buildGraph } from '../../../server/routing/graph.ts';
import { reachOnGrid } from '../../../server/routing/reach-grid.ts';
import { reachStretches } from '../../../server/routing/reach-within.ts';
import { at, between, road, SPEEDS } from './support.ts';

describe('reach on the coverage grid', () => {
  const g = buildGraph(
    [
      road('r', [
        [0, 0],
        [2000, 0],
      ]),
    ],
    SPEEDS,
  );
  const [w, s] = at(-500, -500);
  const [e, n] = at(2500, 500);
  const grid = makeGrid([w, s, e, n], 10);

  it('covers the reached road and 100 m either side', () => {
    const { stretches } = reachStretches(g, [at(0, 0)], 100, 3.6);
    const cells = reachOnGrid(g, grid, stretches, 100);
    const reachedM = between([0, 0], [1000, 0]);
    const octagonCaps = 2 * Math.SQRT2 * 100 * 100;
    const expected = reachedM * 200 + octagonCaps;
    expect(areaWhere(grid, (i) => cells[i] >= 0) / expected).toBeCloseTo(1, 1);
    expect(cells.some((x) => x > 0)).toBe(false);
  });

  it('gives each cell the station whose road it is nearest', () => {
    const { stretches } = reachStretches(g, [at(0, 0), at(2000, 0)], 1000, 3.6);
    const cells = reachOnGrid(g, grid, stretches, 100);
    const cellAt = ([lon, lat]: number[]) =>
      Math.floor((lat - grid.south) / grid.dLat) * grid.cols + Math.floor((lon - grid.west) / grid.dLon);
    expect(cells[cellAt(at(300, 50))]).toBe(0);
    expect(cells[cellAt(at(1700, -50))]).toBe(1);
    expect(cells[cellAt(at(1000, 300))]).toBe(-1);
  });

  it('reaches nothing when nothing is reached', () => {
    const { stretches } = reachStretches(g, [at(1000, 900)], 60, 3.6);
    expect(reachOnGrid(g, grid, stretches, 100).every((x) => x === -1)).toBe(true);
  });
});
