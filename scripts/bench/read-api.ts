/**
 * The read API under load: items pages and bbox queries end to end over HTTP, each beside baselines
 * taken in the same run on the same data — the store's own SQL sent bare through the driver (what the
 * API layer costs), the same SQL with index scans off (what the GiST index buys), and a client that
 * downloads the whole layer once and filters in JS.
 */
import type { AddressInfo } from 'node:net';
import type { FeatureCollection, Point } from 'geojson';
import { createApp } from '../../server/app.ts';
import { findLayer } from '../../server/layers/registry.ts';
import type { Queryable } from '../../server/store/db.ts';
import type { BBox } from '../../server/store/store.ts';
import type { BenchBackend, Statement } from './backends.ts';
import {
  type Block,
  count,
  interleaved,
  ms,
  once,
  type Plan,
  round,
  samples,
  type Timing,
  table,
  time,
  times,
} from './measure.ts';
import { inBox, QUERY_BOXES, syntheticShelters } from './synthetic.ts';

const LAYER = 'shelters';
/** Features per insertFeatures call: each call is one transaction, like a large import. */
const LOAD_BATCH = 5000;
/** The API's maximum page, so downloading everything takes as few requests as it can. */
const DOWNLOAD_PAGE = 10_000;

export interface QueryFigure {
  id: string;
  label: string;
  path: string;
  matched: number;
  returned: number;
  /** End to end: request over loopback HTTP, Express, store, driver, JSON, response body read. */
  http: Timing;
  /** The statements the store sent for that request, replayed through the driver; rows parsed, no HTTP. */
  bareSql: Timing;
  /** The same statements with index scans off, for bbox queries. */
  noIndex?: Timing;
  /** The count statement alone, with and without the index: the filtering, without shipping rows. */
  countOnly?: { indexed: Timing; noIndex: Timing };
  /** Scan nodes of the page query's plan, to show the baseline really differs in the index. */
  plans?: { indexed: string; noIndex: string };
}

export interface ClientFilter {
  box: string;
  matched: number;
  filter: Timing;
}

export interface SizeResult {
  n: number;
  load: { seconds: number; featuresPerSecond: number; batch: number };
  queries: QueryFigure[];
  clientSide: { downloadMs: number; requests: number; filters: ClientFilter[] };
}

export interface ReadApiResult {
  backend: string;
  versions: BenchBackend['versions'];
  /** A request that touches no database, so HTTP÷SQL can be read as a fixed cost plus a per-row one. */
  httpFloor: { path: string; timing: Timing };
  sizes: SizeResult[];
}

async function replay(q: Queryable, statements: Statement[]): Promise<unknown[][]> {
  const results: unknown[][] = [];
  for (const s of statements) results.push(await q.query(s.sql, s.params));
  return results;
}

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

function scans(node: PlanNode): string[] {
  const own = node['Node Type'].includes('Scan')
    ? [`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

/** The scan nodes of a statement's plan, e.g. `Bitmap Heap Scan + Bitmap Index Scan shelters_geom_idx`. */
export async function explain(q: Queryable, s: Statement): Promise<string> {
  const [row] = await q.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
  const raw = row['QUERY PLAN'];
  const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  return scans(plan.Plan).join(' + ');
}

async function get(base: string, path: string): Promise<ArrayBuffer> {
  const response = await fetch(base + path);
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${new TextDecoder().decode(body)}`);
  return body;
}

async function load(backend: BenchBackend, n: number): Promise<SizeResult['load']> {
  const layer = findLayer(LAYER);
  if (!layer) throw new Error(`no layer ${LAYER}`);
  await backend.db.exec(`TRUNCATE ${LAYER}, history`);
  const features = syntheticShelters(n);
  const { ms: elapsed } = await once(async () => {
    for (let i = 0; i < n; i += LOAD_BATCH) {
      await backend.store.insertFeatures(layer, features.slice(i, i + LOAD_BATCH), { user: 'bench' });
    }
  });
  // Fresh rows have no statistics yet, and the planner's guesses could pick plans a settled table never
  // would; this is the state a layer is in once autovacuum has been by.
  await backend.db.exec(`VACUUM ANALYZE ${LAYER}`);
  return { seconds: elapsed / 1000, featuresPerSecond: n / (elapsed / 1000), batch: LOAD_BATCH };
}

