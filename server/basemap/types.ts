/**
 * What a basemap file is to the rest of the API, whichever format holds it: its tiles' format, zooms
 * and box, and a tile by its XYZ address; and the error that stops the start when a file cannot serve.
 */

/** The file cannot serve as a basemap, in words an administrator can act on. */
export class BasemapUnfit extends Error {}

/** Words a file may carry about itself, as TileJSON names them; each only where the file states it. */
export interface BasemapWords {
  name?: string;
  /** Plain text: the file's HTML tags are dropped, since the web map writes it into the page. */
  attribution?: string;
  description?: string;
}

/** What the web map needs to ask for the tiles: their format, zooms and box (lon/lat); and the file's words. */
export interface BasemapInfo extends BasemapWords {
  format: string;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
}

/**
 * The name, attribution and description of a file's own metadata (an MBTiles `metadata` table, a
 * PMTiles archive's JSON), those that are text and not blank. An attribution may hold HTML (a link to
 * the data's source); OpenLayers writes it into the page as HTML, so a file from elsewhere could carry
 * a script: its tags are dropped and any `<` left escaped, its words and entities (&copy;) kept.
 */
export function basemapWords(metadata: Record<string, unknown>): BasemapWords {
  const words: BasemapWords = {};
  for (const key of ['name', 'attribution', 'description'] as const) {
    const value = metadata[key];
    if (typeof value !== 'string') continue;
    const text = key === 'attribution' ? value.replace(/<[^>]*>/g, '').replaceAll('<', '&lt;') : value;
    if (text.trim() !== '') words[key] = text.trim();
  }
  return words;
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
