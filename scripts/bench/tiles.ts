/**
 * Vector-tile latency on the server backend: a million clustered points in one layer, tiles at z10 and
 * z12 over the densest town, through the HTTP API beside the bare ST_AsMVT statement the store sends,
 * timed in the same run. Target: the API within 1.5× of the bare query. The points are written by one
 * INSERT … SELECT over generate_series (seeded), not through the API: a million features through the
 * write path would take longer than the whole benchmark.
 *
 * `benchTiles({ quick })` is called by run.ts; `npx tsx scripts/bench/tiles.ts [--quick]` runs it alone.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { createApp } from '../../server/app.ts';
import { THINNING_RULE, TILE, type TileAddress, tileAt } from '../../server/tiles/rules.ts';
import { type BenchBackend, openBenchBackend, postgresUnavailable, type Statement } from './backends.ts';
import { count, interleaved, ms, once, type Plan, round, samples, type Timing, table, times } from './measure.ts';
import { explain } from './read-api.ts';
import { CLUSTERED_SHARE, DISTRICT, KM_PER_DEG_LAT, kmPerDegLon, TOWNS } from './synthetic.ts';

const LAYER = 'shelters';
/**
 * Over the densest town at z10 and z12, the figures with a target; and for contrast a countryside tile
 * where the cap does not bind, a query of a millisecond or two beside the fixed cost of a request.
 */
const TILES = [
  { where: `dense (${TOWNS[0].name})`, at: [TOWNS[0].lon, TOWNS[0].lat], z: 10, target: true },
  { where: `dense (${TOWNS[0].name})`, at: [TOWNS[0].lon, TOWNS[0].lat], z: 12, target: true },
  { where: 'sparse (countryside)', at: [119.2, 25.72], z: 14, target: false },
];
const TARGET = 1.5;
const SEED = 0.2025063;

export interface TileFigure {
  where: string;
  /** Whether the 1.5× target applies. */
  target: boolean;
  tile: string;
  /** Points the tile query finds in the tile with its buffer, before thinning. */
  pointsInTile: number;
  featuresInTile: number;
  bytes: number;
  /** GET over loopback HTTP: Express, the change-counter query for the ETag, the tile query, the body read. */
  http: Timing;
  /** The tile statement the store sent, replayed through the same pg Pool. */
  bareSql: Timing;
  httpOverBareSql: number;
  plan: string;
}

export interface TilesBenchResult {
  points: number;
  loadSeconds: number;
  distribution: string;
  thinning: string;
  versions: BenchBackend['versions'];
  tiles: TileFigure[];
}

/** A CASE over the towns, picked by `u` in proportion to their weights (which sum to 1). */
function byTown(u: string, value: (town: (typeof TOWNS)[number]) => number): string {
  let cumulative = 0;
  const arms = TOWNS.map((town) => {
    cumulative += town.weight;
    return `WHEN ${u} < ${cumulative} THEN ${value(town)}`;
  });
  return `CASE ${arms.join(' ')} ELSE ${value(TOWNS[TOWNS.length - 1])} END`;
}

/**
 * The points, drawn as synthetic.ts draws its shelters: 70% in gaussian clusters around the towns,
 * the rest uniform over the district's box; what falls outside the box is dropped (hence 10% spare).
 * Box–Muller turns two uniform draws into the two gaussian offsets. Ids are UUIDs made from the row
 * number, so `ORDER BY id` (the thinning order) is the same on every run. Row numbers start at
 * `first`, so batches written one after another (the scale benchmark's ten million) never share an id.
 */
