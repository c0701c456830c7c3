/**
 * `npm run bench` — figures for the README; `npm run bench -- --quick` — the same code on smaller
 * layers with fewer iterations, run in CI so the benchmarks never rot. Nothing here is a test: no
 * figure passes or fails, only a missing backend in CI does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAnalysis } from './analysis.ts';
import { type BackendName, cleanUpAll, openBenchBackend, postgresUnavailable } from './backends.ts';
import { benchCameraCoverage } from './camera-coverage.ts';
import { benchCameraSiting } from './camera-siting.ts';
import { benchCounties } from './counties.ts';
import { benchExposure } from './exposure.ts';
import { benchImport } from './import.ts';
import { benchLoad } from './load.ts';
import { count, type Plan } from './measure.ts';
import { benchReadApi, formatReadApi, type ReadApiResult, readApiJson } from './read-api.ts';
import { benchRender } from './render.ts';
import { benchReplicas } from './replicas.ts';
import { benchReport, formatReport } from './report.ts';
import { benchRouting } from './routing.ts';
import { benchScale, scaleJson } from './scale.ts';
import { benchTerrain } from './terrain.ts';
import { benchTiles, tilesJson } from './tiles.ts';

const quick = process.argv.includes('--quick');
const mode = quick
  ? { name: 'quick', sizes: [1_000, 10_000], plan: { warmup: 5, iterations: 40 } satisfies Plan }
  : { name: 'full', sizes: [1_000, 100_000], plan: { warmup: 5, iterations: 100 } satisfies Plan };

const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * JSON laid out as Biome formats it (short lists of numbers on one line), so that `npm run lint`, which
 * does not read .gitignore, passes with the results file present.
 */
function asJson(value: unknown, indent = ''): string {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((v) => inner + asJson(v, inner))
    : Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${asJson(v, inner)}`);
  if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.join(',\n')}\n${indent}${close}`;
}

function loudly(message: string): void {
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n!! ${message}\n${bar}\n`);
}

// `finally` does not run when the process is interrupted; without this a Ctrl-C leaves a PostgreSQL
// server running and temp dirs behind.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanUpAll().finally(() => process.exit(130));
  });
}

/**
 * Once interrupted, the signal handler owns the exit: the benchmark it cut short must neither report
 * the closed connection as a failure nor overwrite the last results with partial ones.
 */
async function stopIfInterrupted(): Promise<void> {
  if (interrupted) await new Promise<never>(() => {});
}

const meta = {
  commit: commit(),
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  date: new Date().toISOString(),
  mode: mode.name,
  sizes: mode.sizes,
  warmup: mode.plan.warmup,
  iterations: mode.plan.iterations,
};

console.log(`OneMap read-API benchmark
commit ${meta.commit} · node ${meta.node} · ${meta.cores} cores (${meta.cpu}) · ${meta.date}
mode ${meta.mode}: layer sizes ${meta.sizes.map(count).join(' and ')}, ${meta.warmup} warm-up runs discarded, \
p50/p99 over ${meta.iterations} runs (no-index baselines: ${meta.iterations / 2})
HTTP: GET over loopback with keep-alive, body read in full. bare SQL: the same statements the store sent,
through the same driver, no HTTP or JSON. HTTP÷SQL: what the API layer adds. no index: bare SQL with
index and bitmap scans off; index gain = no index p50 ÷ bare SQL p50; count(*): the count statement alone.
A figure and its baselines are timed in alternating blocks of 5, so load from elsewhere hits them alike.`);

let failed = false;
const backends: BackendName[] = ['embedded'];
const unavailable = postgresUnavailable();
if (unavailable) {
  loudly(`The PostgreSQL/PostGIS server backend cannot run: ${unavailable}. Only embedded is measured.`);
  if (process.env.CI === 'true') failed = true;
} else {
  backends.push('postgres');
}

const results: ReadApiResult[] = [];
for (const name of backends) {
  const backend = await openBenchBackend(name).catch(async (error: unknown) => {
    await stopIfInterrupted();
    loudly(`${name}: could not open the backend: ${error instanceof Error ? error.message : error}`);
    failed = true;
  });
  if (!backend) continue;
  try {
    const result = await benchReadApi(backend, mode.sizes, mode.plan);
    results.push(result);
    const { postgres, postgis, parallelWorkersPerGather } = result.versions;
    const what = name === 'embedded' ? 'PGlite, in-process' : 'PostgreSQL server, pg Pool over loopback';
    // PGlite is one process and cannot start parallel workers, whatever its setting says.
    const parallel = name === 'postgres' ? `, max_parallel_workers_per_gather ${parallelWorkersPerGather}` : '';
    const engine = `PostgreSQL ${postgres}, PostGIS ${postgis}${parallel}`;
    console.log(`\n== ${name} (${what}; ${engine}) ==\n`);
    console.log(formatReadApi(result));
  } catch (error) {
    await stopIfInterrupted();
    loudly(`${name}: the benchmark failed`);
    console.error(error);
    failed = true;
  } finally {
    await backend.close();
  }
}

await stopIfInterrupted();
mkdirSync(outDir, { recursive: true });
const file = `${outDir}read-api.json`;
writeFileSync(file, `${asJson({ ...meta, backends: results.map(readApiJson) })}\n`);
console.log(`\nwrote ${file}`);

/** The other benchmarks, each printing its own tables; a failure is reported and fails the run. */
const more: Array<[string, () => Promise<unknown>]> = [
  ['import', () => benchImport({ quick })],
  ['analysis', () => benchAnalysis({ quick })],
  ['render', () => benchRender({ quick })],
  ['tiles', async () => tilesJson(await benchTiles({ quick }))],
  ['scale', async () => scaleJson(await benchScale({ quick }))],
  ['exposure', () => benchExposure({ quick })],
  ['load', () => benchLoad({ quick })],
  ['routing', () => benchRouting({ quick })],
  ['terrain', () => benchTerrain({ quick })],
  ['camera-coverage', () => benchCameraCoverage({ quick })],
  ['camera-siting', () => benchCameraSiting({ quick })],
  ['replicas', () => benchReplicas({ quick })],
  ['counties', () => benchCounties({ quick })],
  [
    'report',
    async () => {
      const figures = await benchReport({ quick });
      console.log(formatReport(figures));
      return figures;
    },
  ],
];
for (const [name, bench] of more) {
  console.log(`\n== ${name} ==\n`);
  try {
    const figures = await bench();
    writeFileSync(`${outDir}${name}.json`, `${JSON.stringify({ ...meta, figures }, null, 2)}\n`);
  } catch (error) {
    await stopIfInterrupted();
    loudly(`${name}: the benchmark failed`);
    console.error(error);
    failed = true;
  }
}
if (failed) process.exitCode = 1;
