import { layers } from '../layers/registry.ts';

/** Small builders and parameters shared by the operations' descriptions in the OpenAPI document. */

export type Schema = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: Schema, type = 'application/json') => ({ content: { [type]: { schema } } });

export const problem = (description: string) => ({
  description,
  ...json(ref('Problem'), 'application/problem+json'),
});

/** A binary download of this media type. */
export const file = (type: string) => ({ content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

export const GEOJSON = 'application/geo+json';

/** Any layer, by its id. */
export const collectionId = {
  name: 'collectionId',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: layers.map((l) => l.id) },
} as const;

export const featureId = {
  name: 'featureId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const;

/** The revision a write is based on. */
export const ifMatch = (description: string) =>
  ({ name: 'If-Match', in: 'header', required: true, description, schema: { type: 'string' } }) as const;

/** A layer's name in the component schemas: `risk_zones` → `RiskZones`. */
export function schemaName(layerId: string): string {
  return layerId.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
