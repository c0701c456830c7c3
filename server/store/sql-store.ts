import type { Db } from './db.ts';
import { sqlReads } from './sql-reads.ts';
import { sqlWrites } from './sql-writes.ts';
import type { Store } from './store.ts';

/** The store's named queries: the same SQL on both backends. */
export function createSqlStore(db: Db): Store {
  return { kind: db.kind, ...sqlReads(db), ...sqlWrites(db), close: () => db.close() };
}
