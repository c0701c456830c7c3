import type { BBox } from '../../store/index.ts';
import { refuse } from '../errors.ts';
import { option } from '../options.ts';
import type { DeclaredCrs } from '../read/source.ts';
import { both, inLanguage, type Said } from '../said.ts';
import { type CrsDef, centralMeridianCrs, crsByCode, findCrs, toLonLat, zonedCrs } from './crs.ts';

/**
 * Where a file's coordinates are: which CRS, and for sheets which column is the easting. Chinese
 * survey sheets call the northing X, GIS tools call the easting X, and headers do not say which;
 * the numbers do. At this latitude a northing has 7 digits (about 2.8 million), an easting 6, or 8
 * with the zone number in front; longitude and latitude fall in China's ranges. When the numbers
 * allow several systems (an easting without its zone), the one that puts the points in the
 * district is taken, and the report says so.
 */

export interface Placement {
  crs: CrsDef;
  /** The first coordinate column holds the northing (or latitude): swap each pair. */
  swap: boolean;
  decisions: Said[];
  warnings: Said[];
}

export interface PlacementContext {
  explicit?: CrsDef;
  declared?: DeclaredCrs;
  /** For sheets: the two coordinate columns as mapped; absent for files with geometry. */
  columns?: [string, string];
  district: BBox | null;
}

/** Beyond this, a point is not in the district by any reading (the editing API's "far outside" too). */
export const DISTRICT_MARGIN_DEG = 0.2;

const isLon = (v: number) => v >= 73 && v <= 136;
const isLat = (v: number) => v >= 3 && v <= 54;
const digits = (v: number) => (Math.abs(v) < 1 ? 1 : Math.floor(Math.log10(Math.abs(v))) + 1);
const isNorthing = (v: number) => digits(v) === 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function inDistrict([lon, lat]: [number, number], district: BBox, margin = DISTRICT_MARGIN_DEG): boolean {
  return (
    lon >= district[0] - margin &&
    lon <= district[2] + margin &&
    lat >= district[1] - margin &&
    lat <= district[3] + margin
  );
}

function describeColumns(columns: [string, string] | undefined, swap: boolean, kind: 'degrees' | 'metres'): Said[] {
  if (!columns) return [];
  const [first, second] = swap ? [columns[1], columns[0]] : columns;
  if (kind === 'degrees') {
    return [
      both(
        `经度取自 ${first} 列,纬度取自 ${second} 列`,
        `longitude from column ${first}, latitude from column ${second}`,
      ),
    ];
  }
  const order = swap
    ? both(
        `测量顺序(第一列 ${columns[0]} 是北坐标,即测量表所写的 X)`,
        `survey order (the first column, ${columns[0]}, is the northing, as Chinese survey sheets write X)`,
      )
    : both(`GIS 顺序(第一列 ${columns[0]} 是东坐标)`, `GIS order (the first column, ${columns[0]}, is the easting)`);
  return [
    both(
      `东坐标取自 ${first} 列,北坐标取自 ${second} 列:${order.zh},按数值大小区分`,
      `easting from column ${first}, northing from column ${second}: ${order.en}, told apart by magnitude`,
    ),
  ];
}

/** The decision on the coordinate system, and why. */
function systemDecision(crs: CrsDef, why: Said): Said {
  return both(
    `坐标为 ${crs.name}(${crs.code}):${inLanguage(why, 'zh')}`,
    `coordinates are ${crs.name} (${crs.code}): ${inLanguage(why, 'en')}`,
  );
}

function degrees(a: number, b: number, context: PlacementContext, crs: CrsDef, why: Said): Placement {
  const warnings: Said[] = [];
  let swap = false;
  if (context.columns && isLat(a) && isLon(b) && !(isLon(a) && isLat(b))) {
    swap = true;
    const [first, second] = context.columns;
    warnings.push(
      both(
        `${first} 列和 ${second} 列像是填反了(${first} 里是纬度);已按相反顺序读取`,
        `columns ${first} and ${second} look swapped (${first} holds latitudes); they were read the other way round`,
      ),
    );
  }
  return {
    crs,
    swap,
    decisions: [systemDecision(crs, why), ...describeColumns(context.columns, swap, 'degrees')],
    warnings,
  };
}

