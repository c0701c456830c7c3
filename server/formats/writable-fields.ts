import { allFields, type FieldDef, type LayerDef } from '../layers/registry.ts';

/**
 * The fields a file carries into a layer: the layer's own and the common ones, less what the server
 * keeps. One list for both ways, so what the CSV export writes is exactly what an import can map
 * back, and a round trip loses nothing.
 */
export function writableFields(layer: LayerDef): FieldDef[] {
  return allFields(layer).filter((f) => !f.managed && (!f.derived || f.name === 'stock'));
}
