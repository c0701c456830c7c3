import type { Db } from './db.ts';
import { openEmbedded } from './embedded.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { createSqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** A PostgreSQL/PostGIS server; when absent the embedded store is used. */
  databaseUrl?: string;
  /** Where the embedded store keeps its data. */
  dataDir: string;
}

/** Opens the configured backend, brings its schema up to date and returns the store. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const db: Db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  try {
    await migrate(db);
    const [{ oid }] = await db.query<{ oid: number }>(`SELECT 'geometry'::regtype::oid AS oid`);
    db.useGeometryParser(Number(oid));
    return createSqlStore(db);
  } catch (error) {
    await db.close();
    throw error;
  }
}

export type { BBox, Store } from './store.ts';
