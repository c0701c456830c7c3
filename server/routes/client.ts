import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/**
 * The web client shares `/` with the API's landing page: a browser asking for HTML gets the map,
 * a client asking for JSON (GDAL, QGIS, scripts) gets the OGC landing page.
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
  router.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  return router;
}
