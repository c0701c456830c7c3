/**
 * Travel time on roads: the in-process router (server/routing) beside pgRouting on the same graph,
 * timed in the same run on the PostgreSQL server. A seeded synthetic county network of about 150,000
 * pieces (and 10⁶ in the full run) over the demo district: graph build against pgRouting reading its
 * edge table into a graph (what every pgRouting call pays); one station's 5-minute reach against
 * `pgr_drivingDistance` on the whole table and on a box of 0.08° (90 km/h for 5 minutes); all 20
 * stations at once against the same with `equicost` (a network Voronoi), and again stamped onto the
 * coverage grid (20 m cells over the district, 100 m access); the 3 nearest stations by road
 * for 1,000 incidents against one many-to-many `pgr_dijkstraCost`; and the answer `POST /analysis/nearest`
 * gives by road for one incident (the 5 fastest of the 20 stations with their routes, those no road
 * reaches listed apart) against ranking every station with the whole network settled. Figure and
 * baseline alternate round by round so load from elsewhere lands on both; the ratio is the figure that
 * travels. Then the fire-station coverage of the demo district by road beside its straight-line discs
 * (fire-coverage.ts).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../catalog/random.ts';
import { DEFAULT_CELL_M, makeGrid } from '../../server/analysis/grid.ts';
import { nearestOnRoads } from '../../server/analysis/nearest-on-roads.ts';
import type { LonLat, PointFeature } from '../../server/analysis/types.ts';
import { buildGraph, type RoadGraph } from '../../server/routing/graph.ts';
import { nearestByRoad } from '../../server/routing/nearest-by-road.ts';
import { nearestByRoadEach } from '../../server/routing/nearest-by-road-each.ts';
import { reachOnGrid } from '../../server/routing/reach-grid.ts';
import { reachStretches } from '../../server/routing/reach-within.ts';
import type { RoadFeature } from '../../server/routing/road-input.ts';
import { snapAll } from '../../server/routing/snap.ts';
import { postgresUnavailable, startPostgres } from '../../test/support/postgres-server.ts';
import { benchFireCoverage } from './fire-coverage.ts';
import { count, ms, round, summarize, type Timing, table, times } from './measure.ts';
import { EDGES_SQL, edgesNear, loadEdges, type RoutingDatabase, routingDatabase } from './pgrouting.ts';
import { DISTRICT } from './synthetic.ts';
import { syntheticRoads } from './synthetic-roads.ts';

const SEED = 20251202;
const SPEEDS = { expressway: 90, national: 60, provincial: 60, county: 40, township: 30, village: 20, urban: 30 };
const STATIONS = 20;
const INCIDENTS = 1_000;
const REACH_S = 300;
const BOX_DEG = 0.08;

interface Size {
  edges: number;
  /** Rounds of alternation; each round runs the figure `figureRuns` times and each baseline once. */
  rounds: number;
  /** Untimed runs of the figure first. */
  warmup?: number;
  figureRuns: number;
  builds: number;
}

const QUICK: Size[] = [{ edges: 150_000, rounds: 2, figureRuns: 10, builds: 2 }];
const FULL: Size[] = [
  { edges: 150_000, rounds: 5, figureRuns: 20, builds: 5 },
  { edges: 1_000_000, rounds: 2, figureRuns: 5, builds: 2 },
];

interface Row {
  what: string;
  figure: Timing;
  baseline?: { what: string; timing: Timing };
  target?: string;
}

async function timedMs(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The figure and its baselines in alternating rounds. */
async function alternate(
  size: Size,
  figure: (i: number) => unknown,
  baselines: Record<string, () => Promise<unknown>>,
): Promise<{ figure: Timing; baselines: Record<string, Timing> }> {
  const a: number[] = [];
  const b: Record<string, number[]> = Object.fromEntries(Object.keys(baselines).map((k) => [k, []]));
  for (let i = 0; i < (size.warmup ?? 3); i++) figure(i);
  for (let r = 0; r < size.rounds; r++) {
    for (let i = 0; i < size.figureRuns; i++) a.push(await timedMs(() => figure(a.length)));
    for (const [name, work] of Object.entries(baselines)) b[name].push(await timedMs(work));
  }
  return {
    figure: summarize(a),
    baselines: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, summarize(v)])),
  };
}

