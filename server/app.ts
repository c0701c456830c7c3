import compression from 'compression';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Profile } from './analysis/types.ts';
import { authenticate } from './http/auth.ts';
import { HttpProblem, problemHandler } from './http/problem.ts';
import type { ImportWorkers } from './import/index.ts';
import { loadProfile } from './profile.ts';
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
import { tilesRouter } from './routes/tiles.ts';
import { usersRouter } from './routes/users.ts';
import { LayerCache } from './services/layer-cache.ts';
import type { Store } from './store/index.ts';

export interface AppConfig {
  /** Origins allowed to call the API from a browser; `*` for any. */
  corsOrigins: string[] | '*';
  /** The built web client, served to browsers at `/`; absent, `/` is the API's landing page for everyone. */
  clientDir?: string;
  /** Largest request body accepted (bulk writes), e.g. `5mb`. */
  bodyLimit?: string;
  /** The web map's background and map review number. */
  map?: MapSettings;
  /** The district profile: targets and thresholds of the analyses; the demo district's when absent. */
  profile?: Profile;
  /** The worker threads that parse imports; one worker, a queue of eight, 512 MB each when absent. */
  imports?: ImportWorkers;
}

/** The HTTP application. It keeps no state of its own, so tests and processes may build as many as they like. */
export function createApp({ store, config }: { store: Store; config: AppConfig }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
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
  });
  // An import's file is read as bytes in a worker, whatever its type: not parsed here first.
  app.use((req, res, next) => (req.path.startsWith('/import/') ? next() : json(req, res, next)));
  if (config.clientDir) app.use(clientRouter(config.clientDir));
  app.use(authenticate(store.accounts));
  app.use(authRouter(store));
  app.use(usersRouter(store));
  app.use(auditRouter(store));
  app.use(publicationsRouter(store, config.map));
  app.use(landingRouter(store, config.map));
  app.use(collectionsRouter(store));
  app.use(tilesRouter(store));
  app.use(editRouter(store));
  app.use(analysisRouter(store, new LayerCache(store), config.profile ?? loadProfile()));
  app.use(importRouter(store, config.imports));
  app.use(exportsRouter(store, config.map));
  app.use((req, _res, next) => next(new HttpProblem(404, 'Not found', `Nothing is served at ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
