import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../server/accounts/first-admin.ts';
import { signIn } from '../../server/accounts/sign-in.ts';
import { openStore } from '../../server/store/index.ts';
import { embeddedCopy } from '../support/backends.ts';

const execute = promisify(execFile);
const userCommand = (args: string[], env: NodeJS.ProcessEnv) =>
  execute(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], { env });

describe('the first administrator and the user command', () => {
  const dir = embeddedCopy();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an administrator only when there is none, from the environment or with a generated password', async () => {
    const store = await openStore({ dataDir: dir });
    try {
      expect(await ensureFirstAdmin(store.accounts, {})).toBeUndefined();
      await store.accounts.updateUser('admin', { role: 'planner' });

      await expect(ensureFirstAdmin(store.accounts, { password: 'short' })).rejects.toThrow(/at least 10/);
      const generated = await ensureFirstAdmin(store.accounts, { username: 'chief' });
      expect(generated?.username).toBe('chief');
      expect(generated?.generatedPassword).toMatch(/^[\w-]{16}$/);
      const session = await signIn(store, {
        username: 'chief',
        password: generated?.generatedPassword as string,
        client: '127.0.0.1',
      });
      expect(session.ok && session.session.user.role).toBe('admin');

      // A later start with an administrator in place changes nothing.
      expect(
        await ensureFirstAdmin(store.accounts, { username: 'other', password: 'another password' }),
      ).toBeUndefined();
      expect(await store.accounts.findUser('other')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  // Two processes of the command and this one each open the embedded store: slow on a loaded machine.
  it('adds a user from the command line, with the password from the environment', async () => {
    const env = { ...process.env, ONEMAP_DATA_DIR: dir, DATABASE_URL: '', ONEMAP_PASSWORD: 'cli password 123' };
    const added = await userCommand(['add', 'li.ming', '--role', 'planner', '--display-name', '李明'], env);
    expect(added.stdout).toContain('Added li.ming as planner.');
    const refused = await userCommand(['add', 'xy', '--role', 'chief'], env).catch((error) => error);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--role must be one of/);

    const store = await openStore({ dataDir: dir });
    try {
      const result = await signIn(store, { username: 'li.ming', password: 'cli password 123', client: '127.0.0.1' });
      expect(result.ok && result.session.user).toMatchObject({ role: 'planner', display_name: '李明' });
      const { entries } = await store.securityLog.list({
        user: 'li.ming',
        events: ['user_added'],
        limit: 5,
        offset: 0,
      });
      expect(entries.map(({ username, client, subject, details }) => ({ username, client, subject, details }))).toEqual(
        [
          {
            username: `cli:${userInfo().username}`,
            client: null,
            subject: 'li.ming',
            details: { role: 'planner', display_name: '李明' },
          },
        ],
      );
    } finally {
      await store.close();
    }
  }, 180_000);
});
