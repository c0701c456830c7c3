import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StoreBusy } from '../../server/store/errors.ts';
import { fifo } from '../../server/store/fifo.ts';

/** Work that resolves in microtasks only, as a PGlite statement does. */
const instant = async (value: number) => value;

describe('the embedded store queue', () => {
  it('finishes operations in the order they were queued, whatever each takes', async () => {
    const line = fifo(100);
    const finished: number[] = [];
    const delays = [30, 0, 10, 0, 20, 0, 5];
    await Promise.all(
      delays.map((ms, i) =>
        line.run(async () => {
          if (ms) await sleep(ms);
          finished.push(i);
        }),
      ),
    );
    expect(finished).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs one operation at a time: the next starts only when the one before has settled, failed or not', async () => {
    const line = fifo(100);
    let running = 0;
    let most = 0;
    const work = (fail: boolean) => async () => {
      running++;
      most = Math.max(most, running);
      await sleep(1);
      running--;
      if (fail) throw new Error('refused');
    };
    const results = await Promise.allSettled([false, true, false, true, false].map((fail) => line.run(work(fail))));
    expect(most).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets the event loop turn between operations, so work that arrives meanwhile is not held up by the whole queue', async () => {
    const line = fifo(1000);
    let done = 0;
    const all = Array.from({ length: 100 }, (_, i) => line.run(() => instant(i)).then(() => done++));
    const seenByTheLoop = await new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    await Promise.all(all);
    expect(done).toBe(100);
    expect(seenByTheLoop).toBeLessThanOrEqual(1);
  });

  it('refuses work past its limit with StoreBusy, and takes work again once the queue drains', async () => {
    const line = fifo(3);
    const held = [0, 1, 2, 3].map((i) => line.run(() => sleep(5).then(() => i)));
    const refused = await line.run(() => instant(4)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreBusy);
    expect((refused as StoreBusy).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(held)).toEqual([0, 1, 2, 3]);
    expect(await line.run(() => instant(5))).toBe(5);
  });
});