/** Systems an easting of this size can belong to, most likely first. */
function candidatesFor(easting: number, district: BBox | null): CrsDef[] {
  const found: CrsDef[] = [];
  if (digits(easting) === 8) {
    const zoned = zonedCrs(Math.floor(easting / 1e6));
    if (zoned) found.push(zoned);
  }
  if (digits(easting) === 6 && district) {
    const lon = (district[0] + district[2]) / 2;
    const cm3 = 3 * Math.round(lon / 3);
    const cm6 = 6 * Math.floor(lon / 6) + 3;
    for (const def of [
      centralMeridianCrs(cm3),
      centralMeridianCrs(cm3 - 3),
      centralMeridianCrs(cm3 + 3),
      centralMeridianCrs(cm6, 6),
    ]) {
      if (def && !found.some((f) => f.proj4 === def.proj4)) found.push(def);
    }
  }
  if (Math.abs(easting) <= 20037508.35 && digits(easting) >= 7) found.push(crsByCode('EPSG:3857'));
  return found;
}

/** Whether `n` can be the northing and `e` the easting: 7 digits against 6 or 8, unless Web Mercator is given. */
function plausibleOrder(e: number, n: number, fixed?: CrsDef): boolean {
  return fixed?.code === 'EPSG:3857' || (isNorthing(n) && !isNorthing(e));
}

interface Try {
  crs: CrsDef;
  swap: boolean;
  inside: boolean;
}

/** Every reading of the pair the numbers allow, each placed against the district. */
function readings(a: number, b: number, context: PlacementContext, fixed?: CrsDef): Try[] {
  const tries: Try[] = [];
  for (const swap of context.columns ? [false, true] : [false]) {
    const [e, n] = swap ? [b, a] : [a, b];
    if (!plausibleOrder(e, n, fixed)) continue;
    for (const crs of fixed ? [fixed] : candidatesFor(e, context.district)) {
      const position = toLonLat(crs)(e, n);
      tries.push({ crs, swap, inside: context.district ? inDistrict(position, context.district) : false });
    }
  }
  if (fixed && tries.length === 0) tries.push({ crs: fixed, swap: false, inside: false });
  return tries;
}

function metres(a: number, b: number, context: PlacementContext, fixed?: CrsDef, why?: Said): Placement {
  const tries = readings(a, b, context, fixed);
  const chosen = tries.find((t) => t.inside) ?? tries[0];
  if (!chosen) {
    const hint = context.district ? '' : ' and there is no district to tell the zone by';
    const hintZh = context.district ? '' : ',也没有辖区可据以判断分带';
    return refuse(
      'crs',
      `无法从 (${a}, ${b}) 这样的坐标判断坐标系${hintZh};请指定坐标系(${option('crs', 'EPSG:4549')})`,
      `cannot tell the coordinate system from coordinates like (${a}, ${b})${hint}; pass one (${option('crs', 'EPSG:4549')})`,
    );
  }
  const decisions = [systemDecision(chosen.crs, why ?? reason(chosen.crs, a, b, chosen.swap))];
  const others = [...new Set(tries.filter((t) => t.crs.code !== chosen.crs.code && !t.inside).map((t) => t.crs.code))];
  if (!fixed && chosen.inside && others.length) {
    const codes = others.join(', ');
    decisions.push(both(`若用 ${codes},这些点会落在辖区外`, `${codes} would put the points outside the district`));
  }
  const warnings: Said[] = [];
  const code = chosen.crs.code;
  if (!chosen.inside && context.district) {
    warnings.push(
      fixed
        ? both(
            `按 ${fixed.code},这些坐标落在辖区外:请检查坐标系`,
            `in ${fixed.code} these coordinates fall outside the district: check the CRS`,
          )
        : both(
            `试过的坐标系都不能把这些点放进辖区;已用 ${code}:请检查文件或指定坐标系`,
            `no coordinate system tried puts these points in the district; ${code} was used: check the file or pass a CRS`,
          ),
    );
  } else if (!chosen.inside && !fixed) {
    warnings.push(
      both(
        `没有辖区可用来核对坐标系;已用 ${code}`,
        `there is no district to check the coordinate system against; ${code} was used`,
      ),
    );
  }
  return {
    crs: chosen.crs,
    swap: chosen.swap,
    decisions: [...decisions, ...describeColumns(context.columns, chosen.swap, 'metres')],
    warnings,
  };
}

