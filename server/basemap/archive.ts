/**
 * A bureau's own basemap from one file, for the offices whose network never reaches the internet (an
 * e-government intranet has no Tianditu): a PMTiles archive or an MBTiles file of raster tiles of the
 * district, cut by any tool that writes either. Which it is, the file's first bytes say (an MBTiles
 * file is an SQLite database), not its name.
 */
import { open } from 'node:fs/promises';
import { looksLikeSqlite } from '../formats/sqlite.ts';
import { openMbtiles } from './mbtiles-file.ts';
import { openPmtiles } from './pmtiles-file.ts';
import { type BasemapArchive, BasemapUnfit } from './types.ts';

/** The first 100 bytes of the file (an SQLite header's length), or fewer if it is shorter. */
async function firstBytes(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BasemapUnfit(`${path}: cannot be opened (${error.code ?? error.message})`);
  });
  try {
    const bytes = new Uint8Array(100);
    const { bytesRead } = await file.read(bytes, 0, 100, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Opens the basemap file at `path`; BasemapUnfit when it is neither a raster PMTiles nor a raster MBTiles file. */
export async function openBasemap(path: string): Promise<BasemapArchive> {
  const head = await firstBytes(path);
  if (looksLikeSqlite(head)) return openMbtiles(path);
  if (/\.mbtiles$/i.test(path)) throw new BasemapUnfit(`${path}: is not an MBTiles file (not an SQLite database)`);
  return openPmtiles(path);
}
