import { request } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { SIGN_IN_POLICY } from '../../server/accounts/sign-in.ts';
import { TEST_PASSWORD } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

/**
 * Every password check the server makes, counted where it happens. While `held` is set, checks
 * wait for it, so a burst of attempts is truly simultaneous: no check ends (and no success resets
 * a count) before every attempt of the burst has been let through or refused.
 */
const checks = vi.hoisted(() => ({ count: 0, held: undefined as Promise<void> | undefined, started: () => {} }));

vi.mock('../../server/accounts/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/accounts/passwords.ts')>();
  return {
    ...real,
    async verifyPassword(password: string, stored: string) {
      checks.count++;
      checks.started();
      await checks.held;
      return real.verifyPassword(password, stored);
    },
  };
});

interface Answer {
  status: number;
  type: string;
  body: any;
}

const MINUTE = 60_000;

describe.each(backends())('sign-in throttling on the $name backend', (backend) => {
  // The throttle's clock, moved on by the tests instead of waiting for locks to end.
  let now = Date.parse('2026-06-01T08:00:00Z');
  const served = servedStore(() => backend.open(), { signIn: { ...SIGN_IN_POLICY, now: () => new Date(now) } });

  /** A sign-in from a loopback address of the test's choosing: each is a client of its own to the server. */
  const signInFrom = (from: string, username: string, password: string) =>
    new Promise<Answer>((resolve, reject) => {
      const body = JSON.stringify({ username, password });
      const sent = request(
        `${served.api.url}/auth/sign-in`,
        { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              type: response.headers['content-type'] ?? '',
              body: JSON.parse(text),
            }),
          );
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });

  /** Attempts all sent at once and all past the throttle before any password check ends; their answers and checks. */
  async function burst(attempts: Array<() => Promise<Answer>>): Promise<{ answers: Answer[]; checked: number }> {
    const before = checks.count;
    let answered = 0;
    let release = () => {};
    checks.held = new Promise((resolve) => {
      release = resolve;
    });
    const settle = () => {
      if (checks.count - before + answered >= attempts.length) release();
    };
    checks.started = settle;
    try {
      const answers = await Promise.all(
        attempts.map(async (attempt) => {
          const answer = await attempt();
          answered++;
          settle();
          return answer;
        }),
      );
      return { answers, checked: checks.count - before };
    } finally {
      checks.held = undefined;
      checks.started = () => {};
    }
  }

  const wrong = (i: number) => `wrong password ${i}`;

  beforeAll(async () => {
    const password_hash = await hashPassword(TEST_PASSWORD);
    for (const username of ['zhang.san', 'li.si', 'wang.wu', 'zhao.liu', 'disabled.one']) {
      await served.store.accounts.createUser({ username, display_name: username, role: 'admin', password_hash });
    }
    await served.store.accounts.updateUser('disabled.one', { active: false });
  });

  it('checks at most five of 40 simultaneous guesses, with the right password among them', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 23 ? TEST_PASSWORD : wrong(i)));
    const { answers, checked } = await burst(guesses.map((p) => () => signInFrom('127.0.0.2', 'zhang.san', p)));
    expect(checked).toBe(5);
    const signedIn = answers.filter((a) => a.status === 201).length;
    expect(signedIn).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(40 - signedIn);

    // The address is now locked: the right password, sent alone, is not even checked.
    const before = checks.count;
    expect((await signInFrom('127.0.0.2', 'zhang.san', TEST_PASSWORD)).status).toBe(401);
    expect(checks.count).toBe(before);
  });

  it('lets the user in from their own address while a client elsewhere is locked out for guessing', async () => {
    const { answers, checked } = await burst(
      Array.from({ length: 30 }, (_, i) => () => signInFrom('127.0.0.3', 'li.si', wrong(i))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(401));
    expect(checked).toBe(5);
    expect((await signInFrom('127.0.0.3', 'li.si', TEST_PASSWORD)).status).toBe(401);

    const own = await signInFrom('127.0.0.1', 'li.si', TEST_PASSWORD);
    expect(own.status).toBe(201);
    expect(own.body.user.username).toBe('li.si');
  });

  it('ends a lock when it says, however hard it is tried, and then counts afresh', async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom('127.0.0.4', 'wang.wu', wrong(i))).status).toBe(401);
    // Guessing on through the lock neither gets checked nor makes the lock longer.
    now += 4 * MINUTE;
    let before = checks.count;
    for (let i = 0; i < 10; i++) expect((await signInFrom('127.0.0.4', 'wang.wu', wrong(i))).status).toBe(401);
    expect(checks.count).toBe(before);

    now += 1 * MINUTE + 1000;
    before = checks.count;
    for (let i = 0; i < 4; i++) expect((await signInFrom('127.0.0.4', 'wang.wu', wrong(i))).status).toBe(401);
    expect((await signInFrom('127.0.0.4', 'wang.wu', TEST_PASSWORD)).status).toBe(201);
    expect(checks.count - before).toBe(5);
  });

  it('holds back every new address once an account has taken 100 guesses in an hour, but not the user’s own', async () => {
    expect((await signInFrom('127.0.0.1', 'zhao.liu', TEST_PASSWORD)).status).toBe(201);
    const before = checks.count;
    // 21 addresses guessing five times each: 105 attempts, more than one address could make in an hour.
    const attempts = Array.from({ length: 21 }, (_, a) =>
      Array.from({ length: 5 }, (_, i) => () => signInFrom(`127.0.1.${a + 1}`, 'zhao.liu', wrong(i))),
    ).flat();
    for (let i = 0; i < attempts.length; i += 15) {
      const { answers } = await burst(attempts.slice(i, i + 15));
      expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(401));
    }
    // The account-wide count had one attempt already: the sign-in that made 127.0.0.1 the user's own.
    expect(checks.count - before).toBe(SIGN_IN_POLICY.perAccount.attempts - 1);

    const fresh = checks.count;
    expect((await signInFrom('127.0.2.1', 'zhao.liu', TEST_PASSWORD)).status).toBe(401);
    expect(checks.count).toBe(fresh);
    expect((await signInFrom('127.0.0.1', 'zhao.liu', TEST_PASSWORD)).status).toBe(201);

    now += 61 * MINUTE;
    expect((await signInFrom('127.0.2.1', 'zhao.liu', TEST_PASSWORD)).status).toBe(201);
  }, 120_000);

  it('answers an unknown user, a wrong password, a disabled account and a locked one alike', async () => {
    const unknown = await signInFrom('127.0.0.5', 'nobody.here', TEST_PASSWORD);
    const wrongPassword = await signInFrom('127.0.0.5', 'zhang.san', wrong(0));
    const disabled = await signInFrom('127.0.0.5', 'disabled.one', TEST_PASSWORD);
    for (let i = 0; i < 5; i++) await signInFrom('127.0.0.7', 'zhang.san', wrong(i));
    const locked = await signInFrom('127.0.0.7', 'zhang.san', TEST_PASSWORD);
    for (const answer of [unknown, wrongPassword, disabled, locked]) {
      expect(answer).toEqual(unknown);
    }
    expect(unknown.status).toBe(401);
    expect(unknown.type).toMatch(/^application\/problem\+json/);

    // An unknown name is throttled as a known one is, so a lock says nothing about which names exist.
    const { checked } = await burst(
      Array.from({ length: 12 }, (_, i) => () => signInFrom('127.0.0.6', 'nobody.here', wrong(i))),
    );
    expect(checked).toBe(5);
  });
});
