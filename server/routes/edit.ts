import { type NextFunction, type Request, type Response, Router } from 'express';
import { hasRole } from '../../catalog/roles.ts';
import { requireRole, userOf } from '../http/auth.ts';
import { baseUrl } from '../http/links.ts';
import { applyMergePatch, refuseInheritanceKeys } from '../http/merge-patch.ts';
import { expectedRevision, requireContentType, setEtag } from '../http/preconditions.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import { stockEntry, stockItem } from '../layers/feature-schema.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { validateFeatures } from './feature-validation.ts';

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

/** A stock item whose percent-escapes decode to no text is refused by its name, not as a bare path. */
function refuseUndecodableItem(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path.slice(1));
  } catch {
    throw invalidParam('item', 'is not percent-encoded UTF-8 text');
  }
  next();
}

async function respondWithFeature(store: Store, layer: LayerDef, id: string, res: Response, status = 200) {
  const feature = await store.getItem(layer, id, 'internal');
  if (!feature) throw notFound(`There is no feature ${id} in ${layer.id}.`);
  setEtag(res, Number(feature.properties?.revision));
  res.status(status).type('application/geo+json').json(feature);
}

/** OGC API – Features Part 4 (create, replace, update, delete), with optimistic concurrency on every change. */
export function editRouter(store: Store): Router {
  const router = Router();
  const items = '/collections/:collectionId/items';
  const item = `${items}/:featureId`;

  router.post(items, requireRole('planner'), async (req, res) => {
    const layer = layerOf(req);
    requireContentType(req, FEATURE_TYPES);
    const options = writeOptions(req);
    const body = req.body as { type?: unknown; features?: unknown };
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
  });

  router.put(item, requireRole('planner'), async (req, res) => {
    const layer = layerOf(req);
    const id = featureIdOf(req);
    requireContentType(req, FEATURE_TYPES);
    const options = writeOptions(req);
    const expected = expectedRevision(req);
    const [feature] = await validateFeatures(store, layer, [{ value: req.body, prefix: '' }], options);
    if (feature.id !== undefined && feature.id !== id)
      throw invalidParam('id', 'does not match the feature in the path');
    await store.replaceFeature(layer, id, feature, expected, { user: userOf(res) });
    await respondWithFeature(store, layer, id, res);
  });

  router.patch(item, requireRole('responder'), async (req, res) => {
    const layer = layerOf(req);
    const id = featureIdOf(req);
    requireContentType(req, PATCH_TYPES);
    const options = writeOptions(req);
    const expected = expectedRevision(req);
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw invalidParam('body', 'a merge patch must be a JSON object');
    }
    refuseInheritanceKeys(req.body);
    refuseBeyondLiveFields(layer, req.body, res);
    const current = await store.getItem(layer, id, 'internal');
    if (!current) throw notFound(`There is no feature ${id} in ${layer.id}.`);
    const { type, geometry, properties } = current;
    const merged = applyMergePatch({ type, geometry, properties }, req.body);
    refusePlanningByResponder(current, merged as Planned, res);
    const [feature] = await validateFeatures(store, layer, [{ value: merged, prefix: '' }], options);
    await store.replaceFeature(layer, id, feature, expected, { user: userOf(res) });
    await respondWithFeature(store, layer, id, res);
  });

  router.delete(item, requireRole('planner'), async (req, res) => {
    const layer = layerOf(req);
    const id = featureIdOf(req);
    writeOptions(req);
    await store.deleteFeature(layer, id, expectedRevision(req), { user: userOf(res) });
    res.status(204).end();
  });

  router.get(`${item}/history`, requireRole('responder'), async (req, res) => {
    const layer = layerOf(req);
    const id = featureIdOf(req);
    const entries = await store.history(layer, id);
    if (entries.length === 0) throw notFound(`There is no history for ${id} in ${layer.id}.`);
    res.json({ layer: layer.id, id, entries });
  });

  const stockPath = '/collections/depots/items/:featureId/stock/:item';
  router.use('/collections/depots/items/:featureId/stock', refuseUndecodableItem);
  const itemOf = (req: Request) => parseOrRefuse(stockItem, req.params.item, 'item');

  router.put(stockPath, requireRole('responder'), async (req, res) => {
    const id = featureIdOf(req);
    const item = itemOf(req);
    requireContentType(req, ['application/json']);
    const expected = expectedRevision(req);
    const row = parseOrRefuse(stockEntry, req.body);
    await store.setStock(id, item, row, expected, { user: userOf(res) });
    await respondWithFeature(store, findLayer('depots') as LayerDef, id, res);
  });

  router.delete(stockPath, requireRole('responder'), async (req, res) => {
    const id = featureIdOf(req);
    const item = itemOf(req);
    await store.setStock(id, item, null, expectedRevision(req), { user: userOf(res) });
    await respondWithFeature(store, findLayer('depots') as LayerDef, id, res);
  });

  return router;
}
