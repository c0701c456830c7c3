import { PoolFull, type PoolSettings, WorkerFailed, workerPool } from '../workers/worker-pool.ts';
import type { Candidate } from './check/candidates.ts';
import { ImportError, ImportTooLarge, ImportUnavailable } from './errors.ts';
import type { FileBytes, Parser } from './parse.ts';
import type { ParseMessage, ParseReply } from './parse-worker.ts';

/**
 * Imports parse in worker threads, off the thread that answers requests: a 50 MB file that is one
 * line, or a sheet of a million columns, then costs one worker's time and memory, never the API's.
 * The pool's failures come back in the import's words: a file that needs more memory or time than a
 * worker has is too large; a full queue means come back later.
 */

export type ImportWorkers = Pick<PoolSettings, 'workers' | 'queue' | 'memoryMb' | 'timeoutMs'>;

export const DEFAULT_IMPORT_WORKERS: ImportWorkers = { workers: 1, queue: 8, memoryMb: 512, timeoutMs: 120_000 };

/** A rough wait before trying again: half a minute for each job ahead per worker, at least 10 s. */
function retryAfter(load: { running: number; waiting: number }, workers: number): number {
  return Math.max(10, Math.ceil(((load.running + load.waiting) / workers) * 30));
}

/**
 * The memory of chunks that own all of it moves to the worker instead of being copied; a chunk that
 * shares its memory (a slice of a pooled Buffer) is copied, as moving it would take its neighbours.
 */
function movable(chunks: Uint8Array[]): ArrayBuffer[] {
  const owned = chunks
    .filter((c) => c.byteOffset === 0 && c.byteLength === c.buffer.byteLength && c.buffer instanceof ArrayBuffer)
    .map((c) => c.buffer as ArrayBuffer);
  return [...new Set(owned)];
}

export function workerParser(settings: ImportWorkers = DEFAULT_IMPORT_WORKERS): {
  parse: Parser;
  close(): Promise<void>;
} {
  const pool = workerPool(new URL('./parse-worker.ts', import.meta.url), settings);

  async function parse(bytes: FileBytes, request: ParseMessage['request']) {
    // Only an upload's own chunks move; a Buffer a caller passes stays usable.
    const chunks = Buffer.isBuffer(bytes) ? [bytes] : bytes;
    const rows: Candidate[] = [];
    let reply: ParseReply;
    try {
      reply = (await pool.run({ chunks, request } satisfies ParseMessage, {
        transfer: Buffer.isBuffer(bytes) ? [] : movable(bytes),
        onPart: (part) => {
          for (const row of part as Candidate[]) rows.push(row);
        },
      })) as ParseReply;
    } catch (error) {
      if (error instanceof PoolFull) {
        throw new ImportUnavailable('every import worker is busy', retryAfter(pool.load(), settings.workers));
      }
      if (!(error instanceof WorkerFailed)) throw error;
      switch (error.why) {
        case 'memory':
          throw new ImportTooLarge('file', {
            zh: `读取需要超过 ${settings.memoryMb} MB 内存;请拆分后导入`,
            en: `needs more than ${settings.memoryMb} MB of memory to read; split it`,
          });
        case 'time':
          throw new ImportTooLarge('file', {
            zh: `读取用时超过 ${settings.timeoutMs / 1000} 秒;请拆分后导入`,
            en: `took longer than ${settings.timeoutMs / 1000} s to read; split it`,
          });
        case 'threw':
          throw new ImportError('file', { zh: `无法读取:${error.message}`, en: `could not be read: ${error.message}` });
        default:
          throw new ImportUnavailable(`the import worker stopped (${error.message})`, 10);
      }
    }
    if ('parsed' in reply) return { ...reply.parsed, candidates: rows };
    const { part, words, tooLarge } = reply.refused;
    throw tooLarge ? new ImportTooLarge(part, words) : new ImportError(part, words);
  }

  return { parse, close: () => pool.close() };
}
