/**
 * A province's census in one database (migration 018), server backend only: hazard points of many
 * counties, each county in its partition. A county's reads through the store — its count and extent,
 * a page of items in a box, one feature by id — are timed with PostgreSQL pruning to the county's
 * partition and, as the baseline in the same run, the same statements on the same data with
 * `enable_partition_pruning = off`, so every partition is visited. Bare SQL on one connection, the
 * statements exactly as the store sent them.
 *
 * `benchCounties({ quick })` is called by run.ts; `npx tsx scripts/bench/counties.ts` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import type { Db } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPostgres } from '../../server/store/postgres.ts';
import { createSqlStore } from '../../server/store/sql-store.ts';
import type { Store } from '../../server/store/store.ts';
import { postgresUnavailable, startPostgres } from '../../test/support/postgres-server.ts';
import type { Statement } from './backends.ts';
import { count, interleaved, ms, type Plan, type Timing, table, times } from './measure.ts';

const hazards = findLayer('hazards') as LayerDef;

export interface CountiesFigure {
  counties: number;
  perCounty: number;
  read: string;
  pruned: Timing;
  unpruned: Timing;
  /** unpruned p50 ÷ pruned p50. */
  gain: number;
}

/** The county codes of the bench: 350101, 350102, … as a province's would run. */
const codeOf = (i: number) =>
  `35${String(Math.floor(i / 20) + 1).padStart(2, '0')}${String((i % 20) + 1).padStart(2, '0')}`;

/** Points in a county's own 0.2° square, so a county's box holds its own points alone. */
async function fill(db: Db, counties: number, perCounty: number): Promise<string[]> {
  const codes = Array.from({ length: counties }, (_, i) => codeOf(i));
  for (const [i, code] of codes.entries()) {
    await db.query('SELECT onemap_add_county($1)', [code]);
    const [x, y] = [110 + (i % 10) * 0.2, 25 + Math.floor(i / 10) * 0.2];
    await db.query(
      `INSERT INTO hazards (name, kind, stage, county_code, geom)
       SELECT '隐患点' || n, 'landslide', 'found', $1,
              ST_SetSRID(ST_MakePoint($2 + random() * 0.2, $3 + random() * 0.2), 4326)
       FROM generate_series(1, $4) n`,
      [code, x, y, perCounty],
    );
  }
  await db.exec('ANALYZE hazards');
  return codes;
}

/** The store's statements for `work`, in a county's scope. */
async function statementsOf(raw: Db, code: string, work: (store: Store) => Promise<unknown>): Promise<Statement[]> {
  const log: Statement[] = [];
  const recording: Db = {
    ...raw,
    query<Row>(sql: string, params: unknown[] = []) {
      log.push({ sql, params });
      return raw.query<Row>(sql, params);
    },
  };
  await work(createSqlStore(recording, { kind: 'county', code }));
  return log;
}

export async function benchCounties({ quick }: { quick: boolean }): Promise<CountiesFigure[]> {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(`the server backend is needed: ${unavailable}`);
  const [counties, perCounty] = quick ? [20, 500] : [100, 10_000];
  const plan: Plan = quick ? { warmup: 5, iterations: 40 } : { warmup: 5, iterations: 100 };
  const server = await startPostgres();
  let raw: Db | undefined;
  const client = new pg.Client(server.url('onemap'));
  try {
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    await admin.query('CREATE DATABASE onemap');
    await admin.end();
    raw = await openPostgres(server.url('onemap'));
    await migrate(raw);
    const [{ oid }] = await raw.query<{ oid: number }>(`SELECT 'geometry'::regtype::oid AS oid`);
    raw.useGeometryParser(Number(oid));
    const codes = await fill(raw, counties, perCounty);
    const code = codes[Math.floor(counties / 2)];
    const [{ id }] = await raw.query<{ id: string }>('SELECT id FROM hazards WHERE county_code = $1 LIMIT 1', [code]);
    const i = codes.indexOf(code);
    const [x, y] = [110 + (i % 10) * 0.2, 25 + Math.floor(i / 10) * 0.2];
    const reads: Array<[string, (store: Store) => Promise<unknown>]> = [
      ['count and extent (GET /collections/hazards)', (s) => s.summarize(hazards)],
      [
        'a page of 100 in a box (GET …/items?bbox)',
        (s) =>
          s.listItems(hazards, {
            audience: 'internal',
            bbox: [x + 0.05, y + 0.05, x + 0.1, y + 0.1],
            filters: [],
            limit: 100,
            offset: 0,
          }),
      ],
      ['one feature by id (GET …/items/{id})', (s) => s.getItem(hazards, id, 'internal')],
    ];
    await client.connect();
    const replay = (statements: Statement[], pruning: boolean) => async (iterations: number) => {
      await client.query(`SET enable_partition_pruning = ${pruning ? 'on' : 'off'}`);
      const out: number[] = [];
      for (let n = 0; n < iterations; n++) {
        const start = performance.now();
        for (const { sql, params } of statements) await client.query(sql, params);
        out.push(performance.now() - start);
      }
      return out;
    };
    const figures: CountiesFigure[] = [];
    for (const [read, work] of reads) {
      const statements = await statementsOf(raw, code, work);
      const timed = await interleaved(plan, { pruned: replay(statements, true), unpruned: replay(statements, false) });
      figures.push({ counties, perCounty, read, ...timed, gain: timed.unpruned.p50 / timed.pruned.p50 });
    }
    console.log(formatCounties(figures));
    return figures;
  } finally {
    await client.end().catch(() => {});
    await raw?.close();
    await server.stop();
  }
}

function formatCounties(figures: CountiesFigure[]): string {
  const [first] = figures;
  return [
    `Hazard points of ${first.counties} counties × ${count(first.perCounty)} in one partitioned table ` +
      `(${count(first.counties * first.perCounty)} rows); one county's reads as the store sends them, bare SQL; ms.`,
    table(
      ['read', 'pruned p50', 'p99', 'every partition p50', 'p99', 'pruning gain'],
      figures.map((f) => [
        f.read,
        ms(f.pruned.p50),
        ms(f.pruned.p99),
        ms(f.unpruned.p50),
        ms(f.unpruned.p99),
        times(f.gain),
      ]),
      [false, true, true, true, true, true],
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchCounties({ quick: process.argv.includes('--quick') });
}
