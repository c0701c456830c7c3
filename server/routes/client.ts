import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/**
 * The web client shares `/` with the API's landing page: a browser asking for HTML gets the map,
 * a client asking for JSON (GDAL, QGIS, scripts) gets the OGC landing page. The public map is its
 * own small page at `/public`, which other sites may frame (no X-Frame-Options on it).
 */
export function clientRouter(clientDir: string): Router {
  const root = resolve(clientDir);
  const router = Router();
  router.get('/', (req, res, next) => {
    if (req.query.f === undefined && req.accepts(['json', 'html']) === 'html') {
      res.sendFile(join(root, 'index.html'));
    } else {
      next();
    }
  });
  // The page names hashed assets, so it must be revalidated to pick up a new build; they stay cached.
  router.get('/public', (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(join(root, 'public.html'), { cacheControl: false });
  });
  router.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  return router;
}
