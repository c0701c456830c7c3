import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';
import { parseEwkb } from './ewkb.ts';

/** PGlite with PostGIS, in-process, its data in a directory on disk. */
export async function openEmbedded(dataDir: string): Promise<Db> {
  const pg = new PGlite(dataDir, { extensions: { postgis } });
  await pg.waitReady;
  let parsers: Record<number, (value: string) => unknown> = {};

  const over = (target: PGlite | Transaction): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params, { parsers });
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });

  return {
    kind: 'embedded',
    ...over(pg),
    transaction: (work) => pg.transaction((tx) => work(over(tx))),
    useGeometryParser(oid) {
      parsers = { [oid]: parseEwkb };
    },
    close: () => pg.close(),
  };
}
