/**
 * The DEM through the API on both backends: an administrator imports a GeoTIFF that GDAL made from
 * raw bytes, staff download it back and GDAL reads every cell as it was sent, files that cannot be
 * used are refused with the store unchanged (the demo's own DEM is in place at first), and each demo camera's viewshed comes back as polygons
 * whose area is the figure stated beside them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEM_SOURCE } from '../../server/demo/load-demo.ts';
import { crsByCode } from '../../server/import/place/crs.ts';
import { syntheticDem } from '../../server/terrain/synthetic-dem.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, servedStore } from '../support/http.ts';

const gdal = existsSync('/usr/bin/gdal_translate');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the DEM routes cannot be checked against it.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-terrain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 50 m cells over the north of the demo district (118.85–119.24°E, 25.58–25.76°N) in its zone,
// EPSG:4528: every demo camera but the southernmost (25.548°N) stands on it.
const zone = proj4('EPSG:4326', crsByCode('EPSG:4528').proj4 as string);
const [west] = zone.forward([118.85, 25.58]);
const [, north] = zone.forward([118.85, 25.76]);
const [east, south] = zone.forward([119.24, 25.58]);
const CELL = 50;
const dem = syntheticDem({
  cols: Math.ceil((east - west) / CELL),
  rows: Math.ceil((north - south) / CELL),
  cellM: CELL,
  west: Math.floor(west / CELL) * CELL,
  north: Math.ceil(north / CELL) * CELL,
  crs: 'EPSG:4528',
  seed: 11,
});

/** The DEM as a GeoTIFF GDAL made from its raw bytes. */
function demFile(): Uint8Array {
  writeFileSync(join(dir, 'dem.bil'), Buffer.from(dem.heights.buffer));
  const header = [`NROWS ${dem.rows}`, `NCOLS ${dem.cols}`, 'NBANDS 1', 'NBITS 32', 'PIXELTYPE FLOAT', 'BYTEORDER I'];
  header.push(`ULXMAP ${dem.west + CELL / 2}`, `ULYMAP ${dem.north - CELL / 2}`, `XDIM ${CELL}`, `YDIM ${CELL}`);
  writeFileSync(join(dir, 'dem.hdr'), `${header.join('\n')}\n`);
  execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4528', join(dir, 'dem.bil'), join(dir, 'dem.tif')]);
  return new Uint8Array(readFileSync(join(dir, 'dem.tif')));
}

