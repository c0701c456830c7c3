/**
 * The demo district and the test accounts in a fresh bench backend, served by the API on a loopback
 * port, for the benchmarks that measure whole requests; `close` stops the server and the backend.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import { seedTestAccounts } from '../../test/support/accounts.ts';
import { type BackendName, openBenchBackend } from './backends.ts';

export async function servedDemo(
  name: BackendName,
  corsOrigins: string[] | '*' = [],
): Promise<{ base: string; close(): Promise<void> }> {
  const backend = await openBenchBackend(name);
  const server = createApp({ store: backend.store, config: { corsOrigins, publicReads: 'live' } }).listen(
    0,
    '127.0.0.1',
  );
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await backend.close();
  };
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    await loadDemoIfEmpty(backend.store);
    await seedTestAccounts(backend.store);
  } catch (error) {
    await close();
    throw error;
  }
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}
