/**
 * Building the routing graph from road lines, on networks small enough to count by hand: where lines
 * are noded (shared vertices, ends) and where they are not (a bridge over a road), what a piece costs,
 * what is left out (closed roads), how islands are reported, and which roads are refused.
 */
import { describe, expect, it } from 'vitest';
import { InvalidFeatures } from '../../../server/features/errors.ts';
import { graphReport } from '../../../server/routing/components.ts';
import { InvalidRoads } from '../../../server/routing/errors.ts';
import { buildGraph } from '../../../server/routing/graph.ts';
import { metres, road, SPEEDS } from './support.ts';

describe('noding', () => {
  it('joins two lines at a vertex they share and splits both there', () => {
    const g = buildGraph(
      [
        road('ew', [
          [0, 0],
          [500, 0],
          [1000, 0],
        ]),
        road('ns', [
          [500, -500],
          [500, 0],
          [500, 500],
        ]),
      ],
      SPEEDS,
    );
    const report = graphReport(g);
    expect(report).toMatchObject({ nodes: 5, edges: 4, arcs: 8, components: 1, islands: [] });
  });

  it('keeps two lines that cross without a shared vertex apart (a bridge over a road)', () => {
    const g = buildGraph(
      [
        road('road', [
          [0, 0],
          [1000, 0],
        ]),
        road('bridge', [
          [500, -500],
          [500, 500],
        ]),
      ],
      SPEEDS,
    );
    expect(graphReport(g)).toMatchObject({ nodes: 4, edges: 2, components: 2 });
  });

  it('does not split a line at a vertex no other line shares', () => {
    const g = buildGraph(
      [
        road('bent', [
          [0, 0],
          [300, 200],
          [600, 0],
        ]),
      ],
      SPEEDS,
    );
    expect(graphReport(g)).toMatchObject({ nodes: 2, edges: 1 });
    expect(g.shapeStart[1] - g.shapeStart[0]).toBe(3);
  });

  it('nodes a line that touches itself where it does (a loop off a road)', () => {
    const g = buildGraph(
      [
        road('lasso', [
          [0, 0],
          [500, 0],
          [800, 300],
          [500, 600],
          [200, 300],
          [500, 0],
        ]),
      ],
      SPEEDS,
    );
    // (0,0)–(500,0), then the loop from (500,0) back to itself.
    expect(graphReport(g)).toMatchObject({ nodes: 2, edges: 2, components: 1 });
    expect([g.pieceSource[1], g.pieceTarget[1]]).toEqual([1, 1]);
  });

  it('drops a repeated vertex rather than making a piece of no length', () => {
    const g = buildGraph(
      [
        road('stutter', [
          [0, 0],
          [0, 0],
          [400, 0],
        ]),
      ],
      SPEEDS,
    );
    expect(graphReport(g)).toMatchObject({ nodes: 2, edges: 1 });
  });
});

describe('costs', () => {
  const points: [number, number][] = [
    [0, 0],
    [700, 100],
    [1200, 0],
  ];

  it('costs a piece its Turf length at the class speed', () => {
    const g = buildGraph([road('r', points)], SPEEDS);
    expect(g.pieceLengthM[0]).toBeCloseTo(metres(points), 6);
    expect(g.pieceCost[0]).toBeCloseTo(metres(points) / 10, 6);
  });

  it("prefers the road's own speed to its class's", () => {
    const g = buildGraph([road('r', points, { speed_kmh: 72 })], SPEEDS);
    expect(g.pieceCost[0]).toBeCloseTo(metres(points) / 20, 6);
  });

  it('gives a one-way road one arc and a two-way road two', () => {
    const g = buildGraph(
      [
        road('one', points, { oneway: true }),
        road('two', [
          [2000, 0],
          [3000, 0],
        ]),
      ],
      SPEEDS,
    );
    expect(g.out.targets.length).toBe(3);
    expect(Array.from(g.pieceOneway)).toEqual([1, 0]);
  });

  it('leaves closed roads out, and does not node at their ends', () => {
    const g = buildGraph(
      [
        road('a', [
          [0, 0],
          [1000, 0],
        ]),
        road(
          'closed',
          [
            [500, 0],
            [500, 800],
          ],
          { status: 'closed' },
        ),
      ],
      SPEEDS,
    );
    expect(graphReport(g)).toMatchObject({ nodes: 2, edges: 1 });
  });

  it('records which road and which stretch of it each piece came from', () => {
    const g = buildGraph(
      [
        road('cross', [
          [0, 500],
          [1000, 500],
        ]),
        road('long', [
          [0, 0],
          [0, 500],
          [0, 1500],
        ]),
      ],
      SPEEDS,
    );
    expect(Array.from(g.pieceFeature)).toEqual([0, 1, 1]);
    expect(g.pieceFraction[2]).toBe(0);
    expect(g.pieceFraction[3]).toBeCloseTo(1 / 3, 4);
    expect(g.pieceFraction[4]).toBeCloseTo(1 / 3, 4);
    expect(g.pieceFraction[5]).toBe(1);
  });
});

