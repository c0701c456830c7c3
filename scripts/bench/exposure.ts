/**
 * Exposure of a population layer past ONEMAP_IN_PROCESS_MAX_FEATURES on the server backend: 10⁵
 * population points (`--quick`: 10⁴; `--points N`), seeded and uniform over the district's box, under
 * the demo's 25 risk zones. GET /analysis/exposure through the API, each answer from a fresh API (the
 * answer is cached per layer version, so a later one would be the cache): counted by the store in one
 * grouped statement, beside the in-memory path (the layer read whole, then Turf point-in-polygon)
 * timed in the same run, with the API process's heap and RSS after each. The two answers must be
 * equal, or the benchmark fails.
 *
 * `benchExposure({ quick })` is called by run.ts; `npx tsx scripts/bench/exposure.ts [--quick | --points N]` runs it alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import { type BenchBackend, openBenchBackend, postgresUnavailable } from './backends.ts';
import { count, ms, once, round, summarize, type Timing, table } from './measure.ts';
import { listen, memory } from './scale.ts';
import { DISTRICT } from './synthetic.ts';

const SEED = 0.1919;

interface PathFigures {
  path: 'store, grouped' | 'in memory';
  /** Each a fresh API's first answer. */
  timing: Timing;
  heapUsedMb: number;
  rssMb: number;
}

export interface ExposureBenchResult {
  points: number;
  zones: number;
  loadSeconds: number;
  versions: BenchBackend['versions'];
  residentsInZones: number;
  paths: PathFigures[];
}

/** `n` population points, seeded, uniform over the district's box, residents 1–500. */
async function load(backend: BenchBackend, n: number): Promise<number> {
  const [x0, y0, x1, y1] = DISTRICT;
  const { ms: elapsed } = await once(() =>
    backend.db.transaction(async (tx) => {
      await tx.query('SELECT setseed($1)', [SEED]);
      await tx.exec(`INSERT INTO population (id, name, source, external_id, kind, residents, geom)
        SELECT md5('exposure-bench-' || i)::uuid, '合成人口点' || i, 'bench', 'exposure-' || i, 'grid',
               1 + floor(random() * 500)::integer,
               ST_SetSRID(ST_MakePoint(round((${x0} + ${x1 - x0} * random())::numeric, 7),
                                       round((${y0} + ${y1 - y0} * random())::numeric, 7)), 4326)
        FROM generate_series(1, ${n}) i`);
    }),
  );
  await backend.db.exec('VACUUM ANALYZE population');
  return elapsed / 1000;
}

/** `runs` fresh APIs' first exposure answers, with the process's memory while the last one still holds its cache. */
async function answers(backend: BenchBackend, threshold: number, runs: number) {
  const times: number[] = [];
  let body: unknown;
  let held = memory();
  for (let i = 0; i < runs; i++) {
    const api = await listen(backend, threshold);
    try {
      const { ms: elapsed, value } = await once(async () => (await fetch(`${api.base}/analysis/exposure`)).json());
      times.push(elapsed);
      body = value;
      held = memory();
    } finally {
      await api.close();
    }
  }
  return { timing: summarize(times), body, held };
}

export function formatExposure(result: ExposureBenchResult): string {
  const { postgres, postgis } = result.versions;
  const base = result.paths.find((p) => p.path === 'in memory')?.timing.p50 ?? Number.NaN;
  return [
    `PostgreSQL ${postgres}, PostGIS ${postgis}; ${count(result.points)} population points (written in ${result.loadSeconds.toFixed(0)} s) under ${result.zones} risk zones; ${count(result.residentsInZones)} residents in a zone.`,
    '',
    table(
      ['population read', 'p50', 'p99', '÷ in memory', 'heap used', 'rss'],
      result.paths.map((p) => [
        p.path,
        ms(p.timing.p50),
        ms(p.timing.p99),
        `${(p.timing.p50 / base).toFixed(2)}×`,
        `${p.heapUsedMb} MB`,
        `${p.rssMb} MB`,
      ]),
      [false, true, true, true, true, true],
    ),
  ].join('\n');
}

export async function benchExposure({ quick, points }: { quick: boolean; points?: number }) {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(`the exposure benchmark needs the server backend: ${unavailable}`);
  const n = points ?? (quick ? 10_000 : 100_000);
  const runs = quick ? 2 : 5;
  const backend = await openBenchBackend('postgres');
  try {
    const zones = JSON.parse(readFileSync('data/demo/risk_zones.geojson', 'utf8')) as FeatureCollection;
    await backend.store.insertFeatures(findLayer('risk_zones') as LayerDef, zones.features as never, { user: 'bench' });
    const loadSeconds = await load(backend, n);
    console.log(`  ${count(n)} points in ${loadSeconds.toFixed(0)} s`);
    // The store's path first, so the in-memory one's heap does not weigh on its figures.
    const grouped = await answers(backend, 0, runs);
    const whole = await answers(backend, n, runs);
    if (!isDeepStrictEqual(grouped.body, whole.body)) throw new Error('the two paths gave different answers');
    const levels = (whole.body as { levels: { residents: number }[] }).levels;
    const figures = (path: PathFigures['path'], a: typeof grouped): PathFigures => ({
      path,
      timing: a.timing,
      heapUsedMb: a.held.heapUsedMb,
      rssMb: a.held.rssMb,
    });
    const result: ExposureBenchResult = {
      points: n,
      zones: zones.features.length,
      loadSeconds,
      versions: backend.versions,
      residentsInZones: levels.reduce((sum, l) => sum + l.residents, 0),
      paths: [figures('store, grouped', grouped), figures('in memory', whole)],
    };
    console.log(formatExposure(result));
    return {
      ...result,
      loadSeconds: round(result.loadSeconds, 1),
      paths: result.paths.map((p) => ({ ...p, timing: { p50: round(p.timing.p50), p99: round(p.timing.p99) } })),
    };
  } finally {
    await backend.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--points');
  await benchExposure({
    quick: process.argv.includes('--quick'),
    points: at > 0 ? Number(process.argv[at + 1]) : undefined,
  });
}
