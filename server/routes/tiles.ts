import type { Request, Response } from 'express';
import type { Dataset } from '../../catalog/datasets.ts';
import { HEAVY_READS, takeTurns } from '../http/limits.ts';
import { baseUrl } from '../http/links.ts';
import { matchesIfNoneMatch } from '../http/preconditions.ts';
import { type InvalidParam, notFound, refuse } from '../http/problem.ts';
import { findLayer, type LayerDef, type Visibility } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { densityLayer, THINNING_RULE, TILE, type TileAddress, tileFields, tileValueType } from '../tiles/rules.ts';
import { languageOf } from './language.ts';
import { collectionId, json, problem, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
/** Web Mercator's latitude limit: what a world-wide TileJSON bounds box may span. */
const MERCATOR_LAT = 85.0511287798066;

/**
 * Anonymous tiles may sit in shared caches for a minute; staff tiles hold internal fields, so only
 * the reader's own browser keeps them, and asks again each time. Either way the ETag is the layer's
 * change counter, so asking again costs a 304 until the layer changes.
 */
const CACHE_CONTROL: Record<Visibility, string> = {
  public: 'public, max-age=60',
  internal: 'private, no-cache',
};

/** A TileJSON names the layer's version in its tile URL: a copy kept even a minute would lead to old tiles. */
const REVALIDATE: Record<Visibility, string> = {
  public: 'public, no-cache',
  internal: 'private, no-cache',
};

/**
 * A tile asked for at the layer's current version (`?v=`, as the TileJSON writes its URL) never
 * changes: the next edit moves the version and so the URL. Browsers and shared caches keep it a year
 * without asking again. A tile asked for at another version (a page opened before an edit, a replica
 * behind) gets the layer as it is now under the short rule, so a URL is never kept with what it does
 * not name.
 */
const IMMUTABLE: Record<Visibility, string> = {
  public: 'public, max-age=31536000, immutable',
  internal: 'private, max-age=31536000, immutable',
};

function layerOf(req: Request): LayerDef {
  const layer = findLayer(String(req.params.layer));
  if (!layer) throw notFound(`There is no layer "${req.params.layer}"; see /collections.`);
  return layer;
}

/** Refuses any query parameter but those named in `allowed`. */
function refuseQueryParameters(req: Request, allowed: readonly string[] = []): void {
  const names = Object.keys(req.query as Record<string, unknown>).filter((name) => !allowed.includes(name));
  if (names.length) throw refuse(names.map((name) => ({ name, reason: 'is not a known parameter' })));
}

/** The layer version a tile URL names (`?v=`), or undefined when it names none. */
function versionAsked(req: Request): number | undefined {
  const v = req.query.v;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !WHOLE.test(v)) throw refuse([{ name: 'v', reason: 'must be a whole number' }]);
  return Number(v);
}

const WHOLE = /^\d{1,9}$/;

/** z, x and y as integers of the pyramid, or a 400 naming each one that is not. */
export function tileAddress(req: Request): TileAddress {
  const problems: InvalidParam[] = [];
  const raw = { z: String(req.params.z), x: String(req.params.x), y: String(req.params.y) };
  const z = Number(raw.z);
  const zoomValid = WHOLE.test(raw.z) && z >= TILE.minZoom && z <= TILE.maxZoom;
  if (!zoomValid) {
    problems.push({ name: 'z', reason: `must be a whole number from ${TILE.minZoom} to ${TILE.maxZoom}` });
  }
  for (const name of ['x', 'y'] as const) {
    const value = Number(raw[name]);
    if (!WHOLE.test(raw[name])) problems.push({ name, reason: 'must be a whole number' });
    else if (zoomValid && value >= 2 ** z) {
      problems.push({ name, reason: `must be below ${2 ** z} at zoom ${z} (0 ≤ ${name} < 2^z)` });
    }
  }
  if (problems.length) throw refuse(problems);
  return { z, x: Number(raw.x), y: Number(raw.y) };
}

/**
 * Sets the validators and caching of a layer's tiles or TileJSON; true when the client's copy is
 * current and a 304 has been sent. Staff and the public read different fields under one URL, so the
 * ETag names the audience and caches key on Authorization.
 */
async function answeredFromCache(
  store: Store,
  layer: LayerDef,
  req: Request,
  res: Response,
  variant: string[],
  rule: (version: number) => Record<Visibility, string>,
): Promise<boolean> {
  const audience = res.locals.audience as Visibility;
  const version = (await store.layerVersions())[layer.id] ?? 0;
  const etag = `"${[layer.id, version, audience, ...variant].join('-')}"`;
  res.set({ ETag: etag, 'Cache-Control': rule(version)[audience] });
  res.vary('Authorization');
  if (!matchesIfNoneMatch(req, etag)) return false;
  res.status(304).end();
  return true;
}

