import * as turf from '@turf/turf';
import type { Feature, Geometry, Position } from 'geojson';
import { anchorOf } from '../analysis/geometry.ts';
import type { AnyFeature } from '../analysis/types.ts';
import { type FieldDef, type LayerDef, type Visibility, visibleFields } from '../layers/registry.ts';
import { guardFormula, quote } from './spreadsheet-cell.ts';
import { labelledValue } from './value-labels.ts';
import { toWkt } from './wkt.ts';
import { writableFields } from './writable-fields.ts';

/**
 * A layer as a bureau's spreadsheet (CSV): Chinese headers, value labels instead of keys (A类,
 * 紧急避难场所, 是), longitude and latitude columns for points and WKT for the rest, UTF-8 with a BOM
 * so Excel reads the Chinese. The import reads it back to the same features: its columns are the
 * fields an import writes (writable-fields.ts), its labels those the import maps back to keys.
 * Areas and lines also get a point inside them (代表点经度/代表点纬度) for spreadsheets and GIS tools
 * that want one position per row; the import takes their geometry from the WKT and leaves those two
 * columns aside.
 */

/** A cell of the downloaded spreadsheet: text is guarded against being run as a formula. */
function cell(field: FieldDef, value: unknown): string {
  const text = labelledValue(field, value);
  return field.type === 'text' ? guardFormula(text) : text;
}

function insidePoint(feature: Feature<Geometry>): Position {
  const [lon, lat] = anchorOf(feature as AnyFeature) ?? turf.pointOnFeature(feature.geometry).geometry.coordinates;
  return [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
}

/** The spreadsheet, row by row; anonymous readers' sheets (`audience` public) hold public fields only. */
export function csvWriter(layer: LayerDef, audience: Visibility = 'internal') {
  const visible = new Set(visibleFields(layer, audience).map((f) => f.name));
  const fields = writableFields(layer).filter((f) => visible.has(f.name));
  const points = layer.geometryTypes.length === 1 && layer.geometryTypes[0] === 'Point';
  const geometryHeaders = points ? ['经度', '纬度'] : ['几何(WKT)', '代表点经度', '代表点纬度'];
  const row = (feature: Feature<Geometry>) => {
    const values = fields.map((f) => cell(f, feature.properties?.[f.name]));
    const geometry = feature.geometry;
    const where =
      geometry.type === 'Point' && points
        ? geometry.coordinates.slice(0, 2)
        : [toWkt(geometry), ...insidePoint(feature)];
    return `${[...values, ...where.map(String)].map(quote).join(',')}\r\n`;
  };
  const header = [...fields.map((f) => f.label.zh), ...geometryHeaders].map(quote).join(',');
  return { head: `\uFEFF${header}\r\n`, feature: row, separator: '', tail: '' };
}

/** The whole spreadsheet at once. */
export function exportCsv(
  layer: LayerDef,
  features: Array<Feature<Geometry>>,
  audience: Visibility = 'internal',
): string {
  const writer = csvWriter(layer, audience);
  return writer.head + features.map(writer.feature).join('');
}
