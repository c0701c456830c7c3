import { todayInChina } from '../catalog/china-time.ts';
import { ensureFirstAdmin } from './accounts/first-admin.ts';
import { createApp } from './app.ts';
import { openBasemap } from './basemap/archive.ts';
import { BasemapUnfit } from './basemap/types.ts';
import { configFromEnv } from './config.ts';
import { loadDemoIfEmpty, publishDemoIfUnpublished } from './demo/load-demo.ts';
import { profileResolver } from './district/index.ts';
import { profileMismatch } from './profile.ts';
import { openStore } from './store/index.ts';

const config = configFromEnv();
const readers = config.store.readUrls?.length ?? 0;
if (readers > 0 && !config.store.databaseUrl) {
  console.warn('Warning: DATABASE_READ_URLS is ignored: the embedded store has no replicas (set DATABASE_URL).');
}
// A basemap file that cannot serve stops the start, rather than a map with a blank background.
const basemap = config.basemapFile
  ? await openBasemap(config.basemapFile).catch((error: Error) => {
      if (!(error instanceof BasemapUnfit)) throw error;
      console.error(`ONEMAP_BASEMAP: ${error.message}`);
      process.exit(1);
    })
  : undefined;
if (basemap)
  console.log(
    `Basemap: ${config.basemapFile}, ${basemap.info.format} tiles, zoom ${basemap.info.minzoom}–${basemap.info.maxzoom}.`,
  );
const store = await openStore(config.store);
if (config.loadDemo) {
  // The demo's deadlines and expiry dates move to the day it is loaded: its alerts stay a plausible handful.
  const loaded = await loadDemoIfEmpty(store, { today: todayInChina() });
  if (loaded) console.log(`Loaded the demo district: ${loaded} features (演示数据).`);
  const published = await publishDemoIfUnpublished(store);
  if (published) console.log(`Published the demo risk map as version ${published}: see /public.`);
}
// Unless ONEMAP_PROFILE fixes one, the analyses follow the district the store is set up for.
const profile = await profileResolver(store, config.profile)();
const chosen = config.profile ? 'ONEMAP_PROFILE' : "the store's district";
console.log(`District profile: ${profile.name.zh} (${profile.code}), as ${chosen} says.`);
const mismatch = await profileMismatch(store, profile);
if (mismatch) console.warn(`Warning: ${mismatch}`);
const admin = await ensureFirstAdmin(store.accounts, config.firstAdmin);
if (admin?.generatedPassword) {
  console.log(
    `No administrator existed: created "${admin.username}" with the password ${admin.generatedPassword}\n` +
      'Sign in and change it (or set ONEMAP_ADMIN_PASSWORD before the first start). It is not shown again.',
  );
} else if (admin) {
  console.log(`No administrator existed: created "${admin.username}" with ONEMAP_ADMIN_PASSWORD.`);
}

const server = createApp({ store, config: { ...config.app, basemap } }).listen(config.port, config.host, () => {
  const replicas = readers > 0 ? `, reads from ${readers} replica${readers > 1 ? 's' : ''}` : '';
  const backend = config.store.databaseUrl
    ? `PostgreSQL/PostGIS server${replicas}`
    : `embedded PostGIS in ${config.store.dataDir}`;
  console.log(`OneMap listening on http://${config.host}:${config.port} (${backend})`);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  server.close();
  server.closeIdleConnections();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
