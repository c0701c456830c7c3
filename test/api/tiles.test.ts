import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import * as turf from '@turf/turf';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawnFields } from '../../catalog/symbols.ts';
import { INTERNAL_NAMES } from '../../server/layers/registry.ts';
import { DENSITY, TILE, type TileAddress, tileAt } from '../../server/tiles/rules.ts';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

const gdal = existsSync('/usr/bin/ogrinfo');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the test of GDAL reading a tile cannot run.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

/** The district's seat, where the demo's shelters crowd. */
const SEAT: Position = [119.12, 25.46];
const BUFFER = TILE.buffer / TILE.extent;

/** A tile's lon/lat box, widened by `margin` of its side, as bbox=minLon,minLat,maxLon,maxLat. */
function tileBox({ z, x, y }: TileAddress, margin = BUFFER): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)];
}

/** The density cell (rules.ts, DENSITY) of a lon/lat position at zoom z: Web Mercator, 64 cells to a tile side. */
function cellOf([lon, lat]: Position, z: number): [number, number] {
  const scale = 2 ** z * DENSITY.cells;
  const rad = (lat * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
  return [Math.floor(((lon + 180) / 360) * scale), Math.floor(y * scale)];
}

/** One tile unit in degrees of longitude (more than in latitude, away from the equator). */
const unit = ({ z }: TileAddress) => 360 / 2 ** z / TILE.extent;

const path = (layer: string, { z, x, y }: TileAddress) => `/tiles/${layer}/${z}/${x}/${y}.mvt`;

/** What a tile of a layer may carry beside the id: what its symbols and labels read, and the township the list names. */
const carriedFields = (layer: string) => [...drawnFields(layer), 'township'];

describe.each(backends())('vector tiles on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  async function fetchTile(layer: string, address: TileAddress, headers: Record<string, string> = {}) {
    const response = await fetch(served.api.url + path(layer, address), { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const decoded = response.status === 200 ? new VectorTile(new PbfReader(bytes)).layers[layer] : undefined;
    return { status: response.status, headers: response.headers, bytes, layer: decoded };
  }

  function featuresOf(layer: VectorTileLayer | undefined, address: TileAddress) {
    if (!layer) throw new Error('no such layer in the tile');
    return Array.from({ length: layer.length }, (_, i) => {
      const feature = layer.feature(i);
      return { properties: feature.properties, geojson: feature.toGeoJSON(address.x, address.y, address.z) };
    });
  }

  /** Every active feature of a layer whose geometry touches the tile with its buffer, as the feature API finds them. */
  async function featuresIn(layer: string, address: TileAddress, headers: Record<string, string> = {}) {
    const { body } = await served.api.get(
      `/collections/${layer}/items?limit=10000&bbox=${tileBox(address).join(',')}`,
      headers,
    );
    return new Map<string, Feature>(body.features.map((f: Feature) => [f.id, f]));
  }

  /** What the API's value of a property becomes in a tile: lists as JSON text, nulls left out. */
  const asTileValue = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : value);

  const seatTile = tileAt(SEAT, 13);

  it.each([
    ['an anonymous reader', {}],
    ['staff', staff],
  ] as Array<[string, Record<string, string>]>)(
    'serves %s the features of a tile where the feature API puts them, with the same values',
    async (_who, headers) => {
      const tile = await fetchTile('shelters', seatTile, headers);
      expect(tile.status).toBe(200);
      expect(tile.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      expect(tile.layer?.extent).toBe(TILE.extent);
      const expected = await featuresIn('shelters', seatTile, headers);
      const features = featuresOf(tile.layer, seatTile);
      expect(features.length).toBeGreaterThan(5);
      expect(features.map((f) => f.properties.id).sort()).toEqual([...expected.keys()].sort());
      for (const { properties, geojson } of features) {
        const feature = expected.get(String(properties.id)) as Feature<Point>;
        const [lon, lat] = (geojson.geometry as Point).coordinates;
        const [apiLon, apiLat] = feature.geometry.coordinates;
        expect(Math.abs(lon - apiLon)).toBeLessThanOrEqual(unit(seatTile));
        expect(Math.abs(lat - apiLat)).toBeLessThanOrEqual(unit(seatTile));
        // What the symbols and labels read and the township, as the feature API holds them; the rest is a click away.
        const drawn = carriedFields('shelters').filter((k) => feature.properties?.[k] != null);
        const { id, ...tileValues } = properties;
        expect(tileValues).toEqual(Object.fromEntries(drawn.map((k) => [k, asTileValue(feature.properties?.[k])])));
      }
      // The townships the store derived on write (PostGIS), carried as they are.
      expect(
        features.filter((f) => typeof f.properties.township === 'string' && f.properties.township !== '').length,
      ).toBe([...expected.values()].filter((f) => f.properties?.township).length);
      expect(features.some((f) => f.properties.township)).toBe(true);
    },
  );

  it.each(['shelters', 'depots', 'teams'])(
    'carries in a tile of %s only what its symbols and labels read and the township, no internal field even for staff',
    async (layer) => {
      const address = tileAt(SEAT, 9);
      const anonymous = featuresOf((await fetchTile(layer, address)).layer, address);
      const staffs = featuresOf((await fetchTile(layer, address, staff)).layer, address);
      expect(anonymous.length).toBeGreaterThan(0);
      expect(staffs.length).toBe(anonymous.length);
      for (const features of [anonymous, staffs]) {
        const names = new Set(features.flatMap((f) => Object.keys(f.properties)));
        expect([...names].filter((name) => INTERNAL_NAMES.has(name))).toEqual([]);
        expect([...names].sort()).toEqual(expect.arrayContaining(['id', 'name']));
        expect(names.has('township')).toBe(true);
        for (const name of names) expect(['id', ...carriedFields(layer)]).toContain(name);
      }
    },
  );

  it('clips polygons to the tile and keeps them where they are', async () => {
    const address = tileAt(SEAT, 12);
    const expected = await featuresIn('risk_zones', address);
    const features = featuresOf((await fetchTile('risk_zones', address)).layer, address);
    expect(features.length).toBeGreaterThan(0);
    expect(features.map((f) => f.properties.id).sort()).toEqual([...expected.keys()].sort());
    // The area the tile shows is the area of the stored polygon inside the tile, give or take its
    // boundary moving by a tile unit on average (snapping to the grid, simplification).
    const box = turf.bboxPolygon(tileBox(address));
    const unitMetres = (40_075_016.686 * Math.cos((SEAT[1] * Math.PI) / 180)) / 2 ** address.z / TILE.extent;
    for (const { properties, geojson } of features) {
      expect(['Polygon', 'MultiPolygon']).toContain(geojson.geometry.type);
      const stored = expected.get(String(properties.id)) as Feature<Polygon | MultiPolygon>;
      const inside = turf.intersect(turf.featureCollection([stored, box]));
      if (!inside) throw new Error(`${properties.id} does not touch the tile`);
      const perimetre = turf.length(turf.polygonToLine(inside), { units: 'meters' });
      const areaError = Math.abs(turf.area(geojson) - turf.area(inside));
      expect(areaError, String(properties.name)).toBeLessThanOrEqual(perimetre * unitMetres);
    }
  });

  it('answers 204 for a tile with nothing in it', async () => {
    const empty = await fetchTile('shelters', tileAt([0, 0], 12));
    expect(empty.status).toBe(204);
    expect(empty.bytes.length).toBe(0);
  });

  it('caches public tiles publicly and staff tiles privately, revalidated by the layer counter', async () => {
    const anonymous = await fetchTile('shelters', seatTile);
    const staffTile = await fetchTile('shelters', seatTile, staff);
    expect(anonymous.headers.get('cache-control')).toMatch(/^public/);
    expect(staffTile.headers.get('cache-control')).toMatch(/^private/);
    expect(anonymous.headers.get('vary')).toMatch(/Authorization/);
    const etag = anonymous.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(staffTile.headers.get('etag')).not.toBe(etag);

    const unchanged = await fetchTile('shelters', seatTile, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.bytes.length).toBe(0);
    // Staff never get the public representation from a public ETag.
    expect((await fetchTile('shelters', seatTile, { ...staff, 'if-none-match': etag })).status).toBe(200);

    // An edit moves the layer's counter on: the old ETag no longer matches and the tile shows the edit.
    const [first] = featuresOf(anonymous.layer, seatTile);
    const id = String(first.properties.id);
    const item = `/collections/shelters/items/${id}`;
    const revision = (await fetch(served.api.url + item, { headers: staff })).headers.get('etag') ?? '';
    const patched = await writer(served.api.url)(
      'PATCH',
      item,
      { properties: { name: '改名后的避难场所' } },
      { 'if-match': revision, 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status).toBe(200);
    const changed = await fetchTile('shelters', seatTile, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const renamed = featuresOf(changed.layer, seatTile).find((f) => f.properties.id === id);
    expect(renamed?.properties.name).toBe('改名后的避难场所');
  });

  it('names the layer version in the TileJSON’s tile URL, kept a year, and moves it with an edit', async () => {
    const urlOf = async () => {
      const { body } = await served.api.get('/tiles/depots.json');
      return String(body.tiles[0])
        .replace('{z}', String(seatTile.z))
        .replace('{x}', String(seatTile.x))
        .replace('{y}', String(seatTile.y));
    };
    const before = await urlOf();
    const version = Number(new URL(before).searchParams.get('v'));
    expect(version).toBeGreaterThan(0);
    const kept = await fetch(before);
    expect(kept.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const staffKept = await fetch(before, { headers: staff });
    expect(staffKept.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');

    const { body: depots } = await served.api.get('/collections/depots/items?limit=1', staff);
    const item = `/collections/depots/items/${depots.features[0].id}`;
    const revision = (await fetch(served.api.url + item, { headers: staff })).headers.get('etag') ?? '';
    const patched = await writer(served.api.url)(
      'PATCH',
      item,
      { properties: { name: '改名后的物资库' } },
      { 'if-match': revision, 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status).toBe(200);

    const after = await urlOf();
    expect(Number(new URL(after).searchParams.get('v'))).toBeGreaterThan(version);
    expect((await fetch(after)).headers.get('cache-control')).toContain('immutable');
    // The old URL is no longer the layer's: it answers as the layer is now, under the one-minute rule.
    const stale = await fetch(before);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=60');
    expect(stale.headers.get('etag')).toBe((await fetch(after)).headers.get('etag'));
  });

  it.each(['abc', '-1', '1.5'])('refuses the version v=%s naming v', async (v) => {
    const { status, body } = await served.api.get(`/tiles/shelters/0/0/0.mvt?v=${v}`);
    expect(status).toBe(400);
    expect(body['invalid-params'].map((p: { name: string }) => p.name)).toEqual(['v']);
  });

  it.each([
    ['-1/0/0', 'z'],
    ['19/0/0', 'z'],
    ['1.5/0/0', 'z'],
    ['a/0/0', 'z'],
    ['3/8/0', 'x'],
    ['3/0/8', 'y'],
    ['3/x/0', 'x'],
    ['3/0/-1', 'y'],
  ])('refuses the tile %s naming %s', async (zxy, name) => {
    const { status, type, body } = await served.api.get(`/tiles/shelters/${zxy}.mvt`);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body['invalid-params'].map((p: { name: string }) => p.name)).toEqual([name]);
  });

  it('refuses unknown layers and parameters', async () => {
    expect((await served.api.get('/tiles/nowhere/1/0/0.mvt')).status).toBe(404);
    expect((await served.api.get('/tiles/nowhere.json')).status).toBe(404);
    const { status, body } = await served.api.get('/tiles/shelters/1/0/0.mvt?grade=A');
    expect(status).toBe(400);
    expect(body['invalid-params'][0].name).toBe('grade');
  });

  describe('TileJSON', () => {
    let validate: (value: unknown) => void;
    beforeAll(async () => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      ajv.addSchema((await served.api.get('/api')).body, 'openapi');
      const check = ajv.getSchema('openapi#/components/schemas/TileJSON');
      if (!check) throw new Error('the API document has no TileJSON schema');
      validate = (value) => {
        if (!check(value)) throw new Error(ajv.errorsText(check.errors));
      };
    });

    it('describes each layer: tile URL, zoom range, bounds and fields for the reader', async () => {
      const { status, body } = await served.api.get('/tiles/shelters.json');
      expect(status).toBe(200);
      validate(body);
      expect(body.tilejson).toBe('3.0.0');
      expect([body.minzoom, body.maxzoom]).toEqual([TILE.minZoom, TILE.maxZoom]);
      const collection = (await served.api.get('/collections/shelters')).body;
      expect(body.bounds).toEqual(collection.extent.spatial.bbox[0]);
      expect(body.description).toContain(String(TILE.maxFeatures));
      const [vectorLayer] = body.vector_layers;
      expect(vectorLayer.id).toBe('shelters');
      expect(Object.keys(vectorLayer.fields).filter((name) => INTERNAL_NAMES.has(name))).toEqual([]);
      expect(vectorLayer.fields).toEqual({
        id: 'String',
        name: 'String',
        status: 'String',
        township: 'String',
        count: 'Number',
      });

      // The template leads to the tiles, and every field a tile carries is listed.
      const url = body.tiles[0].replace('{z}', seatTile.z).replace('{x}', seatTile.x).replace('{y}', seatTile.y);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers.shelters;
      const carried = new Set(featuresOf(layer, seatTile).flatMap((f) => Object.keys(f.properties)));
      expect(Object.keys(vectorLayer.fields)).toEqual(expect.arrayContaining([...carried]));

      const staffDoc = (await served.api.get('/tiles/shelters.json', staff)).body;
      validate(staffDoc);
      expect(staffDoc.vector_layers[0].fields).toEqual(vectorLayer.fields);
      const english = (await served.api.get('/tiles/shelters.json', { 'accept-language': 'en' })).body;
      expect(english.name).toBe('Emergency shelters');
    });
  });

  it.runIf(gdal)('is read by GDAL’s MVT driver, features and positions alike', async () => {
    const tile = await fetchTile('shelters', seatTile);
    const dir = mkdtempSync(join(tmpdir(), 'onemap-mvt-'));
    try {
      // GDAL takes the tile's place in the pyramid from a z/x/y.pbf path.
      const file = join(dir, String(seatTile.z), String(seatTile.x), `${seatTile.y}.pbf`);
      mkdirSync(join(dir, String(seatTile.z), String(seatTile.x)), { recursive: true });
      writeFileSync(file, tile.bytes);
      const { stdout } = await promisify(execFile)(
        'ogr2ogr',
        ['-f', 'GeoJSON', '/vsistdout/', '-t_srs', 'EPSG:4326', '-oo', 'CLIP=NO', file],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const read = JSON.parse(stdout) as { name: string; features: Feature<Point>[] };
      expect(read.name).toBe('shelters');
      const expected = await featuresIn('shelters', seatTile);
      expect(read.features.map((f) => f.properties?.id).sort()).toEqual([...expected.keys()].sort());
      for (const feature of read.features) {
        const stored = expected.get(String(feature.properties?.id)) as Feature<Point>;
        expect(feature.properties?.name).toBe(stored.properties?.name);
        const [lon, lat] = feature.geometry.coordinates;
        expect(Math.abs(lon - stored.geometry.coordinates[0])).toBeLessThanOrEqual(unit(seatTile));
        expect(Math.abs(lat - stored.geometry.coordinates[1])).toBeLessThanOrEqual(unit(seatTile));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a tile too full for its points as their density, every point counted in its cell, and follows an edit', async () => {
    // 5000 stations in a 2 km square: more than a tile holds at low zoom.
    const random = (() => {
      let state = 7;
      return () => {
        state = (state * 48271) % 2147483647;
        return state / 2147483647;
      };
    })();
    const features = Array.from({ length: TILE.maxFeatures + 904 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.0 + random() * 0.02, 25.6 + random() * 0.02] },
      properties: { name: `测试雨量站${i + 1}`, kind: 'rain_gauge' },
    }));
    const created = await writer(served.api.url)('POST', '/collections/weather_stations/items', {
      type: 'FeatureCollection',
      features,
    });
    expect(created.status).toBe(201);

    /** The cell of each point in the tile (no buffer: a point counts in one tile) from the feature API's positions. */
    const expectedCells = async (address: TileAddress) => {
      const cells = new Map<string, number>();
      const { body } = await served.api.get(
        `/collections/weather_stations/items?limit=10000&bbox=${tileBox(address, 0).join(',')}`,
      );
      for (const f of body.features as Feature[]) {
        const key = cellOf((f.geometry as Point).coordinates, address.z).join(',');
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
      return cells;
    };
    const drawnCells = async (address: TileAddress) => {
      const drawn = featuresOf((await fetchTile('weather_stations', address)).layer, address);
      for (const f of drawn) expect(Object.keys(f.properties)).toEqual(['count']);
      const cells = new Map<string, number>();
      for (const f of drawn) {
        const key = cellOf((f.geojson.geometry as Point).coordinates, address.z).join(',');
        cells.set(key, (cells.get(key) ?? 0) + Number(f.properties.count));
      }
      return cells;
    };
    const total = (cells: Map<string, number>) => [...cells.values()].reduce((a, b) => a + b, 0);
    /** Points counted in another cell than the oracle's: none on the server, a few within a unit of an edge embedded. */
    const misplaced = (a: Map<string, number>, b: Map<string, number>) =>
      [...new Set([...a.keys(), ...b.keys()])].reduce(
        (sum, k) => sum + Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0)),
        0,
      ) / 2;

    const low = tileAt([119.01, 25.61], 10);
    const expected = await expectedCells(low);
    expect(total(expected)).toBeGreaterThan(TILE.maxFeatures);
    const drawn = await drawnCells(low);
    expect(drawn.size).toBeLessThanOrEqual(TILE.maxFeatures);
    expect(total(drawn)).toBe(total(expected));
    expect(misplaced(drawn, expected)).toBeLessThanOrEqual(backend.name === 'postgres' ? 0 : total(expected) * 0.05);

    // A station moved out of the tile leaves its cell at once.
    const { body } = await served.api.get('/collections/weather_stations/items?limit=1&name=测试雨量站1', staff);
    const item = `/collections/weather_stations/items/${body.features[0].id}`;
    const revision = (await fetch(served.api.url + item, { headers: staff })).headers.get('etag') ?? '';
    const moved = await writer(served.api.url)(
      'PATCH',
      item,
      { geometry: { type: 'Point', coordinates: [119.3, 25.4] } },
      { 'if-match': revision, 'content-type': 'application/merge-patch+json' },
    );
    expect(moved.status).toBe(200);
    expect(total(await drawnCells(low))).toBe(total(expected) - 1);

    // Zoomed in to where the points fit, the tile holds the stations themselves again.
    const high = tileAt([119.01, 25.61], 16);
    const inHigh = await featuresIn('weather_stations', high);
    const shown = featuresOf((await fetchTile('weather_stations', high)).layer, high).map((f) =>
      String(f.properties.id),
    );
    expect(inHigh.size).toBeGreaterThan(0);
    expect(inHigh.size).toBeLessThanOrEqual(TILE.maxFeatures);
    expect(shown.sort()).toEqual([...inHigh.keys()].sort());
  });
});
