/**
 * Import throughput, end to end through the library the CLI and the API use: a generated CSV of
 * shelters in Gauss-Krüger metres (survey order, zone number in the easting, value labels, a GBK
 * encoding as Chinese Excel saves it) is read, mapped, projected, checked and written in one
 * transaction to a fresh PostgreSQL/PostGIS server holding the demo district's admin areas, so the
 * district check and the township trigger do their real work. Then the same file again, which
 * finds every row unchanged. Target: 100,000 rows in under 30 s.
 *
 * `benchImport({ quick })` is called by run.ts; `npx tsx scripts/bench/import.ts [--quick]` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import pg from 'pg';
import proj4 from 'proj4';
import { mulberry32 } from '../../catalog/random.ts';
import { readDemoLayer } from '../../server/demo/load-demo.ts';
import { type ImportReport, importFile } from '../../server/import/index.ts';
import { findLayer } from '../../server/layers/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { startPostgres } from '../../test/support/postgres-server.ts';
import { count } from './measure.ts';
import { DISTRICT } from './synthetic.ts';

export interface ImportBenchResult {
  rows: number;
  /** Reading, mapping, projecting and checking every row, before the write starts. */
  checkSeconds: number;
  /** The one transaction that writes them, with their history rows. */
  writeSeconds: number;
  seconds: number;
  rowsPerSecond: number;
  /** The same file again: every row found unchanged, nothing written. */
  reimportSeconds: number;
  versions: { postgres: string; postgis: string };
}

const ZONE_40 =
  '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +a=6378137 +rf=298.257222101 +units=m +no_defs';
const GRADES = ['A类', 'B类', 'C类'];
const KINDS = ['紧急避难场所', '固定避难场所', '中心避难场所'];

/** Seeded rows over the district, as a bureau's survey sheet has them: X is the northing. */
export function surveySheet(rows: number): Buffer {
  const random = mulberry32(20250701);
  const toZone = proj4('EPSG:4326', ZONE_40);
  const [x0, y0, x1, y1] = DISTRICT;
  const lines = ['编号,名称,等级,类型,容纳人数,有效面积（㎡）,是否规范化,地址,X,Y'];
  for (let i = 1; i <= rows; i++) {
    const lon = x0 + 0.05 + random() * (x1 - x0 - 0.1);
    const lat = y0 + 0.05 + random() * (y1 - y0 - 0.1);
    const [easting, northing] = toZone.forward([lon, lat]);
    const capacity = 200 + Math.floor(random() * 5000);
    lines.push(
      [
        `BN${String(i).padStart(6, '0')}`,
        `演示避难场所${i}号`,
        GRADES[i % 3],
        KINDS[i % 3],
        capacity,
        capacity * 2,
        i % 10 ? '是' : '否',
        `莆田市涵江区演示路${i}号`,
        northing.toFixed(3),
        easting.toFixed(3),
      ].join(','),
    );
  }
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk');
}

async function timed(store: Store, bytes: Buffer): Promise<{ report: ImportReport; check: number; total: number }> {
  const start = performance.now();
  let writeStart = Number.NaN;
  const report = await importFile(store, bytes, {
    filename: 'bench-shelters.csv',
    layer: 'shelters',
    user: 'bench',
    onProgress: (p) => {
      if (p.stage === 'write') writeStart = performance.now();
    },
  });
  const end = performance.now();
  return { report, check: ((Number.isNaN(writeStart) ? end : writeStart) - start) / 1000, total: (end - start) / 1000 };
}

export async function benchImport({ quick }: { quick: boolean }): Promise<ImportBenchResult> {
  const rows = quick ? 10_000 : 100_000;
  const bytes = surveySheet(rows);
  const server = await startPostgres();
  let store: Store | undefined;
  try {
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    await admin.query('CREATE DATABASE onemap_import_bench');
    await admin.end();
    store = await openStore({ databaseUrl: server.url('onemap_import_bench'), dataDir: '' });
    const adminAreas = findLayer('admin_areas');
    if (!adminAreas) throw new Error('no admin_areas layer');
    await store.insertFeatures(adminAreas, (await readDemoLayer('admin_areas')).features, { user: 'bench' });

    const first = await timed(store, bytes);
    if (!first.report.result.written || first.report.result.created !== rows) {
      throw new Error(
        `the import did not write ${rows} rows: ${first.report.result.reason ?? JSON.stringify(first.report.result)}`,
      );
    }
    const again = await timed(store, bytes);
    if (again.report.result.unchanged !== rows) throw new Error('the re-import did not find every row unchanged');

    const versions = await versionsOf(server.url('onemap_import_bench'));
    const result: ImportBenchResult = {
      rows,
      checkSeconds: first.check,
      writeSeconds: first.total - first.check,
      seconds: first.total,
      rowsPerSecond: rows / first.total,
      reimportSeconds: again.total,
      versions,
    };
    console.log(formatImport(result));
    return result;
  } finally {
    await store?.close();
    await server.stop();
  }
}

async function versionsOf(url: string) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
    );
    return rows[0] as { postgres: string; postgis: string };
  } finally {
    await client.end();
  }
}

export function formatImport(r: ImportBenchResult): string {
  const s = (v: number) => `${v.toFixed(1)} s`;
  return [
    `\n== import: ${count(r.rows)} CSV rows (GBK, Gauss-Krüger X/Y in survey order) → PostgreSQL ${r.versions.postgres} / PostGIS ${r.versions.postgis} ==`,
    `read, map, project, check: ${s(r.checkSeconds)}; write in one transaction: ${s(r.writeSeconds)}`,
    `total ${s(r.seconds)}, ${count(Math.round(r.rowsPerSecond))} rows/s (target: ${count(100_000)} rows in under 30 s)`,
    `the same file again, every row unchanged: ${s(r.reimportSeconds)}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchImport({ quick: process.argv.includes('--quick') });
}
