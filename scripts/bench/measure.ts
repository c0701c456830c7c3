/**
 * Timing and formatting shared by the benchmarks. Absolute milliseconds depend on the machine; the
 * ratio to a baseline measured in the same run is the figure that travels, so every helper here
 * serves that comparison.
 */
import { performance } from 'node:perf_hooks';

export interface Plan {
  /** Runs discarded before timing: JIT, plan caches, connection set-up and the page cache settle here. */
  warmup: number;
  iterations: number;
}

export interface Timing {
  iterations: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation between two. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * A few warm-up runs are not enough for sub-millisecond work: V8 optimises a hot function only after
 * many calls, so warming up also lasts at least this long.
 */
const MIN_WARMUP_MS = 50;

type Work = () => Promise<unknown> | unknown;

/** Sequential runs (one request in flight, so the figure is latency, not throughput), in milliseconds. */
export async function samples(iterations: number, work: Work): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await work();
    result.push(performance.now() - start);
  }
  return result;
}

export function summarize(values: number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    iterations: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export async function time(plan: Plan, work: Work): Promise<Timing> {
  const warmupStart = performance.now();
  for (let i = 0; i < plan.warmup || performance.now() - warmupStart < MIN_WARMUP_MS; i++) await work();
  return summarize(await samples(plan.iterations, work));
}

/** Runs a block of timed iterations and returns their samples; it may wrap them, e.g. in a transaction. */
export type Block = (iterations: number) => Promise<number[]>;

const BLOCK_SIZE = 5;

/**
 * Times a figure and its baselines in alternating short blocks rather than one after the other, so
 * that a burst of load from elsewhere on the machine lands on all of them alike and their ratio holds.
 * Blocks named in `halfRate` run every other round: baselines many times slower than the figure (a
 * sequential scan of 100,000 rows) would otherwise take most of the run, and half the samples still
 * give a steady p50.
 */
export async function interleaved<K extends string>(
  plan: Plan,
  blocks: Record<K, Block>,
  halfRate: NoInfer<K>[] = [],
): Promise<Record<K, Timing>> {
  const names = Object.keys(blocks) as K[];
  for (const name of names) await blocks[name](plan.warmup);
  const collected = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let done = 0, round = 0; done < plan.iterations; done += BLOCK_SIZE, round++) {
    const size = Math.min(BLOCK_SIZE, plan.iterations - done);
    for (const name of names) {
      if (round % 2 === 1 && halfRate.includes(name)) continue;
      collected[name].push(...(await blocks[name](size)));
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(collected[name])])) as Record<K, Timing>;
}

/** Times one run of something too slow to repeat, e.g. downloading a whole layer. */
export async function once<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Milliseconds with about three significant figures: 0.412, 4.12, 41.2, 412. */
export function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

export function times(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Rounds for the JSON file: microsecond resolution is all a timer through HTTP can honestly claim. */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A plain-text table; the first column and text columns align left, figures align right. */
export function table(headers: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
