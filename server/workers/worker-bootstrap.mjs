/**
 * The entry of every pool worker (worker-pool.ts): loads the TypeScript module named in workerData
 * through tsx, whether the parent runs under tsx, a test runner or anything else, says it is ready,
 * then answers each message with what the module's `handle` returns, or the message of what it threw.
 * `handle` may send parts of a big answer ahead of it, each its own message, so that the thread
 * receiving them takes them in several turns rather than one long copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { handle } = await tsImport(workerData.module, import.meta.url);

parentPort.on('message', async (message) => {
  try {
    const emit = (part) => parentPort.postMessage({ part });
    parentPort.postMessage({ value: await handle(message, emit) });
  } catch (error) {
    parentPort.postMessage({ error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });
