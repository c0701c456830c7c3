import type { Geometry } from 'geojson';
import { parseWkt } from '../../formats/wkt.ts';
import type { BBox } from '../../store/index.ts';
import { refuse } from '../errors.ts';
import type { Mapping } from '../map/mapping.ts';
import { isBlank } from '../map/values.ts';
import { option } from '../options.ts';
import type { Source } from '../read/source.ts';
import { both, type Said } from '../said.ts';
import { type CrsDef, toLonLat } from './crs.ts';
import { decidePlacement, type Placement, rowLooksSwapped } from './placement.ts';
import { firstPosition, type Offset, parseCoordinate, toStoredGeometry } from './positions.ts';

/** Each record's geometry in stored longitude/latitude, or why it has none. */
export type Located = { geometry: Geometry } | { column: string; reason: Said };

export interface Location {
  placement: Placement;
  /** How the report names the coordinates of a row: the columns, or the feature's geometry. */
  coordinateColumn: string;
  located: Located[];
}

interface Raw {
  geometry?: Geometry;
  pair?: [number, number];
  problem?: Said;
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
    refuse(
      'file',
      `有坐标列 ${half},却没有与之配对的另一列;请把两列都对应上(${option('map', '列=lon,列=lat')})`,
      `has a coordinate column ${half} but not its partner; map both (${option('map', '列=lon,列=lat')})`,
    );
  }
  return refuse(
    'file',
    `没有坐标:找不到经度/纬度、X/Y 或 WKT 列;请用 ${option('map')} 指明,例如 ${option('map', '东经=lon,北纬=lat')}`,
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
        : {
            problem: text
              ? both('不是本导入能读的 WKT', 'is not WKT this import reads')
              : both('是空的:此行没有几何', 'is empty: the row has no geometry'),
          };
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
  if (blank(first) && blank(second)) return { problem: both('此行没有坐标', 'the row has no coordinates') };
  if (a !== undefined && b !== undefined) {
    const zero = a === 0 ? first : second;
    return {
      problem: both(
        `${zero} 为 0,表示缺少坐标:此行没有位置`,
        `${zero} is 0, which stands for a missing coordinate: the row has no position`,
      ),
    };
  }
  const empty = blank(first) ? first : blank(second) ? second : undefined;
  if (empty && (a !== undefined || b !== undefined))
    return { problem: both(`${empty} 是空的:此行没有位置`, `${empty} is empty: the row has no position`) };
  const pair = [values[first] ?? '', values[second] ?? ''];
  return { problem: both(`“${pair[0]}”、“${pair[1]}”不是坐标`, `"${pair[0]}", "${pair[1]}" are not coordinates`) };
}

/** A point at 0 on either axis is a missing position written as a number, as in a sheet. */
function rawOfFeature(geometry: Geometry | null | undefined): Raw {
  if (!geometry) return { problem: both('此要素没有几何', 'the feature has no geometry') };
  if (geometry.type === 'Point' && (geometry.coordinates[0] === 0 || geometry.coordinates[1] === 0)) {
    return {
      problem: both(
        '此点有一个坐标为 0,表示缺少位置',
        'the point has a coordinate of 0, which stands for a missing position',
      ),
    };
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
    if (source.hasGeometry) refuse('file', '没有一个要素带有几何图形', 'no feature has a geometry');
    refuse('file', '没有一行带有可以落到地图上的坐标', 'no row has coordinates to place on the map');
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
      `${options.offset === 'gcj02' ? 'GCJ-02' : 'BD-09'} 是经纬度坐标,而此文件以米为单位(${placement.crs.code})`,
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
          reason: both(
            `${a}, ${b} 与文件其余各行的顺序相反:此行的两列像是填反了`,
            `${a}, ${b} read the other way round from the rest of the file: the two look swapped in this row`,
          ),
        };
      }
      const [x, y] = placement.swap ? [b, a] : [a, b];
      return { geometry: toStoredGeometry({ type: 'Point', coordinates: [x, y] }, transform, options.offset) };
    }
    return { geometry: toStoredGeometry(raw.geometry as Geometry, transform, options.offset) };
  });
  return { placement, coordinateColumn: label, located };
}
