import type { Geometry } from 'geojson';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../input/json-depth.ts';
import { refuse } from '../errors.ts';
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

export function readGeoJson(bytes: Buffer): Source {
  const { text } = decodeText(bytes);
  if (nestsDeeperThan(text)) refuse('file', `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    refuse('file', `is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(data)) refuse('file', 'is not a GeoJSON object');
  const features = data.type === 'FeatureCollection' ? data.features : data.type === 'Feature' ? [data] : undefined;
  if (!Array.isArray(features)) refuse('file', 'is not a GeoJSON FeatureCollection or Feature');

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
    crs: declaredCrs(data.crs) ?? { code: 'EPSG:4326', from: 'GeoJSON, which is longitude/latitude', assumed: true },
    notes: [`read ${records.length} GeoJSON features`],
  };
}
