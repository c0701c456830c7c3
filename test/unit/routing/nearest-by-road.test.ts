/**
 * Nearest by road on networks worked by hand: every expected time is Turf's length of the roads driven
 * at 36 km/h (10 m/s) plus the gaps walked at 3.6 km/h (1 m/s).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../server/routing/graph.ts';
import { nearestByRoad } from '../../../server/routing/nearest-by-road.ts';
import { at, between, metres, road, SPEEDS } from './support.ts';

const WALK = { walkKmh: 3.6 };

describe('a one-way street', () => {
  // A square block: the bottom street runs one way, east to west; the other three sides are two-way.
  const g = buildGraph(
    [
      road(
        'bottom',
        [
          [1000, 0],
          [0, 0],
        ],
        { oneway: true },
      ),
      road('left', [
        [0, 0],
        [0, 1000],
      ]),
      road('top', [
        [0, 1000],
        [1000, 1000],
      ]),
      road('right', [
        [1000, 1000],
        [1000, 0],
      ]),
    ],
    SPEEDS,
  );
  const around = metres([
    [0, 0],
    [0, 1000],
    [1000, 1000],
    [1000, 0],
  ]);

  it('forces the long way round against it', () => {
    const [r] = nearestByRoad(g, at(1000, 0), [at(0, 0)], 1, WALK);
    expect(r.unreachable).toBe(false);
    expect(r.duration_s).toBeCloseTo(around / 10, 6);
    expect(r.distance_m).toBeCloseTo(around, 6);
    expect(r.route?.coordinates).toEqual([at(0, 0), at(0, 1000), at(1000, 1000), at(1000, 0)]);
  });

  it('takes it the way it runs', () => {
    const [r] = nearestByRoad(g, at(0, 0), [at(1000, 0)], 1, WALK);
    expect(r.duration_s).toBeCloseTo(between([1000, 0], [0, 0]) / 10, 6);
    expect(r.route?.coordinates).toEqual([at(1000, 0), at(0, 0)]);
  });

  it("with travel 'from', the place drives to the candidates", () => {
    const [r] = nearestByRoad(g, at(1000, 0), [at(0, 0)], 1, { ...WALK, travel: 'from' });
    expect(r.duration_s).toBeCloseTo(between([1000, 0], [0, 0]) / 10, 6);
  });

  it('holds for two points on the one-way street itself', () => {
    const [against] = nearestByRoad(g, at(800, 0), [at(200, 0)], 1, WALK);
    expect(against.duration_s).toBeCloseTo((around + between([1000, 0], [800, 0]) + between([200, 0], [0, 0])) / 10, 2);
    const [along] = nearestByRoad(g, at(200, 0), [at(800, 0)], 1, WALK);
    expect(along.duration_s).toBeCloseTo(between([800, 0], [200, 0]) / 10, 2);
    expect(along.route?.coordinates).toHaveLength(2);
  });
});

describe('a closed bridge', () => {
  const town = [
    road('town', [
      [0, 0],
      [1000, 0],
    ]),
  ];
  const bridge = (status: string) =>
    road(
      'bridge',
      [
        [1000, 0],
        [1300, 0],
      ],
      { status },
    );
  const village = road(
    'village',
    [
      [1300, 0],
      [2000, 0],
    ],
    { class: 'village' },
  );

  it('makes the village unreachable: a clear answer, not a guess', () => {
    const g = buildGraph([...town, bridge('closed'), village], SPEEDS);
    const [r] = nearestByRoad(g, at(2000, 0), [at(0, 0)], 1, WALK);
    expect(r).toEqual({ index: 0, unreachable: true, duration_s: null, distance_m: null, snap_m: 0, route: null });
  });

  it('open, the village is reached over it', () => {
    const g = buildGraph([...town, bridge('open'), village], SPEEDS);
    const [r] = nearestByRoad(g, at(2000, 0), [at(0, 0)], 1, WALK);
    expect(r.duration_s).toBeCloseTo(between([0, 0], [1300, 0]) / 10 + between([1300, 0], [2000, 0]) / 5, 6);
  });
});

describe('a snapped incident', () => {
  const g = buildGraph(
    [
      road('r', [
        [0, 0],
        [2000, 0],
      ]),
    ],
    SPEEDS,
  );

  it('pays the partial piece to the snap point and walks the rest', () => {
    const [r] = nearestByRoad(g, at(500, 100), [at(0, 0)], 1, WALK);
    const walked = between([500, 0], [500, 100]);
    expect(r.duration_s).toBeCloseTo(between([0, 0], [500, 0]) / 10 + walked, 1);
    expect(r.distance_m).toBeCloseTo(between([0, 0], [500, 0]), 0);
    expect(r.snap_m).toBe(0);
    expect(r.route?.coordinates.at(-1)).toEqual(at(500, 100));
  });

  it('reports how far a candidate stood from the road', () => {
    const [r] = nearestByRoad(g, at(1500, 0), [at(100, -30)], 1, WALK);
    expect(r.snap_m).toBeCloseTo(between([100, 0], [100, -30]), 1);
    expect(r.duration_s).toBeCloseTo(between([100, 0], [1500, 0]) / 10 + between([100, 0], [100, -30]), 1);
  });
});

describe('crossing roads', () => {
  const ew = (mid: boolean) =>
    road(
      'ew',
      mid
        ? [
            [0, 0],
            [500, 0],
            [1000, 0],
          ]
        : [
            [0, 0],
            [1000, 0],
          ],
    );
  const ns = road('ns', [
    [500, -500],
    [500, 0],
    [500, 500],
  ]);

  it('without a shared vertex do not connect', () => {
    const g = buildGraph([ew(false), ns], SPEEDS);
    const [r] = nearestByRoad(g, at(0, 0), [at(500, 500)], 1, WALK);
    expect(r.unreachable).toBe(true);
  });

  it('with one, do', () => {
    const g = buildGraph([ew(true), ns], SPEEDS);
    const [r] = nearestByRoad(g, at(0, 0), [at(500, 500)], 1, WALK);
    expect(r.duration_s).toBeCloseTo((between([0, 0], [500, 0]) + between([500, 0], [500, 500])) / 10, 6);
  });
});

describe('ranking', () => {
  // A straight road: the candidate nearest as the crow flies is across a gap the road goes round.
  const g = buildGraph(
    [
      road('a', [
        [0, 0],
        [3000, 0],
      ]),
      road('b', [
        [3000, 0],
        [3000, 400],
      ]),
      road('c', [
        [3000, 400],
        [0, 400],
      ]),
    ],
    SPEEDS,
  );
  const candidates = [at(0, 400), at(1500, 0), at(2500, 0)];

  it('ranks by travel time, not by distance', () => {
    const results = nearestByRoad(g, at(0, 0), candidates, 3, WALK);
    expect(results.map((r) => r.index)).toEqual([1, 2, 0]);
  });

  it('returns n results, unreachable ones after the rest', () => {
    const g2 = buildGraph(
      [
        road('a', [
          [0, 0],
          [3000, 0],
        ]),
        road('far', [
          [0, 5000],
          [100, 5000],
        ]),
      ],
      SPEEDS,
    );
    const results = nearestByRoad(g2, at(0, 0), [at(0, 5000), at(2000, 0), at(50, 5000)], 3, WALK);
    expect(results.map((r) => [r.index, r.unreachable])).toEqual([
      [1, false],
      [0, true],
      [2, true],
    ]);
  });

  it('with no roads at all, every candidate is unreachable', () => {
    const results = nearestByRoad(buildGraph([], SPEEDS), at(0, 0), [at(10, 0)], 1, WALK);
    expect(results).toEqual([
      { index: 0, unreachable: true, duration_s: null, distance_m: null, snap_m: null, route: null },
    ]);
  });
});
