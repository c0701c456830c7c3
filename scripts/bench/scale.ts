/**
 * A province's scale on the server backend: ten million clustered points in one layer (a million in
 * the in-memory stage; `--quick`: 10⁵ and 10⁴), written by INSERT … SELECT generate_series as the tile
 * benchmark writes them, their density cells kept by the layer's trigger.
 *
 * - Tiles over the densest town at z6, z8, z10, z12 and z14: the API's tile (density where a tile is
 *   full) p50 / p95 / p99 and size, beside a plain ST_AsMVT over every point in the same tile (no
 *   density, no cap) timed in the same run. Targets: every tile under 100 ms p95 and 1 MB.
 * - Nearest and around through the API with the layer past ONEMAP_IN_PROCESS_MAX_FEATURES, read near
 *   the place by the store's spatial queries, with the API process's memory before and after; beside
 *   the in-memory path at the smaller size: the first answer (reading the layer whole and indexing it),
 *   the later ones, and the memory it holds.
 *
 * `benchScale({ quick })` is called by run.ts; `npx tsx scripts/bench/scale.ts [--quick | --points N]` runs it
 * alone, `--points N` at N points (N / 10 in the in-memory stage), to measure where 10⁷ would take too long to load.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { tileAt } from '../../server/tiles/rules.ts';
import { type BenchBackend, openBenchBackend, postgresUnavailable } from './backends.ts';
import { count, ms, once, percentile, round, samples, summarize, type Timing, table } from './measure.ts';
import { explain } from './read-api.ts';
import { TOWNS } from './synthetic.ts';
import { appendPoints, get } from './tiles.ts';

const LAYER = 'shelters';
const TOWN = [TOWNS[0].lon, TOWNS[0].lat];
const COUNTRYSIDE = [119.2, 25.72];
const ZOOMS = [6, 8, 10, 12, 14];
const BATCH = 1_000_000;

interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

interface TileRow {
  tile: string;
  pointsInTile: number;
  bytes: number;
  api: Timing & { p95: number };
  rawBytes: number;
  raw: Timing;
}

interface Asked {
  what: string;
  timing: Timing;
  /** The first answer, apart: the in-memory path reads the layer whole and indexes it there. */
  firstMs: number;
  /** Features found: listed by nearest, within the radius for around. */
  found: number;
  /** The scans of the store's spatial statement, when the layer is read near the place. */
  plan: string;
}

interface PathFigures {
  points: number;
  path: 'in memory' | 'near the place';
  before: Memory;
  after: Memory;
  asked: Asked[];
}

export interface ScaleBenchResult {
  points: number;
  loadSeconds: number;
  loadAverage: number[];
  versions: BenchBackend['versions'];
  tiles: TileRow[];
  paths: PathFigures[];
}

export function memory(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: Math.round(rss / 2 ** 20), heapUsedMb: Math.round(heapUsed / 2 ** 20) };
}

/** The API on a loopback port, with the given threshold; closed by the returned function. */
export async function listen(backend: BenchBackend, inProcessMaxFeatures: number) {
  const config = { corsOrigins: '*' as const, publicReads: 'live' as const, inProcessMaxFeatures };
  const server = createApp({ store: backend.store, config }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { base, close };
}

/** A POST answered 200, and how many features of the layer it found (listed for nearest, counted for around). */
async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status !== 200) throw new Error(`POST ${url}: ${response.status} ${JSON.stringify(answer)}`);
  return answer.results?.length ?? answer.groups.resources[LAYER].count;
}

const QUESTIONS = [
  {
    what: 'nearest 5 open with 100 free places, in the densest town',
    path: '/analysis/nearest',
    body: { from: TOWN, layer: LAYER, k: 5, free_places: 100 },
  },
  { what: 'nearest 5, in the countryside', path: '/analysis/nearest', body: { from: COUNTRYSIDE, layer: LAYER, k: 5 } },
  { what: 'around 1 km of the densest town', path: '/analysis/around', body: { at: TOWN, radius_km: 1 } },
  { what: 'around 3 km of the densest town', path: '/analysis/around', body: { at: TOWN, radius_km: 3 } },
];

