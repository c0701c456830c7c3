import { z } from 'zod';
import { geometrySchema } from './geometry-schema.ts';
import { allFields } from './registry.ts';
import type { FieldDef, LayerDef } from './types.ts';

const MAX_TEXT = 2000;
const MAX_NAME = 200;

const stockRow = z.strictObject({
  item: z.string().trim().min(1).max(100),
  quantity: z.number().finite().min(0),
  unit: z.string().trim().min(1).max(20),
  expires_on: z.iso.date().nullable().optional(),
});

export const stockSchema = z.array(stockRow).max(500);

/**
 * A facility's name is shown on maps, in lists and in exports made by other programs: markup and
 * statement separators never belong in one, and refusing them spares every consumer downstream.
 */
const NAME_FORBIDDEN = /[<>;`"\\]|--|\/\*/;
const NAME_RULE = 'may not contain < > ; ` " \\ -- or /*';
function isPlainName(name: string): boolean {
  return !NAME_FORBIDDEN.test(name);
}

/** Tabs and line breaks are text; other control characters are corruption or mischief. */
function hasNoControlCharacters(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 32 && char !== '\t' && char !== '\n' && char !== '\r') return false;
  }
  return true;
}

function valueSchema(field: FieldDef): z.ZodType {
  switch (field.type) {
    case 'integer': {
      let schema = z.number({ error: 'must be a whole number' }).int('must be a whole number');
      if (field.min !== undefined) schema = schema.min(field.min, `must be at least ${field.min}`);
      if (field.max !== undefined) schema = schema.max(field.max, `must be at most ${field.max}`);
      return schema;
    }
    case 'number': {
      let schema = z.number({ error: 'must be a number' });
      if (field.min !== undefined) schema = schema.min(field.min, `must be at least ${field.min}`);
      if (field.max !== undefined) schema = schema.max(field.max, `must be at most ${field.max}`);
      return schema;
    }
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'date':
      return z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
    case 'enum': {
      const keys = Object.keys(field.values ?? {});
      return z.enum(keys as [string, ...string[]], { error: `must be one of ${keys.join(', ')}` });
    }
    case 'enum[]': {
      const keys = Object.keys(field.values ?? {});
      return z
        .array(z.enum(keys as [string, ...string[]], { error: `each must be one of ${keys.join(', ')}` }))
        .refine((list) => new Set(list).size === list.length, 'lists a value twice');
    }
    case 'json':
      return field.name === 'stock' ? stockSchema : z.unknown();
    default: {
      const max = field.name === 'name' ? MAX_NAME : MAX_TEXT;
      const text = z
        .string({ error: 'must be text' })
        .trim()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${max} characters`)
        .refine(hasNoControlCharacters, 'contains control characters');
      return field.name === 'name' ? text.refine(isPlainName, NAME_RULE) : text;
    }
  }
}

/**
 * What a client may write to a layer. Fields the server keeps (township, revision, timestamps) are
 * accepted and ignored, so a feature read from the API can be sent back as it is; anything the
 * layer does not have is refused by name.
 */
export function propertiesSchema(layer: LayerDef) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of allFields(layer)) {
    if (field.managed) shape[field.name] = z.unknown().optional();
    else if (field.derived && field.name !== 'stock') continue;
    else {
      const value = valueSchema(field);
      shape[field.name] = field.required ? value : value.nullable().optional();
    }
  }
  return z.strictObject(shape);
}

export function featureSchema(layer: LayerDef) {
  return z.strictObject({
    type: z.literal('Feature', { error: 'must be "Feature"' }),
    id: z.uuid('must be a UUID').optional(),
    geometry: geometrySchema(layer.geometryTypes),
    properties: propertiesSchema(layer),
    // A feature read from the API carries its links; they mean nothing on the way in.
    links: z.unknown().optional(),
  });
}

export type FeatureInput = {
  type: 'Feature';
  id?: string;
  geometry: GeoJSON.Geometry;
  properties: Record<string, unknown>;
};

/** Drops what the server keeps itself, so only the client's own fields reach the store. */
export function writableProperties(layer: LayerDef, properties: Record<string, unknown>): Record<string, unknown> {
  const managed = new Set(
    allFields(layer)
      .filter((f) => f.managed)
      .map((f) => f.name),
  );
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !managed.has(key)));
}