async function measureQuery(
  backend: BenchBackend,
  base: string,
  plan: Plan,
  query: { id: string; label: string; path: string; bbox?: BBox },
): Promise<QueryFigure> {
  let body: ArrayBuffer | undefined;
  const statements = await backend.capture(async () => {
    body = await get(base, query.path);
  });
  if (statements.length === 0 || !body) throw new Error(`${query.path} sent no SQL`);
  const page = JSON.parse(new TextDecoder().decode(body)) as { numberMatched: number; numberReturned: number };

  const http: Block = (n) => samples(n, () => get(base, query.path));
  const bareSql: Block = (n) => samples(n, () => replay(backend.db, statements));
  const rows = { matched: page.numberMatched, returned: page.numberReturned };
  if (!query.bbox) return { ...query, ...rows, ...(await interleaved(plan, { http, bareSql })) };

  // A baseline that returned different rows would measure a different question.
  const indexed = JSON.stringify(await replay(backend.db, statements));
  const pageStatement = statements[statements.length - 1];
  const countStatement = statements.filter((s) => /count\(\*\)/.test(s.sql));
  const plans = {
    indexed: await explain(backend.db, pageStatement),
    noIndex: await backend.withoutIndexes(async (q) => {
      if (JSON.stringify(await replay(q, statements)) !== indexed) {
        throw new Error(`${query.label}: the query without indexes returned different rows`);
      }
      return explain(q, pageStatement);
    }),
  };
  // Each block of no-index runs is its own transaction: PGlite serves nothing else while one is open.
  const { countIndexed, countNoIndex, ...timings } = await interleaved(
    plan,
    {
      http,
      bareSql,
      noIndex: (n) => backend.withoutIndexes((q) => samples(n, () => replay(q, statements))),
      countIndexed: (n) => samples(n, () => replay(backend.db, countStatement)),
      countNoIndex: (n) => backend.withoutIndexes((q) => samples(n, () => replay(q, countStatement))),
    },
    ['noIndex', 'countNoIndex'],
  );
  return { ...query, ...rows, ...timings, countOnly: { indexed: countIndexed, noIndex: countNoIndex }, plans };
}

/** Downloads the layer as a client without bbox support would, then filters it in memory. */
async function clientSide(base: string, plan: Plan, queries: QueryFigure[]): Promise<SizeResult['clientSide']> {
  let requests = 0;
  const download = await once(async () => {
    const points: number[][] = [];
    for (let offset = 0; ; offset += DOWNLOAD_PAGE) {
      const body = await get(base, `/collections/${LAYER}/items?limit=${DOWNLOAD_PAGE}&offset=${offset}`);
      requests++;
      const page = JSON.parse(new TextDecoder().decode(body)) as FeatureCollection<Point>;
      for (const f of page.features) points.push(f.geometry.coordinates);
      if (page.features.length < DOWNLOAD_PAGE) return points;
    }
  });
  const filters: ClientFilter[] = [];
  for (const [name, box] of Object.entries(QUERY_BOXES)) {
    const matched = download.value.filter((p) => inBox(box.bbox, p)).length;
    const server = queries.find((q) => q.id === `bbox-${name}`);
    if (server && server.matched !== matched) {
      throw new Error(`client-side filter found ${matched} in the ${box.label} box, the API ${server.matched}`);
    }
    filters.push({
      box: box.label,
      matched,
      filter: await time(plan, () => download.value.filter((p) => inBox(box.bbox, p))),
    });
  }
  return { downloadMs: download.ms, requests, filters };
}

async function measureSize(backend: BenchBackend, base: string, plan: Plan, n: number): Promise<SizeResult> {
  const loaded = await load(backend, n);
  const items = `/collections/${LAYER}/items`;
  const queries: QueryFigure[] = [];
  const list = [
    { id: 'first-page', label: 'items first page', path: `${items}?limit=100` },
    { id: 'deep-page', label: `items page at offset ${count(n / 2)}`, path: `${items}?limit=100&offset=${n / 2}` },
    ...Object.entries(QUERY_BOXES).map(([name, box]) => ({
      id: `bbox-${name}`,
      label: `bbox ${box.label}, limit 1000`,
      path: `${items}?bbox=${box.bbox.join(',')}&limit=1000`,
      bbox: box.bbox,
    })),
  ];
  for (const query of list) queries.push(await measureQuery(backend, base, plan, query));
  return { n, load: loaded, queries, clientSide: await clientSide(base, plan, queries) };
}

