/**
 * SQLite files as the product reads them — a GeoPackage to import, an MBTiles basemap to serve — with
 * sql.js, SQLite compiled to WebAssembly, so nothing native is installed. sql.js opens a database from
 * bytes in memory: it has no file system of its own to read pages from lazily, so a reader bounds
 * the size of what it hands over.
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const SQLITE_HEADER = 'SQLite format 3\u0000';

let engine: Promise<SqlJsStatic> | undefined;

/** The one SQLite engine of the process, started on first use. */
export function sqlite(): Promise<SqlJsStatic> {
  engine ??= initSqlJs();
  return engine;
}

/** The file's first bytes are an SQLite database's header (the header is 100 bytes long). */
export function looksLikeSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && Buffer.from(bytes.subarray(0, 16)).toString('latin1') === SQLITE_HEADER;
}
