/**
 * The viewshed on terrains worked by hand, where the right answer follows from geometry alone: a wall
 * hides what is behind it, a peak over a plain sees to its range, the earth's curvature hides a far
 * low target, cells without a height neither show nor block, and a camera's sector cuts the rest.
 */
import { describe, expect, it } from 'vitest';
import type { Dem } from '../../../server/terrain/dem.ts';
import { ObserverOffDem } from '../../../server/terrain/errors.ts';
import { clipToSector } from '../../../server/terrain/sector.ts';
import { type ViewshedResult, viewshed, visibleArea } from '../../../server/terrain/viewshed.ts';

/** A flat plain at height 0 with `cols × rows` cells of `cell` metres, its north-west corner at (0, 0). */
function plain(cols: number, rows: number, cell: number): Dem {
  return {
    cols,
    rows,
    west: 0,
    north: 0,
    cellX: cell,
    cellY: cell,
    crs: 'EPSG:4528',
    heights: new Float32Array(cols * rows),
  };
}

/** The centre of cell (col, row). */
const at = (dem: Dem, col: number, row: number) => ({ x: (col + 0.5) * dem.cellX, y: -(row + 0.5) * dem.cellY });

/** Whether DEM cell (col, row) is visible in a result (false outside its window). */
function seen(v: ViewshedResult, col: number, row: number): boolean {
  const c = col - v.col0;
  const r = row - v.row0;
  return c >= 0 && r >= 0 && c < v.cols && r < v.rows && v.visible[r * v.cols + c] === 1;
}

describe('a wall', () => {
  // 101 × 101 cells of 10 m; the observer's eye 2 m above the centre cell; a 50 m wall 10 cells east.
  const dem = plain(101, 101, 10);
  for (let r = 0; r < 101; r++) dem.heights[r * 101 + 60] = 50;
  const v = viewshed(dem, { ...at(dem, 50, 50), observerHeight: 2, curvature: 0 });

  it('hides every cell behind it', () => {
    const hidden = [];
    for (let r = 0; r < 101; r++) for (let c = 61; c < 101; c++) if (seen(v, c, r)) hidden.push([c, r]);
    expect(hidden).toEqual([]);
  });

  it('is seen itself, and so is the whole plain in front of it', () => {
    const missed = [];
    for (let r = 0; r < 101; r++) for (let c = 0; c <= 60; c++) if (!seen(v, c, r)) missed.push([c, r]);
    expect(missed).toEqual([]);
  });

  it('lets a target show over it when it is tall enough', () => {
    // The sight line from the 2 m eye over the wall's top (50 m, 100 m away) climbs 0.48 m a metre: at
    // 140 m it stands at 2 + 0.48 × 140 = 69.2 m, so a 70 m mast there shows and a 60 m one does not.
    const tall = viewshed(dem, { ...at(dem, 50, 50), observerHeight: 2, targetHeight: 70, curvature: 0 });
    const short = viewshed(dem, { ...at(dem, 50, 50), observerHeight: 2, targetHeight: 60, curvature: 0 });
    expect([seen(tall, 64, 50), seen(short, 64, 50)]).toEqual([true, false]);
  });
});

describe('a peak over a flat plain', () => {
  // 401 × 401 cells of 30 m: a cone 300 m high falling 0.3 m per metre to a flat plain at 1 km, a
  // 30 m mast on its top, range 5 km. Every sight line from the top runs above the cone's flanks
  // (it falls at least 0.33 m per metre), so all is seen but for the six cells next to the observer
  // that GDAL 3.6 judges against the observer's own ground: north, south and the four diagonals.
  const dem = plain(401, 401, 30);
  for (let r = 0; r < 401; r++)
    for (let c = 0; c < 401; c++) dem.heights[r * 401 + c] = Math.max(0, 300 - 0.3 * 30 * Math.hypot(c - 200, r - 200));
  const v = viewshed(dem, { ...at(dem, 200, 200), observerHeight: 30, maxDistance: 5000 });
  const inRange = (c: number, r: number) => ((c - 200) * 30) ** 2 + ((r - 200) * 30) ** 2 <= 5000 ** 2;
  const nextTo = (c: number, r: number) => Math.abs(r - 200) === 1 && Math.abs(c - 200) <= 1;

  it('sees every cell within its range, bar the six next to it, and none beyond', () => {
    const wrong = [];
    for (let r = 0; r < 401; r++)
      for (let c = 0; c < 401; c++) if (seen(v, c, r) !== (inRange(c, r) && !nextTo(c, r))) wrong.push([c, r]);
    expect(wrong).toEqual([]);
  });

  it('reports the area it sees: the disc of its range, within 1 %', () => {
    expect(Math.abs(visibleArea(v, dem) - Math.PI * 5000 ** 2) / (Math.PI * 5000 ** 2)).toBeLessThan(0.01);
  });
});

