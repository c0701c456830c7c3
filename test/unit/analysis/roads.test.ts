/**
 * The road network the analyses drive on: none without roads or with every road closed, the profile's
 * speeds (the catalog's when the profile has none), and a what-if closure that leaves the layer as it is.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROAD_SPEEDS_KMH } from '../../../catalog/road-classes.ts';
import { roadNetwork } from '../../../server/analysis/roads.ts';
import type { Profile } from '../../../server/analysis/types.ts';
import { metres, road, SPEEDS } from '../routing/support.ts';

const base = {
  id: 't',
  name: { zh: '测试', en: 'Test' },
  shelter: {},
  fire: { response_minutes: 5, speed_kmh: 30 },
  relief: { limit_hours: 10, speed_kmh: 40 },
  targets: {},
} satisfies Profile;
const profile: Profile = { ...base, roads: { speeds_kmh: SPEEDS, walk_kmh: 3 } };

const west = road('w', [
  [0, 0],
  [1000, 0],
]);
const east = road('e', [
  [1000, 0],
  [2000, 0],
]);

describe('roadNetwork', () => {
  it.each([
    ['no layer', undefined],
    ['an empty layer', []],
    [
      'only closed roads',
      [
        road(
          'c',
          [
            [0, 0],
            [1000, 0],
          ],
          { status: 'closed' },
        ),
      ],
    ],
  ])('is undefined with %s', (_, layer) => {
    expect(roadNetwork(layer, profile)).toBeUndefined();
  });

  it("drives at the profile's speeds and walks at its pace", () => {
    const roads = roadNetwork([west, east], profile);
    expect(roads?.walkKmh).toBe(3);
    expect(roads?.graph.pieceCount).toBe(2);
    expect(roads?.graph.pieceCost[0]).toBeCloseTo(
      metres([
        [0, 0],
        [1000, 0],
      ]) / 10,
      6,
    );
  });

  it("drives at the catalog's speeds when the profile names none", () => {
    const roads = roadNetwork([west], base);
    expect(roads?.graph.pieceCost[0]).toBeCloseTo(
      metres([
        [0, 0],
        [1000, 0],
      ]) /
        (DEFAULT_ROAD_SPEEDS_KMH.county / 3.6),
      6,
    );
  });

  it('closes the segments a what-if names without changing the layer', () => {
    const layer = [west, east];
    const roads = roadNetwork(layer, profile, ['e']);
    expect(roads?.graph.pieceCount).toBe(1);
    expect(roads?.closed).toEqual(['e']);
    expect(layer[1].properties.status).toBe('open');
    expect(roadNetwork(layer, profile)?.graph.pieceCount).toBe(2);
  });
});
