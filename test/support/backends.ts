import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { seedTestAccounts } from './accounts.ts';
import { TEMPLATE_DATABASE } from './stores-setup.ts';

export interface Backend {
  name: 'embedded' | 'postgres';
  /** A fresh store holding the demo district, its own copy. */
  open(): Promise<Store>;
  /**
   * A fresh store holding no district at all, as `ONEMAP_DEMO=off` starts one: migrated, with a user
   * per role. Built when asked (PostGIS is created anew), so only the tests that need one pay for it.
   */
  openEmpty(): Promise<Store>;
}

let copies = 0;

/** A private copy of the prepared embedded data directory. */
export function embeddedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-store-'));
  cpSync(inject('embeddedTemplate'), dir, { recursive: true });
  return dir;
}

/** The embedded store in `dir`, removed with it when closed. */
async function openRemoved(dir: string, prepare?: (store: Store) => Promise<void>): Promise<Store> {
  const store = await openStore({ dataDir: dir });
  await prepare?.(store);
  const close = store.close;
  return Object.assign(store, {
    async close() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

const embedded: Backend = {
  name: 'embedded',
  open: () => openRemoved(embeddedCopy()),
  openEmpty: () => openRemoved(mkdtempSync(join(tmpdir(), 'onemap-empty-')), seedTestAccounts),
};

/** A new database, empty, for a store to migrate. */
async function postgresEmpty(adminUrl: string): Promise<string> {
  const name = `onemap_empty_${process.pid}_${++copies}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database copied from the template, so each test file starts from the same data. */
export async function postgresCopy(adminUrl: string): Promise<string> {
  const name = `onemap_${process.pid}_${++copies}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    // Two workers copying one template at the same moment can collide; the second waits and retries.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + 50 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const postgres = (adminUrl: string): Backend => ({
  name: 'postgres',
  async open() {
    return openStore({ databaseUrl: await postgresCopy(adminUrl), dataDir: '' });
  },
  async openEmpty() {
    const store = await openStore({ databaseUrl: await postgresEmpty(adminUrl), dataDir: '' });
    await seedTestAccounts(store);
    return store;
  },
});

/** Every backend this machine can run; the global setup has already said loudly if one is missing. */
export function backends(): Backend[] {
  const adminUrl = inject('postgresAdminUrl');
  return adminUrl ? [embedded, postgres(adminUrl)] : [embedded];
}
