import { THINNING_RULE, TILE } from '../tiles/rules.ts';
import { json, problem, ref, type Schema } from './openapi-parts.ts';
import { MVT } from './tiles.ts';

const zoom = { type: 'integer', minimum: 0, maximum: 30 };

/** TileJSON 3.0.0 as this API writes it: the spec's schema, narrowed to vector tiles. */
export const tileJsonSchema: Schema = {
  type: 'object',
  required: ['tilejson', 'tiles', 'vector_layers'],
  properties: {
    tilejson: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    name: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
    attribution: { type: 'string' },
    scheme: { enum: ['xyz', 'tms'] },
    tiles: { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\{z\\}.*\\{x\\}.*\\{y\\}' } },
    minzoom: zoom,
    maxzoom: zoom,
    bounds: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
    vector_layers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'fields'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          minzoom: zoom,
          maxzoom: zoom,
          fields: { type: 'object', additionalProperties: { enum: ['String', 'Number', 'Boolean'] } },
        },
      },
    },
  },
};

const cached = {
  '304': { description: 'Not modified: If-None-Match holds the current ETag (the layer has not changed).' },
};
const unknownLayer = { '404': problem('No such layer.') };
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  description: 'The ETag of a copy already held.',
  schema: { type: 'string' },
};

/** The vector-tile endpoints in the API document; `{layer}` is the layer's id. */
export function tilePaths(layerParameter: Schema): Record<string, Schema> {
  const tileNumber = (name: string, description: string, maximum?: number) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'integer', minimum: 0, ...(maximum === undefined ? {} : { maximum }) },
  });
  return {
    [`/tiles/{${layerParameter.name}}.json`]: {
      get: {
        operationId: 'getTileJson',
        summary: 'A layer’s vector tiles described as TileJSON 3.0.0, with the fields this reader will find',
        tags: ['tiles'],
        parameters: [layerParameter, ifNoneMatch],
        responses: {
          '200': { description: 'TileJSON', ...json(ref('TileJSON')) },
          ...cached,
          ...unknownLayer,
        },
      },
    },
    [`/tiles/{${layerParameter.name}}/{z}/{x}/{y}.mvt`]: {
      get: {
        operationId: 'getTile',
        summary: 'A vector tile (Mapbox Vector Tile 2.1, EPSG:3857) of a layer’s active features',
        description: `Anonymous readers get public fields, staff internal ones too. ${THINNING_RULE.en}`,
        tags: ['tiles'],
        parameters: [
          layerParameter,
          tileNumber('z', 'Zoom level.', TILE.maxZoom),
          tileNumber('x', 'Column, from the west: 0 ≤ x < 2^z.'),
          tileNumber('y', 'Row, from the north: 0 ≤ y < 2^z.'),
          ifNoneMatch,
        ],
        responses: {
          '200': { description: 'The tile.', ...json({ type: 'string', format: 'binary' }, MVT) },
          '204': { description: 'No feature falls in this tile.' },
          ...cached,
          '400': problem('z, x or y is not a tile of the pyramid; invalid-params names it.'),
          ...unknownLayer,
        },
      },
    },
  };
}