/** Stations and incidents at nodes of the graph, so pgRouting (which starts at nodes) answers the same question. */
function places(graph: RoadGraph, n: number, random: () => number): { nodes: number[]; points: LonLat[] } {
  const nodes = Array.from({ length: n }, () => Math.floor(random() * graph.nodeCount));
  return { nodes, points: nodes.map((v) => [graph.nodeLonLat[2 * v], graph.nodeLonLat[2 * v + 1]]) };
}

type Measured = Record<
  'build' | 'one' | 'all' | 'gridded' | 'nearest' | 'answer',
  Awaited<ReturnType<typeof alternate>>
>;

/** Every figure and its baselines on one network; `db` holds the same graph for pgRouting, when there is a server. */
async function measure(
  size: Size,
  roads: RoadFeature[],
  graph: RoadGraph,
  db: RoutingDatabase | undefined,
  random: () => number,
): Promise<Measured> {
  const stations = places(graph, STATIONS, random);
  const incidents = places(graph, INCIDENTS, random);
  const snapped = snapAll(graph, stations.points, 5);
  const sql =
    (text: string, params: unknown[] = []) =>
    async () =>
      db?.client.query(text, params);
  const pg = (entries: Record<string, () => Promise<unknown>>) => (db ? entries : {});
  const [lon, lat] = stations.points[0];
  const from = stations.nodes[0] + 1;
  const stationIds = stations.nodes.map((v) => v + 1);
  const grid = makeGrid(DISTRICT, DEFAULT_CELL_M);
  const reachSql = 'SELECT count(*) FROM pgr_drivingDistance($1, $2::bigint, $3)';
  const roadsNow = { graph, walkKmh: 5, closed: [] };
  const candidates: PointFeature[] = stations.points.map((p, i) => ({
    type: 'Feature',
    id: String(i),
    geometry: { type: 'Point', coordinates: p },
    properties: {},
  }));
  const incidentAt = (i: number) => incidents.points[i % INCIDENTS];
  let settledAll = 0;
  return {
    build: await alternate(
      { ...size, rounds: size.builds, figureRuns: 1, warmup: 1 },
      () => buildGraph(roads, SPEEDS),
      pg({
        load: sql('SELECT * FROM pgr_dijkstraCost($1, 1::bigint, 2::bigint)', [EDGES_SQL]),
      }),
    ),
    one: await alternate(
      size,
      (i) => reachStretches(graph, [stations.points[i % STATIONS]], REACH_S),
      pg({
        whole: sql(reachSql, [EDGES_SQL, from, REACH_S]),
        box: sql(reachSql, [edgesNear(lon, lat, BOX_DEG), from, REACH_S]),
      }),
    ),
    all: await alternate(
      size,
      () => reachStretches(graph, stations.points, REACH_S),
      pg({
        equicost: sql('SELECT count(*) FROM pgr_drivingDistance($1, $2::bigint[], $3, true, true)', [
          EDGES_SQL,
          stationIds,
          REACH_S,
        ]),
      }),
    ),
    gridded: await alternate(
      { ...size, figureRuns: Math.ceil(size.figureRuns / 10), warmup: 1 },
      () => reachOnGrid(graph, grid, reachStretches(graph, stations.points, REACH_S).stretches),
      {},
    ),
    nearest: await alternate(
      { ...size, figureRuns: 1, warmup: 1 },
      () => nearestByRoadEach(graph, incidents.points, snapped, 3),
      pg({
        manyToMany: sql('SELECT count(*) FROM pgr_dijkstraCost($1, $2::bigint[], $3::bigint[], true)', [
          EDGES_SQL,
          stationIds,
          incidents.nodes.map((v) => v + 1),
        ]),
      }),
    ),
    answer: await alternate(size, (i) => nearestOnRoads(roadsNow, incidentAt(i), candidates, { k: 5, travel: 'to' }), {
      everyStation: async () => nearestByRoad(graph, incidentAt(settledAll++), snapped, STATIONS),
    }),
  };
}

