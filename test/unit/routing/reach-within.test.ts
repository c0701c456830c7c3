/**
 * Reach within a time, worked by hand on a straight county road at 10 m/s: where it stops mid-road,
 * where two sources' reaches meet, and a one-way road driven only its way.
 */
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../server/routing/graph.ts';
import { reachWithin } from '../../../server/routing/reach-within.ts';
import { at, between, road, SPEEDS } from './support.ts';

const WALK = { walkKmh: 3.6 };
const length = (coordinates: number[][]) => turf.length(turf.lineString(coordinates), { units: 'meters' });

describe('reach within a time', () => {
  const g = buildGraph(
    [
      road('r', [
        [0, 0],
        [2000, 0],
      ]),
    ],
    SPEEDS,
  );
  const total = between([0, 0], [2000, 0]);

  it('stops mid-road where the time runs out', () => {
    const reach = reachWithin(g, [at(0, 0)], 100, WALK);
    expect(reach.edges).toHaveLength(1);
    const [edge] = reach.edges;
    expect(length(edge.geometry.coordinates)).toBeCloseTo(1000, 0);
    expect(edge.properties).toMatchObject({ source: 0, start_s: 0 });
    expect(edge.properties.end_s).toBeCloseTo(100, 6);
    expect(Array.from(reach.nodes.seconds)).toEqual([0]);
  });

  it('covers the whole road when there is time, and times the far node', () => {
    const reach = reachWithin(g, [at(0, 0)], 1000, WALK);
    expect(reach.edges).toHaveLength(1);
    expect(reach.nodes.seconds[1]).toBeCloseTo(total / 10, 6);
  });

  it('splits a road between two sources where their times meet (a network Voronoi)', () => {
    const reach = reachWithin(g, [at(0, 0), at(2000, 0)], 1000, WALK);
    const bySource = reach.edges.map((e) => [e.properties.source, length(e.geometry.coordinates)]);
    expect(bySource).toHaveLength(2);
    for (const [, m] of bySource) expect(m).toBeCloseTo(total / 2, 0);
    expect(bySource.map(([s]) => s).sort()).toEqual([0, 1]);
  });

  it('reaches both ways from a source standing mid-road, after its walk', () => {
    const reach = reachWithin(g, [at(1000, 50)], 60, WALK);
    // About 50 s walking to the road at 1 m/s leaves about 10 s: 100 m each way.
    const walkS = between([1000, 0], [1000, 50]);
    const lengths = reach.edges.map((e) => length(e.geometry.coordinates));
    expect(lengths).toHaveLength(2);
    for (const m of lengths) expect(m).toBeCloseTo((60 - walkS) * 10, 0);
    expect(reach.nodes.node).toHaveLength(0);
  });

  it('drives a one-way road only its way', () => {
    const oneway = buildGraph(
      [
        road(
          'r',
          [
            [0, 0],
            [2000, 0],
          ],
          { oneway: true },
        ),
      ],
      SPEEDS,
    );
    const reach = reachWithin(oneway, [at(1000, 0)], 50, WALK);
    expect(reach.edges).toHaveLength(1);
    expect(reach.edges[0].geometry.coordinates[0]).toEqual(at(1000, 0));
    expect(reach.edges[0].geometry.coordinates[1][0]).toBeGreaterThan(at(1000, 0)[0]);
  });
});
