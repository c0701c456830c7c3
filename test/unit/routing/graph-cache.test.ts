/** The routing graph is built once per roads version and speeds table, and again when either moves. */
import { describe, expect, it } from 'vitest';
import { graphFor } from '../../../server/routing/graph-cache.ts';
import { road, SPEEDS } from './support.ts';

describe('graphFor', () => {
  const roads = [
    road('r', [
      [0, 0],
      [1000, 0],
    ]),
  ];

  it('gives the same graph for the same version and speeds, in any order', () => {
    const a = graphFor(roads, SPEEDS, 'cache-test:1');
    expect(graphFor(roads, { ...SPEEDS }, 'cache-test:1')).toBe(a);
    const reordered = Object.fromEntries(Object.entries(SPEEDS).reverse());
    expect(graphFor(roads, reordered, 'cache-test:1')).toBe(a);
  });

  it('builds again when the version moves or a speed changes', () => {
    const a = graphFor(roads, SPEEDS, 'cache-test:2');
    expect(graphFor(roads, SPEEDS, 'cache-test:3')).not.toBe(a);
    const slower = graphFor(roads, { ...SPEEDS, county: 18 }, 'cache-test:2');
    expect(slower).not.toBe(a);
    expect(slower.pieceCost[0]).toBeCloseTo(2 * a.pieceCost[0], 9);
  });

  it('keeps nothing when the build fails', () => {
    expect(() => graphFor(roads, { county: 0 }, 'cache-test:4')).toThrow(/speeds.county/);
    expect(graphFor(roads, SPEEDS, 'cache-test:4').pieceCount).toBe(1);
  });
});
