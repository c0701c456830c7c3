import type { Feature, Geometry } from 'geojson';
import type { FieldDef, LayerDef } from '../layers/registry.ts';
import { writableFields } from './mapping.ts';
import { toWkt } from './wkt.ts';

/**
 * A layer as a bureau's sheet: Chinese headers, value labels instead of keys (A类, 紧急避难场所, 是),
 * longitude and latitude columns for points and WKT for the rest, UTF-8 with a BOM so Excel reads
 * the Chinese. The import reads it back to the same features.
 */

function cell(field: FieldDef, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'enum':
      return field.values?.[String(value)]?.zh ?? String(value);
    case 'enum[]':
      return (value as string[]).map((v) => field.values?.[v]?.zh ?? v).join('、');
    case 'boolean':
      return value ? '是' : '否';
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportCsv(layer: LayerDef, features: Array<Feature<Geometry>>): string {
  const fields = writableFields(layer);
  const points = layer.geometryTypes.length === 1 && layer.geometryTypes[0] === 'Point';
  const geometryHeaders = points ? ['经度', '纬度'] : ['几何(WKT)'];
  const lines = [[...fields.map((f) => f.label.zh), ...geometryHeaders].map(quote).join(',')];
  for (const feature of features) {
    const values = fields.map((f) => cell(f, feature.properties?.[f.name]));
    const geometry = feature.geometry;
    const where =
      geometry.type === 'Point' && points ? geometry.coordinates.slice(0, 2).map(String) : [toWkt(geometry)];
    lines.push([...values, ...where].map(quote).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