describe('the curvature of the earth', () => {
  // A 1 × 200 strip of 100 m cells over a flat plain; the eye 10 m above the west end. The ground drops
  // by cc·d²/2a, so the sight line grazes it where d = √(10 · 2a / cc): 12.2 km with refraction
  // (cc = 0.85714), 11.3 km without (cc = 1); on a flat earth (cc = 0) it never does.
  const dem = plain(200, 1, 100);
  const eye = { ...at(dem, 0, 0), observerHeight: 10 };

  it.each([
    ['refraction (GDAL default)', undefined, { near: true, far: false }],
    ['bare sphere', 1, { near: true, far: false }],
    ['flat earth', 0, { near: true, far: true }],
  ])('%s: a low target at 10 km and at 15 km', (_name, curvature, expected) => {
    const v = viewshed(dem, { ...eye, curvature });
    expect({ near: seen(v, 100, 0), far: seen(v, 150, 0) }).toEqual(expected);
  });

  it.each([
    ['refraction (GDAL default)', undefined, 122],
    ['bare sphere', 1, 113],
  ])('%s: the horizon falls where the tangent from the eye grazes the ground', (_name, curvature, horizonCell) => {
    const v = viewshed(dem, { ...eye, curvature });
    let last = 0;
    for (let c = 0; c < 200; c++) if (seen(v, c, 0)) last = c;
    expect(Math.abs(last - horizonCell)).toBeLessThanOrEqual(1);
  });
});

describe('cells without a height', () => {
  // A flat plain with a NaN band 5 cells east of the observer: it shows nothing and hides nothing.
  const dem = plain(41, 41, 10);
  for (let r = 0; r < 41; r++) dem.heights[r * 41 + 25] = Number.NaN;
  const v = viewshed(dem, { ...at(dem, 20, 20), observerHeight: 2, curvature: 0 });

  it('are never visible', () => expect([seen(v, 25, 20), seen(v, 25, 0)]).toEqual([false, false]));
  it('never block the cells behind them', () => expect([seen(v, 26, 20), seen(v, 40, 5)]).toEqual([true, true]));
});

describe('where the observer stands', () => {
  const dem = plain(10, 10, 10);
  dem.heights[5 * 10 + 5] = Number.NaN;
  it.each([
    ['west of the grid', { x: -1, y: -50 }, 'outside'],
    ['south of the grid', { x: 50, y: -100.5 }, 'outside'],
    ['on a cell without a height', at(dem, 5, 5), 'nodata'],
  ])('%s is refused', (_name, point, why) => {
    expect(() => viewshed(dem, { ...point, observerHeight: 10 })).toThrow(ObserverOffDem);
    try {
      viewshed(dem, { ...point, observerHeight: 10 });
    } catch (error) {
      expect((error as ObserverOffDem).why).toBe(why);
    }
  });
});

describe("a camera's sector", () => {
  const dem = plain(41, 41, 10);
  it.each([
    // heading, field of view, cells [north, east, south, west, north-east] seen
    [90, 90, [false, true, false, false, true]],
    [0, 60, [true, false, false, false, false]],
    [315, 100, [true, false, false, true, false]],
    [180, 360, [true, true, true, true, true]],
  ])('heading %d°, field of view %d°', (heading, fov, expected) => {
    const v = viewshed(dem, { ...at(dem, 20, 20), observerHeight: 5, curvature: 0 });
    clipToSector(v, dem, heading, fov);
    const cells: [number, number][] = [
      [20, 5],
      [35, 20],
      [20, 35],
      [5, 20],
      [30, 10],
    ];
    expect(cells.map(([c, r]) => seen(v, c, r))).toEqual(expected);
    expect(seen(v, 20, 20)).toBe(true);
  });
});
