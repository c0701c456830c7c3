import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { type AppConfig, createApp } from '../../server/app.ts';
import type { Store } from '../../server/store/index.ts';
import { as } from './accounts.ts';

export interface TestServer {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; type: string; body: any }>;
  close(): Promise<void>;
}

/** The real app on a loopback port: requests go through Node's HTTP stack as a client's would. */
export async function serve(store: Store, config: Partial<AppConfig> = {}): Promise<TestServer> {
  const app = createApp({ store, config: { corsOrigins: '*', ...config } });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async get(path, headers = {}) {
      const response = await fetch(path.startsWith('http') ? path : url + path, { headers });
      const type = response.headers.get('content-type') ?? '';
      const text = await response.text();
      return { status: response.status, type, body: type.includes('json') ? JSON.parse(text) : text };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A signed-in planner: reads internal fields and edits. */
export const staff = as('planner');

/** A store of its own and the app serving it, for the tests of one describe block; both closed after. */
export function servedStore(
  open: () => Promise<Store>,
  config: Partial<AppConfig> = {},
): { store: Store; api: TestServer } {
  const served = {} as { store: Store; api: TestServer };
  beforeAll(async () => {
    served.store = await open();
    served.api = await serve(served.store, config);
  });
  afterAll(async () => {
    await served.api?.close();
    await served.store?.close();
  });
  return served;
}
