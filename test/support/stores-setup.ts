import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import { openStore } from '../../server/store/index.ts';
import { seedTestAccounts } from './accounts.ts';
import { buildClientIfStale } from './client-build.ts';
import { type PostgresServer, postgresUnavailable, startPostgres } from './postgres-server.ts';

export const TEMPLATE_DATABASE = 'onemap_template';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
    /** Connection string of the server's maintenance database, when the server backend runs. */
    postgresAdminUrl: string | null;
  }
}

/**
 * Builds each backend once, migrated and holding the demo district and a user per role: a data directory for the
 * embedded store, a template database on a throw-away server. Tests copy them, so each starts
 * from the same data in a second or two instead of building PostGIS again.
 */
export default async function setup(project: TestProject) {
  buildClientIfStale();
  const root = mkdtempSync(join(tmpdir(), 'onemap-test-'));
  const embeddedTemplate = join(root, 'embedded');
  const embedded = await openStore({ dataDir: embeddedTemplate });
  await loadDemoIfEmpty(embedded);
  await seedTestAccounts(embedded);
  await embedded.close();
  project.provide('embeddedTemplate', embeddedTemplate);

  let server: PostgresServer | undefined;
  const unavailable = postgresUnavailable();
  if (unavailable) {
    const message = `The PostgreSQL/PostGIS server backend cannot run: ${unavailable}.`;
    if (process.env.CI === 'true') throw new Error(`${message} In CI every backend must run.`);
    console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n!! Only the embedded backend is tested.\n${'!'.repeat(100)}\n`);
    project.provide('postgresAdminUrl', null);
  } else {
    server = await startPostgres();
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const store = await openStore({ databaseUrl: server.url(TEMPLATE_DATABASE), dataDir: '' });
    await loadDemoIfEmpty(store);
    await seedTestAccounts(store);
    await store.close();
    project.provide('postgresAdminUrl', server.url('postgres'));
  }

  return async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
