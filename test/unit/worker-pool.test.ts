import { afterEach, describe, expect, it } from 'vitest';
import {
  PoolFull,
  type PoolSettings,
  WorkerFailed,
  type WorkerPool,
  workerPool,
} from '../../server/workers/worker-pool.ts';
import type { PoolTask } from '../support/pool-worker.ts';

const MODULE = new URL('../support/pool-worker.ts', import.meta.url);
const SETTINGS: PoolSettings = { workers: 1, queue: 4, memoryMb: 64, timeoutMs: 60_000 };

let pool: WorkerPool | undefined;

function open(settings: Partial<PoolSettings> = {}): {
  run: (task: PoolTask, onPart?: (part: unknown) => void) => Promise<unknown>;
} {
  const opened = workerPool(MODULE, { ...SETTINGS, ...settings });
  pool = opened;
  return { run: (task, onPart) => opened.run(task, { onPart }) };
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** The rejection of `promise`, or a failure if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('the worker pool', () => {
  it('answers each job with what its worker returned, queued jobs in the order they came', async () => {
    const { run } = open();
    const finished: number[] = [];
    const jobs = [40, 0, 20, 0, 10].map((ms, i) =>
      run({ do: 'sleep', ms, value: i }).then((value) => {
        finished.push(value as number);
        return value;
      }),
    );
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(finished).toEqual([0, 1, 2, 3, 4]);
  });

  it('hands over the parts a worker sends ahead of its answer, in order, before the answer', async () => {
    const { run } = open();
    const parts: unknown[] = [];
    const answer = await run({ do: 'parts', count: 5 }, (part) => parts.push(part));
    expect(answer).toBe('all sent');
    expect(parts).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a job when every worker is busy and the queue is full, and takes jobs again once it drains', async () => {
    const { run } = open({ workers: 1, queue: 2 });
    const held = [1, 2, 3].map((value) => run({ do: 'sleep', ms: 200, value }));
    expect(await rejection(run({ do: 'echo', value: 4 }))).toBeInstanceOf(PoolFull);
    expect(await Promise.all(held)).toEqual([1, 2, 3]);
    expect(await run({ do: 'echo', value: 5 })).toBe(5);
  });

  it.each([
    ['throws', { do: 'throw' }, 60_000, 'threw', /failed on purpose/],
    ['runs out of memory', { do: 'allocate' }, 60_000, 'memory', /memory/i],
    ['runs past its time', { do: 'sleep', ms: 60_000, value: 0 }, 500, 'time', /within 500 ms/],
    ['exits', { do: 'exit' }, 60_000, 'stopped', /./],
  ] as Array<[string, PoolTask, number, WorkerFailed['why'], RegExp]>)(
    'reports a job whose worker %s, and serves the next job',
    async (_what, task, timeoutMs, why, message) => {
      const { run } = open({ timeoutMs });
      const failed = run(task);
      const next = run({ do: 'echo', value: 'after' });
      const error = await rejection(failed);
      expect(error).toBeInstanceOf(WorkerFailed);
      expect((error as WorkerFailed).why).toBe(why);
      expect((error as WorkerFailed).message).toMatch(message);
      expect(await next).toBe('after');
    },
  );
});
