import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { POSITION_HEADER, parseLsn } from '../../catalog/commit-position.ts';
import { configFromEnv } from '../../server/config.ts';
import { openStore, type Store, type StoreConfig } from '../../server/store/index.ts';
import { LayerCache } from '../../server/store/layer-cache.ts';
import { seedTestAccounts } from '../support/accounts.ts';
import { embeddedCopy } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { freePort, type PostgresServer, startPostgres, startStandby } from '../support/postgres-server.ts';
import { writer } from '../support/write-client.ts';

/**
 * Read replicas with read-your-writes, on a primary and a streaming standby of its own (the server
 * backend's global setup has already said loudly, or failed in CI, if PostgreSQL cannot run here).
 * Two API apps with pools of their own stand for two API processes: one writes, the other reads.
 * The standby applies each commit 50 ms late (recovery_min_apply_delay), so its lag is certain
 * rather than a matter of luck on loopback.
 */
const ROUNDS = 200;
const APPLY_DELAY = '50ms';
const items = '/collections/shelters/items';

/** A shelter at a spot no other test feature has, so that the nearest one is always this one. */
const shelterAt = (i: number) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [119 + i * 1e-4, 25.5] },
  properties: { name: `副本测试${i}`, grade: 'B', kind: 'emergency', capacity: 100, status: 'open' },
});

describe.each([
  [
    'two URLs with spaces',
    ' postgres://a@h:5432/x , postgresql://b@h:5433/x ',
    ['postgres://a@h:5432/x', 'postgresql://b@h:5433/x'],
  ],
  ['none', '', []],
])('DATABASE_READ_URLS: %s', (_name, value, expected) => {
  it('lists the readers', () => {
    expect(configFromEnv({ DATABASE_READ_URLS: value }).store.readUrls).toEqual(expected);
  });
});

describe('the read settings refuse what they cannot use', () => {
  it.each([
    ['DATABASE_READ_URLS', 'replica-host:5432', /DATABASE_READ_URLS/],
    ['DATABASE_READ_URLS', 'http://replica:5432/onemap', /postgres:\/\//],
    ['ONEMAP_READ_WAIT_MS', '-1', /ONEMAP_READ_WAIT_MS/],
    ['ONEMAP_READ_WAIT_MS', 'soon', /ONEMAP_READ_WAIT_MS/],
  ])('%s=%s', (name, value, message) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(message);
  });
});

