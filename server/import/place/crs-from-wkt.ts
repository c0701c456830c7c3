import { refuse } from '../errors.ts';
import { option } from '../options.ts';
import { type CrsDef, centralMeridianCrs, findCrs, zonedCrs } from './crs.ts';

/**
 * Reads a CRS written as WKT, ESRI's or OGC's (a shapefile's .prj), by what it says rather than by
 * its exact text: the datum, the projection and its central meridian and false easting are matched
 * against the systems crs.ts defines. Another datum (Beijing 1954, Xi'an 1980) is refused: it is tens of metres off
 * CGCS2000 and needs a transformation the file does not give.
 */

function parameter(wkt: string, names: string[]): number | undefined {
  for (const name of names) {
    const match = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function datumOf(wkt: string): 'cgcs2000' | 'wgs84' | 'other' {
  const datum = /DATUM\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  if (/2000/.test(datum) || /CGCS/i.test(datum)) return 'cgcs2000';
  if (/WGS[_\s]*(19)?84/i.test(datum)) return 'wgs84';
  return 'other';
}

function authorityCode(wkt: string): CrsDef | undefined {
  // The outermost AUTHORITY (WKT1) or ID (WKT2) comes last in the text.
  const codes = [...wkt.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = codes.at(-1)?.[1];
  return last ? findCrs(last) : undefined;
}

/** `where` names the definition in a refusal: the .prj, or a GeoPackage's spatial reference. */
export function crsFromWkt(wkt: string, where = 'the .prj'): CrsDef {
  const text = wkt.trim();
  const named = authorityCode(text);
  if (named) return named;
  const projected = /^(PROJCS|PROJCRS|PROJECTEDCRS)\[/i.test(text);
  const datum = datumOf(text);
  const name = /^\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'unnamed';

  if (/Mercator_Auxiliary_Sphere|Pseudo[_\s-]Mercator|Web[_\s]Mercator/i.test(text)) return findCrs('3857') as CrsDef;
  if (datum === 'other') {
    refuse(
      'file',
      `${where} 写的是“${name}”,其基准不是 CGCS2000 或 WGS84;请先把数据转换过来`,
      `${where} names "${name}", whose datum is not CGCS2000 or WGS84; reproject the data first`,
    );
  }
  if (!projected) return findCrs(datum === 'cgcs2000' ? '4490' : '4326') as CrsDef;

  const isTM = /PROJECTION\[\s*"(Gauss_Kruger|Transverse_Mercator)"|METHOD\[\s*"Transverse Mercator"/i.test(text);
  const cm = parameter(text, ['Central_Meridian', 'Longitude of natural origin']);
  const falseEasting = parameter(text, ['False_Easting', 'False easting']);
  const scale = parameter(text, ['Scale_Factor', 'Scale factor at natural origin']) ?? 1;
  const origin = parameter(text, ['Latitude_Of_Origin', 'Latitude of natural origin']) ?? 0;
  if (isTM && cm !== undefined && falseEasting !== undefined && scale === 1 && origin === 0) {
    const zone = Math.floor(falseEasting / 1e6);
    const def =
      falseEasting === 5e5
        ? centralMeridianCrs(cm, /6[_\s-]?deg/i.test(text) ? 6 : 3)
        : falseEasting === zone * 1e6 + 5e5
          ? zonedCrs(zone)
          : undefined;
    if (def && (falseEasting === 5e5 || parameterCm(def) === cm)) return def;
  }
  return refuse(
    'file',
    `${where} 写的是“${name}”,不是本导入认识的 CGCS2000 高斯-克吕格、Web 墨卡托或经纬度坐标系;请指定坐标系(${option('crs', 'EPSG:4549')})`,
    `${where} names "${name}", which is not a CGCS2000 Gauss-Krüger, Web Mercator or longitude/latitude system this import knows; pass the CRS (${option('crs', 'EPSG:4549')})`,
  );
}

function parameterCm(def: CrsDef): number {
  return Number(/\+lon_0=(-?[\d.]+)/.exec(def.proj4 ?? '')?.[1]);
}
