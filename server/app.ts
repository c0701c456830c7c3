import compression from 'compression';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import type { SignInPolicy } from './accounts/sign-in.ts';
import type { Profile } from './analysis/types.ts';
import { profileResolver } from './district/index.ts';
import { authenticate } from './http/auth.ts';
import { HttpProblem, invalidParam, problemHandler } from './http/problem.ts';
import type { ImportWorkers } from './import/index.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './input/json-depth.ts';
import { withPublishedReads } from './publishing/published-reads.ts';
import { analysisRouter } from './routes/analysis.ts';
import { auditRouter } from './routes/audit.ts';
import { authRouter } from './routes/auth.ts';
import { clientRouter } from './routes/client.ts';
import { collectionsRouter } from './routes/collections.ts';
import { editRouter } from './routes/edit.ts';
import { exportsRouter } from './routes/exports.ts';
import { importRouter } from './routes/import.ts';
import { landingRouter, type MapSettings } from './routes/landing.ts';
import { publicationsRouter } from './routes/publications.ts';
import { scenariosRouter } from './routes/scenarios.ts';
import { securityAuditRouter } from './routes/security-audit.ts';
import { tilesRouter } from './routes/tiles.ts';
import { usersRouter } from './routes/users.ts';
import { LayerCache } from './services/layer-cache.ts';
import type { Store } from './store/index.ts';

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
}

/**
 * The analyses under the district's profile: the configured one, or the one the store's district
 * names, followed when a set-up changes it. Each profile gets its own router and cache, since the
 * figures cached were computed under it.
 */
function analysesUnderProfile(store: Store, fixed?: Profile): RequestHandler {
  if (fixed) return analysisRouter(store, new LayerCache(store), fixed);
  const resolve = profileResolver(store);
  let current: { profile: Profile; router: RequestHandler } | undefined;
  return async (req, res, next) => {
    if (!req.path.startsWith('/analysis/')) return next();
    try {
      const profile = await resolve();
      if (current?.profile !== profile) {
        current = { profile, router: analysisRouter(store, new LayerCache(store), profile) };
      }
      current.router(req, res, next);
    } catch (error) {
      next(error);
    }
  };
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
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'If-Match'],
      exposedHeaders: ['ETag', 'Location'],
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
  // An import's file is read as bytes in a worker, whatever its type: not parsed here first.
  app.use((req, res, next) => (req.path.startsWith('/import/') ? next() : json(req, res, next)));
  if (config.clientDir) app.use(clientRouter(config.clientDir));
  app.use(authenticate(store.accounts));
  app.use(authRouter(store, config.signIn));
  app.use(usersRouter(store));
  app.use(auditRouter(store));
  app.use(securityAuditRouter(store));
  app.use(publicationsRouter(store, config.map));
  app.use(landingRouter(store, config.map));
  const reads = config.publicReads === 'live' ? store : withPublishedReads(store);
  app.use(collectionsRouter(reads));
  app.use(tilesRouter(reads));
  app.use(editRouter(store));
  app.use(scenariosRouter(store));
  app.use(analysesUnderProfile(store, config.profile));
  app.use(importRouter(store, config.imports));
  app.use(exportsRouter(reads, config.map, store));
  app.use((req, _res, next) => next(new HttpProblem(404, 'Not found', `Nothing is served at ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
