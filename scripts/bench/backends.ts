/**
 * Opens each backend for benchmarking. The store is built by hand (not through openStore) so the same
 * Db serves both the store and the baselines: a PGlite data dir cannot be opened twice, and sharing the
 * pool on the server keeps the comparison fair. Every open registers its own cleanup, so temp dirs and
 * the PostgreSQL server go away on failure and on Ctrl-C too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, Queryable } from '../../server/store/db.ts';
import { openEmbedded } from '../../server/store/embedded.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPostgres } from '../../server/store/postgres.ts';
import { createSqlStore } from '../../server/store/sql-store.ts';
import type { Store } from '../../server/store/store.ts';
import { postgresUnavailable, startPostgres } from '../../test/support/postgres-server.ts';

export type BackendName = 'embedded' | 'postgres';

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface BenchBackend {
  name: BackendName;
  /**
   * Engine versions, for the report: an embedded PG 18 and a server PG 15 are not the same engine; and
   * the parallel workers a query may use, which on few cores can cost more than they save.
   */
  versions: { postgres: string; postgis: string; parallelWorkersPerGather: number };
  store: Store;
  /** The driver under the store, for baselines that skip HTTP and the store. */
  db: Db;
  /** The statements the store sends to the database while `work` runs, to replay them bare. */
  capture(work: () => Promise<unknown>): Promise<Statement[]>;
  /** Runs `work` on one connection with index scans disabled, then restores them. */
  withoutIndexes<T>(work: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export { postgresUnavailable };

const cleanups = new Set<() => Promise<void>>();

/** Runs whatever is still open; for signal handlers, since `finally` blocks do not run on SIGINT. */
export async function cleanUpAll(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => {});
  cleanups.clear();
}

function registered(cleanup: () => Promise<void>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    cleanups.delete(once);
    await cleanup();
  };
  cleanups.add(once);
  return once;
}

// SET LOCAL lapses at the end of the transaction, so the indexes come back even if a query throws.
// Index-only scans are off too: otherwise a count(*) could still be answered from an index.
const NO_INDEX_SCANS = `SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
  SET LOCAL enable_indexonlyscan = off`;

async function prepare(name: BackendName, raw: Db, close: () => Promise<void>): Promise<BenchBackend> {
  let log: Statement[] | undefined;
  // Records what the store asks for, without changing how it asks.
  const recording: Db = {
    ...raw,
    query<Row>(sql: string, params: unknown[] = []) {
      log?.push({ sql, params });
      return raw.query<Row>(sql, params);
    },
  };
  try {
    await migrate(raw);
    const [{ oid }] = await raw.query<{ oid: number }>(`SELECT 'geometry'::regtype::oid AS oid`);
    raw.useGeometryParser(Number(oid));
    const [versions] = await raw.query<BenchBackend['versions']>(
      `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis,
        current_setting('max_parallel_workers_per_gather')::integer AS "parallelWorkersPerGather"`,
    );
    return {
      name,
      versions,
      store: createSqlStore(recording, { kind: 'district' }),
      db: raw,
      async capture(work) {
        log = [];
        try {
          await work();
          return log;
        } finally {
          log = undefined;
        }
      },
      withoutIndexes: (work) =>
        raw.transaction(async (tx) => {
          await tx.exec(NO_INDEX_SCANS);
          return work(tx);
        }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openEmbeddedBackend(): Promise<BenchBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-bench-'));
  let db: Db | undefined;
  const close = registered(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    db = await openEmbedded(join(dir, 'data'));
  } catch (error) {
    await close();
    throw error;
  }
  return prepare('embedded', db, close);
}

async function openPostgresBackend(): Promise<BenchBackend> {
  const server = await startPostgres();
  let db: Db | undefined;
  const close = registered(async () => {
    await db?.close();
    await server.stop();
  });
  try {
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    await admin.query('CREATE DATABASE onemap_bench');
    await admin.end();
    db = await openPostgres(server.url('onemap_bench'));
  } catch (error) {
    await close();
    throw error;
  }
  return prepare('postgres', db, close);
}

export function openBenchBackend(name: BackendName): Promise<BenchBackend> {
  return name === 'embedded' ? openEmbeddedBackend() : openPostgresBackend();
}
