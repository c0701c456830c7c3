import pg from 'pg';
import type { Db, Queryable } from './db.ts';
import { parseEwkb } from './ewkb.ts';

/** A pool against a PostgreSQL/PostGIS server; several API processes may share the database. */
export async function openPostgres(connectionString: string, maxConnections = 10): Promise<Db> {
  let geometryOid = -1;
  // Per-pool type parsing (not pg's global registry), so stores in one process stay independent.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === geometryOid) return parseEwkb;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString, max: maxConnections, types });
  // A dropped idle connection must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  await pool.query('SELECT 1');

  const over = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });

  return {
    kind: 'postgres',
    ...over(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    useGeometryParser(oid) {
      geometryOid = oid;
    },
    close: () => pool.end(),
  };
}
