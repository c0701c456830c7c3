import type { BasemapArchive } from '../basemap/types.ts';
import { baseUrl } from '../http/links.ts';
import { json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';
import { tileAddress } from './tiles.ts';

/** The file does not change while the API runs: a day in any cache. */
const CACHE = 'public, max-age=86400';

const tags = ['tiles'];
const tileNumber = (name: string, description: string) =>
  ({ name, in: 'path', required: true, description, schema: { type: 'integer', minimum: 0 } }) as const;

/**
 * The bureau's own basemap file (ONEMAP_BASEMAP=file:…), served to the web maps as raster tiles with a
 * TileJSON, so a map on an intranet draws its background with no internet. Anyone may read it, as
 * anyone may read Tianditu's.
 */
export function basemapOperations(archive: BasemapArchive): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/basemap.json',
      operationId: 'getBasemapTileJson',
      summary: 'The basemap file’s raster tiles described as TileJSON 3.0.0',
      tags,
      responses: { '200': { description: 'TileJSON', ...json({ type: 'object' }) } },
      handler: async (req, res) => {
        res.set('Cache-Control', CACHE);
        res.json({
          tilejson: '3.0.0',
          scheme: 'xyz',
          tiles: [`${baseUrl(req)}/basemap/{z}/{x}/{y}`],
          ...archive.info,
        });
      },
    }),
    operation({
      method: 'get',
      path: '/basemap/{z}/{x}/{y}',
      operationId: 'getBasemapTile',
      summary: 'A raster tile of the basemap file (Web Mercator XYZ)',
      tags,
      parameters: [
        tileNumber('z', 'Zoom level.'),
        tileNumber('x', 'Column, from the west: 0 ≤ x < 2^z.'),
        tileNumber('y', 'Row, from the north: 0 ≤ y < 2^z.'),
      ],
      responses: {
        '200': { description: 'The tile, in the file’s image format.' },
        '204': { description: 'The file has no tile here.' },
        '400': problem('z, x or y is not a tile of the pyramid; invalid-params names it.'),
      },
      handler: async (req, res) => {
        const { z, x, y } = tileAddress(req);
        res.set('Cache-Control', CACHE);
        const tile = await archive.tile(z, x, y);
        if (!tile) return void res.status(204).end();
        res.type(archive.type).send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
      },
    }),
  ];
}
