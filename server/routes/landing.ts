import { Router } from 'express';
import type { Dataset, MapSettings } from '../../catalog/datasets.ts';
import { baseUrl } from '../http/links.ts';
import type { Store } from '../store/index.ts';
import { openApiDocument } from './openapi.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
];

export function landingRouter(store: Store, map: MapSettings = { basemap: 'none' }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const base = baseUrl(req);
    const dataset = await store.getMeta<Dataset>('dataset');
    res.json({
      title: `OneMap 应急一张图${dataset ? ` — ${dataset.name}` : ''}${dataset?.demo ? '(演示数据)' : ''}`,
      description: dataset?.note ?? 'OneMap emergency-management one map: OGC API – Features.',
      dataset: dataset ?? null,
      map,
      links: [
        { href: `${base}/`, rel: 'self', type: 'application/json', title: 'This document' },
        {
          href: `${base}/api`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.1',
          title: 'API',
        },
        { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance' },
        { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Layers' },
      ],
    });
  });

  router.get('/conformance', (_req, res) => {
    res.json({ conformsTo: CONFORMANCE });
  });

  router.get('/api', (req, res) => {
    res.type('application/vnd.oai.openapi+json;version=3.1').json(openApiDocument(baseUrl(req)));
  });

  return router;
}
