/**
 * Properties that must hold on any road network, checked on random networks from fixed seeds (the seed
 * is in each test's name, so a failure replays): Dijkstra's times equal a brute-force Bellman-Ford over
 * the pieces (not the CSR arrays the search reads), forwards and backwards, bounded or not; a multi-source
 * search labels each node with the source a single-source search finds fastest; no time by road is
 * shorter than the straight line driven at the network's top speed; and many places at once get the
 * answers one place at a time gets.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../catalog/random.ts';
import { syntheticRoads } from '../../../scripts/bench/synthetic-roads.ts';
import { haversineM } from '../../../server/analysis/geometry.ts';
import { searchOf } from '../../../server/routing/dijkstra.ts';
import { buildGraph, type RoadGraph } from '../../../server/routing/graph.ts';
import { nearestByRoad } from '../../../server/routing/nearest-by-road.ts';
import { nearestByRoadEach } from '../../../server/routing/nearest-by-road-each.ts';
import { snapAll } from '../../../server/routing/snap.ts';
import { at, road, SPEEDS } from './support.ts';

const SEEDS = [1, 42, 2024, 7, 99];
const SPEEDS_ALL = { ...SPEEDS, expressway: 100, provincial: 60, township: 30 };

/** Random lines between random junctions in a 3 km square: crossings, dead ends, loops, one-way streets. */
function randomGraph(seed: number): RoadGraph {
  const rnd = mulberry32(seed);
  const junctions = Array.from(
    { length: 12 + Math.floor(rnd() * 20) },
    () => [rnd() * 3000, rnd() * 3000] as [number, number],
  );
  const pick = () => junctions[Math.floor(rnd() * junctions.length)];
  const classes = Object.keys(SPEEDS);
  const roads = Array.from({ length: 20 + Math.floor(rnd() * 40) }, (_, i) => {
    const first = pick();
    let last = pick();
    while (last === first) last = pick();
    const points = [first, ...(rnd() < 0.4 ? [pick()] : []), last];
    return road(`r${i}`, points, { class: classes[Math.floor(rnd() * classes.length)], oneway: rnd() < 0.25 });
  });
  return buildGraph(roads, SPEEDS);
}

/** Seconds from `from` to every node (to `from` when `reverse`), relaxing every piece n times. */
function bellmanFord(g: RoadGraph, from: number, reverse: boolean): Float64Array {
  const d = new Float64Array(g.nodeCount).fill(Number.POSITIVE_INFINITY);
  d[from] = 0;
  const relax = (u: number, v: number, c: number) => {
    if (d[u] + c < d[v]) {
      d[v] = d[u] + c;
      return true;
    }
    return false;
  };
  for (let round = 0; round < g.nodeCount; round++) {
    let changed = false;
    for (let p = 0; p < g.pieceCount; p++) {
      const [a, b, c] = [g.pieceSource[p], g.pieceTarget[p], g.pieceCost[p]];
      changed = (reverse ? relax(b, a, c) : relax(a, b, c)) || changed;
      if (!g.pieceOneway[p]) changed = (reverse ? relax(a, b, c) : relax(b, a, c)) || changed;
    }
    if (!changed) break;
  }
  return d;
}

function timesFrom(g: RoadGraph, from: number, reverse: boolean, limitS?: number): number[] {
  const search = searchOf(g).run([{ node: from, cost: 0, label: 0 }], { reverse, limitS });
  return Array.from({ length: g.nodeCount }, (_, v) => search.timeOf(v));
}

function sameTimes(got: number[], expected: number[]) {
  got.forEach((t, v) => {
    if (Number.isFinite(expected[v])) expect(t).toBeCloseTo(expected[v], 9);
    else expect(t).toBe(Number.POSITIVE_INFINITY);
  });
}

