import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * A throw-away PostgreSQL/PostGIS server on a loopback port, from Debian's binaries
 * (postgresql-15-postgis-3). As root it runs as the `postgres` user, as PostgreSQL requires.
 */
export interface PostgresServer {
  /** Its port on 127.0.0.1. */
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
const postgisControl = (bin: string) => `/usr/share/postgresql/${basename(dirname(bin))}/extension/postgis.control`;

/** Why the server backend cannot run here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  const bin = BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) return 'PostgreSQL server binaries not found (apt-get install postgresql-15-postgis-3)';
  if (!existsSync(postgisControl(bin)))
    return 'PostGIS is not installed for the server (apt-get install postgresql-15-postgis-3)';
  return undefined;
}

function binDir(): string {
  const bin = BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) throw new Error(postgresUnavailable());
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Settings of a throw-away server: fast and unsafe, for data that dies with it. */
const THROWAWAY: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
};

/** Starts the server on a data directory and waits until it answers. */
async function launch(
  bin: string,
  dir: string,
  data: string,
  settings: Record<string, string>,
): Promise<PostgresServer> {
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-k', dir];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, 'postgres'), ...args]]
    : [join(bin, 'postgres'), args];
  const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      // runuser does not pass signals on, so ask the server itself to stop.
      if (child.exitCode === null) run(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']);
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private directory the server's user owns. */
function serverDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  chmodSync(dir, 0o700);
  return dir;
}

/** A new cluster; `settings` add to or replace the throw-away ones. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const bin = binDir();
  const dir = serverDir();
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  return launch(bin, dir, data, { ...THROWAWAY, ...settings });
}

/**
 * A hot standby of `primary`, streaming its WAL (pg_basebackup -R writes the connection to it). The
 * primary needs full_page_writes on for a base backup to be taken from it.
 */
export async function startStandby(
  primary: PostgresServer,
  settings: Record<string, string> = {},
): Promise<PostgresServer> {
  const bin = binDir();
  const dir = serverDir();
  const data = join(dir, 'data');
  run(join(bin, 'pg_basebackup'), [
    ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
    ...['-D', data, '-R', '-X', 'stream', '-c', 'fast'],
  ]);
  return launch(bin, dir, data, { ...THROWAWAY, hot_standby: 'on', ...settings });
}
