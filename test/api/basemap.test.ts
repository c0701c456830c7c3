/**
 * A bureau's basemap from one PMTiles or MBTiles file, for an intranet with no internet: the archive
 * (written by hand from the specification in test/support/pmtiles.ts) is read a tile at a time, the
 * MBTiles file (written with sql.js in test/support/mbtiles.ts, its rows counted from the south) is
 * read as SQLite; both are served with the same TileJSON, carrying the file's name, attribution (as
 * text) and description, byte for byte as written, the MBTiles rows flipped; files that cannot serve
 * are refused at start-up in words an administrator can act on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemap } from '../../server/basemap/archive.ts';
import { MBTILES_MAX_BYTES } from '../../server/basemap/mbtiles-file.ts';
import { BasemapUnfit } from '../../server/basemap/types.ts';
import { configFromEnv } from '../../server/config.ts';
import type { Store } from '../../server/store/index.ts';
import { tileAt } from '../../server/tiles/rules.ts';
import { backends } from '../support/backends.ts';
import { serve, type TestServer } from '../support/http.ts';
import { mbtiles } from '../support/mbtiles.ts';
import { type ArchiveTile, pmtiles, solidPng, tileId } from '../support/pmtiles.ts';

const SEAT = [119.12, 25.46];
const BOUNDS: [number, number, number, number] = [118.8, 25.3, 119.3, 25.7];
const dir = mkdtempSync(join(tmpdir(), 'onemap-basemap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The tiles over the seat from zoom 8 to 12, each a colour of its own zoom, and at zoom 10 the tile in
 * the mirrored row (as far south of the equator as the seat's is north) in a colour of its own: a
 * reader that did not flip MBTiles rows would serve one for the other.
 */
async function seatTiles(): Promise<ArchiveTile[]> {
  const tiles: ArchiveTile[] = [];
  for (let z = 8; z <= 12; z++)
    tiles.push({ ...tileAt(SEAT, z), bytes: await solidPng(`rgb(${200 + z * 4}, 220, 180)`) });
  const seat = tileAt(SEAT, 10);
  tiles.push({ z: 10, x: seat.x, y: 2 ** 10 - 1 - seat.y, bytes: await solidPng('rgb(20, 40, 160)') });
  return tiles;
}

/**
 * The file's own words, as an MBTiles `metadata` table and a PMTiles archive's JSON hold them: the
 * attribution in HTML with a link and an element that would run a script if written into a page.
 */
const WORDS = {
  name: '涵江区底图',
  attribution: '<a href="https://example.org/">&copy; 涵江区自然资源局</a><img src=x onerror="alert(1)"> 2024',
  description: '2024 年正射影像,8–12 级',
};
/** What TileJSON says of them: the attribution as text, its entity kept for the page to show as ©. */
const WORDS_SERVED = { ...WORDS, attribution: '&copy; 涵江区自然资源局 2024' };

const SEAT_METADATA = { ...WORDS, format: 'png', bounds: BOUNDS.join(','), minzoom: '8', maxzoom: '12' };

/** The two formats a basemap file may come in, each holding `tiles` over BOUNDS as PNG, with WORDS. */
const FORMATS = [
  {
    kind: 'PMTiles',
    file: async (tiles: ArchiveTile[]) =>
      pmtiles(tiles, { tileType: 2, bounds: BOUNDS, metadata: JSON.stringify({ ...WORDS, version: '1.0.0' }) }),
  },
  { kind: 'MBTiles', file: (tiles: ArchiveTile[]) => mbtiles(tiles, SEAT_METADATA) },
];