function loadStatement(n: number, first = 1): string {
  const [x0, y0, x1, y1] = DISTRICT;
  const radius = 'sqrt(-2 * ln(1 - u1))';
  const angle = '2 * pi() * u2';
  const lon = `${byTown('t', (town) => town.lon)} + ${radius} * cos(${angle}) * ${byTown('t', (town) => town.spreadKm / kmPerDegLon(town.lat))}`;
  const lat = `${byTown('t', (town) => town.lat)} + ${radius} * sin(${angle}) * ${byTown('t', (town) => town.spreadKm / KM_PER_DEG_LAT)}`;
  return `
    INSERT INTO ${LAYER} (id, name, source, external_id, grade, level, kind, capacity, free_places, effective_area_m2,
                          standardised, status, facilities, address, contact_person, contact_phone, geom)
    SELECT md5('tiles-bench-' || i)::uuid, '合成避难场所' || i || '号', 'bench', 'tiles-' || i,
           (ARRAY['A', 'B', 'C'])[g], (ARRAY['district', 'township', 'village'])[g],
           (ARRAY['central', 'fixed', 'emergency'])[g], capacity, floor(capacity * u3)::integer, capacity * 2,
           u3 < 0.6, CASE WHEN u3 < 0.9 THEN 'open' ELSE 'closed' END,
           CASE WHEN u3 < 0.5 THEN ARRAY['water', 'power', 'toilets'] ELSE ARRAY['water'] END,
           '涵江区第' || (i % 200 + 1) || '号', '联系人' || (i % 97 + 1), '0594-' || lpad((i % 10000000)::text, 7, '0'),
           ST_SetSRID(ST_MakePoint(round(lon::numeric, 7), round(lat::numeric, 7)), 4326)
    FROM (
      SELECT i, g, u3, (ARRAY[10000, 3000, 500])[g] + floor(u3 * 1000)::integer AS capacity,
             CASE WHEN clustered < ${CLUSTERED_SHARE} THEN ${lon} ELSE ${x0} + ${x1 - x0} * u1 END AS lon,
             CASE WHEN clustered < ${CLUSTERED_SHARE} THEN ${lat} ELSE ${y0} + ${y1 - y0} * u2 END AS lat
      FROM (
        SELECT i, random() AS clustered, random() AS t, random() AS u1, random() AS u2, random() AS u3,
               -- grade A 10%, B 90% × 0.33 ≈ 30%, C 60%, as synthetic.ts draws them
               CASE WHEN random() < 0.1 THEN 1 WHEN random() < 0.33 THEN 2 ELSE 3 END AS g
        FROM generate_series(${first}, ${first + Math.ceil(n * 1.1) - 1}) i
      ) draws
    ) placed
    WHERE lon BETWEEN ${x0} AND ${x1} AND lat BETWEEN ${y0} AND ${y1}
    LIMIT ${n}`;
}

function distribution(n: number): string {
  const towns = TOWNS.map((t) => `${t.name} ${Math.round(t.weight * 100)}% σ ${t.spreadKm} km`).join(', ');
  return (
    `${count(n)} points in \`${LAYER}\` (seeded): ${CLUSTERED_SHARE * 100}% in gaussian clusters around the towns ` +
    `(${towns} of the clustered), the rest uniform over the district's box ${DISTRICT.join(', ')}`
  );
}

/**
 * Writes `n` more points, `batch` at a time (each one transaction, its density cells moved by the
 * layer's statement trigger), seeded; row numbers go on from `first`. Returns the seconds it took.
 */
export async function appendPoints(backend: BenchBackend, n: number, first = 1, batch = n): Promise<number> {
  const { ms: elapsed } = await once(async () => {
    for (let b = 0, done = 0; done < n; b++, done += batch) {
      const size = Math.min(batch, n - done);
      const from = first + b * Math.ceil(batch * 1.1);
      await backend.db.transaction(async (tx) => {
        // setseed holds for this connection only, so it and the insert share the transaction's.
        // A batch of its own draws: the seed moves on with the batch and with where the row numbers start.
        await tx.query('SELECT setseed($1)', [(SEED + b / 97 + (first - 1) / 1e9) % 1]);
        await tx.exec(loadStatement(size, from));
      });
    }
  });
  await backend.db.exec(`VACUUM ANALYZE ${LAYER}`);
  return elapsed / 1000;
}

async function load(backend: BenchBackend, n: number): Promise<number> {
  await backend.db.exec(`TRUNCATE ${LAYER}, history`);
  const seconds = await appendPoints(backend, n);
  const [{ points }] = await backend.db.query<{ points: number }>(`SELECT count(*)::integer AS points FROM ${LAYER}`);
  if (points !== n) throw new Error(`loaded ${points} points, not ${n}`);
  return seconds;
}

export async function get(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return body;
}

