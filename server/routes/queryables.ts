import type { FieldDef, Label, LayerDef } from '../layers/registry.ts';
import { fieldSchema } from './schemas.ts';

/** OGC API – Features Part 3: the properties a reader may filter this collection by. */
export function queryablesSchema(layer: LayerDef, fields: FieldDef[], lang: keyof Label, base: string) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${layer.id}/queryables`,
    type: 'object',
    title: layer.title[lang],
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f, lang)])),
    additionalProperties: false,
  };
}
