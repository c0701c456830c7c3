import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MapSettings } from '../catalog/datasets.ts';
import type { AppConfig } from './app.ts';
import { DEFAULT_IMPORT_WORKERS, type ImportWorkers } from './import/index.ts';
import { type DistrictProfile, loadProfile } from './profile.ts';
import { IN_PROCESS_MAX_FEATURES } from './routes/large-layers.ts';
import { type CountyScope, READ_WAIT_MS, type StoreConfig } from './store/index.ts';

const builtClient = fileURLToPath(new URL('../dist/client/', import.meta.url));

export interface Config {
  port: number;
  host: string;
  store: StoreConfig;
  app: AppConfig;
  /**
   * The district profile the analyses score against (the app's), chosen by ONEMAP_PROFILE; unset,
   * the analyses follow the store's district (server/district/profiles.ts).
   */
  profile?: DistrictProfile;
  /** A bureau's basemap file (ONEMAP_BASEMAP=file:…), opened before the API listens. */
  basemapFile?: string;
  /** Load the demo district into an empty store on start-up. */
  loadDemo: boolean;
  /** Who becomes the administrator of a store that has none. */
  firstAdmin: { username?: string; password?: string };
}

const BASEMAPS = ['none', 'osm', 'tianditu-vec', 'tianditu-img', 'file:<path of a .pmtiles or .mbtiles file>'] as const;

/** The map settings, and the basemap file when ONEMAP_BASEMAP names one (`file:…`), opened at start-up. */
function mapSettings(env: NodeJS.ProcessEnv): { map: MapSettings; basemapFile?: string } {
  const named = env.ONEMAP_BASEMAP || 'none';
  const basemapFile = named.startsWith('file:') ? named.slice('file:'.length) : undefined;
  if (basemapFile === '')
    throw new Error('ONEMAP_BASEMAP=file: needs the path of a .pmtiles or .mbtiles file after "file:"');
  const basemap = (basemapFile ? 'file' : named) as MapSettings['basemap'];
  if (!basemapFile && !BASEMAPS.includes(basemap as never)) {
    throw new Error(`ONEMAP_BASEMAP must be one of ${BASEMAPS.join(', ')}`);
  }
  if (basemap.startsWith('tianditu') && !env.ONEMAP_TIANDITU_KEY) {
    throw new Error('ONEMAP_BASEMAP=tianditu-* needs ONEMAP_TIANDITU_KEY');
  }
  const map = {
    basemap,
    tiandituKey: env.ONEMAP_TIANDITU_KEY || undefined,
    reviewNumber: env.ONEMAP_MAP_REVIEW_NUMBER || undefined,
  };
  return { map, basemapFile };
}

/**
 * Other sites whose pages may call the API from a browser. None by default: the web map and the
 * public map are served by the API itself, and a page elsewhere should not read what a signed-in
 * user's browser can. `*` opens it to every site.
 */
function corsOrigins(value: string | undefined): string[] | '*' {
  const text = value?.trim();
  if (!text) return [];
  return text === '*'
    ? '*'
    : text
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
}

/** A hop count, or the addresses and subnets of the proxies in front (Express's `trust proxy`). */
function trustProxy(value: string | undefined): string | number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, least: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least)
    throw new Error(`${name} must be a whole number ≥ ${least}, got ${text}`);
  return value;
}

/** The worker threads that parse uploaded imports. */
function importWorkers(env: NodeJS.ProcessEnv): ImportWorkers {
  return {
    ...DEFAULT_IMPORT_WORKERS,
    workers: whole(env, 'ONEMAP_IMPORT_WORKERS', DEFAULT_IMPORT_WORKERS.workers, 1),
    queue: whole(env, 'ONEMAP_IMPORT_QUEUE', DEFAULT_IMPORT_WORKERS.queue, 0),
    memoryMb: whole(env, 'ONEMAP_IMPORT_MEMORY_MB', DEFAULT_IMPORT_WORKERS.memoryMb, 64),
  };
}

/**
 * Hot standbys of DATABASE_URL that answer reads, comma-separated. Each must be a connection URL:
 * a mistyped one would otherwise only show as every read going to the primary.
 */
function readUrls(value: string | undefined): string[] {
  const urls = (value ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!URL.canParse(url) || !/^postgres(ql)?:$/.test(new URL(url).protocol))
      throw new Error(`DATABASE_READ_URLS must list postgres:// URLs separated by commas, got ${url}`);
  }
  return urls;
}

/**
 * ONEMAP_COUNTY: unset, the database holds one district; a six-digit code (行政区划代码), this API is
 * that county's in a database shared by many; `all`, or a province's two digits or a city's four, a
 * province view reading every county under it and writing none of the layers kept per county.
 */
function countyScope(value: string | undefined): CountyScope | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'all') return { kind: 'province', prefix: '' };
  if (/^[1-9][0-9]{5}$/.test(text)) return { kind: 'county', code: text };
  if (/^[1-9][0-9]([0-9]{2})?$/.test(text)) return { kind: 'province', prefix: text };
  throw new Error(
    `ONEMAP_COUNTY must be a county's six-digit code (350303), a province's two digits (35), a city's four (3503) or all, got ${text}`,
  );
}

/** Configuration comes from the environment only; README.md lists every variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const publicReads = env.ONEMAP_PUBLIC_READS || 'published';
  if (publicReads !== 'published' && publicReads !== 'live')
    throw new Error(`ONEMAP_PUBLIC_READS must be published or live, got ${publicReads}`);
  const chosen = env.ONEMAP_PROFILE?.trim();
  const profile = chosen ? loadProfile(chosen) : undefined;
  const { map, basemapFile } = mapSettings(env);
  const county = countyScope(env.ONEMAP_COUNTY);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    store: {
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: env.ONEMAP_DATA_DIR || '.onemap-data',
      readUrls: readUrls(env.DATABASE_READ_URLS),
      readWaitMs: whole(env, 'ONEMAP_READ_WAIT_MS', READ_WAIT_MS, 0),
      ...(county ? { county } : {}),
    },
    app: {
      corsOrigins: corsOrigins(env.ONEMAP_CORS_ORIGINS),
      trustProxy: trustProxy(env.ONEMAP_TRUST_PROXY),
      clientDir: existsSync(`${builtClient}index.html`) ? builtClient : undefined,
      profile,
      map,
      publicReads,
      imports: importWorkers(env),
      inProcessMaxFeatures: whole(env, 'ONEMAP_IN_PROCESS_MAX_FEATURES', IN_PROCESS_MAX_FEATURES, 0),
    },
    profile,
    basemapFile,
    // The demo is one district's database: a shared one holds the counties' own data alone.
    loadDemo: env.ONEMAP_DEMO !== 'off' && !county,
    firstAdmin: { username: env.ONEMAP_ADMIN_USER || undefined, password: env.ONEMAP_ADMIN_PASSWORD || undefined },
  };
}
