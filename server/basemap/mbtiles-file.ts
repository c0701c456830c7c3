/**
 * A basemap MBTiles file (the MBTiles 1.3 specification: an SQLite database with a `metadata` table of
 * names and values and a `tiles` table of images by zoom, column and TMS row), served as it is, with no
 * conversion first. sql.js reads SQLite from memory only, so the file is read whole once at start-up
 * and one larger than MBTILES_MAX_BYTES is refused, naming the limit and the way round it (PMTiles,
 * read where it lies). Raster tiles only, as for PMTiles: vector tiles (`pbf`) are refused.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Database, SqlValue } from 'sql.js';
import { sqlite } from '../formats/sqlite.ts';
import { type BasemapArchive, type BasemapInfo, BasemapUnfit, basemapWords, RASTER_TYPES } from './types.ts';

/** The largest MBTiles file read into memory: a district's map at zoom 8–16 is a few hundred MB. */
export const MBTILES_MAX_BYTES = 512 * 1024 * 1024;

/** Where a file states no bounds: the whole of Web Mercator, as the specification's default. */
const WORLD: BasemapInfo['bounds'] = [-180, -85.051129, 180, 85.051129];

/** The names the `format` value may take for each raster format TileJSON knows. */
const FORMAT_NAMES: Record<string, keyof typeof RASTER_TYPES> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' };

/** A tile's format from its first bytes, for a file whose metadata does not say. */
function sniffed(bytes: Uint8Array): string {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(1, 4) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return 'pbf';
}

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

/** The file's bytes, once its size is within the limit. */
async function sqliteBytes(path: string): Promise<Uint8Array> {
  const { size } = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new BasemapUnfit(`${path}: cannot be opened (${error.code ?? error.message})`);
  });
  if (size > MBTILES_MAX_BYTES) {
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    throw new BasemapUnfit(
      `${path}: an MBTiles file is read into memory and this one is ${mb(size)}, over the ${mb(MBTILES_MAX_BYTES)} limit; convert it with "pmtiles convert", which is read where it lies`,
    );
  }
  return readFile(path);
}

/**
 * The tiles' format, zooms and box from the metadata, the tiles themselves where the metadata is
 * silent; and the file's name, attribution and description where the metadata holds them.
 */
function infoOf(db: Database, path: string): BasemapInfo {
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((r) => r[0]));
  const missing = ['metadata', 'tiles'].filter((name) => !tables.has(name));
  if (missing.length) throw new BasemapUnfit(`${path}: is not an MBTiles file (no ${missing.join(' or ')} table)`);
  const meta = new Map(rows(db, 'SELECT name, value FROM metadata').map(([name, value]) => [name, String(value)]));
  const [first] = rows(db, 'SELECT tile_data FROM tiles LIMIT 1');
  if (!first) throw new BasemapUnfit(`${path}: holds no tiles`);
  const named = meta.get('format')?.trim().toLowerCase() ?? sniffed(first[0] as Uint8Array);
  const format = FORMAT_NAMES[named];
  if (!format) {
    throw new BasemapUnfit(
      `${path}: holds ${named === 'pbf' ? 'vector (pbf)' : `"${named}"`} tiles; a basemap file must hold raster tiles (PNG, JPEG or WebP)`,
    );
  }
  const [[lowest, highest]] = rows(db, 'SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles');
  const zoom = (name: string, found: SqlValue) => {
    const stated = Number.parseInt(meta.get(name) ?? '', 10);
    return Number.isFinite(stated) ? stated : Number(found);
  };
  const box = (meta.get('bounds') ?? '').split(',').map(Number);
  const bounds = box.length === 4 && box.every(Number.isFinite) ? (box as BasemapInfo['bounds']) : WORLD;
  const words = basemapWords(Object.fromEntries(meta));
  return { format, minzoom: zoom('minzoom', lowest), maxzoom: zoom('maxzoom', highest), bounds, ...words };
}

/** Opens the MBTiles file at `path`; BasemapUnfit when it is not a raster MBTiles file within the limit. */
export async function openMbtiles(path: string): Promise<BasemapArchive> {
  const db = new (await sqlite()).Database(await sqliteBytes(path));
  let info: BasemapInfo;
  try {
    info = infoOf(db, path);
  } catch (error) {
    db.close();
    if (error instanceof BasemapUnfit) throw error;
    throw new BasemapUnfit(`${path}: is not a readable MBTiles file (${(error as Error).message})`);
  }
  const find = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
  return {
    info,
    type: RASTER_TYPES[info.format as keyof typeof RASTER_TYPES],
    async tile(z, x, y) {
      // MBTiles counts rows from the south (TMS), the web map from the north (XYZ).
      find.bind([z, x, 2 ** z - 1 - y]);
      return find.step() ? (find.get()[0] as Uint8Array) : undefined;
    },
  };
}
