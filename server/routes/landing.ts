import type { Dataset, MapSettings } from '../../catalog/datasets.ts';
import { baseUrl } from '../http/links.ts';
import type { Store } from '../store/index.ts';
import { openApiDocument } from './openapi.ts';
import { json, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
];

const answer = (description: string, schema: Record<string, unknown>) => ({ '200': { description, ...json(schema) } });

/**
 * The landing page (what the store holds, how the map is drawn, links to the rest), the conformance
 * classes, and the API document of `operations` — the app's whole list, this one included.
 */
export function landingOperations(
  store: Store,
  operations: () => Operation[],
  map: MapSettings = { basemap: 'none' },
): Operation[] {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return [
    operation({
      method: 'get',
      path: '/',
      operationId: 'getLandingPage',
      summary: 'Landing page',
      tags: ['api'],
      responses: answer('Landing page', ref('LandingPage')),
      handler: async (req, res) => {
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
      },
    }),
    operation({
      method: 'get',
      path: '/conformance',
      operationId: 'getConformance',
      summary: 'Conformance classes',
      tags: ['api'],
      responses: answer('Conformance classes', ref('Conformance')),
      handler: (_req, res) => {
        res.json({ conformsTo: CONFORMANCE });
      },
    }),
    operation({
      method: 'get',
      path: '/api',
      operationId: 'getApi',
      summary: 'This document',
      tags: ['api'],
      responses: answer('This document', { type: 'object' }),
      handler: (req, res) => {
        document ??= openApiDocument(operations());
        res.type('application/vnd.oai.openapi+json;version=3.1').json(document(baseUrl(req)));
      },
    }),
  ];
}