/** Every question through one API, its first answer timed apart; the process's memory before and after. */
async function askAll(
  backend: BenchBackend,
  points: number,
  threshold: number,
  iterations: number,
): Promise<PathFigures> {
  const before = memory();
  const api = await listen(backend, threshold);
  try {
    const asked: Asked[] = [];
    for (const q of QUESTIONS) {
      let found = 0;
      const first = await once(() => backend.capture(async () => (found = await post(api.base + q.path, q.body))));
      // The store's spatial statement of the answer, for its plan: the KNN, or the count of what is inside.
      const spatial = first.value.find((st) => st.sql.includes('<->') || st.sql.includes('CROSS JOIN LATERAL'));
      const runs = q.path.endsWith('around') ? Math.min(iterations, 5) : iterations;
      const timing = summarize(await samples(runs, () => post(api.base + q.path, q.body)));
      const plan = spatial ? await explain(backend.db, spatial) : 'the layer from the process';
      asked.push({ what: q.what, timing, firstMs: first.ms, found, plan });
    }
    return { points, path: threshold >= points ? 'in memory' : 'near the place', before, after: memory(), asked };
  } finally {
    await api.close();
  }
}

/** The API's tile and a plain ST_AsMVT of every point in it, at each zoom over the densest town. */
async function tiles(backend: BenchBackend, quick: boolean): Promise<TileRow[]> {
  const api = await listen(backend, 0);
  const rows: TileRow[] = [];
  try {
    for (const z of ZOOMS) {
      const { x, y } = tileAt(TOWN, z);
      const url = `${api.base}/tiles/${LAYER}/${z}/${x}/${y}.mvt`;
      const body = await get(url);
      for (let i = 0; i < 5; i++) await get(url);
      const values = await samples(quick ? 20 : 100, () => get(url));
      const apiTimes = summarize(values);
      const p95 = percentile(
        [...values].sort((a, b) => a - b),
        95,
      );
      // Its length only: a tile of ten million points would not fit in a JavaScript string as hex.
      const raw = `SELECT length(ST_AsMVT(tile, '${LAYER}', 4096, 'geom')) AS bytes, (SELECT count(*) FROM ${LAYER}
          WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326))::integer AS points
        FROM (SELECT t.id::text AS id, t.name, t.status,
                ST_AsMVTGeom(ST_Transform(t.geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
              FROM ${LAYER} t
              WHERE t.lifecycle = 'active' AND t.geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)) tile`;
      let rawRow: { bytes: number | null; points: number } = { bytes: null, points: 0 };
      const rawTimes = summarize(
        await samples(quick ? 3 : z <= 8 ? 1 : z === 10 ? 3 : 5, async () => {
          [rawRow] = await backend.db.query<{ bytes: number | null; points: number }>(raw, [z, x, y]);
        }),
      );
      rows.push({
        tile: `${z}/${x}/${y}`,
        pointsInTile: rawRow.points,
        bytes: body.length,
        api: { ...apiTimes, p95 },
        rawBytes: rawRow.bytes ?? 0,
        raw: rawTimes,
      });
      console.log(
        `  tile ${z}/${x}/${y}: ${body.length} B p50 ${ms(apiTimes.p50)}; raw ${rawRow.bytes} B ${ms(rawTimes.p50)}`,
      );
    }
  } finally {
    await api.close();
  }
  return rows;
}

