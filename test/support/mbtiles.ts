/**
 * An MBTiles file written from the specification (github.com/mapbox/mbtiles-spec, 1.3) with sql.js:
 * a `metadata` table of names and values and a `tiles` table whose rows count from the south (TMS).
 * The tiles are given as the web map asks for them (XYZ) and their rows flipped here, so a test of the
 * reader checks the flip against arithmetic it does not share.
 */
import initSqlJs from 'sql.js';
import type { ArchiveTile } from './pmtiles.ts';

/** The metadata rows; a value undefined is left out of the file. */
export type MbtilesMetadata = Record<string, string | undefined>;

/** The MBTiles file holding `tiles` (XYZ addresses) and `metadata`, as bytes. */
export async function mbtiles(tiles: ArchiveTile[], metadata: MbtilesMetadata): Promise<Uint8Array> {
  const db = new (await initSqlJs()).Database();
  try {
    db.exec('CREATE TABLE metadata (name text, value text)');
    db.exec('CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)');
    db.exec('CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)');
    for (const [name, value] of Object.entries(metadata)) {
      if (value !== undefined) db.exec('INSERT INTO metadata VALUES (?, ?)', [name, value]);
    }
    for (const { z, x, y, bytes } of tiles) {
      db.exec('INSERT INTO tiles VALUES (?, ?, ?, ?)', [z, x, (1 << z) - 1 - y, bytes]);
    }
    return db.export();
  } finally {
    db.close();
  }
}
