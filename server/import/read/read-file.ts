import { extname } from 'node:path';
import { looksLikeSqlite } from '../../formats/sqlite.ts';
import { refuse, tooLarge } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { readCsv } from './csv.ts';
import { readGeoJson } from './geojson.ts';
import { readGeoPackage } from './geopackage.ts';
import { readKml } from './kml.ts';
import { looksLikeOsmPbf, looksLikeOsmXml, readOsmPbf, readOsmXml } from './osm.ts';
import { readShapefile } from './shapefile.ts';
import type { Grid, Source } from './source.ts';
import { readXlsx } from './xlsx.ts';
import { listZip, looksLikeZip, unzip } from './zip.ts';

/**
 * Reads a file whatever it is, deciding the format by its content first (a shapefile zip, a KMZ and
 * an XLSX are all zips; a GeoPackage is an SQLite database; an OpenStreetMap extract is PBF or XML;
 * a GeoJSON may be named .json or .txt) and by its extension only where the content does not tell (CSV).
 */
export async function readFile(bytes: Buffer, filename: string): Promise<Source | Grid> {
  if (bytes.length === 0) refuse('file', '是空文件', 'is empty');
  if (bytes.length > LIMITS.fileBytes)
    tooLarge('file', `大于 ${LIMITS.fileBytes} 字节`, `is larger than ${LIMITS.fileBytes} bytes`);
  const ext = extname(filename).toLowerCase();

  if (looksLikeZip(bytes)) {
    const names = listZip(bytes).map((e) => e.name.toLowerCase());
    if (names.includes('[content_types].xml') && names.some((n) => n.startsWith('xl/'))) return readXlsx(bytes);
    if (names.some((n) => n.endsWith('.shp'))) return readShapefile(unzip(bytes));
    const files = unzip(bytes);
    const kml = [...files.keys()]
      .sort((a, b) => Number(b === 'doc.kml') - Number(a === 'doc.kml'))
      .find((n) => /\.kml$/i.test(n));
    if (kml) return readKml(files.get(kml) as Buffer, 'kmz');
    refuse(
      'file',
      '是 zip 压缩包,但里面没有 Shapefile、KML 或电子表格',
      'is a zip archive with no shapefile, KML or spreadsheet in it',
    );
  }
  if (looksLikeSqlite(bytes)) return readGeoPackage(bytes);
  if (looksLikeOsmPbf(bytes)) return readOsmPbf(bytes);
  if (ext === '.pbf')
    refuse(
      'file',
      '不是 OpenStreetMap PBF 数据:.osm.pbf 文件以 OSMHeader 块开头',
      'is not an OpenStreetMap PBF extract: a .osm.pbf file opens with an OSMHeader block',
    );
  if (ext === '.gpkg')
    refuse(
      'file',
      '不是 GeoPackage:.gpkg 文件是 SQLite 数据库,而此文件不是',
      'is not a GeoPackage: a .gpkg file is an SQLite database, and this is not one',
    );
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    refuse(
      'file',
      '是旧版 Excel .xls 工作簿;请另存为 .xlsx 或 CSV',
      'is an old Excel .xls workbook; save it as .xlsx or CSV',
    );
  }
  if (bytes.length >= 4 && bytes.readInt32BE(0) === 9994) {
    refuse(
      'file',
      '只有 .shp 文件;请把它与 .dbf、.prj、.cpg 一起打成 zip 包上传',
      'is a bare .shp; zip it with its .dbf, .prj and .cpg and send the zip',
    );
  }
  const head = bytes
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{') || ext === '.geojson') return readGeoJson(bytes);
  // A bare array of Features, as DataV's boundaries are: named .json, or a bracket and an object.
  if (head.startsWith('[') && (ext === '.json' || (/^\[\s*[{\]]/.test(head) && ext !== '.csv'))) {
    return readGeoJson(bytes);
  }
  if (head.startsWith('<')) {
    if (looksLikeOsmXml(head)) return readOsmXml(bytes);
    if (/<kml[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8')) || ext === '.kml') return readKml(bytes);
    refuse('file', '是 XML 文档,但不是 KML', 'is an XML document but not KML');
  }
  if (ext === '.kmz' || ext === '.zip' || ext === '.xlsx')
    refuse('file', `不是 zip 压缩包,而 ${ext} 文件必须是`, `is not a zip archive, as a ${ext} file must be`);
  return readCsv(bytes);
}

export function isGrid(read: Source | Grid): read is Grid {
  return !('records' in read);
}
