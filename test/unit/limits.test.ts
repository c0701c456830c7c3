import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeTurns } from '../../server/http/limits.ts';
import { problemHandler } from '../../server/http/problem.ts';

/** An app whose one route holds every request it lets through until the test lets them go. */
function heldApp() {
  const held: Array<() => void> = [];
  let entered = 0;
  const app = express();
  app.use((req, res, next) => {
    const staff = req.get('x-user');
    res.locals.audience = staff ? 'internal' : 'public';
    if (staff) res.locals.user = { username: staff } as never;
    next();
  });
  const limits = {
    public: { running: 2, waiting: 3 },
    internal: { running: 4, waiting: 4 },
    all: { running: 5, waiting: 20 },
  };
  app.get('/heavy', takeTurns(limits), async (_req, res) => {
    entered++;
    await new Promise<void>((resolve) => held.push(resolve));
    res.json({ ok: true });
  });
  app.use(problemHandler);
  return { app, held, entered: () => entered };
}

describe('heavy reads take turns', () => {
  const { app, held, entered } = heldApp();
  let server: ReturnType<typeof app.listen>;
  let url = '';
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/heavy`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('runs a few per client, queues a few more, and refuses the rest at once with Retry-After', async () => {
    const refused: Response[] = [];
    const answers = Array.from({ length: 10 }, () =>
      fetch(url).then((r) => {
        if (r.status !== 200) refused.push(r);
        return r;
      }),
    );
    // Two run, three wait: the other five are refused without waiting for anything.
    await until(() => entered() === 2 && refused.length === 5);
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect((await refused[0].json()).status).toBe(429);

    // A signed-in user is another client: let in beside the anonymous one, up to the bound on everyone.
    const staff = [fetch(url, { headers: { 'x-user': 'li' } }), fetch(url, { headers: { 'x-user': 'li' } })];
    await until(() => entered() === 4);
    expect(refused).toHaveLength(5);

    // As each finishes, the next in line runs; all seven admitted complete.
    while (held.length > 0 || entered() < 7) {
      await until(() => held.length > 0);
      held.shift()?.();
    }
    const done = await Promise.all([...answers, ...staff]);
    expect(done.filter((r) => r.status === 200)).toHaveLength(7);
    expect(refused).toHaveLength(5);
  });
});
