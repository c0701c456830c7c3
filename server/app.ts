import compression from 'compression';
import cors from 'cors';
import express, { type Express } from 'express';
import { POSITION_HEADER } from '../catalog/commit-position.ts';
import type { MapSettings } from '../catalog/datasets.ts';
import type { SignInPolicy } from './accounts/sign-in.ts';
import type { Profile } from './analysis/types.ts';
import type { BasemapArchive } from './basemap/types.ts';
import { profileResolver } from './district/index.ts';
import { authenticate } from './http/auth.ts';
import { HttpProblem, invalidParam, problemHandler } from './http/problem.ts';
import { readYourWrites } from './http/read-your-writes.ts';
import type { ImportWorkers } from './import/index.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './input/json-depth.ts';
import { loadProfile } from './profile.ts';
import { withPublishedReads } from './publishing/published-reads.ts';
import { analysisOperations } from './routes/analysis.ts';
import { auditOperations } from './routes/audit.ts';
import { authOperations } from './routes/auth.ts';
import { basemapOperations } from './routes/basemap.ts';
import { clientRouter } from './routes/client.ts';
import { collectionOperations } from './routes/collections.ts';
import { districtOperations } from './routes/district.ts';
import { editOperations } from './routes/edit.ts';
import { exportOperations } from './routes/exports.ts';
import { importOperations } from './routes/import.ts';
import { incidentReportOperations } from './routes/incident-report.ts';
import { incidentOperations } from './routes/incidents.ts';
import { landingOperations } from './routes/landing.ts';
import { type Operation, operationsRouter } from './routes/operations.ts';
import { publicationOperations } from './routes/publications.ts';
import { scenarioOperations } from './routes/scenarios.ts';
import { securityAuditOperations } from './routes/security-audit.ts';
import { situationOperations } from './routes/situation.ts';
import { terrainOperations } from './routes/terrain.ts';
import { tileOperations } from './routes/tiles.ts';
import { userOperations } from './routes/users.ts';
import type { Store } from './store/index.ts';
import { LayerCache } from './store/layer-cache.ts';
import { Viewsheds } from './terrain/viewsheds.ts';

export interface AppConfig {
  /**
   * Other origins allowed to call the API from a browser, `*` for any; with none, only pages the
   * API serves itself (same origin, which needs no CORS) may.
   */
  corsOrigins: string[] | '*';
  /** The built web client, served to browsers at `/`; absent, `/` is the API's landing page for everyone. */
  clientDir?: string;
  /** Largest request body accepted (bulk writes), e.g. `5mb`. */
  bodyLimit?: string;
  /** The web map's background and map review number. */
  map?: MapSettings;
  /** The basemap file the API serves at /basemap when `map.basemap` is `file`. */
  basemap?: BasemapArchive;
  /**
   * The district profile: targets and thresholds of the analyses. When absent, the one the store's
   * district names (its set-up's), else the demo district's.
   */
  profile?: Profile;
  /**
   * What anonymous readers get of the published layers (risk zones, shelters) from items, tiles and
   * exports: the latest publication (the default), or the live drafts for a bureau that publishes live.
   */
  publicReads?: 'published' | 'live';
  /** How hard sign-in guessing is throttled; SIGN_IN_POLICY when absent. */
  signIn?: SignInPolicy;
  /**
   * Proxies whose X-Forwarded-For names the client (Express's `trust proxy`: addresses, subnets,
   * `loopback`, or a hop count). Without it the client is the connection's address, which behind a
   * proxy is the proxy's: every client would share one sign-in throttle and one audit address.
   */
  trustProxy?: string | number;
  /** The worker threads that parse imports; one worker, a queue of eight, 512 MB each when absent. */
  imports?: ImportWorkers;
  /**
   * Layers with more active features than this are read near the place an analysis asks about,
   * through the store's spatial queries, rather than held whole in the process (nearest, around).
   */
  inProcessMaxFeatures?: number;
}