describe('Dijkstra against Bellman-Ford', () => {
  it.each(SEEDS)('gives the same time to every node from every node (seed %i)', (seed) => {
    const g = randomGraph(seed);
    for (let from = 0; from < g.nodeCount; from++) {
      const expected = Array.from(bellmanFord(g, from, false));
      sameTimes(timesFrom(g, from, false), expected);
    }
  });

  it.each(SEEDS)('gives the same time *to* every node searching backwards (seed %i)', (seed) => {
    const g = randomGraph(seed);
    for (let to = 0; to < g.nodeCount; to++) {
      const expected = Array.from(bellmanFord(g, to, true));
      sameTimes(timesFrom(g, to, true), expected);
    }
  });

  it.each(SEEDS)('settles exactly the nodes within a limit (seed %i)', (seed) => {
    const g = randomGraph(seed);
    const expected = Array.from(bellmanFord(g, 0, false));
    const limit = expected.filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(g.nodeCount / 3)];
    const got = timesFrom(g, 0, false, limit);
    expect(got.map(Number.isFinite)).toEqual(expected.map((t) => t <= limit));
  });
});

describe('many sources at once', () => {
  it.each(SEEDS)('label each node with the source that reaches it first (seed %i)', (seed) => {
    const g = randomGraph(seed);
    const sources = [0, Math.floor(g.nodeCount / 2), g.nodeCount - 1];
    const single = sources.map((s) => bellmanFord(g, s, false));
    const search = searchOf(g).run(sources.map((node, label) => ({ node, cost: 0, label })));
    for (let v = 0; v < g.nodeCount; v++) {
      const best = Math.min(...single.map((d) => d[v]));
      if (!Number.isFinite(best)) {
        expect(search.reached(v)).toBe(false);
        continue;
      }
      expect(search.cost[v]).toBeCloseTo(best, 9);
      expect(single[search.label[v]][v]).toBeCloseTo(best, 9);
    }
  });
});

describe('travel time by road', () => {
  it.each(SEEDS)('is never shorter than the straight line at the top speed (seed %i)', (seed) => {
    const rnd = mulberry32(seed);
    const roads = syntheticRoads(rnd, [119, 25.5, 119.05, 25.54], 2_000);
    const g = buildGraph(roads, SPEEDS_ALL);
    const anywhere = () => at(rnd() * 5000, rnd() * 4400);
    const candidates = Array.from({ length: 30 }, anywhere);
    const snapped = snapAll(g, candidates, 5);
    let checked = 0;
    for (let i = 0; i < 20; i++) {
      const place = anywhere();
      for (const r of nearestByRoad(g, place, snapped, candidates.length, { walkKmh: 5 })) {
        if (r.unreachable) continue;
        const c = candidates[r.index];
        const straightS = haversineM(c[0], c[1], place[0], place[1]) / (g.topSpeedKmh / 3.6);
        expect(r.duration_s).toBeGreaterThanOrEqual(straightS * (1 - 1e-9));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
  });
});

describe('many places at once', () => {
  it.each([
    [1, 'to'],
    [42, 'to'],
    [2024, 'from'],
  ] as const)('get what one place at a time gets (seed %i, travel %s)', (seed, travel) => {
    const rnd = mulberry32(seed);
    const g = buildGraph(syntheticRoads(rnd, [119, 25.5, 119.04, 25.53], 1_500), SPEEDS_ALL);
    const anywhere = () => at(rnd() * 4000, rnd() * 3300);
    const stations = snapAll(g, Array.from({ length: 6 }, anywhere), 5);
    const places = Array.from({ length: 40 }, anywhere);
    const each = nearestByRoadEach(g, places, stations, 3, { travel });
    places.forEach((p, i) => {
      const one = nearestByRoad(g, p, stations, 3, { travel });
      expect(each[i].map((r) => [r.index, r.unreachable])).toEqual(one.map((r) => [r.index, r.unreachable]));
      each[i].forEach((r, k) => {
        expect(r.duration_s ?? -1).toBeCloseTo(one[k].duration_s ?? -1, 6);
        expect(r.distance_m ?? -1).toBeCloseTo(one[k].distance_m ?? -1, 4);
        expect(r.route?.coordinates.length).toBe(one[k].route?.coordinates.length);
      });
    });
  });
});
