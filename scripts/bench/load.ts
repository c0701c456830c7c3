/**
 * Latency under write load, on each backend: 200 staff clients each creating shelters one after the
 * other while anonymous readers page through the same layer, all over loopback HTTP against the real
 * app. What it shows is fairness, not speed: whether a read that arrives behind 200 writes waits for
 * those 200 and no more, or is starved for tens of seconds while later work overtakes it. The figures
 * are p50/p95/p99 of each kind, and beside them the same read and write timed alone in the same run;
 * the target is p99 under 5× p50. It also counts what a load test must never see: a 5xx, or a write
 * that answered 201 and is not stored.
 *
 * Bounded: a fixed number of writes per writer, readers stop when the writers do, and the whole run
 * is aborted after a time limit. `benchLoad({ quick })` is called by run.ts;
 * `npx tsx scripts/bench/load.ts [--quick]` runs it alone.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { as } from '../../test/support/accounts.ts';
import { type BackendName, postgresUnavailable } from './backends.ts';
import { count, ms, percentile, table, times } from './measure.ts';
import { servedDemo } from './served-demo.ts';

const TARGET = 5;
const staff = { ...as('planner'), 'content-type': 'application/geo+json' };

interface Shape {
  writers: number;
  writesEach: number;
  readers: number;
  /** Sequential requests of each kind timed alone, before the load: the baseline. */
  alone: number;
  /** The whole loaded phase is aborted after this long. */
  limitMs: number;
}

const FULL: Shape = { writers: 200, writesEach: 5, readers: 20, alone: 50, limitMs: 300_000 };
const QUICK: Shape = { writers: 200, writesEach: 1, readers: 10, alone: 20, limitMs: 120_000 };

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadFigure {
  backend: BackendName;
  shape: Shape;
  seconds: number;
  /** Timed one at a time with nothing else running. */
  alone: { read: Latency; write: Latency };
  loaded: { read: Latency; write: Latency };
  /** p99 ÷ p50 under load: the figure with the target. */
  tail: { read: number; write: number };
  serverErrors: number;
  /** Writes answered 201 whose feature the layer does not hold afterwards. */
  lostWrites: number;
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

/** A request's status and time in milliseconds, the body read in full. */
async function timed(url: string, init: RequestInit): Promise<{ status: number; ms: number; body: string }> {
  const start = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { status: response.status, ms: performance.now() - start, body };
}

let serial = 0;

function shelter(): string {
  const n = ++serial;
  return JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [119.0 + (n % 50) * 0.004, 25.45 + Math.floor(n / 50) * 0.0005] },
    properties: { name: `负载测试${n}号`, source: 'load-bench', external_id: `load-${n}`, capacity: 100 + (n % 900) },
  });
}

interface Client {
  read(signal?: AbortSignal): Promise<number>;
  write(signal?: AbortSignal): Promise<number>;
  errors: number;
  written: Set<string>;
}

function client(base: string): Client {
  const self: Client = {
    errors: 0,
    written: new Set(),
    async read(signal) {
      const r = await timed(`${base}/collections/shelters/items?limit=20`, { signal });
      if (r.status >= 500) self.errors++;
      return r.ms;
    },
    async write(signal) {
      const r = await timed(`${base}/collections/shelters/items`, {
        method: 'POST',
        headers: staff,
        body: shelter(),
        signal,
      });
      if (r.status >= 500) self.errors++;
      if (r.status === 201) self.written.add(JSON.parse(r.body).id);
      return r.ms;
    },
  };
  return self;
}

async function sequential(n: number, work: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await work());
  return out;
}

/** The loaded phase: every writer's writes, and readers reading until the last writer is done. */
async function underLoad(api: Client, shape: Shape) {
  const signal = AbortSignal.timeout(shape.limitMs);
  // Every request of the run listens to this one signal; thousands of listeners are expected.
  setMaxListeners(0, signal);
  const reads: number[] = [];
  const writes: number[] = [];
  let writing = true;
  const writers = Array.from({ length: shape.writers }, async () => {
    for (let i = 0; i < shape.writesEach; i++) writes.push(await api.write(signal));
  });
  const readers = Array.from({ length: shape.readers }, async () => {
    while (writing) reads.push(await api.read(signal));
  });
  const start = performance.now();
  await Promise.all(writers).finally(() => {
    writing = false;
  });
  await Promise.all(readers);
  return { reads, writes, seconds: (performance.now() - start) / 1000 };
}

async function measure(name: BackendName, shape: Shape): Promise<LoadFigure> {
  const served = await servedDemo(name, '*');
  try {
    const base = served.base;
    const api = client(base);
    await sequential(5, () => api.read());
    await sequential(5, () => api.write());
    const alone = {
      read: latency(await sequential(shape.alone, () => api.read())),
      write: latency(await sequential(shape.alone, () => api.write())),
    };
    const { reads, writes, seconds } = await underLoad(api, shape);
    const loaded = { read: latency(reads), write: latency(writes) };
    const stored = await fetch(`${base}/collections/shelters/items?source=load-bench&limit=10000`, {
      headers: staff,
    }).then((r) => r.json() as Promise<{ features: Array<{ id: string }> }>);
    const ids = new Set(stored.features.map((f) => f.id));
    return {
      backend: name,
      shape,
      seconds,
      alone,
      loaded,
      tail: { read: loaded.read.p99 / loaded.read.p50, write: loaded.write.p99 / loaded.write.p50 },
      serverErrors: api.errors,
      lostWrites: [...api.written].filter((id) => !ids.has(id)).length,
    };
  } finally {
    await served.close();
  }
}

export function formatLoad(figures: LoadFigure[]): string {
  const rows = figures.flatMap((f) =>
    (['read', 'write'] as const).map((kind) => {
      const l = f.loaded[kind];
      return [
        `${f.backend} ${kind}`,
        count(l.count),
        ms(f.alone[kind].p50),
        ms(l.p50),
        ms(l.p95),
        ms(l.p99),
        ms(l.max),
        times(f.tail[kind]),
        f.tail[kind] < TARGET ? 'yes' : 'no',
      ];
    }),
  );
  const headers = ['backend, request', 'n', 'alone p50', 'p50', 'p95', 'p99', 'max', 'p99÷p50', `< ${TARGET}×`];
  const notes = figures.map(
    (f) =>
      `${f.backend}: ${f.shape.writers} writers × ${f.shape.writesEach} creates, ${f.shape.readers} readers of ` +
      `?limit=20, ${f.seconds.toFixed(1)} s; ${f.serverErrors} server errors, ${f.lostWrites} lost writes`,
  );
  return `${table(headers, rows, [false, true, true, true, true, true, true, true, false])}\n${notes.join('\n')}`;
}

export async function benchLoad({ quick }: { quick: boolean }): Promise<LoadFigure[]> {
  const shape = quick ? QUICK : FULL;
  const names: BackendName[] = postgresUnavailable() ? ['embedded'] : ['embedded', 'postgres'];
  const figures: LoadFigure[] = [];
  for (const name of names) figures.push(await measure(name, shape));
  console.log(formatLoad(figures));
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchLoad({ quick: process.argv.includes('--quick') });
}
