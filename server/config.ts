import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from './app.ts';

import { loadProfile } from './profile.ts';
import type { StoreConfig } from './store/index.ts';

const builtClient = fileURLToPath(new URL('../dist/client/', import.meta.url));

export interface Config {
  port: number;
  host: string;
  store: StoreConfig;
  app: AppConfig;
  /** Load the demo district into an empty store on start-up. */
  loadDemo: boolean;
}

/** Configuration comes from the environment only; README.md lists every variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const origins = env.ONEMAP_CORS_ORIGINS?.trim();
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    store: { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.ONEMAP_DATA_DIR || '.onemap-data' },
    app: {
      apiKey: env.ONEMAP_API_KEY || undefined,
      corsOrigins: !origins || origins === '*' ? '*' : origins.split(',').map((o) => o.trim()),
      clientDir: existsSync(`${builtClient}index.html`) ? builtClient : undefined,
      profile: loadProfile(env.ONEMAP_PROFILE || undefined),
    },
    loadDemo: env.ONEMAP_DEMO !== 'off',
  };
}
