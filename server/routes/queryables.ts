import type { FieldDef, Label, LayerDef } from '../layers/registry.ts';
import { fieldSchema } from './schemas.ts';

/**
 * A JSON Schema of some of a collection's properties: the queryables (OGC API – Features Part 3)
 * or the whole feature schema with its labels (Part 5), which clients use to label fields.
 */
export function propertiesSchema(layer: LayerDef, fields: FieldDef[], lang: keyof Label, id: string) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    type: 'object',
    title: layer.title[lang],
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f, lang)])),
    additionalProperties: false,
  };
}
