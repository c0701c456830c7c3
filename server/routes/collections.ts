import type { Request, Response } from 'express';
import { baseUrl, type Link, withQuery } from '../http/links.ts';
import { setEtag } from '../http/preconditions.ts';
import { invalidParam, notFound } from '../http/problem.ts';
import {
  allFields,
  findLayer,
  type LayerDef,
  layers,
  queryableFields,
  type Visibility,
  visibleFields,
} from '../layers/registry.ts';
import { keptPerCounty } from '../store/county.ts';
import type { Store } from '../store/index.ts';
import { ITEMS_PARAMETERS, parseItemsQuery } from './items-query.ts';
import { languageOf } from './language.ts';
import { collectionId, featureId, GEOJSON, json, problem, ref, schemaName } from './openapi-parts.ts';
import { type Operation, operation, type Parameter } from './operations.ts';
import { propertiesSchema } from './queryables.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function layerOf(req: Request): LayerDef {
  const layer = findLayer(String(req.params.collectionId));
  if (!layer) throw notFound(`There is no collection "${req.params.collectionId}"; see /collections.`);
  return layer;
}

async function describe(store: Store, layer: LayerDef, req: Request) {
  const base = `${baseUrl(req)}/collections/${layer.id}`;
  const { count, extent } = await store.summarize(layer);
  const lang = languageOf(req);
  return {
    id: layer.id,
    title: layer.title[lang],
    description: layer.description[lang],
    titles: layer.title,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: { spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: CRS84 } },
    group: layer.group,
    geometryTypes: layer.geometryTypes,
    featureCount: count,
    links: [
      { href: base, rel: 'self', type: 'application/json', title: layer.title[lang] },
      { href: `${base}/items`, rel: 'items', type: GEOJSON, title: layer.title[lang] },
      {
        href: `${base}/queryables`,
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        type: 'application/schema+json',
      },
      { href: `${base}/schema`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/schema', type: 'application/schema+json' },
    ] satisfies Link[],
  };
}

/** A layer's property filters as the document shows them: its queryables, internal ones for staff. */
function filters(layer: LayerDef): Parameter[] {
  return allFields(layer)
    .filter((f) => f.queryable)
    .map((f) => ({
      name: f.name,
      in: 'query',
      description:
        `${f.label.zh} ${f.label.en}. Equals any of the values given` +
        (f.type === 'text' ? '.' : ' (comma-separated).') +
        (f.visibility === 'internal' ? ' Signed-in users only.' : ''),
      schema: { type: 'string' },
    }));
}

const noCollection = { '404': problem('No such collection.') };

const BBOX = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 };
const COUNTIES = {
  type: 'object',
  required: ['collection', 'counties', 'links'],
  properties: {
    collection: { type: 'string' },
    counties: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'count', 'extent'],
        properties: {
          code: { type: 'string', pattern: '^[0-9]{6}$', description: '行政区划代码 of the county' },
          count: { type: 'integer', minimum: 1 },
          extent: BBOX,
        },
      },
    },
    links: { type: 'array', items: { type: 'object' } },
  },
};
const schemaJson = (description: string) => ({
  '200': { description, ...json({ type: 'object' }, 'application/schema+json') },
  ...noCollection,
});

/** A page of a layer's features, filtered, with links to the pages either side. */
async function page(store: Store, req: Request, res: Response) {
  const layer = layerOf(req);
  const query = parseItemsQuery(layer, req.query as Record<string, unknown>, res.locals.audience);
  const page = await store.listItems(layer, query);
  const url = `${baseUrl(req)}/collections/${layer.id}/items`;
  // Paging links keep every other parameter as the client sent it.
  const kept = Object.fromEntries(new URLSearchParams(req.url.split('?')[1] ?? ''));
  const at = (offset: number) => withQuery(url, { ...kept, offset, limit: query.limit });
  const links: Link[] = [
    { href: at(query.offset), rel: 'self', type: GEOJSON },
    { href: `${baseUrl(req)}/collections/${layer.id}`, rel: 'collection', type: 'application/json' },
  ];
  if (query.offset + page.features.length < page.numberMatched) {
    links.push({ href: at(query.offset + query.limit), rel: 'next', type: GEOJSON });
  }
  if (query.offset > 0) {
    links.push({ href: at(Math.max(0, query.offset - query.limit)), rel: 'prev', type: GEOJSON });
  }
  res.type(GEOJSON).json({
    type: 'FeatureCollection',
    features: page.features,
    numberMatched: page.numberMatched,
    numberReturned: page.features.length,
    timeStamp: new Date().toISOString(),
    links,
  });
}

/** OGC API – Features Part 1 over the layer registry, with queryables (Part 3) and feature schemas (Part 5). */
export function collectionOperations(store: Store): Operation[] {
  return [...layerDescriptions(store), ...itemReads(store)];
}

