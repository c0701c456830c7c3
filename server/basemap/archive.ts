/**
 * A bureau's own basemap from one file, for the offices whose network never reaches the internet (an
 * e-government intranet has no Tianditu): a PMTiles archive of raster tiles of the district, cut by
 * any tool that writes PMTiles (`pmtiles convert` turns an MBTiles file into one). The archive is read
 * where it lies, a directory and a tile at a time (the `pmtiles` reader over the file), so a basemap
 * of gigabytes costs no memory. Raster tiles only: vector tiles would need a cartographic style the
 * product does not ship.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Compression, PMTiles, type Source, TileType } from 'pmtiles';

const unzip = promisify(gunzip);

/** The file cannot serve as a basemap, in words an administrator can act on. */
export class BasemapUnfit extends Error {}

const FORMATS: Partial<Record<TileType, { format: string; type: string }>> = {
  [TileType.Png]: { format: 'png', type: 'image/png' },
  [TileType.Jpeg]: { format: 'jpg', type: 'image/jpeg' },
  [TileType.Webp]: { format: 'webp', type: 'image/webp' },
  [TileType.Avif]: { format: 'avif', type: 'image/avif' },
};

/** What the web map needs to ask for the tiles: their format, zooms and box (lon/lat). */
export interface BasemapInfo {
  format: string;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
}

/** The bytes of a file, at offsets, as the PMTiles reader asks for them. */
function fileSource(file: FileHandle, key: string): Source {
  return {
    getKey: () => key,
    async getBytes(offset, length) {
      const data = new Uint8Array(length);
      const { bytesRead } = await file.read(data, 0, length, offset);
      return { data: data.buffer.slice(0, bytesRead) };
    },
  };
}

/** Directories and tiles come gzipped or as they are; anything else is refused when the file is opened. */
async function decompress(bytes: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return bytes;
  if (compression === Compression.Gzip) {
    const out = await unzip(new Uint8Array(bytes));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  }
  throw new BasemapUnfit(`is compressed with ${Compression[compression]}, which this reader does not read`);
}

export interface BasemapArchive {
  info: BasemapInfo;
  /** The MIME type of every tile. */
  type: string;
  /** The tile's bytes, or undefined where the archive has none. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | undefined>;
}

/** Opens the archive at `path`; BasemapUnfit when it is not a raster PMTiles file. */
export async function openBasemap(path: string): Promise<BasemapArchive> {
  if (/\.mbtiles$/i.test(path)) {
    throw new BasemapUnfit(`${path}: MBTiles is read as PMTiles: convert it with "pmtiles convert" first`);
  }
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BasemapUnfit(`${path}: cannot be opened (${error.code ?? error.message})`);
  });
  const archive = new PMTiles(fileSource(file, path), undefined, decompress);
  const header = await archive.getHeader().catch((error: Error) => {
    throw new BasemapUnfit(`${path}: is not a PMTiles v3 archive (${error.message})`);
  });
  const kind = FORMATS[header.tileType];
  if (!kind) {
    throw new BasemapUnfit(
      `${path}: holds ${TileType[header.tileType] ?? 'unknown'} tiles; a basemap file must hold raster tiles (PNG, JPEG, WebP or AVIF)`,
    );
  }
  if (header.internalCompression !== Compression.None && header.internalCompression !== Compression.Gzip) {
    throw new BasemapUnfit(`${path}: its directories are compressed with ${Compression[header.internalCompression]}`);
  }
  return {
    info: {
      format: kind.format,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
    },
    type: kind.type,
    async tile(z, x, y) {
      const found = await archive.getZxy(z, x, y);
      return found ? new Uint8Array(found.data) : undefined;
    },
  };
}