describe.runIf(gdal).each(backends())('the DEM and viewsheds on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const tif = gdal ? demFile() : new Uint8Array();
  const put = (body: Uint8Array | string, role: 'admin' | 'planner' = 'admin', query = '') =>
    fetch(`${served.api.url}/terrain/dem${query}`, {
      method: 'PUT',
      headers: { ...as(role), 'content-type': 'image/tiff' },
      body: body as BodyInit,
    });
  const cameras: { id: string; lat: number }[] = [];

  beforeAll(async () => {
    const page = await served.api.get('/collections/cameras/items?limit=100', as('responder'));
    for (const f of page.body.features) cameras.push({ id: f.id, lat: f.geometry.coordinates[1] });
  });

  it('starts with the demo district’s made-up DEM as version 1, and without a DEM a viewshed says there is none', async () => {
    expect(await served.store.terrain.info()).toMatchObject({
      version: 1,
      source: DEMO_DEM_SOURCE,
      imported_by: 'demo',
    });
    const empty = await backend.openEmpty();
    const api = await serve(empty);
    try {
      const { status, body } = await api.get(`/analysis/viewshed/${cameras[0].id}`, as('responder'));
      expect([status, body.detail]).toEqual([404, 'No elevation model (DEM) has been imported.']);
    } finally {
      await api.close();
      await empty.close();
    }
  });

  it('imports the GeoTIFF an administrator sends, in its own zone, in place of the demo’s', async () => {
    const response = await put(tif, 'admin', '?filename=hanjiang-north.tif');
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ version: 2, crs: 'EPSG:4528', cols: dem.cols, rows: dem.rows, cell_x: CELL });
    expect(body).toMatchObject({
      west: dem.west,
      north: dem.north,
      source: 'hanjiang-north.tif',
      imported_by: 'admin',
    });
  });

  it.each([
    ['not a TIFF', '{"type": "FeatureCollection"}', /not a GeoTIFF/],
    ['an empty body', '', /send the GeoTIFF/],
  ])('refuses %s, naming the body, and keeps the DEM in use', async (_name, body, reason) => {
    const response = await put(body);
    const problem = await response.json();
    expect(response.status).toBe(400);
    expect(problem['invalid-params'][0].name).toBe('body');
    expect(problem['invalid-params'][0].reason).toMatch(reason);
    expect((await served.store.terrain.info())?.version).toBe(2);
  });

  it('hands staff the DEM back as a GeoTIFF GDAL reads cell for cell', async () => {
    const response = await fetch(`${served.api.url}/terrain/dem.tif`, { headers: as('responder') });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    writeFileSync(join(dir, 'back.tif'), new Uint8Array(await response.arrayBuffer()));
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', join(dir, 'back.tif')], { encoding: 'utf8' }));
    expect(info.geoTransform).toEqual([dem.west, CELL, 0, dem.north, 0, -CELL]);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",4528\]\]$/);
    execFileSync('gdal_translate', ['-q', '-of', 'EHdr', join(dir, 'back.tif'), join(dir, 'back.bil')]);
    expect(Buffer.compare(readFileSync(join(dir, 'back.bil')), Buffer.from(dem.heights.buffer))).toBe(0);
  });

  it('shows each camera on the DEM what it sees: polygons whose area is the figure given', async () => {
    const on = cameras.filter((c) => c.lat > 25.58);
    expect(on.length).toBeGreaterThanOrEqual(8);
    for (const camera of on) {
      const { status, type, body } = await served.api.get(`/analysis/viewshed/${camera.id}`, as('responder'));
      expect([status, type]).toEqual([200, 'application/geo+json; charset=utf-8']);
      const [feature] = body.features;
      expect(feature.properties).toMatchObject({
        camera_id: camera.id,
        dem_version: 2,
        method: 'viewshed',
        cell_m: CELL,
      });
      expect(feature.properties.visible_cells).toBeGreaterThan(0);
      const traced = turf.area(feature);
      expect(Math.abs(traced - feature.properties.visible_area_m2) / feature.properties.visible_area_m2).toBeLessThan(
        0.002,
      );
      expect(feature.properties.visible_area_m2).toBeLessThanOrEqual(Math.PI * feature.properties.range_m ** 2);
    }
  });

  it('tries a taller mast with ?height=', async () => {
    const [camera] = cameras.filter((c) => c.lat > 25.58);
    const { body } = await served.api.get(`/analysis/viewshed/${camera.id}?height=150`, as('responder'));
    expect(body.features[0].properties.height_m).toBe(150);
  });

  it.each([
    ['a camera south of the DEM', 'south', '', 422, 'cameraId'],
    ['an id that is not a UUID', 'not-a-uuid', '', 400, 'cameraId'],
    ['a negative mast', 'first', '?height=-1', 400, 'height'],
    ['a mast that is not a number', 'first', '?height=tall', 400, 'height'],
    ['an unknown parameter', 'first', '?range=10', 400, 'range'],
  ])('refuses %s, naming it', async (_name, which, query, status, name) => {
    const id = which === 'south' ? cameras.find((c) => c.lat < 25.58)?.id : which === 'first' ? cameras[0].id : which;
    const response = await served.api.get(`/analysis/viewshed/${id}${query}`, as('responder'));
    expect(response.status).toBe(status);
    expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(name);
  });

  it('answers 404 for a camera that does not exist', async () => {
    const response = await served.api.get('/analysis/viewshed/00000000-0000-4000-8000-000000000000', as('responder'));
    expect(response.status).toBe(404);
  });

  it('computes again when the camera changes: its new revision, its new mast', async () => {
    const [camera] = cameras.filter((c) => c.lat > 25.58);
    const before = (await served.api.get(`/analysis/viewshed/${camera.id}`, as('responder'))).body.features[0];
    const item = await fetch(`${served.api.url}/collections/cameras/items/${camera.id}`, { headers: as('planner') });
    const patched = await fetch(`${served.api.url}/collections/cameras/items/${camera.id}`, {
      method: 'PATCH',
      headers: {
        ...as('planner'),
        'if-match': item.headers.get('etag') as string,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ properties: { mast_height_m: 80 } }),
    });
    expect(patched.status).toBe(200);
    const after = (await served.api.get(`/analysis/viewshed/${camera.id}`, as('responder'))).body.features[0];
    expect(after.properties.camera_revision).toBe(before.properties.camera_revision + 1);
    expect(before.properties.height_m).not.toBe(80);
    expect(after.properties.height_m).toBe(80);
  });

  it('moves the version on when the DEM is replaced, and viewsheds follow it', async () => {
    const response = await put(tif);
    expect((await response.json()).version).toBe(3);
    const { body } = await served.api.get(`/analysis/viewshed/${cameras[0].id}`, as('responder'));
    expect(body.features[0].properties.dem_version).toBe(3);
  });
});