/** A TileJSON 3.0.0 document describing one layer's vector tiles, with the fields this reader will find. */
async function tileJson(store: Store, layer: LayerDef, req: Request, audience: Visibility) {
  const lang = languageOf(req);
  const version = (await store.layerVersions())[layer.id] ?? 0;
  const { extent } = await store.summarize(layer);
  const dataset = await store.getMeta<Dataset>('dataset');
  const zooms = { minzoom: TILE.minZoom, maxzoom: TILE.maxZoom };
  return {
    tilejson: '3.0.0',
    name: layer.title[lang],
    description: [layer.description[lang], THINNING_RULE[lang]].join(lang === 'zh' ? '。' : '. '),
    version: '1.0.0',
    ...(dataset ? { attribution: `OneMap 应急一张图 — ${dataset.name}${dataset.demo ? '(演示数据)' : ''}` } : {}),
    scheme: 'xyz',
    tiles: [`${baseUrl(req)}/tiles/${layer.id}/{z}/{x}/{y}.mvt?v=${version}`],
    ...zooms,
    bounds: extent ?? [-180, -MERCATOR_LAT, 180, MERCATOR_LAT],
    vector_layers: [
      {
        id: layer.id,
        description: layer.title[lang],
        ...zooms,
        fields: Object.fromEntries([
          ['id', 'String'],
          ...tileFields(layer, audience).map((f) => [f.name, tileValueType(f)]),
          // A full tile of a point layer holds density cells, each with its count of points.
          ...(densityLayer(layer) ? [['count', 'Number']] : []),
        ]),
      },
    ],
  };
}

const tags = ['tiles'];
const layerParameter = { ...collectionId, name: 'layer' } as const;
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  description: 'The ETag of a copy already held.',
  schema: { type: 'string' },
} as const;
const cached = {
  '304': { description: 'Not modified: If-None-Match holds the current ETag (the layer has not changed).' },
  '404': problem('No such layer.'),
};
const tileNumber = (name: string, description: string, maximum?: number) =>
  ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'integer', minimum: 0, ...(maximum === undefined ? {} : { maximum }) },
  }) as const;

/**
 * Vector tiles of every layer (`/tiles/{layer}/{z}/{x}/{y}.mvt`) and a TileJSON per layer
 * (`/tiles/{layer}.json`). An empty tile is answered 204 No Content, which map clients draw as empty.
 */
export function tileOperations(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/tiles/{layer}.json',
      operationId: 'getTileJson',
      summary: 'A layer’s vector tiles described as TileJSON 3.0.0, with the fields this reader will find',
      tags,
      parameters: [layerParameter, ifNoneMatch],
      responses: { '200': { description: 'TileJSON', ...json(ref('TileJSON')) }, ...cached },
      handler: async (req, res) => {
        const layer = layerOf(req);
        refuseQueryParameters(req);
        // Titles follow Accept-Language, so each language is its own representation.
        res.vary('Accept-Language');
        if (await answeredFromCache(store, layer, req, res, [languageOf(req)], () => REVALIDATE)) return;
        res.json(await tileJson(store, layer, req, res.locals.audience));
      },
    }),
    operation({
      method: 'get',
      path: '/tiles/{layer}/{z}/{x}/{y}.mvt',
      turns: takeTurns(HEAVY_READS.tiles),
      operationId: 'getTile',
      summary: 'A vector tile (Mapbox Vector Tile 2.1, EPSG:3857) of a layer’s active features',
      description: `Anonymous readers get public fields, staff internal ones too. ${THINNING_RULE.en}`,
      tags,
      parameters: [
        layerParameter,
        tileNumber('z', 'Zoom level.', TILE.maxZoom),
        tileNumber('x', 'Column, from the west: 0 ≤ x < 2^z.'),
        tileNumber('y', 'Row, from the north: 0 ≤ y < 2^z.'),
        {
          name: 'v',
          in: 'query',
          description:
            'The layer version the TileJSON names: at the current version the tile is cached as immutable (a year).',
          schema: { type: 'integer', minimum: 0 },
        },
        ifNoneMatch,
      ],
      responses: {
        '200': { description: 'The tile.', ...json({ type: 'string', format: 'binary' }, MVT) },
        '204': { description: 'No feature falls in this tile.' },
        '400': problem('z, x or y is not a tile of the pyramid; invalid-params names it.'),
        ...cached,
      },
      handler: async (req, res) => {
        const layer = layerOf(req);
        const address = tileAddress(req);
        refuseQueryParameters(req, ['v']);
        const asked = versionAsked(req);
        const rule = (version: number) => (asked === version ? IMMUTABLE : CACHE_CONTROL);
        if (await answeredFromCache(store, layer, req, res, [], rule)) return;
        const tile = await store.tile(layer, address, res.locals.audience);
        if (tile.length === 0) {
          res.status(204).end();
          return;
        }
        res.type(MVT).send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
      },
    }),
  ];
}
