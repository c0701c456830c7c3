/**
 * The in-process router against pgRouting on the same graph, on the server backend only (the embedded
 * store has no pgRouting): a synthetic county network of a few thousand pieces is built in TypeScript,
 * its pieces loaded as pgRouting's edge table, and the travel times from several sources to every node
 * compared with `pgr_dijkstraCost` (to 1e-6 s), and one 5-minute reach with `pgr_drivingDistance`.
 * With CI=true nothing skips: a missing server or extension fails, saying what to install.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mulberry32 } from '../../catalog/random.ts';
import {
  EDGES_SQL,
  loadEdges,
  PGROUTING_MISSING,
  type RoutingDatabase,
  routingDatabase,
} from '../../scripts/bench/pgrouting.ts';
import { syntheticRoads } from '../../scripts/bench/synthetic-roads.ts';
import { searchOf } from '../../server/routing/dijkstra.ts';
import { buildGraph } from '../../server/routing/graph.ts';

const SPEEDS = { expressway: 90, national: 60, provincial: 60, county: 40, township: 30, village: 20, urban: 30 };
const graph = buildGraph(syntheticRoads(mulberry32(14), [119.0, 25.45, 119.12, 25.55], 4_000), SPEEDS);
const SOURCES = [0, 1, Math.floor(graph.nodeCount / 3), Math.floor(graph.nodeCount / 2), graph.nodeCount - 1];
const ci = process.env.CI === 'true';
const adminUrl = inject('postgresAdminUrl');

let db: RoutingDatabase | undefined;
let unavailable: string | undefined;

beforeAll(async () => {
  if (!adminUrl) {
    unavailable = 'the PostgreSQL server backend is not running';
    return;
  }
  try {
    db = await routingDatabase(adminUrl, `routing_oracle_${process.pid}`);
    await loadEdges(db.client, graph);
  } catch (error) {
    unavailable = (error as Error).message;
  }
});

afterAll(async () => {
  await db?.drop();
});

/** The client, or a failure in CI and a loud skip elsewhere when pgRouting cannot run here. */
function oracle(skip: (note: string) => void) {
  if (db) return db.client;
  const message = unavailable?.includes('pgRouting') ? unavailable : `${unavailable}. ${PGROUTING_MISSING}`;
  if (ci) throw new Error(message);
  console.warn(`routing oracle skipped: ${message}`);
  skip(message);
  throw new Error('unreachable');
}

describe('travel times against pgRouting', () => {
  it('builds a graph of a few thousand pieces, one-way ones among them', () => {
    expect(graph.pieceCount).toBeGreaterThan(3_000);
    expect(graph.pieceOneway.some((x) => x === 1)).toBe(true);
  });

  it.for(SOURCES)('gives pgr_dijkstraCost’s time from node %i to every node', async (source, ctx) => {
    const client = oracle((note) => ctx.skip(note));
    const { rows } = await client.query<{ end_vid: string; agg_cost: number }>(
      `SELECT end_vid, agg_cost FROM pgr_dijkstraCost($1, $2::bigint, (SELECT array_agg(n) FROM generate_series(1, $3::int) n), true)`,
      [EDGES_SQL, source + 1, graph.nodeCount],
    );
    const theirs = new Map(rows.map((r) => [Number(r.end_vid) - 1, r.agg_cost]));
    const search = searchOf(graph).run([{ node: source, cost: 0, label: 0 }]);
    let compared = 0;
    for (let v = 0; v < graph.nodeCount; v++) {
      if (v === source) continue;
      const ours = search.timeOf(v);
      if (!Number.isFinite(ours)) {
        expect(theirs.has(v)).toBe(false);
        continue;
      }
      expect(Math.abs(ours - (theirs.get(v) ?? Number.NaN))).toBeLessThan(1e-6);
      compared++;
    }
    expect(compared).toBe(theirs.size);
    expect(compared).toBeGreaterThan(graph.nodeCount / 2);
  });

  it('reaches the same nodes in 5 minutes as pgr_drivingDistance', async (ctx) => {
    const client = oracle((note) => ctx.skip(note));
    const source = SOURCES[2];
    const { rows } = await client.query<{ node: string }>(
      'SELECT node FROM pgr_drivingDistance($1, $2::bigint, 300, true)',
      [EDGES_SQL, source + 1],
    );
    const search = searchOf(graph).run([{ node: source, cost: 0, label: 0 }], { limitS: 300 });
    const ours = Array.from(search.settled.slice(0, search.settledCount), (v) => v + 1).sort((a, b) => a - b);
    expect(ours.length).toBeGreaterThan(20);
    expect(ours).toEqual(rows.map((r) => Number(r.node)).sort((a, b) => a - b));
  });
});