export function formatScale(result: ScaleBenchResult): string {
  const kb = (bytes: number) =>
    bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
  const tileTable = table(
    [
      'tile z/x/y',
      'points in tile',
      'API size',
      'API p50',
      'API p95',
      'API p99',
      'plain ST_AsMVT size',
      'its p50',
      '< 100 ms p95, < 1 MB',
    ],
    result.tiles.map((t) => [
      t.tile,
      count(t.pointsInTile),
      kb(t.bytes),
      ms(t.api.p50),
      ms(t.api.p95),
      ms(t.api.p99),
      kb(t.rawBytes),
      ms(t.raw.p50),
      t.api.p95 < 100 && t.bytes < 2 ** 20 ? 'met' : 'missed',
    ]),
    [false, true, true, true, true, true, true, true, false],
  );
  const pathRows = result.paths.flatMap((p) =>
    p.asked.map((a) => [
      count(p.points),
      p.path,
      a.what,
      count(a.found),
      ms(a.firstMs),
      ms(a.timing.p50),
      ms(a.timing.p99),
      `${p.before.rssMb} → ${p.after.rssMb} MB`,
      `${p.before.heapUsedMb} → ${p.after.heapUsedMb} MB`,
      a.plan,
    ]),
  );
  const pathTable = table(
    ['points', 'layer read', 'question', 'found', 'first', 'p50', 'p99', 'rss', 'heap used', 'plan'],
    pathRows,
    [true, false, false, true, true, true, true, true, true, false],
  );
  const { postgres, postgis } = result.versions;
  return [
    `PostgreSQL ${postgres}, PostGIS ${postgis}; ${count(result.points)} points in \`${LAYER}\` written in ${result.loadSeconds.toFixed(0)} s; load average ${result.loadAverage.map((l) => l.toFixed(1)).join(', ')}.`,
    '',
    tileTable,
    '',
    pathTable,
  ].join('\n');
}

export async function benchScale({ quick, points }: { quick: boolean; points?: number }): Promise<ScaleBenchResult> {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(`the scale benchmark needs the server backend: ${unavailable}`);
  const [small, large] = points
    ? [Math.round(points / 10), points]
    : quick
      ? [10_000, 100_000]
      : [1_000_000, 10_000_000];
  const iterations = quick ? 5 : 20;
  const backend = await openBenchBackend('postgres');
  try {
    // The smaller layer, held in the process and read near the place, side by side.
    let loadSeconds = await appendPoints(backend, small, 1, BATCH);
    console.log(`  ${count(small)} points in ${loadSeconds.toFixed(0)} s`);
    const paths = [await askAll(backend, small, small, iterations), await askAll(backend, small, 0, iterations)];
    loadSeconds += await appendPoints(backend, large - small, 1 + Math.ceil(BATCH * 1.1) * 20, BATCH);
    console.log(`  ${count(large)} points in ${loadSeconds.toFixed(0)} s`);
    const tileRows = await tiles(backend, quick);
    paths.push(await askAll(backend, large, small, iterations));
    const result: ScaleBenchResult = {
      points: large,
      loadSeconds,
      loadAverage: loadavg(),
      versions: backend.versions,
      tiles: tileRows,
      paths,
    };
    console.log(formatScale(result));
    return result;
  } finally {
    await backend.close();
  }
}

/** The result for the JSON file: milliseconds rounded. */
export function scaleJson(result: ScaleBenchResult): unknown {
  const timing = (t: Timing) => ({ p50: round(t.p50), p99: round(t.p99), min: round(t.min), max: round(t.max) });
  return {
    ...result,
    loadSeconds: round(result.loadSeconds, 1),
    tiles: result.tiles.map((t) => ({ ...t, api: { ...timing(t.api), p95: round(t.api.p95) }, raw: timing(t.raw) })),
    paths: result.paths.map((p) => ({
      ...p,
      asked: p.asked.map((a) => ({ ...a, firstMs: round(a.firstMs), timing: timing(a.timing) })),
    })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--points');
  await benchScale({
    quick: process.argv.includes('--quick'),
    points: at > 0 ? Number(process.argv[at + 1]) : undefined,
  });
}
