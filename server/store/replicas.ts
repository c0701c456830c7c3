import type pg from 'pg';
import { parseLsn } from '../../catalog/commit-position.ts';
import type { Queryable } from './db.ts';
import { currentReadSession } from './read-session.ts';

/** How reads are spread over hot standbys (DATABASE_READ_URLS). */
export interface ReadReplicas {
  /** Connection strings of hot standbys streaming from the primary. */
  urls: string[];
  /**
   * How long a read that must see a commit position waits for its standby to replay it before the
   * primary answers instead.
   */
  waitMs: number;
  /** Where a standby that cannot answer is reported. */
  warn(message: string): void;
}

/** A standby's pool and what is known of it. */
export interface Replica {
  /** host:port/database, for messages: never the password. */
  name: string;
  pool: pg.Pool;
  queries: Queryable;
  /** The furthest position it was seen to have replayed. */
  replayed: bigint;
  /** Until when it is left alone after it could not be reached (ms since the epoch). */
  downUntil: number;
}

/** How often a waiting read asks its standby how far it has replayed. */
const POLL_MS = 1;
/** How long a standby that could not be reached is left alone before it is tried again. */
const RETRY_MS = 5000;

/**
 * Errors that say the standby, not the statement, is at fault: no connection (an error from the
 * driver, not the server, or class 08), shutting down or starting (57P), out of connections
 * (53300), or a query cancelled because replay needed what it read (40001, a recovery conflict).
 * The primary answers those; any other error is the statement's and would be the same there.
 */
function standbyFault(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  // Only the server's own errors carry a severity; any other is the connection's.
  if (typeof severity !== 'string' || typeof code !== 'string') return true;
  return code.startsWith('08') || code.startsWith('57P') || code === '53300' || code === '40001';
}

/**
 * Reads known to be reads (the store's sql-reads and tiles) go to a standby: the least busy one, and
 * for the rest of a session the same one (read-session.ts). A session with a floor waits, bounded,
 * until its standby has replayed it, polling `pg_last_wal_replay_lsn()` (PostgreSQL 15 has no
 * server-side wait), else reads the primary for the rest of the session. A standby that cannot be
 * reached is reported once and skipped for a while; its reads go to the primary, never to an error.
 */
export function replicaReads(primary: Queryable, replicas: Replica[], options: ReadReplicas): Queryable {
  let turn = 0;

  const down = (replica: Replica, why: string) => {
    if (replica.downUntil <= Date.now()) {
      options.warn(`Read replica ${replica.name} cannot answer (${why}): its reads go to the primary.`);
    }
    replica.downUntil = Date.now() + RETRY_MS;
  };

  /** The least busy standby that is up, taking turns among equals; undefined when none is. */
  const leastBusy = (): number | undefined => {
    let best: number | undefined;
    let bestLoad = Number.POSITIVE_INFINITY;
    turn = (turn + 1) % replicas.length;
    for (let k = 0; k < replicas.length; k++) {
      const i = (turn + k) % replicas.length;
      const { pool, downUntil } = replicas[i];
      if (downUntil > Date.now()) continue;
      const load = pool.totalCount - pool.idleCount + pool.waitingCount;
      if (load < bestLoad) [best, bestLoad] = [i, load];
    }
    return best;
  };

  /** Whether the standby has replayed `floor` within the wait. */
  const caughtUp = async (replica: Replica, floor: bigint): Promise<boolean> => {
    const deadline = performance.now() + options.waitMs;
    for (;;) {
      const [row] = await replica.queries.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
      const replayed = row?.lsn ? parseLsn(row.lsn) : undefined;
      if (replayed === undefined) {
        down(replica, 'it is not a standby in recovery');
        return false;
      }
      if (replayed > replica.replayed) replica.replayed = replayed;
      if (replayed >= floor) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  /** A read on the session's standby (the least busy when it has none), else on the primary. */
  const route = async <T>(work: (q: Queryable) => Promise<T>): Promise<T> => {
    const session = currentReadSession();
    const index = session?.source ?? leastBusy();
    const replica = typeof index === 'number' ? replicas[index] : undefined;
    if (replica && replica.downUntil <= Date.now()) {
      // Chosen before any wait, so that the session's other reads meanwhile go to the same standby.
      if (session) session.source = index;
      try {
        if (!session || session.floor <= replica.replayed || (await caughtUp(replica, session.floor))) {
          return await work(replica.queries);
        }
      } catch (error) {
        if (!standbyFault(error)) throw error;
        // A recovery conflict cancels one query; the standby itself is fine.
        if ((error as { code?: string }).code !== '40001') down(replica, (error as Error).message);
      }
    }
    if (session) session.source = 'primary';
    return work(primary);
  };

  return {
    query: <Row>(sql: string, params?: unknown[]) => route((q) => q.query<Row>(sql, params)),
    exec: (sql: string) => route((q) => q.exec(sql)),
  };
}
