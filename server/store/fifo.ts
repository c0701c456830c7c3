import { StoreBusy } from './errors.ts';

/**
 * One connection's work, one operation at a time, first come first served, each started from the
 * event loop rather than from the one before it.
 *
 * That last part is the point. PGlite runs every statement synchronously in WebAssembly and resolves
 * it with a promise, so without it an operation's end starts the next waiting one in the same
 * microtask drain, and the request behind it issues its next statement there too: while any work is
 * queued, the event loop never gets back to its sockets. Under 200 writers that drain lasted tens of
 * seconds, and a request that arrived during it was not even read until it ended (p99 41 s where p90
 * was 1 s). Started with `setImmediate`, each operation lets the loop read new requests first, and
 * their operations queue behind those already waiting, so no request waits behind work that arrived
 * after it. A transaction is one operation: statements of two transactions never interleave.
 *
 * The queue is bounded: past `limit` waiting operations the store refuses new work (StoreBusy, 503
 * at the edge) rather than letting every request wait longer.
 */
export interface Fifo {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Operations waiting, not counting the one running. */
  waiting(): number;
}

/** How long to suggest waiting, from the backlog at a rough 10 ms an operation: at least a second. */
const retryAfter = (waiting: number) => Math.max(1, Math.ceil(waiting / 100));

export function fifo(limit: number): Fifo {
  const queue: Array<() => void> = [];
  let busy = false;

  function next(): void {
    const job = queue.shift();
    busy = job !== undefined;
    if (job) setImmediate(job);
  }

  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      if (queue.length >= limit) return Promise.reject(new StoreBusy(queue.length, retryAfter(queue.length)));
      return new Promise<T>((resolve, reject) => {
        const job = () => {
          work().then(resolve, reject).finally(next);
        };
        if (busy) queue.push(job);
        else {
          busy = true;
          setImmediate(job);
        }
      });
    },
    waiting: () => queue.length,
  };
}
