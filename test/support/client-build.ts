import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CLIENT_DIR = 'dist/client/';
const SOURCES = ['client', 'catalog', 'vite.config.ts', 'package-lock.json'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds the web client when the build is missing or older than its sources, so the browser tests
 * never test yesterday's client. The e2e project's global setup: run once, before any worker starts;
 * the other projects serve no client and do not wait for it.
 */
export default function buildClientIfStale(): void {
  const built = join(CLIENT_DIR, 'index.html');
  const stale = !existsSync(built) || Math.max(...SOURCES.map(newest)) > statSync(built).mtimeMs;
  if (stale) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
