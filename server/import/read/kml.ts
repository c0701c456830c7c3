import { XMLParser } from 'fast-xml-parser';
import type { Geometry, Position } from 'geojson';
import { refuse } from '../errors.ts';
import { both } from '../said.ts';
import type { Source, SourceRecord } from './source.ts';
import { decodeText } from './text-encoding.ts';
import { decodeReferences, refuseDeclarations } from './xml.ts';

/**
 * KML placemarks with their name, description and ExtendedData. A document that declares a DTD or
 * entities is refused before it is parsed, and entities are never expanded (xml.ts).
 */

const ARRAYS = new Set([
  'Placemark',
  'Folder',
  'Document',
  'Data',
  'SchemaData',
  'SimpleData',
  'Point',
  'LineString',
  'Polygon',
  'innerBoundaryIs',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return textOf((value as Node)['#text']);
  const text = decodeReferences(String(value)).trim();
  return text === '' ? null : text;
}

function positions(value: unknown): Position[] {
  const text = textOf(value) ?? '';
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((tuple) => tuple.split(',').slice(0, 2).map(Number));
}

function ringsOf(polygon: Node): Position[][] {
  const outer = positions(((polygon.outerBoundaryIs as Node)?.LinearRing as Node)?.coordinates);
  const inner = ((polygon.innerBoundaryIs as Node[]) ?? []).map((b) => positions((b.LinearRing as Node)?.coordinates));
  return [outer, ...inner];
}

function geometryOf(node: Node): Geometry | null {
  const multi = node.MultiGeometry as Node | undefined;
  const points = ((multi ?? node).Point as Node[] | undefined)?.map((p) => positions(p.coordinates)[0]) ?? [];
  const lines = ((multi ?? node).LineString as Node[] | undefined)?.map((l) => positions(l.coordinates)) ?? [];
  const polygons = ((multi ?? node).Polygon as Node[] | undefined)?.map(ringsOf) ?? [];
  if (points.length + lines.length + polygons.length === 0) return null;
  if (polygons.length) {
    return polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons };
  }
  if (lines.length) {
    return lines.length === 1
      ? { type: 'LineString', coordinates: lines[0] }
      : { type: 'MultiLineString', coordinates: lines };
  }
  return points.length === 1 ? { type: 'Point', coordinates: points[0] } : { type: 'MultiPoint', coordinates: points };
}

function attributesOf(placemark: Node): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const name = textOf(placemark.name);
  if (name !== null) values.name = name;
  const description = textOf(placemark.description);
  if (description !== null) values.description = description;
  const extended = (placemark.ExtendedData as Node | undefined) ?? {};
  for (const data of (extended.Data as Node[] | undefined) ?? []) {
    if (typeof data['@_name'] === 'string') values[data['@_name']] = textOf(data.value);
  }
  for (const schema of (extended.SchemaData as Node[] | undefined) ?? []) {
    for (const simple of (schema.SimpleData as Node[] | undefined) ?? []) {
      if (typeof simple['@_name'] === 'string') values[simple['@_name']] = textOf(simple);
    }
  }
  return values;
}

function placemarks(node: unknown, found: Node[]): Node[] {
  if (Array.isArray(node)) {
    for (const item of node) placemarks(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Node)) {
      if (key === 'Placemark') found.push(...(value as Node[]));
      else if (key === 'Document' || key === 'Folder' || key === 'kml') placemarks(value, found);
    }
  }
  return found;
}

export function readKml(bytes: Buffer, format: 'kml' | 'kmz' = 'kml'): Source {
  const { text } = decodeText(bytes);
  refuseDeclarations(text, 'KML');
  let document: unknown;
  try {
    document = parser.parse(text, true);
  } catch (error) {
    const why = (error as Error).message;
    refuse('file', `不是格式正确的 XML:${why}`, `is not well-formed XML: ${why}`);
  }
  const found = placemarks(document, []);
  const columns = new Set<string>();
  const records: SourceRecord[] = found.map((placemark, i) => {
    const values = attributesOf(placemark);
    for (const key of Object.keys(values)) columns.add(key);
    return { row: i + 1, values, geometry: geometryOf(placemark) };
  });
  return {
    format,
    unit: 'feature',
    columns: [...columns],
    records,
    hasGeometry: true,
    crs: { code: 'EPSG:4326', from: 'KML, which is always WGS84 longitude/latitude' },
    notes: [both(`读取 ${records.length} 个 KML 地标`, `read ${records.length} KML placemarks`)],
  };
}
