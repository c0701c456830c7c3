/**
 * A basemap PMTiles v3 archive, read where it lies, a directory and a tile at a time (the `pmtiles`
 * reader over the file), so a basemap of gigabytes costs no memory. Raster tiles only: vector tiles
 * would need a cartographic style the product does not ship.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Compression, PMTiles, type Source, TileType } from 'pmtiles';
import { type BasemapArchive, BasemapUnfit, basemapWords, RASTER_TYPES } from './types.ts';

const unzip = promisify(gunzip);

const FORMATS: Partial<Record<TileType, keyof typeof RASTER_TYPES>> = {
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
};

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

/** Opens the PMTiles archive at `path`; BasemapUnfit when it is not a raster PMTiles v3 file. */
export async function openPmtiles(path: string): Promise<BasemapArchive> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BasemapUnfit(`${path}: cannot be opened (${error.code ?? error.message})`);
  });
  const archive = new PMTiles(fileSource(file, path), undefined, decompress);
  const header = await archive.getHeader().catch((error: Error) => {
    throw new BasemapUnfit(`${path}: is not a PMTiles v3 archive (${error.message})`);
  });
  const format = FORMATS[header.tileType];
  if (!format) {
    throw new BasemapUnfit(
      `${path}: holds ${TileType[header.tileType] ?? 'unknown'} tiles; a basemap file must hold raster tiles (PNG, JPEG, WebP or AVIF)`,
    );
  }
  if (header.internalCompression !== Compression.None && header.internalCompression !== Compression.Gzip) {
    throw new BasemapUnfit(`${path}: its directories are compressed with ${Compression[header.internalCompression]}`);
  }
  // The archive's JSON metadata (name, attribution… as TileJSON has them), where it holds an object.
  // Its words are optional: an archive with none, or with JSON that does not parse, still serves its tiles.
  const metadata: unknown =
    header.jsonMetadataLength > 0 ? await archive.getMetadata().catch(() => undefined) : undefined;
  return {
    info: {
      format,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      ...basemapWords(typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {}),
    },
    type: RASTER_TYPES[format],
    async tile(z, x, y) {
      const found = await archive.getZxy(z, x, y);
      return found ? new Uint8Array(found.data) : undefined;
    },
  };
}
