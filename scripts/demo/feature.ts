/**
 * Builds features in the shape the store imports: a stable UUID, RFC 7946 geometry and exactly the
 * layer's writable fields in registry order. Checking each value against the registry here means a
 * typo in a recipe fails the run instead of producing a file the API would reject.
 */
import type { Feature, Geometry } from 'geojson';
import { allFields, findLayer } from '../../server/layers/registry.ts';
import type { FieldDef, LayerDef } from '../../server/layers/types.ts';
import { type Random, stream } from './random.ts';

export type Fields = Record<string, unknown>;

/** Common fields the demo sets itself; the store derives township, revision and timestamps. */
function commonValues(layerId: string, index: number, name: string): Fields {
  return {
    name,
    lifecycle: 'active',
    external_id: `demo-${layerId}-${String(index).padStart(3, '0')}`,
    source: 'demo',
    source_crs: 'EPSG:4490',
  };
}

function writableFields(layer: LayerDef): FieldDef[] {
  return allFields(layer).filter((field) => !field.managed && !field.derived);
}

function checkValue(field: FieldDef, value: unknown): string | null {
  if (value === null) return null;
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length > 0 ? null : 'expected text';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'expected YYYY-MM-DD';
    case 'enum':
      return typeof value === 'string' && field.values && value in field.values ? null : `not one of the values`;
    case 'enum[]':
      return Array.isArray(value) && value.every((v) => field.values && v in field.values) ? null : 'bad values';
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'expected an integer';
      if (field.min !== undefined && value < field.min) return `below ${field.min}`;
      if (field.max !== undefined && value > field.max) return `above ${field.max}`;
      if (field.values && !(String(value) in field.values)) return 'not one of the values';
      return null;
    }
    default:
      return null;
  }
}

export class LayerOutput {
  readonly layer: LayerDef;
  readonly features: Feature[] = [];
  private readonly ids: Random;

  constructor(layerId: string) {
    const layer = findLayer(layerId);
    if (!layer) throw new Error(`unknown layer ${layerId}`);
    this.layer = layer;
    // Ids get their own stream so adding a field to a recipe does not change every feature's id.
    this.ids = stream(`ids:${layerId}`);
  }

  /** `extra` carries data the store keeps in a side table (depot stock), appended after the fields. */
  add(name: string, geometry: Geometry, values: Fields, extra: Fields = {}): Feature {
    const index = this.features.length + 1;
    const given: Fields = { ...commonValues(this.layer.id, index, name), ...values };
    const properties: Fields = {};
    for (const field of writableFields(this.layer)) {
      if (!(field.name in given)) throw new Error(`${this.layer.id} #${index}: missing ${field.name}`);
      const problem = checkValue(field, given[field.name]);
      if (problem) throw new Error(`${this.layer.id} #${index} ${field.name}=${String(given[field.name])}: ${problem}`);
      properties[field.name] = given[field.name];
    }
    const unknown = Object.keys(given).filter((key) => !(key in properties));
    if (unknown.length > 0) throw new Error(`${this.layer.id}: fields not in the registry: ${unknown.join(', ')}`);
    const feature: Feature = {
      type: 'Feature',
      id: this.ids.uuid(),
      geometry,
      properties: { ...properties, ...extra },
    };
    this.features.push(feature);
    return feature;
  }
}
