import { basename } from 'node:path';
import { ImportError, refuse } from '../errors.ts';
import { crsFromWkt } from '../place/crs-from-wkt.ts';
import { both, type Said } from '../said.ts';
import { dbfLanguageEncoding, readDbf } from './dbf.ts';
import { readShp } from './shp.ts';
import type { DeclaredCrs, Source } from './source.ts';
import { decodeText, encodingName, isUtf8 } from './text-encoding.ts';

/** The members of one shapefile in an archive, found by extension whatever their case. */
function members(files: Map<string, Buffer>) {
  const shps = [...files.keys()].filter((name) => /\.shp$/i.test(name) && !basename(name).startsWith('._'));
  if (shps.length === 0) refuse('file', '压缩包里没有 .shp 文件', 'the archive holds no .shp file');
  if (shps.length > 1) {
    refuse(
      'file',
      `压缩包里有 ${shps.length} 个 Shapefile(${shps.map((n) => basename(n)).join(', ')});每次导入请只打包一个`,
      `the archive holds ${shps.length} shapefiles (${shps.map((n) => basename(n)).join(', ')}); zip one per import`,
    );
  }
  const stem = shps[0].slice(0, -4).toLowerCase();
  const find = (ext: string) => [...files.entries()].find(([name]) => name.toLowerCase() === `${stem}.${ext}`)?.[1];
  return { name: shps[0], shp: files.get(shps[0]) as Buffer, dbf: find('dbf'), prj: find('prj'), cpg: find('cpg') };
}

/** The .cpg if there is one; else the DBF's language byte; else UTF-8 if the bytes are, GBK if not. */
function dbfEncoding(dbf: Buffer, cpg: Buffer | undefined): { encoding: string; note: Said } {
  if (cpg) {
    const label = cpg.toString('latin1').trim();
    const encoding = encodingName(label);
    if (!encoding)
      refuse('file', `.cpg 写的编码“${label}”无法识别`, `the .cpg names the encoding "${label}", which is not known`);
    return {
      encoding,
      note: both(`按 .cpg 所写,属性以 ${label} 解码`, `attributes decoded as ${label}, as the .cpg says`),
    };
  }
  const byLanguage = dbfLanguageEncoding(dbf);
  if (byLanguage) {
    const note = both(
      '按 .dbf 的语言字节,属性以 GBK 解码',
      'attributes decoded as GBK, as the .dbf language byte says',
    );
    return { encoding: byLanguage, note };
  }
  if (isUtf8(dbf.subarray(32)))
    return {
      encoding: 'utf-8',
      note: both('没有 .cpg:属性是有效的 UTF-8,按 UTF-8 读取', 'no .cpg: attributes are valid UTF-8, read as UTF-8'),
    };
  return {
    encoding: 'gb18030',
    note: both('没有 .cpg,且属性不是 UTF-8:按 GBK 读取', 'no .cpg and the attributes are not UTF-8: read as GBK'),
  };
}

/** A .prj this import cannot use is remembered, not refused: a CRS the user gives overrides it. */
function declaredByPrj(wkt: string): DeclaredCrs {
  try {
    const crs = crsFromWkt(wkt);
    return { code: crs.code, from: `the .prj (${crs.name})` };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { code: 'unknown', from: 'the .prj', problem: error.words };
  }
}

export function readShapefile(files: Map<string, Buffer>): Source {
  const { name, shp, dbf, prj, cpg } = members(files);
  if (!dbf)
    refuse(
      'file',
      `${basename(name)} 旁边没有 .dbf;请把 .shp 与 .dbf、.prj、.cpg 一起打包`,
      `${basename(name)} has no .dbf beside it; zip the .shp with its .dbf, .prj and .cpg`,
    );
  const shapes = readShp(shp);
  const { encoding, note } = dbfEncoding(dbf, cpg);
  const table = readDbf(dbf, encoding);
  if (table.records.length !== shapes.length) {
    refuse(
      'file',
      `.shp 有 ${shapes.length} 个图形,而 .dbf 有 ${table.records.length} 条记录`,
      `the .shp has ${shapes.length} shapes but the .dbf ${table.records.length} records`,
    );
  }
  const file = basename(name);
  const notes: Said[] = [
    both(`读取 Shapefile ${file}:${shapes.length} 个要素`, `read shapefile ${file}: ${shapes.length} features`),
    note,
  ];
  const records = shapes.flatMap((geometry, i) => {
    const values = table.records[i];
    return values ? [{ row: i + 1, values, geometry }] : [];
  });
  const deleted = shapes.length - records.length;
  if (deleted > 0)
    notes.push(both(`${deleted} 条标记为删除的记录未导入`, `${deleted} records marked deleted were left out`));
  if (!prj)
    notes.push(both('没有 .prj:坐标系由坐标判断', 'no .prj: the coordinate system is decided from the coordinates'));
  const crs = prj ? declaredByPrj(decodeText(prj).text) : undefined;
  return {
    format: 'shapefile',
    unit: 'feature',
    columns: table.columns,
    records,
    hasGeometry: true,
    crs,
    notes,
  };
}
