/**
 * `npm run user -- add NAME --role ROLE [--display-name 名字]`   add a staff account
 * `npm run user -- password NAME`                                 set a new password
 * `npm run user -- role NAME ROLE` / `disable NAME` / `enable NAME` / `list`
 *
 * Works on the store that DATABASE_URL or ONEMAP_DATA_DIR names. Passwords are read from
 * ONEMAP_PASSWORD when set (for scripts), otherwise typed at a hidden prompt.
 * Each change goes to the security audit as made by cli:<the system user who ran it>.
 * Exit status: 0 done, 1 refused, 2 a usage error.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { isRole, ROLES } from '../catalog/roles.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../server/accounts/passwords.ts';
import { type SecurityEventInput, userChangeEvents } from '../server/accounts/security-events.ts';
import { username as usernameSchema } from '../server/accounts/user-schema.ts';
import { configFromEnv } from '../server/config.ts';
import { openStore } from '../server/store/index.ts';

const USAGE = `usage: npm run user -- add NAME --role ${ROLES.join('|')} [--display-name 名字]
       npm run user -- password NAME | role NAME ROLE | disable NAME | enable NAME | list`;

function fail(message: string, status = 1): never {
  console.error(status === 2 ? `${message}\n${USAGE}` : message);
  process.exit(status);
}

async function readPassword(): Promise<string> {
  const given = process.env.ONEMAP_PASSWORD;
  const password = given ?? (await prompt('Password: '));
  if (password.length < MIN_PASSWORD_LENGTH) fail(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (given === undefined && (await prompt('Again: ')) !== password) fail('The passwords differ.');
  return password;
}

/** Reads a line without echoing it. */
function prompt(question: string): Promise<string> {
  process.stdout.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

const [command, name, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h') fail('', 2);
if (command !== 'list') {
  if (!name) fail('Which user?', 2);
  if (!usernameSchema.safeParse(name).success) fail(`"${name}" is not a user name: 2 to 40 of a-z 0-9 _ . -`, 2);
}

const store = await openStore(configFromEnv().store);
const audit = (entry: Omit<SecurityEventInput, 'username' | 'client'>) =>
  store.securityLog.record({ ...entry, username: `cli:${userInfo().username}`, client: null });
try {
  const accounts = store.accounts;
  const exists = command === 'list' || command === 'add' ? undefined : await accounts.findUser(name);
  if (command !== 'list' && command !== 'add' && !exists) fail(`There is no user ${name}.`);
  const audited = async (change: Parameters<typeof userChangeEvents>[1]) => {
    if (exists) for (const entry of userChangeEvents(exists, change)) await audit(entry);
  };
  switch (command) {
    case 'list':
      for (const u of await accounts.listUsers()) {
        console.log(`${u.username}\t${u.role}\t${u.active ? 'active' : 'disabled'}\t${u.display_name}`);
      }
      break;
    case 'add': {
      const role = option(rest, '--role');
      if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`, 2);
      if (await accounts.findUser(name)) fail(`${name} exists already; use "password" or "role".`);
      const password_hash = await hashPassword(await readPassword());
      const created = await accounts.createUser({
        username: name,
        display_name: option(rest, '--display-name') ?? name,
        role,
        password_hash,
      });
      await audit({ event: 'user_added', subject: name, details: { role, display_name: created.display_name } });
      console.log(`Added ${name} as ${role}.`);
      break;
    }
    case 'password':
      await accounts.updateUser(name, { password_hash: await hashPassword(await readPassword()) });
      await audited({ password: true });
      console.log(`New password set for ${name}; their sessions have ended.`);
      break;
    case 'role': {
      const role = rest[0];
      if (!isRole(role)) fail(`The role must be one of ${ROLES.join(', ')}`, 2);
      await accounts.updateUser(name, { role });
      await audited({ role });
      console.log(`${name} is now ${role}.`);
      break;
    }
    case 'disable':
    case 'enable':
      await accounts.updateUser(name, { active: command === 'enable' });
      await audited({ active: command === 'enable' });
      console.log(`${name} is ${command}d.`);
      break;
    default:
      fail(`Unknown command "${command}".`, 2);
  }
} finally {
  await store.close();
}