describe('islands', () => {
  it('reports every component but the largest, with its size and a position in it', () => {
    const g = buildGraph(
      [
        road('main1', [
          [0, 0],
          [1000, 0],
        ]),
        road('main2', [
          [1000, 0],
          [2000, 0],
        ]),
        road('island', [
          [5000, 5000],
          [5300, 5000],
        ]),
      ],
      SPEEDS,
    );
    const report = graphReport(g);
    expect(report.components).toBe(2);
    expect(report.islands).toHaveLength(1);
    expect(report.islands[0]).toMatchObject({ nodes: 2, pieces: 1 });
    expect(report.islands[0].lengthM).toBeCloseTo(
      metres([
        [5000, 5000],
        [5300, 5000],
      ]),
      6,
    );
    const [lon, lat] = report.islands[0].at;
    expect(lon).toBeGreaterThan(119.04);
    expect(lat).toBeGreaterThan(25.54);
  });
});

describe('refused roads', () => {
  const good = road('good', [
    [0, 0],
    [100, 0],
  ]);
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'a line of one vertex',
      { geometry: { type: 'LineString', coordinates: [[119, 25.5]] } },
      'features[1].geometry',
      /one vertex/,
    ],
    [
      'a line whose two vertices are the same',
      {
        geometry: {
          type: 'LineString',
          coordinates: [
            [119, 25.5],
            [119, 25.5],
          ],
        },
      },
      'features[1].geometry',
      /one vertex/,
    ],
    ['a point', { geometry: { type: 'Point', coordinates: [119, 25.5] } }, 'features[1].geometry', /LineString/],
    ['an unknown class', { properties: { class: 'spaceway' } }, 'features[1].properties.class', /spaceway/],
    ['no class and no speed', { properties: {} }, 'features[1].properties.class', /not a road class/],
    ['a speed of 0', { properties: { class: 'county', speed_kmh: 0 } }, 'features[1].properties.speed_kmh', /0 km\/h/],
    ['a speed of 500', { properties: { class: 'county', speed_kmh: 500 } }, 'features[1].properties.speed_kmh', /500/],
    [
      'a speed that is text',
      { properties: { class: 'county', speed_kmh: 'fast' } },
      'features[1].properties.speed_kmh',
      /fast/,
    ],
  ];

  it.each(cases)('refuses %s, naming the road', (_, change, name, reason) => {
    const bad = {
      ...road('bad-1', [
        [0, 0],
        [100, 0],
      ]),
      ...change,
    };
    const error = (() => {
      try {
        buildGraph([good, bad as typeof good], SPEEDS);
      } catch (e) {
        return e;
      }
    })() as InvalidRoads;
    expect(error).toBeInstanceOf(InvalidRoads);
    expect(error).toBeInstanceOf(InvalidFeatures);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].name).toBe(name);
    expect(error.problems[0].reason).toMatch(reason);
    expect(error.problems[0].reason).toMatch(/bad-1/);
  });

  it('refuses a speeds table with a class at 500 km/h', () => {
    expect(() => buildGraph([good], { county: 500 })).toThrow(/speeds.county/);
  });

  it('names every bad road at once', () => {
    const bad = (id: string, speed: number) =>
      road(
        id,
        [
          [0, 0],
          [100, 0],
        ],
        { speed_kmh: speed },
      );
    try {
      buildGraph([bad('x', 0), good, bad('y', 900)], SPEEDS);
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidRoads).problems.map((p) => p.name)).toEqual([
        'features[0].properties.speed_kmh',
        'features[2].properties.speed_kmh',
      ]);
    }
  });

  it('refuses a closed road with a bad speed too: it comes back when it reopens', () => {
    expect(() =>
      buildGraph(
        [
          road(
            'c',
            [
              [0, 0],
              [100, 0],
            ],
            { status: 'closed', speed_kmh: 0 },
          ),
        ],
        SPEEDS,
      ),
    ).toThrow(InvalidRoads);
  });

  it('builds an empty graph from no roads', () => {
    expect(graphReport(buildGraph([], SPEEDS))).toMatchObject({ nodes: 0, edges: 0, components: 0, islands: [] });
  });
});
