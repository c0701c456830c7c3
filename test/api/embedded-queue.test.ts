import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/store/db.ts';
import { openEmbedded } from '../../server/store/embedded.ts';
import { embeddedCopy } from '../support/backends.ts';

/**
 * The embedded backend's one connection, queued fairly (server/store/fifo.ts), seen through its
 * Db: the order operations finish in, transactions kept whole, and the event loop kept turning.
 */
describe('the embedded store serves its one connection in arrival order', () => {
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = embeddedCopy();
    db = await openEmbedded(dir);
  });

  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const meta = async (key: string) =>
    (await db.query<{ value: unknown }>('SELECT value FROM meta WHERE key = $1', [key]))[0]?.value;

  it('finishes reads, writes and transactions in the order they were issued', async () => {
    const finished: number[] = [];
    const done = (i: number) => () => finished.push(i);
    const operations = Array.from({ length: 60 }, (_, i) => {
      if (i % 3 === 0) return db.query('SELECT $1::integer AS i', [i]).then(done(i));
      if (i % 3 === 1) {
        return db
          .transaction(async (tx) => {
            await tx.query(`INSERT INTO meta (key, value) VALUES ($1, $2::jsonb)`, [`queue-${i}`, JSON.stringify(i)]);
            await tx.query('SELECT count(*) FROM meta');
          })
          .then(done(i));
      }
      return db.exec('SELECT 1; SELECT 2').then(done(i));
    });
    await Promise.all(operations);
    expect(finished).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('keeps a transaction whole: a read issued while it waits on a timer sees it committed, not half done', async () => {
    const writing = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO meta (key, value) VALUES ('whole', '"first"'::jsonb)`);
      await sleep(50);
      await tx.query(`UPDATE meta SET value = '"second"'::jsonb WHERE key = 'whole'`);
    });
    await sleep(10);
    const read = await meta('whole');
    await writing;
    expect(read).toBe('second');
  });

  it('lets the event loop turn between operations, so a request arriving meanwhile is read at once', async () => {
    let done = 0;
    const queued = Array.from({ length: 100 }, () => db.query('SELECT 1').then(() => done++));
    const seenByTheLoop = await new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    await Promise.all(queued);
    expect(done).toBe(100);
    expect(seenByTheLoop).toBeLessThanOrEqual(1);
  });

  it('loses no write among 200 transactions issued at once', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db.transaction(async (tx) => {
          const [{ n }] = await tx.query<{ n: number }>(
            `SELECT coalesce((SELECT (value->>'n')::integer FROM meta WHERE key = 'counter'), 0) AS n`,
          );
          await tx.query(
            `INSERT INTO meta (key, value) VALUES ('counter', $1::jsonb)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            [JSON.stringify({ n: n + 1, last: i })],
          );
        }),
      ),
    );
    expect(await meta('counter')).toEqual({ n: 200, last: 199 });
  });
});