function written(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** An SQLite database that is not MBTiles: one table of its own. */
async function emptySqlite(): Promise<Uint8Array> {
  const db = new (await initSqlJs()).Database();
  db.exec('CREATE TABLE notes (text text)');
  const bytes = db.export();
  db.close();
  return bytes;
}

/** An MBTiles file whose pages after the SQLite header are overwritten. */
async function corruptMbtiles(): Promise<Uint8Array> {
  const bytes = await mbtiles(await seatTiles(), SEAT_METADATA);
  bytes.fill(0x5a, 100);
  return bytes;
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
  it.each(FORMATS)(
    'reads the format, zooms, box, name, attribution and description of a $kind file',
    async ({ kind, file }) => {
      const archive = await openBasemap(written(`seat.${kind.toLowerCase()}`, await file(await seatTiles())));
      expect(archive.info).toEqual({ format: 'png', minzoom: 8, maxzoom: 12, bounds: BOUNDS, ...WORDS_SERVED });
      expect(archive.type).toBe('image/png');
    },
  );

  it.each([
    ['a PMTiles archive with no metadata', 'silent.pmtiles', '', {}],
    ['a PMTiles archive whose metadata is not JSON', 'garbled.pmtiles', '{"name": "底图', {}],
    ['a PMTiles archive whose metadata is not an object', 'list.pmtiles', '["底图"]', {}],
    [
      'a PMTiles archive with a blank name and a numeric description',
      'odd.pmtiles',
      JSON.stringify({ name: '  ', description: 2024, attribution: '<b></b>' }),
      {},
    ],
    ['a PMTiles archive naming itself only', 'named.pmtiles', JSON.stringify({ name: ' 底图 ' }), { name: '底图' }],
  ])('serves %s, with only the words it states as text', async (_what, name, metadata, words) => {
    const archive = await openBasemap(
      written(name, pmtiles(await seatTiles(), { tileType: 2, bounds: BOUNDS, metadata })),
    );
    expect(archive.info).toEqual({ format: 'png', minzoom: 8, maxzoom: 12, bounds: BOUNDS, ...words });
  });

  it('takes what an MBTiles file’s metadata leaves out from its tiles: format, zooms, and the whole world', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    const tiles = [9, 11].map((z) => ({ ...tileAt(SEAT, z), bytes: jpeg }));
    const archive = await openBasemap(written('bare.mbtiles', await mbtiles(tiles, { name: '底图' })));
    expect(archive.info).toEqual({
      format: 'jpg',
      minzoom: 9,
      maxzoom: 11,
      bounds: [-180, -85.051129, 180, 85.051129],
      name: '底图',
    });
    expect(archive.type).toBe('image/jpeg');
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
    ['an .mbtiles file that is not SQLite', 'area.mbtiles', () => new Uint8Array(16), /not an SQLite database/],
    [
      'an MBTiles file of vector tiles',
      'vector.mbtiles',
      () => mbtiles([{ z: 0, x: 0, y: 0, bytes: new Uint8Array([0x1a, 0]) }], { format: 'pbf' }),
      /holds vector \(pbf\) tiles; a basemap file must hold raster tiles/,
    ],
    [
      'an MBTiles file of gzipped vector tiles that does not name their format',
      'unnamed.mbtiles',
      () => mbtiles([{ z: 0, x: 0, y: 0, bytes: new Uint8Array([0x1f, 0x8b, 8, 0]) }], {}),
      /holds vector \(pbf\) tiles/,
    ],
    ['an MBTiles file of no tiles', 'empty.mbtiles', () => mbtiles([], { format: 'png' }), /holds no tiles/],
    ['an SQLite database of other tables', 'other.mbtiles', emptySqlite, /no metadata or tiles table/],
    ['a corrupt SQLite file', 'corrupt.mbtiles', corruptMbtiles, /not a readable MBTiles file/],
  ])('refuses %s, saying why', async (_, name, bytes, why) => {
    const path = written(name, await bytes());
    await expect(openBasemap(path)).rejects.toThrow(why);
    await expect(openBasemap(path)).rejects.toBeInstanceOf(BasemapUnfit);
  });

  it.each([
    ['corrupt.mbtiles', corruptMbtiles, /not a readable MBTiles file/],
    [
      'vector-start.mbtiles',
      () => mbtiles([{ z: 0, x: 0, y: 0, bytes: new Uint8Array([0x1a, 0]) }], { format: 'pbf' }),
      /holds vector \(pbf\) tiles/,
    ],
  ])('stops the API’s start with %s, saying why in one line', async (name, bytes, why) => {
    const path = written(name, await bytes());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ONEMAP_BASEMAP: `file:${path}`,
      ONEMAP_DATA_DIR: join(dir, 'never-opened'),
    };
    delete env.DATABASE_URL;
    const started = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr.trim()).toMatch(new RegExp(`^ONEMAP_BASEMAP: ${path}: .*${why.source}`));
    expect(started.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'never-opened'))).toBe(false);
  });

  it('refuses an MBTiles file over the size it reads into memory, before reading it, naming the limit', async () => {
    const path = written('huge.mbtiles', await mbtiles(await seatTiles(), SEAT_METADATA));
    // Sparse: as large as it says, with no disk behind the end.
    truncateSync(path, MBTILES_MAX_BYTES + 1);
    await expect(openBasemap(path)).rejects.toThrow(
      /is 512 MB, over the 512 MB limit; convert it with "pmtiles convert"/,
    );
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
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  describe.each(FORMATS)('from a $kind file', ({ kind, file }) => {
    let tiles: ArchiveTile[];
    let path: string;
    let api: TestServer;
    beforeAll(async () => {
      tiles = await seatTiles();
      path = written(`served-${backend.name}.${kind.toLowerCase()}`, await file(tiles));
      api = await serve(store, { map: { basemap: 'file' }, basemap: await openBasemap(path) });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('describes the tiles as TileJSON, and the landing page names no file', async () => {
      const { status, body } = await api.get('/basemap.json');
      expect(status).toBe(200);
      expect(body).toMatchObject({ tilejson: '3.0.0', minzoom: 8, maxzoom: 12, bounds: BOUNDS, format: 'png' });
      // The file's name, attribution and description, the attribution with no tag left to run.
      expect({ name: body.name, attribution: body.attribution, description: body.description }).toEqual(WORDS_SERVED);
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
});
