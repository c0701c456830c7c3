import { accountQueries } from './accounts.ts';
import { auditQueries } from './audit.ts';
import type { Db } from './db.ts';
import { jsTiles } from './js-tiles.ts';
import { publicationQueries } from './publications.ts';
import { securityLogQueries } from './security-log.ts';
import { sqlReads } from './sql-reads.ts';
import { sqlTiles } from './sql-tiles.ts';
import { sqlWrites } from './sql-writes.ts';
import type { Store } from './store.ts';

/** The store's named queries: the same SQL on both backends. */
export function createSqlStore(db: Db): Store {
  const reads = sqlReads(db);
  return {
    kind: db.kind,
    accounts: accountQueries(db),
    publications: publicationQueries(db),
    securityLog: securityLogQueries(db),
    ...reads,
    ...sqlWrites(db),
    // PGlite's PostGIS has no ST_AsMVT: the embedded backend cuts tiles in JavaScript.
    ...(db.kind === 'postgres' ? sqlTiles(db) : jsTiles(reads)),
    ...auditQueries(db),
    close: () => db.close(),
  };
}
