/**
 * A bureau's basemap from one PMTiles file, for an intranet with no internet: the archive (written by
 * hand from the specification in test/support/pmtiles.ts) is read a tile at a time and served with a
 * TileJSON, byte for byte as written; files that cannot serve are refused at start-up in words an
 * administrator can act on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapUnfit, openBasemap } from '../../server/basemap/archive.ts';
import { configFromEnv } from '../../server/config.ts';
import type { Store } from '../../server/store/index.ts';
import { tileAt } from '../../server/tiles/rules.ts';
import { backends } from '../support/backends.ts';
import { serve, type TestServer } from '../support/http.ts';
import { type ArchiveTile, pmtiles, solidPng, tileId } from '../support/pmtiles.ts';

const SEAT = [119.12, 25.46];
const BOUNDS: [number, number, number, number] = [118.8, 25.3, 119.3, 25.7];
const dir = mkdtempSync(join(tmpdir(), 'onemap-basemap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tiles over the seat from zoom 8 to 12, each a colour of its own zoom. */
async function seatTiles(): Promise<ArchiveTile[]> {
  const tiles: ArchiveTile[] = [];
  for (let z = 8; z <= 12; z++)
    tiles.push({ ...tileAt(SEAT, z), bytes: await solidPng(`rgb(${200 + z * 4}, 220, 180)`) });
  return tiles;
}

function written(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('the tile ids of the specification', () => {
  it.each([
    [0, 0, 0, 0],
    [1, 0, 0, 1],
    [1, 0, 1, 2],
    [1, 1, 1, 3],
    [1, 1, 0, 4],
    [2, 0, 0, 5],
  ])('z%i x%i y%i is tile %i', (z, x, y, id) => {
    expect(tileId(z, x, y)).toBe(id);
  });
});

describe('opening a basemap file', () => {
  it('reads its format, zooms and box from the header', async () => {
    const archive = await openBasemap(
      written('seat.pmtiles', pmtiles(await seatTiles(), { tileType: 2, bounds: BOUNDS })),
    );
    expect(archive.info).toEqual({ format: 'png', minzoom: 8, maxzoom: 12, bounds: BOUNDS });
    expect(archive.type).toBe('image/png');
  });

  it.each([
    [
      'a vector archive',
      'vector.pmtiles',
      () => pmtiles([{ z: 0, x: 0, y: 0, bytes: new Uint8Array([1]) }], { tileType: 1, bounds: BOUNDS }),
      /raster tiles/,
    ],
    [
      'a file that is not PMTiles',
      'picture.pmtiles',
      () => new TextEncoder().encode('not an archive at all, only text'),
      /not a PMTiles v3 archive/,
    ],
    ['an MBTiles file', 'area.mbtiles', () => new Uint8Array(16), /pmtiles convert/],
  ])('refuses %s, saying why', async (_, name, bytes, why) => {
    await expect(openBasemap(written(name, bytes()))).rejects.toThrow(why);
    await expect(openBasemap(written(name, bytes()))).rejects.toBeInstanceOf(BasemapUnfit);
  });

  it('refuses a file that is not there', async () => {
    await expect(openBasemap(join(dir, 'absent.pmtiles'))).rejects.toThrow(/cannot be opened \(ENOENT\)/);
  });

  it.each([
    ['file:', /needs the path/],
    ['files:/x', /must be one of/],
  ])('refuses ONEMAP_BASEMAP=%s', (value, why) => {
    expect(() => configFromEnv({ ONEMAP_BASEMAP: value })).toThrow(why);
  });

  it('takes ONEMAP_BASEMAP=file:… as the file, never sent to a browser', () => {
    const config = configFromEnv({ ONEMAP_BASEMAP: 'file:/srv/onemap/area.pmtiles' });
    expect(config.basemapFile).toBe('/srv/onemap/area.pmtiles');
    expect(config.app.map).toEqual({ basemap: 'file', tiandituKey: undefined, reviewNumber: undefined });
  });
});

describe.each(backends())('the basemap served on the $name backend', (backend) => {
  let tiles: ArchiveTile[];
  let path: string;
  let store: Store;
  let api: TestServer;
  beforeAll(async () => {
    tiles = await seatTiles();
    path = written(`served-${backend.name}.pmtiles`, pmtiles(tiles, { tileType: 2, bounds: BOUNDS }));
    store = await backend.open();
    api = await serve(store, { map: { basemap: 'file' }, basemap: await openBasemap(path) });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('describes the tiles as TileJSON, and the landing page names no file', async () => {
    const { status, body } = await api.get('/basemap.json');
    expect(status).toBe(200);
    expect(body).toMatchObject({ tilejson: '3.0.0', minzoom: 8, maxzoom: 12, bounds: BOUNDS, format: 'png' });
    expect(body.tiles).toEqual([`${api.url}/basemap/{z}/{x}/{y}`]);
    const landing = await api.get('/?f=json');
    expect(landing.body.map.basemap).toBe('file');
    expect(JSON.stringify(landing.body)).not.toContain(path);
  });

  it('serves each tile byte for byte as the file holds it', async () => {
    for (const tile of tiles) {
      const response = await fetch(`${api.url}/basemap/${tile.z}/${tile.x}/${tile.y}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(tile.bytes);
    }
  });

  it('answers 204 where the file has no tile, and 400 naming what is not a tile', async () => {
    const far = tileAt([0, 0], 10);
    expect((await fetch(`${api.url}/basemap/10/${far.x}/${far.y}`)).status).toBe(204);
    const refused = await fetch(`${api.url}/basemap/3/9/0`);
    expect(refused.status).toBe(400);
    expect((await refused.json())['invalid-params'].map((p: { name: string }) => p.name)).toEqual(['x']);
  });
});
