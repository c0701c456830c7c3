import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import { openStore } from '../../server/store/index.ts';
import { seedTestAccounts } from './accounts.ts';
import { type PostgresServer, postgresUnavailable, startPostgres } from './postgres-server.ts';

export const TEMPLATE_DATABASE = 'onemap_template';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
    /** Connection string of the server's maintenance database, when the server backend runs. */
    postgresAdminUrl: string | null;
  }
}

interface Prepared {
  embeddedTemplate: string;
  postgresAdminUrl: string | null;
  /** Projects of this run still using the stores. */
  users: number;
  remove(): Promise<void>;
}

/**
 * Vitest runs each project's global setup in a module instance of its own, but all of them in its
 * own process, one after the other: the stores prepared for the first project that asks are kept
 * here and given to the next.
 */
const PREPARED = Symbol.for('onemap.test.stores');
type Holder = typeof globalThis & { [PREPARED]?: Promise<Prepared> };

/** The embedded store's data directory, migrated, with the demo district and a user per role. */
async function prepareEmbedded(root: string): Promise<string> {
  const embeddedTemplate = join(root, 'embedded');
  const embedded = await openStore({ dataDir: embeddedTemplate });
  await loadDemoIfEmpty(embedded);
  await seedTestAccounts(embedded);
  await embedded.close();
  return embeddedTemplate;
}

/** A throw-away server holding the same in a template database; undefined when it cannot run here. */
async function preparePostgres(): Promise<PostgresServer | undefined> {
  const unavailable = postgresUnavailable();
  if (unavailable) {
    const message = `The PostgreSQL/PostGIS server backend cannot run: ${unavailable}.`;
    if (process.env.CI === 'true') throw new Error(`${message} In CI every backend must run.`);
    console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n!! Only the embedded backend is tested.\n${'!'.repeat(100)}\n`);
    return undefined;
  }
  const server = await startPostgres();
  try {
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const store = await openStore({ databaseUrl: server.url(TEMPLATE_DATABASE), dataDir: '' });
    await loadDemoIfEmpty(store);
    await seedTestAccounts(store);
    await store.close();
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function prepare(): Promise<Prepared> {
  const root = mkdtempSync(join(tmpdir(), 'onemap-test-'));
  try {
    const embeddedTemplate = await prepareEmbedded(root);
    const server = await preparePostgres();
    return {
      embeddedTemplate,
      postgresAdminUrl: server?.url('postgres') ?? null,
      users: 0,
      async remove() {
        await server?.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Builds each backend once, migrated and holding the demo district and a user per role: a data directory for the
 * embedded store, a template database on a throw-away server. Tests copy them, so each starts
 * from the same data in a second or two instead of building PostGIS again. The projects that test
 * against a store (api, e2e) name this setup; a run of both builds the stores once.
 */
export default async function setup(project: TestProject) {
  const holder = globalThis as Holder;
  holder[PREPARED] ??= prepare();
  const prepared = await holder[PREPARED];
  prepared.users++;
  project.provide('embeddedTemplate', prepared.embeddedTemplate);
  project.provide('postgresAdminUrl', prepared.postgresAdminUrl);

  return async () => {
    if (--prepared.users > 0) return;
    delete holder[PREPARED];
    await prepared.remove();
  };
}
