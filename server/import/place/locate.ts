import type { Geometry } from 'geojson';
import { parseWkt } from '../../formats/wkt.ts';
import type { BBox } from '../../store/index.ts';
import { refuse } from '../errors.ts';
import type { Mapping } from '../map/mapping.ts';
import { isBlank } from '../map/values.ts';
import { option } from '../options.ts';
import type { Source } from '../read/source.ts';
import { type CrsDef, toLonLat } from './crs.ts';
import { decidePlacement, type Placement, rowLooksSwapped } from './placement.ts';
import { firstPosition, type Offset, parseCoordinate, toStoredGeometry } from './positions.ts';

/** Each record's geometry in stored longitude/latitude, or why it has none. */
export type Located = { geometry: Geometry } | { column: string; reason: string };

export interface Location {
  placement: Placement;
  /** How the report names the coordinates of a row: the columns, or the feature's geometry. */
  coordinateColumn: string;
  located: Located[];
}

interface Raw {
  geometry?: Geometry;
  pair?: [number, number];
  problem?: string;
}

function coordinateColumns(
  mapping: Mapping,
): { kind: 'pair'; columns: [string, string] } | { kind: 'wkt'; column: string } {
  const { lon, lat, x, y, wkt } = mapping.coordinates;
  if (lon && lat) return { kind: 'pair', columns: [lon, lat] };
  if (x && y) return { kind: 'pair', columns: [x, y] };
  if (wkt) return { kind: 'wkt', column: wkt };
  const half = lon ?? lat ?? x ?? y;
  if (half) {
    refuse('file', `has a coordinate column ${half} but not its partner; map both (${option('map', '列=lon,列=lat')})`);
  }
  return refuse(
    'file',
    `has no coordinates: no 经度/纬度 (lon/lat), X/Y or WKT column was found; name them with ${option('map')}, e.g. ${option('map', '东经=lon,北纬=lat')}`,
  );
}

function rawFromSheet(source: Source, mapping: Mapping): { raws: Raw[]; columns?: [string, string]; label: string } {
  const found = coordinateColumns(mapping);
  if (found.kind === 'wkt') {
    const raws = source.records.map((r): Raw => {
      const text = r.values[found.column];
      const geometry = typeof text === 'string' ? parseWkt(text) : undefined;
      return geometry
        ? { geometry }
        : { problem: text ? 'is not WKT this import reads' : 'is empty: the row has no geometry' };
    });
    return { raws, label: found.column };
  }
  const [first, second] = found.columns;
  const raws = source.records.map((r) => rawPair(r.values, first, second));
  return { raws, columns: found.columns, label: `${first}/${second}` };
}

/**
 * A pair of coordinate cells. An empty cell or a 0 is a position the sheet does not have: no place
 * in China has a longitude or latitude of 0, nor an easting or northing, and spreadsheets and GIS
 * tools write 0 where they have nothing, which would otherwise place the row off Africa.
 */
function rawPair(values: Record<string, unknown>, first: string, second: string): Raw {
  const a = parseCoordinate(values[first]);
  const b = parseCoordinate(values[second]);
  if (a !== undefined && b !== undefined && a !== 0 && b !== 0) return { pair: [a, b] };
  const blank = (column: string) => isBlank(values[column]);
  if (blank(first) && blank(second)) return { problem: 'the row has no coordinates' };
  if (a !== undefined && b !== undefined) {
    const zero = a === 0 ? first : second;
    return { problem: `${zero} is 0, which stands for a missing coordinate: the row has no position` };
  }
  const empty = blank(first) ? first : blank(second) ? second : undefined;
  if (empty && (a !== undefined || b !== undefined)) return { problem: `${empty} is empty: the row has no position` };
  return { problem: `"${values[first] ?? ''}", "${values[second] ?? ''}" are not coordinates` };
}

/** A point at 0 on either axis is a missing position written as a number, as in a sheet. */
function rawOfFeature(geometry: Geometry | null | undefined): Raw {
  if (!geometry) return { problem: 'the feature has no geometry' };
  if (geometry.type === 'Point' && (geometry.coordinates[0] === 0 || geometry.coordinates[1] === 0)) {
    return { problem: 'the point has a coordinate of 0, which stands for a missing position' };
  }
  return { geometry };
}

export function locate(
  source: Source,
  mapping: Mapping,
  options: { crs?: CrsDef; offset?: Offset; district: BBox | null },
): Location {
  const sheet = source.hasGeometry ? undefined : rawFromSheet(source, mapping);
  const raws: Raw[] = sheet?.raws ?? source.records.map((r) => rawOfFeature(r.geometry));
  const samples = raws.flatMap((r) => {
    const p = r.pair ?? firstPosition(r.geometry);
    return p ? [p] : [];
  });
  if (samples.length === 0) {
    refuse('file', source.hasGeometry ? 'no feature has a geometry' : 'no row has coordinates to place on the map');
  }
  const placement = decidePlacement(samples, {
    explicit: options.crs,
    declared: source.crs,
    columns: sheet?.columns,
    district: options.district,
  });
  if (options.offset && placement.crs.kind !== 'geographic') {
    refuse(
      options.offset,
      `${options.offset === 'gcj02' ? 'GCJ-02' : 'BD-09'} is longitude/latitude, but this file is in metres (${placement.crs.code})`,
    );
  }
  const transform = toLonLat(placement.crs);
  const label = sheet?.label ?? 'geometry';
  const located = raws.map((raw): Located => {
    if (raw.problem) return { column: label, reason: raw.problem };
    if (raw.pair) {
      const [a, b] = raw.pair;
      if (rowLooksSwapped(placement, a, b)) {
        return {
          column: label,
          reason: `${a}, ${b} read the other way round from the rest of the file: the two look swapped in this row`,
        };
      }
      const [x, y] = placement.swap ? [b, a] : [a, b];
      return { geometry: toStoredGeometry({ type: 'Point', coordinates: [x, y] }, transform, options.offset) };
    }
    return { geometry: toStoredGeometry(raw.geometry as Geometry, transform, options.offset) };
  });
  return { placement, coordinateColumn: label, located };
}
