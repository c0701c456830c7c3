import { z } from 'zod';
import { plainText } from '../input/plain-text.ts';
import { geometrySchema } from './geometry-schema.ts';
import { allFields } from './registry.ts';
import type { FieldDef, LayerDef } from './types.ts';

const MAX_TEXT = 2000;
const MAX_NAME = 200;

/**
 * A facility's name is shown on maps, in lists and in exports made by other programs: markup and
 * statement separators never belong in one, and refusing them spares every consumer downstream.
 * A double hyphen is allowed: bureau registers write it as a dash (防汛--临时安置点), and every
 * value travels to the database as a parameter, where a comment marker is only text.
 * A depot's item names and units are shown the same way and follow the same rule.
 */
const NAME_FORBIDDEN = /[<>;`"\\]|\/\*/;
const NAME_RULE = 'may not contain < > ; ` " \\ or /*';
function isPlainName(name: string): boolean {
  return !NAME_FORBIDDEN.test(name);
}

/** Free text of at most `max` characters: trimmed, not empty, no control or bidirectional characters. */
function freeText(max: number) {
  return plainText(
    z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`),
  );
}

/** A name as maps and lists show it: free text without markup. */
function nameText(max: number) {
  return freeText(max).refine(isPlainName, NAME_RULE);
}

/** A depot's item, as the stock path names it and the stock list holds it. */
export const stockItem = nameText(100);

/** One item's stock as a responder sets it: the item itself is named by the path. */
export const stockEntry = z.strictObject({
  quantity: z.number({ error: 'must be a number' }).min(0, 'must be 0 or more'),
  unit: nameText(20),
  expires_on: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).nullable().optional(),
});

export const stockSchema = z.array(stockEntry.extend({ item: stockItem })).max(500);

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
    default:
      return field.name === 'name' ? nameText(MAX_NAME) : freeText(MAX_TEXT);
  }
}

/** A field that may not exceed another (free places, capacity) is refused by name when it does. */
function refuseAboveBounds(fields: FieldDef[]) {
  const bounded = fields.filter((f) => f.atMost !== undefined);
  return (properties: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const field of bounded) {
      const value = properties[field.name];
      const bound = properties[field.atMost as string];
      if (typeof value === 'number' && typeof bound === 'number' && value > bound) {
        ctx.addIssue({ code: 'custom', path: [field.name], message: `must be at most ${field.atMost} (${bound})` });
      }
    }
  };
}

/**
 * What a client may write to a layer. Fields the server keeps (township, revision, timestamps) are
 * accepted and ignored, so a feature read from the API can be sent back as it is; anything the
 * layer does not have is refused by name.
 */
export function propertiesSchema(layer: LayerDef) {
  const shape: Record<string, z.ZodType> = {};
  const fields = allFields(layer);
  for (const field of fields) {
    if (field.managed) shape[field.name] = z.unknown().optional();
    else if (field.derived && field.name !== 'stock') continue;
    else {
      const value = valueSchema(field);
      shape[field.name] = field.required ? value : value.nullable().optional();
    }
  }
  return z.strictObject(shape).superRefine(refuseAboveBounds(fields));
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
