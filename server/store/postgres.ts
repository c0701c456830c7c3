import pg from 'pg';
import { parseLsn } from '../../catalog/commit-position.ts';
import type { Db, Queryable } from './db.ts';
import { parseEwkb } from './ewkb.ts';
import { currentReadSession, recordCommit } from './read-session.ts';
import { type ReadReplicas, type Replica, replicaReads } from './replicas.ts';

const MAX_CONNECTIONS = 10;
/**
 * How long a connection to a standby may take before its reads go to the primary: a standby behind
 * a dropped route would otherwise hold them for the minutes TCP takes to give up.
 */
const READER_CONNECT_MS = 2000;

/** Statements that change nothing; any other command is a write whose commit position a reader may need. */
const READ_COMMANDS = new Set(['SELECT', 'SHOW', 'SET', 'RESET', 'BEGIN', 'COMMIT', 'ROLLBACK']);

/** host:port/database of a connection string, for messages: never its password. */
function serverName(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'a read replica';
  }
}

/** Says at start-up when a reader is not a reachable standby; its reads will go to the primary. */
async function checkStandby(reader: Replica, replicas: ReadReplicas): Promise<void> {
  try {
    const { rows } = await reader.pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    if (!rows[0].standby)
      replicas.warn(`Read replica ${reader.name} is not a standby: reads that must see a write go to the primary.`);
  } catch (error) {
    replicas.warn(`Read replica ${reader.name} cannot be reached (${(error as Error).message}).`);
  }
}

/**
 * Pools that parse PostGIS geometry into GeoJSON once told its type's oid: per pool, not pg's global
 * registry, so stores in one process stay independent.
 */
function geometryPools() {
  let geometryOid = -1;
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === geometryOid) return parseEwkb;
      return pg.types.getTypeParser(oid, format);
    },
  };
  return {
    open(url: string, connectionTimeoutMillis = 0): pg.Pool {
      const pool = new pg.Pool({ connectionString: url, max: MAX_CONNECTIONS, types, connectionTimeoutMillis });
      // A dropped idle connection must not take the process down; the next query reconnects.
      pool.on('error', () => {});
      return pool;
    },
    useGeometryParser(oid: number) {
      geometryOid = oid;
    },
  };
}

/**
 * A pool against a PostgreSQL/PostGIS server; several API processes may share the database. With
 * read replicas, the store's reads go to them (replicas.ts), and every write of a read session
 * records its commit position (read-session.ts): `pg_current_wal_insert_lsn()` after the commit,
 * which covers the commit record even under `synchronous_commit = off`, where
 * `pg_current_wal_lsn()` (what has been written out) can still be short of it.
 */
export async function openPostgres(connectionString: string, replicas?: ReadReplicas): Promise<Db> {
  const pools = geometryPools();
  const pool = pools.open(connectionString);
  await pool.query('SELECT 1');
  const standbys = replicas?.urls ?? [];
  // Without readers no one needs a commit position, so writes ask for none.
  const positions = standbys.length > 0;

  /**
   * Tells the session how far the log reached after its write. The write has committed whatever
   * happens here: if the position cannot be had, the session's reads go to the primary instead.
   */
  const recordPosition = async (client: pg.Pool | pg.PoolClient) => {
    const session = currentReadSession();
    if (!positions || !session) return;
    try {
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      recordCommit(parseLsn(rows[0].lsn) ?? 0n);
    } catch {
      session.source = 'primary';
    }
  };

  /** Statements on a pool or a connection; `recording` when each one commits on its own. */
  const over = (client: pg.Pool | pg.PoolClient, recording: boolean): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      if (recording && !READ_COMMANDS.has(result.command)) await recordPosition(client);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
      if (recording) await recordPosition(client);
    },
  });

  const primary = over(pool, true);
  const readers: Replica[] = standbys.map((url) => {
    const readerPool = pools.open(url, READER_CONNECT_MS);
    return { name: serverName(url), pool: readerPool, queries: over(readerPool, false), replayed: 0n, downUntil: 0 };
  });
  if (replicas) await Promise.all(readers.map((reader) => checkStandby(reader, replicas)));

  return {
    kind: 'postgres',
    ...primary,
    ...(replicas && readers.length > 0 ? { reads: replicaReads(primary, readers, replicas) } : {}),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(over(client, false));
        await client.query('COMMIT');
        await recordPosition(client);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    useGeometryParser: pools.useGeometryParser,
    close: async () => {
      await Promise.all([pool.end(), ...readers.map((r) => r.pool.end())]);
    },
  };
}