function row(what: string, figure: Timing, base?: [string, Timing | undefined], target?: string): Row {
  return { what, figure, baseline: base?.[1] && { what: base[0], timing: base[1] }, target };
}

async function benchSize(size: Size, adminUrl: string | undefined): Promise<Row[]> {
  const random = mulberry32(SEED + size.edges);
  const roads = syntheticRoads(random, DISTRICT, size.edges);
  const graph = buildGraph(roads, SPEEDS);
  const db = adminUrl ? await routingDatabase(adminUrl, 'routing_bench') : undefined;
  try {
    if (db) await loadEdges(db.client, graph);
    const m = await measure(size, roads, graph, db, random);
    const equicost = ['pgr_drivingDistance equicost', m.all.baselines.equicost] as [string, Timing];
    return [
      row(
        `graph build, ${count(graph.pieceCount)} edges`,
        m.build.figure,
        ['pgRouting reads the edges', m.build.baselines.load],
        '< 1 s at 150k',
      ),
      row('one station, 5 min', m.one.figure, ['pgr_drivingDistance, whole table', m.one.baselines.whole], '< 5 ms'),
      row('one station, 5 min', m.one.figure, [`pgr_drivingDistance, ${BOX_DEG}° box`, m.one.baselines.box]),
      row(`${STATIONS} stations, 5 min`, m.all.figure, equicost, '< 0.5 s'),
      row(`${STATIONS} stations, 5 min, on a ${DEFAULT_CELL_M} m grid`, m.gridded.figure, equicost, '< 0.5 s'),
      row(`nearest 3 of ${STATIONS} by road, ${count(INCIDENTS)} incidents`, m.nearest.figure, [
        `pgr_dijkstraCost ${STATIONS}×${count(INCIDENTS)}`,
        m.nearest.baselines.manyToMany,
      ]),
      row(`nearest 5 of ${STATIONS} by road, one incident, unreachable listed`, m.answer.figure, [
        `every station ranked, the network settled`,
        m.answer.baselines.everyStation,
      ]),
    ];
  } finally {
    await db?.drop();
  }
}

function format(rows: Row[]): string {
  return table(
    [
      'figure (pure function)',
      'p50 ms',
      'runs',
      'baseline (same graph, same run)',
      'p50 ms',
      'runs',
      'ratio',
      'target',
    ],
    rows.map((r) => [
      r.what,
      ms(r.figure.p50),
      String(r.figure.iterations),
      r.baseline?.what ?? '(no server backend)',
      r.baseline ? ms(r.baseline.timing.p50) : '',
      r.baseline ? String(r.baseline.timing.iterations) : '',
      r.baseline ? times(r.baseline.timing.p50 / r.figure.p50) : '',
      r.target ?? '',
    ]),
    [false, true, true, false, true, true, true, false],
  );
}

export async function benchRouting({ quick }: { quick: boolean }) {
  const unavailable = postgresUnavailable();
  if (unavailable) console.error(`pgRouting baselines left out: ${unavailable}`);
  const server = unavailable ? undefined : await startPostgres();
  const results = [];
  try {
    console.log(
      `load average before: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
    for (const size of quick ? QUICK : FULL) {
      const rows = await benchSize(size, server?.url('postgres'));
      console.log(`\n${count(size.edges)} edges asked for:\n${format(rows)}`);
      results.push({
        edges: size.edges,
        rows: rows.map((r) => ({
          what: r.what,
          p50: round(r.figure.p50),
          p99: round(r.figure.p99),
          baseline: r.baseline && { what: r.baseline.what, p50: round(r.baseline.timing.p50) },
        })),
      });
    }
    console.log('\nfire-station coverage on the demo district:\n');
    results.push({ demoFireCoverage: await benchFireCoverage({ quick }) });
    console.log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await server?.stop();
  }
  return results;
}
