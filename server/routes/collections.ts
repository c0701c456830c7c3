import type { Request } from 'express';
import { Router } from 'express';
import { baseUrl, type Link, withQuery } from '../http/links.ts';
import { setEtag } from '../http/preconditions.ts';
import { invalidParam, notFound } from '../http/problem.ts';
import {
  findLayer,
  type LayerDef,
  layers,
  queryableFields,
  type Visibility,
  visibleFields,
} from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { parseItemsQuery } from './items-query.ts';
import { languageOf } from './language.ts';
import { propertiesSchema } from './queryables.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GEOJSON = 'application/geo+json';
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

/** OGC API – Features Part 1 over the layer registry, with queryables (Part 3) and feature schemas (Part 5). */
export function collectionsRouter(store: Store): Router {
  const router = Router();

  router.get('/collections', async (req, res) => {
    const collections = await Promise.all(layers.map((layer) => describe(store, layer, req)));
    const base = baseUrl(req);
    res.json({
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json' }],
      collections,
    });
  });

  router.get('/collections/:collectionId', async (req, res) => {
    res.json(await describe(store, layerOf(req), req));
  });

  router.get('/collections/:collectionId/queryables', (req, res) => {
    const layer = layerOf(req);
    const fields = queryableFields(layer, res.locals.audience as Visibility);
    const id = `${baseUrl(req)}/collections/${layer.id}/queryables`;
    res.type('application/schema+json').json(propertiesSchema(layer, fields, languageOf(req), id));
  });

  router.get('/collections/:collectionId/schema', (req, res) => {
    const layer = layerOf(req);
    const fields = visibleFields(layer, res.locals.audience as Visibility);
    const id = `${baseUrl(req)}/collections/${layer.id}/schema`;
    res.type('application/schema+json').json(propertiesSchema(layer, fields, languageOf(req), id));
  });

  router.get('/collections/:collectionId/items', async (req, res) => {
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
    if (query.offset > 0) links.push({ href: at(Math.max(0, query.offset - query.limit)), rel: 'prev', type: GEOJSON });
    res.type(GEOJSON).json({
      type: 'FeatureCollection',
      features: page.features,
      numberMatched: page.numberMatched,
      numberReturned: page.features.length,
      timeStamp: new Date().toISOString(),
      links,
    });
  });

  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
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
  });

  return router;
}
