import { type CountyScope, countyPartitions } from './county.ts';
import type { Db } from './db.ts';
import { openEmbedded } from './embedded.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import type { ReadReplicas } from './replicas.ts';
import { createSqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** A PostgreSQL/PostGIS server; when absent the embedded store is used. */
  databaseUrl?: string;
  /** Where the embedded store keeps its data. */
  dataDir: string;
  /** Hot standbys of `databaseUrl` that answer the store's reads; the embedded store has none. */
  readUrls?: string[];
  /** How long a read waits for a standby to replay a client's last write before the primary answers. */
  readWaitMs?: number;
  /** Where a standby that cannot answer is reported; console.warn when absent. */
  warn?: (message: string) => void;
  /** Which counties of the layers kept per county it reads and writes; its one district's when absent. */
  county?: CountyScope;
}

/** A read waits this long for a standby to catch up with the client's last write, unless configured. */
export const READ_WAIT_MS = 200;

/** The standbys to read from, if any and if the backend is a server. */
function replicasOf(config: StoreConfig): ReadReplicas | undefined {
  if (!config.readUrls?.length) return undefined;
  return {
    urls: config.readUrls,
    waitMs: config.readWaitMs ?? READ_WAIT_MS,
    warn: config.warn ?? ((message) => console.warn(`Warning: ${message}`)),
  };
}

/** Opens the configured backend, brings its schema up to date and returns the store. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const db: Db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, replicasOf(config))
    : await openEmbedded(config.dataDir);
  try {
    await migrate(db);
    const [{ oid }] = await db.query<{ oid: number }>(`SELECT 'geometry'::regtype::oid AS oid`);
    db.useGeometryParser(Number(oid));
    const county = config.county ?? { kind: 'district' };
    // A county of a shared database has its partitions before its first read.
    if (county.kind === 'county') await countyPartitions(db, county).ensure();
    return createSqlStore(db, county);
  } catch (error) {
    await db.close();
    throw error;
  }
}

export type { CountyScope } from './county.ts';
export type { BBox, Store } from './store.ts';
