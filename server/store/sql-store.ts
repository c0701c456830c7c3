import { accountQueries } from './accounts.ts';
import { auditQueries } from './audit.ts';
import type { CountyScope } from './county.ts';
import type { Db, Queryable } from './db.ts';
import { districtQueries } from './district.ts';
import { fromDatabase } from './errors.ts';
import { incidentQueries } from './incidents.ts';
import { jsTiles } from './js-tiles.ts';
import { publicationQueries } from './publications.ts';
import { scenarioQueries } from './scenarios.ts';
import { securityLogQueries } from './security-log.ts';
import { sqlNear } from './sql-near.ts';
import { sqlReads } from './sql-reads.ts';
import { sqlTiles } from './sql-tiles.ts';
import { sqlWrites } from './sql-writes.ts';
import { sqlZoneLevels } from './sql-zone-levels.ts';
import type { Store } from './store.ts';
import { terrainQueries } from './terrain.ts';

const rethrown = (error: unknown): never => {
  throw fromDatabase(error);
};

function translating(target: Queryable): Queryable {
  return {
    query: <Row>(sql: string, params?: unknown[]) => target.query<Row>(sql, params).catch(rethrown),
    exec: (sql) => target.exec(sql).catch(rethrown),
  };
}

/** Every statement's errors in the store's words (errors.ts), whichever named query ran it. */
function inStoreWords(db: Db): Db {
  return {
    ...translating(db),
    kind: db.kind,
    ...(db.reads ? { reads: translating(db.reads) } : {}),
    transaction: (work) => db.transaction((tx) => work(translating(tx))).catch(rethrown),
    useGeometryParser: (oid) => db.useGeometryParser(oid),
    close: () => db.close(),
  };
}

/**
 * The store's named queries: the same SQL on both backends. The named reads (and tiles) may be
 * answered by a read replica; everything else, and every statement inside a transaction, by the primary.
 * The layers kept per county are seen through `county` (county.ts).
 */
export function createSqlStore(raw: Db, county: CountyScope): Store {
  const db = inStoreWords(raw);
  const readOnly: Db = db.reads ? { ...db, ...db.reads } : db;
  const reads = sqlReads(readOnly, county);
  return {
    kind: db.kind,
    county,
    accounts: accountQueries(db),
    publications: publicationQueries(db),
    securityLog: securityLogQueries(db),
    scenarios: scenarioQueries(db, county),
    incidents: incidentQueries(db),
    district: districtQueries(db, county),
    terrain: terrainQueries(db),
    ...reads,
    ...sqlNear(readOnly, county),
    ...sqlZoneLevels(db, county),
    ...sqlWrites(db, county),
    // PGlite's PostGIS has no ST_AsMVT: the embedded backend cuts tiles in JavaScript.
    ...(db.kind === 'postgres' ? sqlTiles(readOnly, county) : jsTiles(reads)),
    ...auditQueries(db),
    inCounty: (other) => ({ ...createSqlStore(raw, other), close: async () => {} }),
    close: () => db.close(),
  };
}