describe('the embedded store with readers configured', () => {
  let store: Store;
  let api: TestServer;
  let dir: string;
  const warnings: string[] = [];
  beforeAll(async () => {
    dir = embeddedCopy();
    store = await openStore({
      dataDir: dir,
      readUrls: ['postgres://nobody@127.0.0.1:1/none'],
      warn: (m) => warnings.push(m),
    });
    api = await serve(store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ignores them: writes and reads as ever, and no write sends a commit position', async () => {
    const created = await writer(api.url)('POST', items, shelterAt(1));
    expect(created.status).toBe(201);
    expect(created.headers.get(POSITION_HEADER)).toBeNull();
    const read = await fetch(`${api.url}${items}/${created.body.id}`, {
      headers: { ...staff, [POSITION_HEADER]: '0/1' },
    });
    expect(read.status).toBe(200);
    expect(warnings).toEqual([]);
  });

  it('lets pages of the configured origins send the position and read it', async () => {
    const origin = 'https://duty.example.gov.cn';
    const cors = await serve(store, { corsOrigins: [origin] });
    try {
      const preflight = await fetch(`${cors.url}${items}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'onemap-lsn' },
      });
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('onemap-lsn');
      const response = await fetch(`${cors.url}${items}`, { headers: { origin } });
      expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('onemap-lsn');
    } finally {
      await cors.close();
    }
  });
});

describe.runIf(inject('postgresAdminUrl'))('read replicas on the server backend', () => {
  let primary: PostgresServer;
  let standby: PostgresServer;
  /** A second standby, whose replay a test holds: the one a read session must not mix with the first. */
  let other: PostgresServer;
  const stores: Store[] = [];
  const apis: TestServer[] = [];
  let writerApi: TestServer;
  let readerApi: TestServer;
  const warnings: string[] = [];

  /** An app over a store of its own: its own pools, as another API process would have. */
  const app = async (config: Partial<StoreConfig>) => {
    const store = await openStore({ databaseUrl: primary.url('onemap'), dataDir: '', ...config });
    stores.push(store);
    const api = await serve(store);
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    primary = await startPostgres({ full_page_writes: 'on', synchronous_commit: 'on' });
    const admin = new pg.Client(primary.url('postgres'));
    await admin.connect();
    await admin.query('CREATE DATABASE onemap');
    await admin.end();
    const seeding = await openStore({ databaseUrl: primary.url('onemap'), dataDir: '' });
    await seedTestAccounts(seeding);
    await seeding.close();
    standby = await startStandby(primary, { recovery_min_apply_delay: APPLY_DELAY });
    other = await startStandby(primary);
    const readers = { readUrls: [standby.url('onemap')], readWaitMs: 5000, warn: (m: string) => warnings.push(m) };
    writerApi = await app(readers);
    readerApi = await app(readers);
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    for (const store of stores) await store.close();
    await other?.stop();
    await standby?.stop();
    await primary?.stop();
  });

  /** Waits for a standby's own signal that it has replayed `position`. */
  const replayed = async (server: PostgresServer, position: bigint) => {
    const client = new pg.Client(server.url('onemap'));
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ lsn: string }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
        if ((parseLsn(rows[0].lsn) as bigint) >= position) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await client.end();
    }
  };

  const write = (i: number) => writer(writerApi.url)('POST', items, shelterAt(i));
  const read = (id: string, headers: Record<string, string> = {}) =>
    fetch(`${readerApi.url}${items}/${id}`, { headers: { ...staff, ...headers } });

  it(`reads what another process wrote, ${ROUNDS} times of ${ROUNDS}, with the write's commit position`, async () => {
    const stale: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const created = await write(1000 + i);
      expect(created.status).toBe(201);
      const position = created.headers.get(POSITION_HEADER) as string;
      expect(parseLsn(position)).toBeGreaterThan(0n);
      const response = await read(created.body.id, { [POSITION_HEADER]: position });
      if (response.status === 404) stale.push(i);
      else expect(response.status).toBe(200);
    }
    expect(stale).toEqual([]);
  });

  it('reads the standby, whose lag is real: without the position the write is not there yet', async () => {
    let stale = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const created = await write(2000 + i);
      const response = await read(created.body.id);
      if (response.status === 404) stale++;
      else expect(response.status).toBe(200);
    }
    expect(stale).toBeGreaterThan(0);
    // Once the standby has replayed the last write, it is there without the position too.
    const last = await write(3000);
    await replayed(standby, parseLsn(last.headers.get(POSITION_HEADER) as string) as bigint);
    expect((await read(last.body.id)).status).toBe(200);
  });

  it('never builds a layer older than the counter it is stamped with, over two standbys apart', async () => {
    // Two pools on the current standby and one on the other, as three processes' worth of readers.
    const readUrls = [standby.url('onemap'), other.url('onemap'), standby.url('onemap')];
    const store = await openStore({ databaseUrl: primary.url('onemap'), dataDir: '', readUrls });
    stores.push(store);
    const held = new pg.Client(other.url('onemap'));
    await held.connect();
    const builds: { stamp: number; holds: boolean }[] = [];
    try {
      // The other standby holds its replay while the first has the write: their counters differ.
      await held.query('SELECT pg_wal_replay_pause()');
      const created = await write(6000);
      await replayed(standby, parseLsn(created.headers.get(POSITION_HEADER) as string) as bigint);
      for (let i = 0; i < 9; i++) {
        // Other reads of the store come between, so each build meets the standbys in another order.
        for (let k = 0; k < i % 3; k++) await store.layerVersions();
        const build = { stamp: 0, holds: false };
        // What the cache stamps a build with, and what it built it from.
        const watched: ConstructorParameters<typeof LayerCache>[0] = {
          async layerVersions() {
            const versions = await store.layerVersions();
            build.stamp = versions.shelters;
            return versions;
          },
          async listItems(layer, query) {
            const page = await store.listItems(layer, query);
            build.holds = page.features.some((f) => f.id === created.body.id);
            return page;
          },
        };
        await new LayerCache(watched).get(['shelters']);
        builds.push(build);
      }
      const counter = async (server: PostgresServer) => {
        const client = new pg.Client(server.url('onemap'));
        await client.connect();
        const { rows } = await client.query(`SELECT version FROM layer_versions WHERE layer = 'shelters'`);
        await client.end();
        return Number(rows[0].version);
      };
      const before = await counter(other);
      const after = await counter(primary);
      // Both standbys were met, one before the write and one after it ...
      expect(new Set(builds.map((b) => b.stamp))).toEqual(new Set([before, after]));
      // ... and every build holds the write exactly when its stamp says it comes after it.
      expect(builds.filter((b) => b.holds !== (b.stamp === after))).toEqual([]);
    } finally {
      await held.query('SELECT pg_wal_replay_resume()');
      await held.end();
    }
  });

  it('builds the analyses from layers at least as new as the position: the new shelter is the nearest', async () => {
    const created = await write(4000);
    const nearest = await fetch(`${readerApi.url}/analysis/nearest`, {
      method: 'POST',
      headers: {
        ...staff,
        'content-type': 'application/json',
        [POSITION_HEADER]: created.headers.get(POSITION_HEADER) as string,
      },
      body: JSON.stringify({ from: shelterAt(4000).geometry.coordinates, layer: 'shelters', k: 1 }),
    });
    expect(nearest.status).toBe(200);
    expect((await nearest.json()).results.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
  });

  it('sends a commit position after writes only, and refuses one that is not', async () => {
    const listed = await fetch(`${readerApi.url}${items}`, { headers: staff });
    expect(listed.headers.get(POSITION_HEADER)).toBeNull();
    const bad = await fetch(`${readerApi.url}${items}`, { headers: { ...staff, [POSITION_HEADER]: 'yesterday' } });
    expect(bad.status).toBe(400);
    expect((await bad.json())['invalid-params']).toEqual([{ name: POSITION_HEADER, reason: expect.any(String) }]);
  });

  it.each([
    [
      'a reader that cannot be reached',
      async () => `postgres://postgres@127.0.0.1:${await freePort()}/onemap`,
      /cannot/,
    ],
    ['a reader that is the primary, not a standby', async () => primary.url('onemap'), /not a standby/],
  ])('with %s, reads go to the primary with a warning, never an error', async (_name, url, warning) => {
    warnings.length = 0;
    const reading = await app({ readUrls: [await url()], warn: (m: string) => warnings.push(m) });
    const created = await write(5000 + apis.length);
    const position = created.headers.get(POSITION_HEADER) as string;
    for (const headers of [{ [POSITION_HEADER]: position }, {}] as Record<string, string>[]) {
      const response = await fetch(`${reading.url}${items}/${created.body.id}`, { headers: { ...staff, ...headers } });
      expect(response.status).toBe(200);
    }
    expect(warnings.some((m) => warning.test(m))).toBe(true);
    expect(warnings.join('\n')).not.toMatch(/password/);
  });

  it('reads the primary, with a warning, once a standby in use stops', async () => {
    warnings.length = 0;
    const created = await write(7000);
    await replayed(standby, parseLsn(created.headers.get(POSITION_HEADER) as string) as bigint);
    expect((await read(created.body.id)).status).toBe(200);
    await standby.stop();
    const after = await write(7001);
    for (const id of [created.body.id, after.body.id]) {
      const response = await read(id, { [POSITION_HEADER]: after.headers.get(POSITION_HEADER) as string });
      expect(response.status).toBe(200);
      expect((await read(id)).status).toBe(200);
    }
    expect(warnings.some((m) => /cannot answer/.test(m))).toBe(true);
  });
});
