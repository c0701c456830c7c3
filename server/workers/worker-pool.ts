import { Worker } from 'node:worker_threads';

/**
 * A few worker threads for work that grows with its input and must not hold up the event loop: a
 * small fixed number of them, each with a heap limit, in front of them a bounded queue. What a
 * worker runs is a TypeScript module exporting `handle(message)`; the bootstrap beside this file
 * loads it through tsx, so the same code runs under `npm start`, the CLI and the tests. Workers start
 * on first use, stop when idle and are replaced when one dies, so a hostile input costs one worker's
 * memory limit at most, and the process lives on.
 */

export interface PoolSettings {
  /** Workers running at once. */
  workers: number;
  /** Jobs waiting for a worker; one more is refused. */
  queue: number;
  /** Each worker's heap (V8 old generation). */
  memoryMb: number;
  /** A job running longer (from when its worker is ready) is stopped with its worker. */
  timeoutMs: number;
  /** A worker with nothing to do stops after this long. */
  idleMs?: number;
}

/** Every worker is busy and the queue is full. */
export class PoolFull extends Error {}

/** Why a job failed in its worker: it ran out of memory, ran out of time, threw, or the worker died. */
export class WorkerFailed extends Error {
  constructor(
    readonly why: 'memory' | 'time' | 'threw' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  /** Memory in the message that moves to the worker rather than being copied; unusable here after. */
  transfer?: ArrayBuffer[];
  /** Receives each part the worker sends ahead of its answer. */
  onPart?: (part: unknown) => void;
}

interface Job extends RunOptions {
  message: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker?: Worker;
  /** The worker has loaded its module: a job's time runs from here, not from the thread's start. */
  ready?: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  /** The error the worker emitted before it exited, if any. */
  failure?: Error;
}

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface WorkerPool {
  /** The worker's answer to `message`. */
  run(message: unknown, options?: RunOptions): Promise<unknown>;
  /** Jobs running and waiting, for a Retry-After estimate. */
  load(): { running: number; waiting: number };
  close(): Promise<void>;
}

export function workerPool(module: URL, settings: PoolSettings): WorkerPool {
  const slots: Slot[] = Array.from({ length: settings.workers }, () => ({}));
  const waiting: Job[] = [];

  function spawn(slot: Slot): Worker {
    const worker = new Worker(BOOTSTRAP, {
      workerData: { module: module.href },
      // Not the parent's flags (a test runner's, tsx's): the bootstrap sets up what the worker needs.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: settings.memoryMb },
    });
    worker.on('message', (reply: { ready?: true; part?: unknown; value?: unknown; error?: string }) => {
      if ('part' in reply) slot.job?.onPart?.(reply.part);
      else if (reply.ready) {
        slot.ready = true;
        if (slot.job) armTimer(slot);
      } else if (reply.error !== undefined) finish(slot, undefined, new WorkerFailed('threw', reply.error));
      else finish(slot, reply.value);
    });
    worker.on('error', (error) => {
      slot.failure = error;
    });
    worker.on('exit', () => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      slot.ready = false;
      const failure = slot.failure;
      slot.failure = undefined;
      if (!slot.job) return;
      const memory = (failure as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const reason = failure?.message ?? 'the worker stopped';
      finish(slot, undefined, new WorkerFailed(memory ? 'memory' : 'stopped', reason));
    });
    return worker;
  }

  function start(slot: Slot, job: Job): void {
    clearTimeout(slot.idle);
    slot.job = job;
    const worker = slot.worker ?? spawn(slot);
    slot.worker = worker;
    // A job in hand keeps the process alive; an idle worker does not (see finish).
    worker.ref();
    worker.postMessage(job.message, job.transfer ?? []);
    if (slot.ready) armTimer(slot);
  }

  function armTimer(slot: Slot): void {
    slot.timer = setTimeout(() => {
      // The worker goes first, so the next job does not land on a thread still busy with this one.
      stop(slot);
      finish(slot, undefined, new WorkerFailed('time', `did not finish within ${settings.timeoutMs} ms`));
    }, settings.timeoutMs);
    slot.timer.unref();
  }

  function stop(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    void worker?.terminate();
  }

  function finish(slot: Slot, value: unknown, error?: Error): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (error) job.reject(error);
    else job.resolve(value);
    const next = waiting.shift();
    if (next) {
      start(slot, next);
      return;
    }
    slot.worker?.unref();
    slot.idle = setTimeout(() => stop(slot), settings.idleMs ?? 30_000);
    slot.idle.unref();
  }

  return {
    run(message, options = {}) {
      return new Promise((resolve, reject) => {
        const job = { ...options, message, resolve, reject };
        const free = slots.find((slot) => !slot.job);
        if (free) start(free, job);
        else if (waiting.length < settings.queue) waiting.push(job);
        else reject(new PoolFull('every worker is busy and the queue is full'));
      });
    },
    load: () => ({ running: slots.filter((slot) => slot.job).length, waiting: waiting.length }),
    async close() {
      for (const job of waiting.splice(0)) job.reject(new WorkerFailed('stopped', 'the pool was closed'));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = undefined;
          slot.ready = false;
          finish(slot, undefined, new WorkerFailed('stopped', 'the pool was closed'));
          clearTimeout(slot.idle);
          await worker?.terminate();
        }),
      );
    },
  };
}
