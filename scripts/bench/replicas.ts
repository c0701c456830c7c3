/**
 * Read-your-writes on a streaming replica, full run only (a second cluster costs a base backup): a
 * primary and a hot standby on loopback. Each round writes a shelter through the store and reads it
 * back at once on the standby without its commit position (does the lag show?), then writes another
 * and reads it back on the standby with the position (the wait for replay, then the read) and on the
 * primary alone (the baseline: the same named query through a store with no readers). The figures are p50/p95 of the read with the
 * position beside the primary's and their ratio; how many reads without the position missed the
 * write (the lag that makes the wait necessary); and how many waits ran out and read the primary.
 *
 * `benchReplicas({ quick })` is called by run.ts; `npx tsx scripts/bench/replicas.ts` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import { openStore, READ_WAIT_MS, type Store } from '../../server/store/index.ts';
import { withReadSession } from '../../server/store/read-session.ts';
import { postgresUnavailable, startPostgres, startStandby } from '../../test/support/postgres-server.ts';
import { count, ms, percentile, table, times } from './measure.ts';

const ROUNDS = 300;
const WARMUP = 20;

interface Latency {
  p50: number;
  p95: number;
  max: number;
}

export interface ReplicaFigure {
  rounds: number;
  waitBoundMs: number;
  withPosition: Latency;
  primary: Latency;
  /** p50 of the read with the position ÷ p50 of the primary's. */
  ratio: number;
  /** Reads with the position that missed the write: must be 0. */
  staleWithPosition: number;
  staleWithout: number;
  /** Waits that ran out, so that the primary answered. */
  fellBack: number;
}

const latency = (values: number[]): Latency => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
};

/** A shelter written in a session of its own; its id and the commit position the session recorded. */
function written(i: number, shelters: LayerDef, store: Store) {
  const feature = {
    geometry: { type: 'Point' as const, coordinates: [119 + (i % 1000) * 1e-4, 25.5] },
    properties: { name: `副本基准${i}`, grade: 'B', kind: 'emergency', capacity: 100, status: 'open' },
  };
  return withReadSession(0n, async (session) => {
    const [id] = await store.insertFeatures(shelters, [feature], { user: 'bench' });
    return { id, position: session.committed };
  });
}

/** One round: a write read back without its position; another read back with it, then on the primary. */
async function round(i: number, shelters: LayerDef, replicated: Store, primaryOnly: Store) {
  const first = await written(2 * i, shelters, replicated);
  const stale = !(await withReadSession(0n, () => replicated.getItem(shelters, first.id, 'internal')));
  const { id, position } = await written(2 * i + 1, shelters, replicated);
  const t0 = performance.now();
  const waited = await withReadSession(position, async (session) => ({
    found: Boolean(await replicated.getItem(shelters, id, 'internal')),
    fellBack: session.source === 'primary',
  }));
  const t1 = performance.now();
  await primaryOnly.getItem(shelters, id, 'internal');
  const t2 = performance.now();
  return { withPosition: t1 - t0, primary: t2 - t1, ...waited, stale };
}

export async function benchReplicas({ quick }: { quick: boolean }): Promise<ReplicaFigure | null> {
  if (quick) {
    console.log('read replicas: full run only (a second cluster costs a base backup).');
    return null;
  }
  const unavailable = postgresUnavailable();
  if (unavailable) {
    console.log(`read replicas: not measured, the server backend cannot run (${unavailable}).`);
    return null;
  }
  const primary = await startPostgres({ full_page_writes: 'on', synchronous_commit: 'on' });
  const stores: Store[] = [];
  let standby: Awaited<ReturnType<typeof startStandby>> | undefined;
  try {
    const admin = new pg.Client(primary.url('postgres'));
    await admin.connect();
    await admin.query('CREATE DATABASE onemap');
    await admin.end();
    const primaryOnly = await openStore({ databaseUrl: primary.url('onemap'), dataDir: '' });
    stores.push(primaryOnly);
    standby = await startStandby(primary);
    const replicated = await openStore({
      databaseUrl: primary.url('onemap'),
      dataDir: '',
      readUrls: [standby.url('onemap')],
    });
    stores.push(replicated);
    const shelters = findLayer('shelters') as LayerDef;
    for (let i = 0; i < WARMUP; i++) await round(i, shelters, replicated, primaryOnly);
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(WARMUP + i, shelters, replicated, primaryOnly));
    const figure: ReplicaFigure = {
      rounds: ROUNDS,
      waitBoundMs: READ_WAIT_MS,
      withPosition: latency(rounds.map((r) => r.withPosition)),
      primary: latency(rounds.map((r) => r.primary)),
      ratio: 0,
      staleWithPosition: rounds.filter((r) => !r.found).length,
      staleWithout: rounds.filter((r) => r.stale).length,
      fellBack: rounds.filter((r) => r.fellBack).length,
    };
    figure.ratio = figure.withPosition.p50 / figure.primary.p50;
    console.log(formatReplicas(figure));
    return figure;
  } finally {
    for (const store of stores) await store.close();
    await standby?.stop();
    await primary.stop();
  }
}

function formatReplicas(f: ReplicaFigure): string {
  const row = (name: string, l: Latency, ratio: string) => [name, ms(l.p50), ms(l.p95), ms(l.max), ratio];
  return [
    `A shelter written, then read back by id (getItem, through the store) ${count(f.rounds)} times; ms.`,
    table(
      ['read', 'p50', 'p95', 'max', '÷ primary p50'],
      [
        row('standby, waiting for the commit position', f.withPosition, times(f.ratio)),
        row('primary (baseline)', f.primary, '1.0×'),
      ],
      [false, true, true, true, true],
    ),
    `missed the write: ${f.staleWithPosition} of ${f.rounds} with the position, ${f.staleWithout} of ${f.rounds} without it`,
    `waits past ${f.waitBoundMs} ms that read the primary instead: ${f.fellBack}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchReplicas({ quick: false });
