/**
 * What a basemap file is to the rest of the API, whichever format holds it: its tiles' format, zooms
 * and box, and a tile by its XYZ address; and the error that stops the start when a file cannot serve.
 */

/** The file cannot serve as a basemap, in words an administrator can act on. */
export class BasemapUnfit extends Error {}

/** What the web map needs to ask for the tiles: their format, zooms and box (lon/lat). */
export interface BasemapInfo {
  format: string;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
}

export interface BasemapArchive {
  info: BasemapInfo;
  /** The MIME type of every tile. */
  type: string;
  /** The tile's bytes (z, x, y as the web map asks: XYZ, rows from the north), or undefined where the file has none. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | undefined>;
}

/** The raster formats a basemap may hold, by the name TileJSON gives them, with their MIME types. */
export const RASTER_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
} as const;