function reason(crs: CrsDef, a: number, b: number, swap: boolean): Said {
  const easting = swap ? b : a;
  if (crs.code === 'EPSG:3857')
    return both('按 Web 墨卡托的米数,点落在辖区内', 'metres of Web Mercator fit the district');
  const zone = Math.floor(easting / 1e6);
  if (digits(easting) === 8) return both(`东坐标带有带号 ${zone}`, `the eastings carry the zone number ${zone}`);
  const cm = Number(/\+lon_0=(\d+)/.exec(crs.proj4 ?? '')?.[1]);
  const six = centralMeridianCrs(cm, 6);
  return both(
    `东坐标不带带号,按此中央经线点落在辖区内${six ? `(与 6° 分带的 ${six.code} 投影相同)` : ''}`,
    `the eastings carry no zone number, and this central meridian puts the points in the district${six ? ` (the same projection as the 6° ${six.code})` : ''}`,
  );
}

/** Decides from the coordinates' medians, and from what the file or the user says. */
export function decidePlacement(pairs: Array<[number, number]>, context: PlacementContext): Placement {
  if (pairs.length === 0)
    refuse('file', '没有一行带有可以落到地图上的坐标', 'no row has coordinates to place on the map');
  const a = median(pairs.map((p) => p[0]));
  const b = median(pairs.map((p) => p[1]));
  const stated = context.declared && !context.declared.assumed ? context.declared : undefined;
  const declared = stated && findCrs(stated.code);
  if (stated && !declared && !context.explicit) {
    const unknown = {
      zh: `${stated.from} 写的是 ${stated.code},本导入不认识;请指定坐标系(${option('crs', 'EPSG:4549')})`,
      en: `${stated.from} names ${stated.code}, which this import does not know; pass the CRS (${option('crs', 'EPSG:4549')})`,
    };
    const { zh, en } = stated.problem ?? unknown;
    refuse('file', zh, en);
  }
  const given = context.explicit ?? declared;
  const from = context.declared?.from;
  const givenWhy = context.explicit ? both('按指定', 'as given') : from ? both(`依据 ${from}`, `per ${from}`) : '';
  if (given) {
    return given.kind === 'geographic'
      ? degrees(a, b, context, given, givenWhy)
      : metres(a, b, context, given, givenWhy);
  }
  if (Math.abs(a) <= 180 && Math.abs(b) <= 180) {
    const crs = crsByCode(context.declared?.code ?? 'EPSG:4490');
    const why = from
      ? both(`依据 ${from}`, `per ${from}`)
      : both(
          '数值是经纬度;CGCS2000 与 WGS84 视为同一',
          'the numbers are degrees; CGCS2000 and WGS84 are treated as one',
        );
    return degrees(a, b, context, crs, why);
  }
  return metres(a, b, context);
}

/** A row that breaks the file's pattern: its pair reads the other way round from the rest. */
export function rowLooksSwapped(placement: Placement, a: number, b: number): boolean {
  const [x, y] = placement.swap ? [b, a] : [a, b];
  if (placement.crs.kind === 'geographic') return isLat(x) && isLon(y) && !(isLon(x) && isLat(y));
  if (placement.crs.code === 'EPSG:3857') return false;
  return isNorthing(x) && !isNorthing(y);
}
