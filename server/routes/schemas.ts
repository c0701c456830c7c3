import type { FieldDef, Label } from '../layers/registry.ts';

type Schema = Record<string, unknown>;

/** A field as JSON Schema (2020-12), as the API document and the queryables describe it. */
export function fieldSchema(field: FieldDef, lang: keyof Label = 'zh'): Schema {
  const base: Schema = { title: field.label[lang] };
  // Labels of enumerated values, for clients that show 紧急避难场所 rather than `emergency`.
  if (field.values)
    base['x-value-labels'] = Object.fromEntries(Object.entries(field.values).map(([k, l]) => [k, l[lang]]));
  if (field.unit) base['x-unit'] = field.unit;
  // Responders on duty may set it, and the public map reads it live rather than as published.
  if (field.live) base['x-live'] = true;
  const bounds: Schema = {};
  if (field.min !== undefined) bounds.minimum = field.min;
  if (field.max !== undefined) bounds.maximum = field.max;
  switch (field.type) {
    case 'integer':
      return {
        ...base,
        type: ['integer', 'null'],
        ...bounds,
        ...(field.values ? { enum: [...enumOf(field, Number), null] } : {}),
      };
    case 'number':
      return { ...base, type: ['number', 'null'], ...bounds };
    case 'boolean':
      return { ...base, type: ['boolean', 'null'] };
    case 'date':
      return { ...base, type: ['string', 'null'], format: 'date' };
    case 'timestamp':
      return { ...base, type: ['string', 'null'], format: 'date-time' };
    case 'enum':
      return { ...base, type: ['string', 'null'], enum: [...enumOf(field, String), null] };
    case 'enum[]':
      return { ...base, type: ['array', 'null'], items: { type: 'string', enum: enumOf(field, String) } };
    case 'json':
      return base;
    default:
      return { ...base, type: ['string', 'null'] };
  }
}

function enumOf<T>(field: FieldDef, convert: (key: string) => T): T[] {
  return Object.keys(field.values ?? {}).map(convert);
}
