import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';
import { parseEwkb } from './ewkb.ts';
import { fifo } from './fifo.ts';

/**
 * Operations the one connection queues before it refuses more. Each request has at most one waiting
 * at a time, so this is about the requests in flight; at a few milliseconds an operation the last
 * in line waits some seconds.
 */
const QUEUE_LIMIT = 1000;

/**
 * PGlite with PostGIS, in-process, its data in a directory on disk. PGlite is one connection: every
 * query, statement batch and transaction goes through one fair queue (fifo.ts) in arrival order.
 */
export async function openEmbedded(dataDir: string, queueLimit = QUEUE_LIMIT): Promise<Db> {
  const pg = new PGlite(dataDir, { extensions: { postgis } });
  await pg.waitReady;
  let parsers: Record<number, (value: string) => unknown> = {};
  const line = fifo(queueLimit);

  // Statements inside a transaction go straight to it: the transaction already holds the line.
  const over = (target: PGlite | Transaction): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params, { parsers });
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  const direct = over(pg);

  return {
    kind: 'embedded',
    query: (sql, params) => line.run(() => direct.query(sql, params)),
    exec: (sql) => line.run(() => direct.exec(sql)),
    transaction: (work) => line.run(() => pg.transaction((tx) => work(over(tx)))),
    useGeometryParser(oid) {
      parsers = { [oid]: parseEwkb };
    },
    close: () => pg.close(),
  };
}
