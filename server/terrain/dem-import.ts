/**
 * The API's door to DEM imports: the bytes go to a worker thread (import-worker.ts) with a memory
 * and time limit of its own, one import at a time, a few waiting; what the worker refuses comes back
 * as the same DemRefused a caller in this thread would have got.
 */
import type { BBox } from '../analysis/grid.ts';
import { type PoolSettings, WorkerFailed, workerPool } from '../workers/worker-pool.ts';
import type { Dem } from './dem.ts';
import { DemRefused } from './errors.ts';

export const DEM_IMPORT_WORKERS: PoolSettings = {
  workers: 1,
  queue: 4,
  memoryMb: 1536,
  timeoutMs: 180_000,
  idleMs: 30_000,
};

type Answer = { dem: Dem } | { refused: { field: string; reason: string } };

export function demImporter(settings: PoolSettings = DEM_IMPORT_WORKERS) {
  let pool: ReturnType<typeof workerPool> | undefined;
  return {
    async prepare(bytes: Uint8Array, district: BBox | null): Promise<Dem> {
      pool ??= workerPool(new URL('./import-worker.ts', import.meta.url), settings);
      let answer: Answer;
      try {
        const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        answer = (await pool.run({ bytes: owned, district }, { transfer: [owned.buffer as ArrayBuffer] })) as Answer;
      } catch (error) {
        if (error instanceof WorkerFailed && (error.why === 'memory' || error.why === 'time')) {
          throw new DemRefused(
            'body',
            `needs more ${error.why === 'memory' ? 'memory' : 'time'} to read than an import has`,
          );
        }
        throw error;
      }
      if ('refused' in answer) throw new DemRefused(answer.refused.field, answer.refused.reason);
      return answer.dem;
    },
    close: async () => pool?.close(),
  };
}
