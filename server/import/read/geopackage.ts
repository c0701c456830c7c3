import type { Geometry } from 'geojson';
import type { Database, SqlValue } from 'sql.js';
import { sqlite } from '../../formats/sqlite.ts';
import { parseWkb } from '../../store/ewkb.ts';
import { ImportError, refuse, tooLarge } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { findCrs } from '../place/crs.ts';
import { crsFromWkt } from '../place/crs-from-wkt.ts';
import { both, type Said } from '../said.ts';
import type { DeclaredCrs, Source, SourceRecord } from './source.ts';

/**
 * A GeoPackage (OGC 12-128r18) is an SQLite database: its one feature table is read row by row with
 * SQLite itself (sql.js, SQLite compiled to WebAssembly, so nothing native is installed), each
 * geometry from its GeoPackage header and the WKB behind it, the CRS from gpkg_spatial_ref_sys as
 * the other readers take it from a .prj or a crs member. The database is a copy in memory and only
 * read; the table is read only when SQLite's own catalogue says it is a plain table, so a view or
 * a virtual table named as features cannot run SQL the file's author wrote.
 */

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

/** SQL text for an identifier: double quotes, doubled inside. */
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface FeatureTable {
  table: string;
  geometryColumn: string;
  srsId: number;
}

function featureTable(db: Database): FeatureTable {
  const catalogue = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r[0])));
  if (!catalogue.has('gpkg_contents') || !catalogue.has('gpkg_geometry_columns')) {
    refuse(
      'file',
      '是 SQLite 数据库,但不是 GeoPackage(没有 gpkg_contents 表)',
      'is an SQLite database but not a GeoPackage (it has no gpkg_contents)',
    );
  }
  const tables = rows(
    db,
    `SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
     JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
     WHERE c.data_type = 'features' ORDER BY c.table_name`,
  );
  if (tables.length === 0) refuse('file', '是没有要素表的 GeoPackage', 'is a GeoPackage with no feature table');
  if (tables.length > 1) {
    const names = tables.map((t) => t[0]).join(', ');
    refuse(
      'file',
      `是含 ${tables.length} 个要素表的 GeoPackage(${names});每次导入请只导出一个`,
      `is a GeoPackage of ${tables.length} feature tables (${names}); export one per import`,
    );
  }
  const [table, geometryColumn, srsId] = tables[0].map(String);
  const kind = rows(db, 'SELECT type, sql FROM sqlite_master WHERE name = ?', [table])[0];
  if (kind?.[0] !== 'table' || /^\s*CREATE\s+VIRTUAL/i.test(String(kind[1]))) {
    refuse(
      'file',
      `GeoPackage 的要素表 ${table} 不是普通表(是视图或虚拟表)`,
      `the GeoPackage's feature table ${table} is not a plain table (a view or a virtual table)`,
    );
  }
  return { table, geometryColumn, srsId: Number(srsId) };
}

/** The table's CRS: an EPSG code this import defines, else its WKT definition read as a .prj is. */
function declaredCrs(db: Database, srsId: number): DeclaredCrs | undefined {
  // 0 and -1 are the standard's "undefined geographic" and "undefined Cartesian": nothing stated.
  if (srsId === 0 || srsId === -1) return undefined;
  const found = rows(
    db,
    'SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  )[0];
  if (!found)
    return {
      code: 'unknown',
      from: 'the GeoPackage',
      problem: { zh: `其坐标系 ${srsId} 在文件中没有定义`, en: `its CRS ${srsId} is not defined in it` },
    };
  const [name, organization, code, definition] = found;
  const from = `the GeoPackage's spatial reference (${name})`;
  const byCode = String(organization).toUpperCase() === 'EPSG' ? findCrs(String(code)) : undefined;
  if (byCode) return { code: byCode.code, from };
  try {
    return { code: crsFromWkt(String(definition), "the GeoPackage's spatial reference").code, from };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { code: 'unknown', from, problem: error.words };
  }
}

/** Envelope sizes by the indicator in bits 1–3 of the flags: none, XY, XYZ, XYM, XYZM. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** A GeoPackage geometry blob: "GP", version, flags, srs_id, an envelope, then WKB; null when empty. */
function geometryOf(blob: SqlValue, feature: number): Geometry | null {
  if (blob === null) return null;
  const damaged = () =>
    refuse(
      'file',
      `第 ${feature} 个要素的几何不是 GeoPackage 几何`,
      `the geometry of feature ${feature} is not GeoPackage geometry`,
    );
  if (!(blob instanceof Uint8Array) || blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return damaged();
  const flags = blob[3];
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined || flags & 0x20) return damaged(); // extended geometry types are not read
  if (flags & 0x10) return null; // the empty flag
  try {
    return parseWkb(blob.subarray(8 + envelope));
  } catch {
    return damaged();
  }
}

function readRecords(
  db: Database,
  { table, geometryColumn }: FeatureTable,
): { columns: string[]; records: SourceRecord[] } {
  const count = Number(rows(db, `SELECT count(*) FROM ${quoted(table)}`)[0][0]);
  if (count > LIMITS.rows)
    tooLarge('file', `超过 ${LIMITS.rows} 个要素;请拆分后导入`, `has more than ${LIMITS.rows} features; split it`);
  const statement = db.prepare(`SELECT * FROM ${quoted(table)}`);
  try {
    const names = statement.getColumnNames();
    const columns = names.filter((name) => name !== geometryColumn);
    if (columns.length > LIMITS.columns) {
      tooLarge(
        'file',
        `有 ${columns.length} 个不同的属性;最多读取 ${LIMITS.columns} 个`,
        `has ${columns.length} different properties; at most ${LIMITS.columns} are read`,
      );
    }
    const records: SourceRecord[] = [];
    while (statement.step()) {
      const cells = statement.get();
      const values: Record<string, unknown> = {};
      let geometry: Geometry | null = null;
      cells.forEach((cell, i) => {
        if (names[i] === geometryColumn) geometry = geometryOf(cell, records.length + 1);
        else values[names[i]] = cell instanceof Uint8Array ? null : cell;
      });
      records.push({ row: records.length + 1, values, geometry });
    }
    return { columns, records };
  } finally {
    statement.free();
  }
}

export async function readGeoPackage(bytes: Buffer): Promise<Source> {
  const db = new (await sqlite()).Database(bytes);
  try {
    const found = featureTable(db);
    const { columns, records } = readRecords(db, found);
    const crs = declaredCrs(db, found.srsId);
    const count = records.length;
    const notes: Said[] = [
      both(
        `读取 GeoPackage 表 ${found.table}:${count} 个要素`,
        `read GeoPackage table ${found.table}: ${count} features`,
      ),
    ];
    if (!crs) {
      notes.push(
        both(
          'GeoPackage 没有写明坐标系:由坐标判断',
          'the GeoPackage states no coordinate system: it is decided from the coordinates',
        ),
      );
    }
    return { format: 'geopackage', unit: 'feature', columns, records, hasGeometry: true, crs, notes };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const why = (error as Error).message;
    return refuse('file', `不是可读取的 GeoPackage:${why}`, `is not a readable GeoPackage: ${why}`);
  } finally {
    db.close();
  }
}