async function measureTile(
  backend: BenchBackend,
  base: string,
  plan: Plan,
  { where, target }: { where: string; target: boolean },
  address: TileAddress,
): Promise<TileFigure> {
  const url = `${base}/tiles/${LAYER}/${address.z}/${address.x}/${address.y}.mvt`;
  let body: Uint8Array = new Uint8Array(0);
  const statements = await backend.capture(async () => {
    body = await get(url);
  });
  const tileStatement = statements.find((s) => s.sql.includes('ST_AsMVT'));
  if (!tileStatement) throw new Error(`${url} sent no ST_AsMVT statement`);
  const margin = TILE.buffer / TILE.extent;
  const [{ points }] = await backend.db.query<{ points: number }>(
    `SELECT count(*)::integer AS points FROM ${LAYER}
     WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${margin}), 4326)`,
    [address.z, address.x, address.y],
  );
  const bare = (s: Statement) => backend.db.query(s.sql, s.params);
  const timings = await interleaved(plan, {
    http: (n) => samples(n, () => get(url)),
    bareSql: (n) => samples(n, () => bare(tileStatement)),
  });
  return {
    where,
    target,
    tile: `${address.z}/${address.x}/${address.y}`,
    pointsInTile: points,
    featuresInTile: new VectorTile(new PbfReader(body)).layers[LAYER]?.length ?? 0,
    bytes: body.length,
    ...timings,
    httpOverBareSql: timings.http.p50 / timings.bareSql.p50,
    plan: await explain(backend.db, tileStatement),
  };
}

export function formatTiles(result: TilesBenchResult): string {
  const rows = result.tiles.map((t) => [
    t.where,
    t.tile,
    count(t.pointsInTile),
    count(t.featuresInTile),
    `${(t.bytes / 1024).toFixed(0)} KB`,
    ms(t.http.p50),
    ms(t.http.p99),
    ms(t.bareSql.p50),
    ms(t.bareSql.p99),
    times(t.httpOverBareSql),
    !t.target ? '—' : t.httpOverBareSql <= TARGET ? 'met' : 'missed',
    t.plan,
  ]);
  const figures = table(
    [
      'where',
      'tile z/x/y',
      'points in tile',
      'features',
      'size',
      'HTTP p50',
      'HTTP p99',
      'ST_AsMVT p50',
      'ST_AsMVT p99',
      'HTTP÷SQL',
      `≤ ${TARGET}×`,
      'tile query plan (scans)',
    ],
    rows,
    [false, false, true, true, true, true, true, true, true, true, false, false],
  );
  const { postgres, postgis } = result.versions;
  return [
    `PostgreSQL ${postgres}, PostGIS ${postgis}; ${result.distribution}; loaded by INSERT … SELECT generate_series in ${result.loadSeconds.toFixed(1)} s.`,
    `Thinning: ${result.thinning}`,
    'Anonymous reader (public fields). HTTP: GET over loopback, body read; ST_AsMVT: the statement the store',
    'sent, through the same pg Pool. Points in tile: those the tile query finds (tile and buffer), before thinning. Milliseconds.',
    '',
    figures,
  ].join('\n');
}

export async function benchTiles({ quick }: { quick: boolean }): Promise<TilesBenchResult> {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(`the tile benchmark needs the server backend: ${unavailable}`);
  const n = quick ? 100_000 : 1_000_000;
  const plan: Plan = quick ? { warmup: 3, iterations: 20 } : { warmup: 5, iterations: 100 };
  const backend = await openBenchBackend('postgres');
  const server = createApp({ store: backend.store, config: { corsOrigins: '*', publicReads: 'live' } }).listen(
    0,
    '127.0.0.1',
  );
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const loadSeconds = await load(backend, n);
    const tiles: TileFigure[] = [];
    for (const t of TILES) tiles.push(await measureTile(backend, base, plan, t, tileAt(t.at, t.z)));
    const result: TilesBenchResult = {
      points: n,
      loadSeconds,
      distribution: distribution(n),
      thinning: THINNING_RULE.en,
      versions: backend.versions,
      tiles,
    };
    console.log(formatTiles(result));
    return result;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await backend.close();
  }
}

/** The result for the JSON file: milliseconds rounded. */
export function tilesJson(result: TilesBenchResult): unknown {
  const timing = (t: Timing) => ({ p50: round(t.p50), p99: round(t.p99), min: round(t.min), max: round(t.max) });
  return {
    ...result,
    loadSeconds: round(result.loadSeconds, 1),
    tiles: result.tiles.map((t) => ({
      ...t,
      http: timing(t.http),
      bareSql: timing(t.bareSql),
      httpOverBareSql: round(t.httpOverBareSql, 2),
    })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchTiles({ quick: process.argv.includes('--quick') });
}