/** The layers themselves: every one, one, and the properties of one's features. */
function layerDescriptions(store: Store): Operation[] {
  /** The queryables or the whole feature schema of the path's layer, with the fields this reader may see. */
  const schemaOf = (req: Request, audience: Visibility, part: 'queryables' | 'schema') => {
    const layer = layerOf(req);
    const fields = part === 'queryables' ? queryableFields(layer, audience) : visibleFields(layer, audience);
    const id = `${baseUrl(req)}/collections/${layer.id}/${part}`;
    return propertiesSchema(layer, fields, languageOf(req), id);
  };
  return [
    operation({
      method: 'get',
      path: '/collections',
      operationId: 'getCollections',
      summary: 'Every layer',
      tags: ['collections'],
      responses: { '200': { description: 'Every layer', ...json(ref('Collections')) } },
      handler: async (req, res) => {
        const collections = await Promise.all(layers.map((layer) => describe(store, layer, req)));
        const base = baseUrl(req);
        res.json({
          links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json' }],
          collections,
        });
      },
    }),
    operation({
      method: 'get',
      path: '/collections/{collectionId}',
      operationId: 'getCollection',
      summary: 'One layer',
      tags: ['collections'],
      parameters: [collectionId],
      responses: { '200': { description: 'One layer', ...json(ref('Collection')) }, ...noCollection },
      handler: async (req, res) => {
        res.json(await describe(store, layerOf(req), req));
      },
    }),
    operation({
      method: 'get',
      path: '/collections/{collectionId}/counties',
      operationId: 'getCollectionCounties',
      summary: 'A layer kept per county, counted per county this API sees (a province view sees many)',
      tags: ['collections'],
      parameters: [collectionId],
      responses: {
        '200': { description: 'Active features per county, by code', ...json(COUNTIES) },
        '404': problem('No such collection, or one not kept per county.'),
      },
      handler: async (req, res) => {
        const layer = layerOf(req);
        if (!keptPerCounty(layer))
          throw notFound(`${layer.id} is one layer for the whole database, not kept per county.`);
        const base = `${baseUrl(req)}/collections/${layer.id}`;
        res.json({
          collection: layer.id,
          counties: await store.summarizeByCounty(layer),
          links: [
            { href: `${base}/counties`, rel: 'self', type: 'application/json' },
            { href: base, rel: 'collection', type: 'application/json' },
          ],
        });
      },
    }),
    operation({
      method: 'get',
      path: '/collections/{collectionId}/queryables',
      operationId: 'getQueryables',
      summary: 'The properties a collection may be filtered by (JSON Schema)',
      tags: ['collections'],
      parameters: [collectionId],
      responses: schemaJson('Queryables'),
      handler: (req, res) => {
        res.type('application/schema+json').json(schemaOf(req, res.locals.audience, 'queryables'));
      },
    }),
    operation({
      method: 'get',
      path: '/collections/{collectionId}/schema',
      operationId: 'getSchema',
      summary: 'The properties of a collection’s features with their labels (JSON Schema)',
      tags: ['collections'],
      parameters: [collectionId],
      responses: schemaJson('Schema'),
      handler: (req, res) => {
        res.type('application/schema+json').json(schemaOf(req, res.locals.audience, 'schema'));
      },
    }),
  ];
}

/** A layer's features: a page of them, or one. */
function itemReads(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/collections/{collectionId}/items',
      eachLayer: (layer) => ({
        operationId: `get${schemaName(layer.id)}Items`,
        summary: `${layer.title.zh} ${layer.title.en}`,
        tags: [layer.group],
        parameters: [...Object.values(ITEMS_PARAMETERS), ...filters(layer)],
        responses: {
          '200': {
            description: 'A page of features.',
            ...json(ref(`${schemaName(layer.id)}FeatureCollection`), GEOJSON),
          },
          '400': problem('A parameter is not valid; invalid-params names it.'),
          '401': problem('The token is not valid, or the filter needs a signed-in user.'),
        },
      }),
      handler: (req, res) => page(store, req, res),
    }),
    operation({
      method: 'get',
      path: '/collections/{collectionId}/items/{featureId}',
      eachLayer: (layer) => ({
        operationId: `get${schemaName(layer.id)}Item`,
        summary: `${layer.title.zh}: one feature`,
        tags: [layer.group],
        parameters: [featureId, ITEMS_PARAMETERS.f],
        responses: {
          '200': {
            description: 'The feature; its ETag is its revision.',
            ...json(ref(`${schemaName(layer.id)}Feature`), GEOJSON),
          },
          '400': problem('The id is not a UUID.'),
          '404': problem('No such feature.'),
        },
      }),
      handler: async (req, res) => {
        const layer = layerOf(req);
        const id = String(req.params.featureId);
        if (!UUID.test(id)) throw invalidParam('featureId', 'must be a UUID');
        const query = req.query as Record<string, unknown>;
        for (const name of Object.keys(query)) if (name !== 'f') throw invalidParam(name, 'is not a known parameter');
        const feature = await store.getItem(layer, id, res.locals.audience);
        if (!feature) throw notFound(`There is no feature ${id} in ${layer.id}.`);
        const base = `${baseUrl(req)}/collections/${layer.id}`;
        // A published feature as the public reads it has no revision: it changes with the publication.
        const revision = feature.properties?.revision;
        if (typeof revision === 'number') setEtag(res, revision);
        res.type(GEOJSON).json({
          ...feature,
          links: [
            { href: `${base}/items/${id}`, rel: 'self', type: GEOJSON },
            { href: base, rel: 'collection', type: 'application/json' },
          ],
        });
      },
    }),
  ];
}
