import { accountQueries } from './accounts.ts';
import { auditQueries } from './audit.ts';
import type { Db } from './db.ts';
import { publicationQueries } from './publications.ts';
import { sqlReads } from './sql-reads.ts';
import { sqlWrites } from './sql-writes.ts';
import type { Store } from './store.ts';

/** The store's named queries: the same SQL on both backends. */
export function createSqlStore(db: Db): Store {
  return {
    kind: db.kind,
    accounts: accountQueries(db),
    publications: publicationQueries(db),
    ...sqlReads(db),
    ...sqlWrites(db),
    ...auditQueries(db),
    close: () => db.close(),
  };
}
