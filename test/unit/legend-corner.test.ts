import { describe, expect, it } from 'vitest';
import { clearOfCorner } from '../../client/map/legend-corner.ts';

/**
 * The fit's padding clear of the legend's corner: the part of the map left for the fit must not meet
 * the corner (with its gap), and of the two ways to leave it out the one taken keeps more pixels,
 * counted one by one.
 */

/** The pixels of a map of `size` left inside a padding ([top, right, bottom, left]), counted one by one. */
function pixelsLeft([width, height]: number[], [top, right, bottom, left]: number[]): number {
  let n = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (y >= top && y < height - bottom && x >= left && x < width - right) n++;
  return n;
}

/** Whether a pixel left for the fit lies in the corner (widened by the gap). */
function meetsCorner([width, height]: number[], [top, right, bottom, left]: number[], cw: number, ch: number): boolean {
  const xs = [left, width - right - 1];
  const ys = [top, height - bottom - 1];
  return xs[1] >= width - cw && ys[1] >= height - ch && xs[0] <= xs[1] && ys[0] <= ys[1];
}

describe('clearOfCorner', () => {
  it.each([
    // A phone: a wide legend over a sheet; a band above it loses less than a strip down the side.
    { size: [390, 640], padding: [10, 10, 300, 10], corner: { width: 250, height: 400 }, gap: 10, side: 'bottom' },
    // A narrow legend on a tall map: a strip on the right loses less.
    { size: [390, 640], padding: [10, 10, 250, 10], corner: { width: 118, height: 400 }, gap: 10, side: 'right' },
    // Already clear below: unchanged.
    { size: [390, 640], padding: [10, 10, 420, 10], corner: { width: 250, height: 400 }, gap: 10, side: 'none' },
    // Already clear on the right (a layer list wider than the legend): unchanged.
    { size: [1280, 800], padding: [20, 260, 20, 20], corner: { width: 200, height: 180 }, gap: 20, side: 'none' },
  ])('$size $corner → $side', ({ size, padding, corner, gap, side }) => {
    const got = clearOfCorner(padding, size, corner, gap);
    expect(meetsCorner(size, got, corner.width + gap, corner.height + gap)).toBe(false);
    const [top, right, bottom, left] = padding;
    const byRight = [top, Math.max(right, corner.width + gap), bottom, left];
    const byBottom = [top, right, Math.max(bottom, corner.height + gap), left];
    const best = Math.max(pixelsLeft(size, byRight), pixelsLeft(size, byBottom));
    expect(pixelsLeft(size, got)).toBe(side === 'none' ? pixelsLeft(size, padding) : best);
    const changed = got[1] !== padding[1] ? 'right' : got[2] !== padding[2] ? 'bottom' : 'none';
    expect(changed).toBe(side);
  });

  it('leaves the padding as it is when there is no legend shown', () => {
    expect(clearOfCorner([10, 10, 60, 10], [390, 640], undefined, 10)).toEqual([10, 10, 60, 10]);
  });
});