export async function benchReadApi(backend: BenchBackend, sizes: number[], plan: Plan): Promise<ReadApiResult> {
  const app = createApp({ store: backend.store, config: { corsOrigins: '*', publicReads: 'live' } });
  const server = app.listen(0, '127.0.0.1');
  // Loading 100,000 features into PGlite blocks the event loop for seconds, so the server's idle timer
  // fires late and can close a kept-alive socket just as the client reuses it (ECONNRESET). The client
  // (undici) closes idle sockets itself, so the server need not.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const floorPath = `/collections/${LAYER}/queryables`;
    const httpFloor = { path: floorPath, timing: await time(plan, () => get(base, floorPath)) };
    const results: SizeResult[] = [];
    for (const n of sizes) results.push(await measureSize(backend, base, plan, n));
    return { backend: backend.name, versions: backend.versions, httpFloor, sizes: results };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The figures as one plain-text table per backend, plus the load and download figures. */
export function formatReadApi(result: ReadApiResult): string {
  const dash = '—';
  const rows: string[][] = [];
  for (const size of result.sizes) {
    for (const q of size.queries) {
      rows.push([
        count(size.n),
        q.label,
        count(q.matched),
        count(q.returned),
        ms(q.http.p50),
        ms(q.http.p99),
        ms(q.bareSql.p50),
        times(q.http.p50 / q.bareSql.p50),
        q.noIndex ? ms(q.noIndex.p50) : dash,
        q.noIndex ? times(q.noIndex.p50 / q.bareSql.p50) : dash,
      ]);
    }
    for (const f of size.clientSide.filters) {
      const cells = [`JS filter ${f.box} (all in memory)`, count(f.matched), count(f.matched)];
      rows.push([count(size.n), ...cells, ms(f.filter.p50), ms(f.filter.p99), dash, dash, dash, dash]);
    }
  }
  const queries = table(
    [
      'N',
      'figure',
      'matched',
      'returned',
      'p50 ms',
      'p99 ms',
      'bare SQL p50',
      'HTTP÷SQL',
      'no index p50',
      'index gain',
    ],
    rows,
    [true, false, true, true, true, true, true, true, true, true],
  );

  const other = table(
    ['N', 'load features/s', 'load s', 'download all ms', 'requests', 'download ÷ bbox 2 km p50'],
    result.sizes.map((size) => {
      const small = size.queries.find((q) => q.id === 'bbox-small');
      return [
        count(size.n),
        count(size.load.featuresPerSecond),
        size.load.seconds.toFixed(2),
        ms(size.clientSide.downloadMs),
        String(size.clientSide.requests),
        small ? times(size.clientSide.downloadMs / small.http.p50) : dash,
      ];
    }),
    [true, true, true, true, true, true],
  );

  const indexRows = result.sizes.flatMap((size) =>
    size.queries.flatMap((q) => {
      if (!q.plans || !q.countOnly) return [];
      const { indexed, noIndex } = q.countOnly;
      const cells = [ms(indexed.p50), ms(noIndex.p50), times(noIndex.p50 / indexed.p50)];
      return [[count(size.n), q.label, ...cells, q.plans.indexed, q.plans.noIndex]];
    }),
  );
  const index = table(
    ['N', 'bbox', 'count(*) p50', 'no index', 'gain', 'page query plan (scans)', 'without index'],
    indexRows,
    [true, false, true, true, true, false, false],
  );

  const floor = `HTTP floor (GET ${result.httpFloor.path}, no database): p50 ${ms(result.httpFloor.timing.p50)} ms, \
p99 ${ms(result.httpFloor.timing.p99)} ms`;
  return `${queries}\n\n${other}\n\n${index}\n\n${floor}`;
}

/** The result for the JSON file: milliseconds rounded, nothing else changed. */
export function readApiJson(result: ReadApiResult): unknown {
  const timing = (t: Timing | undefined) =>
    t && { p50: round(t.p50), p99: round(t.p99), min: round(t.min), max: round(t.max), iterations: t.iterations };
  return {
    ...result,
    httpFloor: { path: result.httpFloor.path, timing: timing(result.httpFloor.timing) },
    sizes: result.sizes.map((size) => ({
      n: size.n,
      load: {
        seconds: round(size.load.seconds),
        featuresPerSecond: Math.round(size.load.featuresPerSecond),
        batch: size.load.batch,
      },
      queries: size.queries.map((q) => ({
        ...q,
        http: timing(q.http),
        bareSql: timing(q.bareSql),
        noIndex: timing(q.noIndex),
        countOnly: q.countOnly && { indexed: timing(q.countOnly.indexed), noIndex: timing(q.countOnly.noIndex) },
        ratios: {
          httpOverBareSql: round(q.http.p50 / q.bareSql.p50, 2),
          ...(q.noIndex && { noIndexOverIndexed: round(q.noIndex.p50 / q.bareSql.p50, 2) }),
        },
      })),
      clientSide: {
        downloadMs: round(size.clientSide.downloadMs),
        requests: size.clientSide.requests,
        filters: size.clientSide.filters.map((f) => ({ ...f, filter: timing(f.filter) })),
      },
    })),
  };
}
