import type { Geometry } from 'geojson';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../input/json-depth.ts';
import { refuse } from '../errors.ts';
import { both } from '../said.ts';
import type { DeclaredCrs, Source, SourceRecord } from './source.ts';
import { decodeText } from './text-encoding.ts';

/**
 * GeoJSON is longitude/latitude by RFC 7946, but GDAL and older tools still write a `crs` member
 * for projected data (GeoJSON 2008); it is honoured when present.
 */
function declaredCrs(crs: unknown): DeclaredCrs | undefined {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return undefined;
  if (/CRS84$/i.test(name)) return { code: 'EPSG:4326', from: 'the GeoJSON crs member (CRS84)' };
  const code = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name)?.[1];
  return code ? { code: `EPSG:${code}`, from: `the GeoJSON crs member (${name})` } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A FeatureCollection, a single Feature, or a bare array of Features: DataV's district boundaries
 * (the most common in China) and some web APIs hand over the array without its collection.
 */
function featuresOf(data: unknown): unknown[] {
  if (Array.isArray(data)) {
    const other = data.findIndex((item) => !isObject(item) || item.type !== 'Feature');
    if (other >= 0) {
      refuse(
        'file',
        `是 JSON 数组,但第 ${other + 1} 项不是 GeoJSON 要素;数组里只能是要素`,
        `is a JSON array, but item ${other + 1} is not a GeoJSON Feature; an array must hold only Features`,
      );
    }
    return data;
  }
  if (!isObject(data)) refuse('file', '不是 GeoJSON 对象', 'is not a GeoJSON object');
  const features = data.type === 'FeatureCollection' ? data.features : data.type === 'Feature' ? [data] : undefined;
  if (!Array.isArray(features))
    refuse('file', '不是 GeoJSON 要素集合或要素', 'is not a GeoJSON FeatureCollection or Feature');
  return features;
}

/**
 * DataV's boundaries (阿里云 DataV.GeoAtlas) carry adcode and acroutes, and their coordinates are
 * GCJ-02: stored as they are, they sit a few hundred metres off.
 */
export function isDataV(source: Source): boolean {
  return source.format === 'geojson' && source.columns.includes('adcode') && source.columns.includes('acroutes');
}

export function readGeoJson(bytes: Buffer): Source {
  const { text } = decodeText(bytes);
  if (nestsDeeperThan(text))
    refuse(
      'file',
      `数组和对象嵌套超过 ${MAX_JSON_DEPTH} 层`,
      `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    refuse('file', `不是有效的 JSON:${why}`, `is not valid JSON: ${why}`);
  }
  const features = featuresOf(data);

  const columns = new Set<string>();
  const records: SourceRecord[] = features.map((feature: unknown, i) => {
    const f = isObject(feature) ? feature : {};
    const values = isObject(f.properties) ? f.properties : {};
    for (const key of Object.keys(values)) columns.add(key);
    const geometry = isObject(f.geometry) ? (f.geometry as unknown as Geometry) : null;
    return { row: i + 1, values, geometry };
  });
  return {
    format: 'geojson',
    unit: 'feature',
    columns: [...columns],
    records,
    hasGeometry: true,
    crs: (isObject(data) && declaredCrs(data.crs)) || {
      code: 'EPSG:4326',
      from: 'GeoJSON, which is longitude/latitude',
      assumed: true,
    },
    notes: [
      Array.isArray(data)
        ? both(
            `读取由 ${records.length} 个 GeoJSON 要素组成的 JSON 数组`,
            `read a JSON array of ${records.length} GeoJSON features`,
          )
        : both(`读取 ${records.length} 个 GeoJSON 要素`, `read ${records.length} GeoJSON features`),
    ],
  };
}