/**
 * The analyses under the district's profile: the configured one, or the one the store's district
 * names, followed when a set-up changes it. The operations are built once per profile, each with its
 * own cache since the figures cached were computed under it; the document shows the default's.
 */
function analysesUnderProfile(store: Store, viewsheds: Viewsheds, fixed?: Profile, maxInProcess?: number): Operation[] {
  const under = (profile: Profile) =>
    analysisOperations(store, new LayerCache(store), profile, viewsheds, maxInProcess);
  if (fixed) return under(fixed);
  const resolve = profileResolver(store);
  const documented = under(loadProfile());
  let current: { profile: Profile; operations: Operation[] } | undefined;
  return documented.map((operation, i) => ({
    ...operation,
    handler: async (req, res, input) => {
      const profile = await resolve();
      if (current?.profile !== profile) {
        current = { profile, operations: under(profile) };
      }
      return current.operations[i].handler(req, res, input);
    },
  }));
}

/**
 * Every operation of the API, in the order they are matched (a literal path before a parameter that
 * would match it); `/api` documents this very list. Anonymous readers of layers, tiles and exports read
 * through the published-reads wrapper unless the bureau publishes live.
 */
function operations(store: Store, config: AppConfig): Operation[] {
  const reads = config.publicReads === 'live' ? store : withPublishedReads(store);
  const fixed = config.profile;
  const profileOf = fixed ? async () => fixed : profileResolver(store);
  // One cache of viewsheds for the terrain routes and the analyses that measure on them.
  const viewsheds = new Viewsheds(store);
  const all: Operation[] = [
    ...authOperations(store, config.signIn),
    ...userOperations(store),
    ...auditOperations(store),
    ...securityAuditOperations(store),
    ...districtOperations(store, config.profile, config.imports),
    ...publicationOperations(store, config.map),
    ...landingOperations(store, () => all, config.map),
    ...collectionOperations(reads),
    ...tileOperations(reads),
    ...(config.basemap ? basemapOperations(config.basemap) : []),
    ...editOperations(store),
    ...scenarioOperations(store),
    ...incidentOperations(store, profileOf, new LayerCache(store)),
    ...incidentReportOperations(store, new LayerCache(store)),
    ...situationOperations(store, new LayerCache(store), profileOf),
    ...analysesUnderProfile(store, viewsheds, config.profile, config.inProcessMaxFeatures),
    ...importOperations(store, config.imports),
    ...terrainOperations(store, viewsheds),
    ...exportOperations(reads, config.map, store),
  ];
  return all;
}

/** The HTTP application. It keeps no state of its own, so tests and processes may build as many as they like. */
export function createApp({ store, config }: { store: Store; config: AppConfig }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  app.use(
    cors({
      origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'If-Match', POSITION_HEADER],
      exposedHeaders: ['ETag', 'Location', POSITION_HEADER],
      maxAge: 600,
    }),
  );
  // GeoJSON shrinks four- to eightfold: what a phone on a slow connection waits for.
  app.use(compression());
  const json = express.json({
    limit: config.bodyLimit ?? '5mb',
    type: ['application/json', 'application/geo+json', 'application/merge-patch+json'],
    // Checked on the raw bytes, before the parser builds anything that deep.
    verify: (_req, _res, body) => {
      if (nestsDeeperThan(body)) {
        throw invalidParam('body', `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
      }
    },
  });
  // An import's file (a layer's or the DEM) is read as bytes, whatever its type: not parsed here first.
  const asBytes = (path: string) => path.startsWith('/import/') || path === '/terrain/dem';
  app.use((req, res, next) => (asBytes(req.path) ? next() : json(req, res, next)));
  if (config.clientDir) app.use(clientRouter(config.clientDir));
  app.use(readYourWrites());
  app.use(authenticate(store.accounts));
  app.use(operationsRouter(operations(store, config)));
  app.use((req, _res, next) => next(new HttpProblem(404, 'Not found', `Nothing is served at ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
