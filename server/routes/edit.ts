import type { Request, Response } from 'express';
import { hasRole } from '../../catalog/roles.ts';
import { validateFeatures } from '../features/validate-features.ts';
import { userOf } from '../http/auth.ts';
import { baseUrl } from '../http/links.ts';
import { applyMergePatch, refuseInheritanceKeys } from '../http/merge-patch.ts';
import { expectedRevision, setEtag } from '../http/preconditions.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import { stockEntry, stockItem } from '../layers/feature-schema.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import {
  featureId,
  GEOJSON,
  ifMatch as ifMatchOf,
  json,
  problem,
  ref,
  type Schema,
  schemaName,
} from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const FEATURE_TYPES = ['application/geo+json', 'application/json'];
const PATCH_TYPES = ['application/merge-patch+json', 'application/json'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BULK = 5000;

function layerOf(req: Request): LayerDef {
  const layer = findLayer(String(req.params.collectionId));
  if (!layer) throw notFound(`There is no collection "${req.params.collectionId}"; see /collections.`);
  return layer;
}

function featureIdOf(req: Request): string {
  const id = String(req.params.featureId);
  if (!UUID.test(id)) throw invalidParam('featureId', 'must be a UUID');
  return id;
}

/** Only `allow_outside_district` may accompany a write; anything else is a typo worth hearing about. */
function writeOptions(req: Request) {
  for (const name of Object.keys(req.query)) {
    if (name !== 'allow_outside_district') throw invalidParam(name, 'is not a known parameter for a write');
  }
  const allow = req.query.allow_outside_district;
  if (allow !== undefined && allow !== 'true' && allow !== 'false') {
    throw invalidParam('allow_outside_district', 'must be true or false');
  }
  return { allowOutsideDistrict: allow === 'true' };
}

/**
 * A responder on duty may change a feature's live fields (a shelter's status and free places) and
 * nothing else; the rest of the layer is the planners' to edit.
 */
function refuseBeyondLiveFields(layer: LayerDef, patch: Record<string, unknown>, res: Response): void {
  if (hasRole(res.locals.user?.role, 'planner')) return;
  const live = new Set(layer.fields.filter((f) => f.live).map((f) => f.name));
  const allowed = live.size > 0 ? [...live].join(', ') : 'none in this layer';
  const refuse = (name: string) =>
    new HttpProblem(403, 'Forbidden', `${name}: a responder may change only the live fields (${allowed}).`, [
      { name, reason: 'needs the role planner' },
    ]);
  for (const key of Object.keys(patch)) if (key !== 'properties') throw refuse(key);
  const properties = patch.properties;
  if (properties === null || typeof properties !== 'object') throw refuse('properties');
  for (const name of Object.keys(properties)) if (!live.has(name)) throw refuse(`properties.${name}`);
}

type Planned = Parameters<typeof isPlanned>[0];

/** Whether a shelter is planned or built is the planners' to say; a responder sets only a built one's status. */
function refusePlanningByResponder(before: Planned, after: Planned, res: Response) {
  if (hasRole(res.locals.user?.role, 'planner')) return;
  if (isPlanned(before) || isPlanned(after)) {
    throw new HttpProblem(403, 'Forbidden', "properties.status: a planned feature is the planners' to change.", [
      { name: 'properties.status', reason: 'needs the role planner' },
    ]);
  }
}

async function respondWithFeature(store: Store, layer: LayerDef, id: string, res: Response, status = 200) {
  const feature = await store.getItem(layer, id, 'internal');
  if (!feature) throw notFound(`There is no feature ${id} in ${layer.id}.`);
  setEtag(res, Number(feature.properties?.revision));
  res.status(status).type('application/geo+json').json(feature);
}

const ifMatch = ifMatchOf('The ETag of the revision you edited.');
const allowOutside = {
  name: 'allow_outside_district',
  in: 'query',
  description: 'true to write a feature that lies far outside the district on purpose.',
  schema: { type: 'boolean' },
} as const;
const writeErrors = {
  '400': problem('The feature is not valid; invalid-params names each field.'),
  '401': problem('Not signed in.'),
  '403': problem('The role is not enough: a responder may change only live fields.'),
  '404': problem('No such feature.'),
  '412': problem('Someone changed the feature since you read it.'),
  '413': problem('The body is too large.'),
  '415': problem('The body is not JSON.'),
  '428': problem('If-Match is missing.'),
};

/** A layer's feature in the document, and how an operation on one of its features is described. */
const featureOf = (layer: LayerDef) => ref(`${schemaName(layer.id)}Feature`);
const onFeature = (layer: LayerDef, verb: string, summary: string) => ({
  operationId: `${verb}${schemaName(layer.id)}Item`,
  summary: `${layer.title.zh}: ${summary}`,
  tags: [layer.group],
});

/** OGC API – Features Part 4 (create, replace, update, delete), with optimistic concurrency on every change. */
export function editOperations(store: Store): Operation[] {
  return [...featureWrites(store), historyRead(store), ...stockWrites(store)];
}

function featureWrites(store: Store): Operation[] {
  return [
    operation({
      method: 'post',
      path: '/collections/{collectionId}/items',
      role: 'planner',
      body: { types: FEATURE_TYPES, strict: true },
      eachLayer: (layer) => ({
        operationId: `create${schemaName(layer.id)}Items`,
        summary: `${layer.title.zh}: create one feature, or a FeatureCollection all or nothing`,
        tags: [layer.group],
        parameters: [allowOutside],
        bodySchema: { oneOf: [featureOf(layer), { type: 'object', required: ['type', 'features'] }] },
        responses: {
          '201': {
            description: 'Created; Location and ETag name the new feature.',
            ...json(featureOf(layer), GEOJSON),
          },
          '409': problem('A feature with this id, or this source and external_id, exists already.'),
          ...writeErrors,
        },
      }),
      handler: (req, res, input) => create(store, req, res, input.body),
    }),
    operation({
      method: 'put',
      path: '/collections/{collectionId}/items/{featureId}',
      role: 'planner',
      body: { types: FEATURE_TYPES, strict: true },
      eachLayer: (layer) => ({
        ...onFeature(layer, 'replace', 'replace one feature'),
        parameters: [featureId, ifMatch, allowOutside],
        bodySchema: featureOf(layer),
        responses: { '200': storedFeature(layer), ...writeErrors },
      }),
      handler: async (req, res, input) => {
        const layer = layerOf(req);
        const id = featureIdOf(req);
        const body = input.body();
        const options = writeOptions(req);
        const expected = expectedRevision(req);
        const [feature] = await validateFeatures(store, layer, [{ value: body, prefix: '' }], options);
        if (feature.id !== undefined && feature.id !== id)
          throw invalidParam('id', 'does not match the feature in the path');
        await store.replaceFeature(layer, id, feature, expected, { user: userOf(res) });
        await respondWithFeature(store, layer, id, res);
      },
    }),
    operation({
      method: 'patch',
      path: '/collections/{collectionId}/items/{featureId}',
      // A responder may patch the live fields (a shelter's status and free places) and nothing else.
      role: 'responder',
      body: { types: PATCH_TYPES, strict: true },
      eachLayer: (layer) => ({
        ...onFeature(layer, 'update', 'change some fields (JSON Merge Patch)'),
        parameters: [featureId, ifMatch, allowOutside],
        bodySchema: { type: 'object' },
        responses: { '200': storedFeature(layer), ...writeErrors },
      }),
      handler: (req, res, input) => patch(store, req, res, input.body),
    }),
    operation({
      method: 'delete',
      path: '/collections/{collectionId}/items/{featureId}',
      role: 'planner',
      eachLayer: (layer) => ({
        ...onFeature(layer, 'delete', 'delete one feature'),
        parameters: [featureId, ifMatch],
        responses: { '204': { description: 'Deleted.' }, ...writeErrors },
      }),
      handler: async (req, res) => {
        const layer = layerOf(req);
        const id = featureIdOf(req);
        writeOptions(req);
        await store.deleteFeature(layer, id, expectedRevision(req), { user: userOf(res) });
        res.status(204).end();
      },
    }),
  ];
}

/** Creates one feature, or a FeatureCollection's all or nothing. */
async function create(store: Store, req: Request, res: Response, sent: () => unknown) {
  const layer = layerOf(req);
  const body = sent() as { type?: unknown; features?: unknown };
  const options = writeOptions(req);
  if (body?.type === 'FeatureCollection') {
    if (!Array.isArray(body.features) || body.features.length === 0) {
      throw invalidParam('features', 'must be a non-empty array of features');
    }
    if (body.features.length > MAX_BULK) throw invalidParam('features', `at most ${MAX_BULK} features per request`);
    const bodies = body.features.map((value, i) => ({ value, prefix: `features[${i}]` }));
    const features = await validateFeatures(store, layer, bodies, options);
    const ids = await store.insertFeatures(layer, features, { user: userOf(res) });
    res.status(201).json({ created: ids.length, ids });
    return;
  }
  const [feature] = await validateFeatures(store, layer, [{ value: body, prefix: '' }], options);
  const [id] = await store.insertFeatures(layer, [feature], { user: userOf(res) });
  res.location(`${baseUrl(req)}/collections/${layer.id}/items/${id}`);
  await respondWithFeature(store, layer, id, res, 201);
}

/** Merges a JSON Merge Patch into the feature as stored, checked as a whole feature before it is written. */
async function patch(store: Store, req: Request, res: Response, sent: () => unknown) {
  const layer = layerOf(req);
  const id = featureIdOf(req);
  const body = sent();
  const options = writeOptions(req);
  const expected = expectedRevision(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidParam('body', 'a merge patch must be a JSON object');
  }
  refuseInheritanceKeys(body);
  refuseBeyondLiveFields(layer, body as Record<string, unknown>, res);
  const current = await store.getItem(layer, id, 'internal');
  if (!current) throw notFound(`There is no feature ${id} in ${layer.id}.`);
  const { type, geometry, properties } = current;
  const merged = applyMergePatch({ type, geometry, properties }, body);
  refusePlanningByResponder(current, merged as Planned, res);
  const [feature] = await validateFeatures(store, layer, [{ value: merged, prefix: '' }], options);
  await store.replaceFeature(layer, id, feature, expected, { user: userOf(res) });
  await respondWithFeature(store, layer, id, res);
}

/** Every revision of one feature, with who and when: staff only. */
function historyRead(store: Store): Operation {
  return operation({
    method: 'get',
    path: '/collections/{collectionId}/items/{featureId}/history',
    role: 'responder',
    eachLayer: (layer) => ({
      operationId: `get${schemaName(layer.id)}History`,
      summary: `${layer.title.zh}: every revision of one feature, with who and when (staff)`,
      tags: [layer.group],
      parameters: [featureId],
      responses: {
        '200': { description: 'History entries, oldest first.', ...json({ type: 'object' }) },
        '401': problem('Not signed in.'),
        '404': problem('No such feature.'),
      },
    }),
    handler: async (req, res) => {
      const layer = layerOf(req);
      const id = featureIdOf(req);
      const entries = await store.history(layer, id);
      if (entries.length === 0) throw notFound(`There is no history for ${id} in ${layer.id}.`);
      res.json({ layer: layer.id, id, entries });
    },
  });
}

const storedFeature = (layer: LayerDef): Schema => ({
  description: 'The feature as stored.',
  ...json(featureOf(layer), GEOJSON),
});

/** A depot's stock, one item at a time: what responders on duty keep up to date. */
function stockWrites(store: Store): Operation[] {
  const depots = findLayer('depots') as LayerDef;
  const parameters = [
    featureId,
    { name: 'item', in: 'path', required: true, schema: { type: 'string' } } as const,
    ifMatch,
  ];
  const depot = { description: 'The depot with its stock.', ...json(ref('DepotsFeature'), GEOJSON) };
  const itemOf = (req: Request) => parseOrRefuse(stockItem, req.params.item, 'item');
  const path = '/collections/depots/items/{featureId}/stock/{item}';
  return [
    operation({
      method: 'put',
      path,
      role: 'responder',
      textParameter: 'item',
      body: { schema: stockEntry, strict: true },
      operationId: 'setDepotStock',
      summary: '物资储备库: set the stock of one item (staff)',
      tags: ['resources'],
      parameters,
      responses: { '200': depot, ...writeErrors },
      handler: async (req, res, input) => {
        const id = featureIdOf(req);
        const item = itemOf(req);
        const row = input.body();
        await store.setStock(id, item, row, expectedRevision(req), { user: userOf(res) });
        await respondWithFeature(store, depots, id, res);
      },
    }),
    operation({
      method: 'delete',
      path,
      role: 'responder',
      textParameter: 'item',
      operationId: 'removeDepotStock',
      summary: '物资储备库: remove one item from the stock (staff)',
      tags: ['resources'],
      parameters,
      responses: { '200': depot, ...writeErrors },
      handler: async (req, res) => {
        const id = featureIdOf(req);
        const item = itemOf(req);
        await store.setStock(id, item, null, expectedRevision(req), { user: userOf(res) });
        await respondWithFeature(store, depots, id, res);
      },
    }),
  ];
}
