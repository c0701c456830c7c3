/**
 * The demo's forest-video coverage on its DEM against GDAL alone, on both backends: each demo camera's
 * visible cells from `gdal_viewshed` (its mast, its range, GDAL's curvature coefficient), cut here to
 * its heading and field of view, united over the cameras, and counted over the forest and key areas
 * that `ogr2ogr` and `gdal_rasterize` lay on the DEM's own grid. The API's covered area and share,
 * existing cameras and with the planned ones, are GDAL's to within 1%.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoLayer } from '../../server/demo/load-demo.ts';
import { crsByCode } from '../../server/import/place/crs.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

const gdal = existsSync('/usr/bin/gdal_viewshed') && existsSync('/usr/bin/gdal_rasterize');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the demo coverage cannot be checked against it.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-coverage-gdal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Grid {
  west: number;
  north: number;
  cell: number;
  cols: number;
  rows: number;
}

/** One byte a cell of a single-band raster GDAL wrote, with its place. */
async function readRaster(file: string): Promise<{ west: number; north: number; cols: number; values: Uint8Array }> {
  const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(file)).buffer)).getImage();
  const [west, north] = image.getOrigin();
  return { west, north, cols: image.getWidth(), values: (await image.readRasters())[0] as Uint8Array };
}

/** The forest and key areas burnt onto the DEM's grid by GDAL: 1 in a cell whose centre is inside. */
async function forestMask(grid: Grid): Promise<Uint8Array> {
  const forests = (await readDemoLayer('forest_areas')).features.filter((f) =>
    ['forest', 'key_fire_area'].includes(String(f.properties?.kind)),
  );
  writeFileSync(join(dir, 'forest.geojson'), JSON.stringify({ type: 'FeatureCollection', features: forests }));
  execFileSync('ogr2ogr', ['-t_srs', 'EPSG:4528', join(dir, 'forest-zone.geojson'), join(dir, 'forest.geojson')]);
  const east = grid.west + grid.cols * grid.cell;
  const south = grid.north - grid.rows * grid.cell;
  execFileSync('gdal_rasterize', [
    ...['-q', '-burn', '1', '-ot', 'Byte', '-init', '0'],
    ...['-te', `${grid.west}`, `${south}`, `${east}`, `${grid.north}`, '-ts', `${grid.cols}`, `${grid.rows}`],
    join(dir, 'forest-zone.geojson'),
    join(dir, 'forest.tif'),
  ]);
  return (await readRaster(join(dir, 'forest.tif'))).values;
}

/** Marks in `seen` the DEM cells GDAL finds visible from a camera, within its heading and field of view. */
async function markSeen(tif: string, grid: Grid, camera: any, seen: Uint8Array): Promise<void> {
  const p = camera.properties;
  const zone = proj4('EPSG:4326', crsByCode('EPSG:4528').proj4 as string);
  const [x, y] = zone.forward(camera.geometry.coordinates);
  const out = join(dir, 'viewshed.tif');
  const args = ['-q', '-ox', `${x}`, '-oy', `${y}`, '-oz', `${p.mast_height_m}`, '-tz', '0'];
  execFileSync('gdal_viewshed', [...args, '-md', `${p.range_m}`, '-cc', '0.85714', tif, out]);
  const shed = await readRaster(out);
  const col0 = Math.round((shed.west - grid.west) / grid.cell);
  const row0 = Math.round((grid.north - shed.north) / grid.cell);
  const oc = Math.floor((x - grid.west) / grid.cell);
  const or = Math.floor((grid.north - y) / grid.cell);
  const half = (p.fov_deg / 2) * (Math.PI / 180);
  const heading = (p.heading_deg * Math.PI) / 180;
  shed.values.forEach((v, i) => {
    if (v !== 255) return;
    const c = col0 + (i % shed.cols);
    const r = row0 + Math.floor(i / shed.cols);
    if (p.fov_deg < 360 && !(c === oc && r === or)) {
      let off = Math.abs(Math.atan2(c - oc, or - r) - heading) % (2 * Math.PI);
      if (off > Math.PI) off = 2 * Math.PI - off;
      if (off > half + 1e-12) return;
    }
    seen[r * grid.cols + c] = 1;
  });
}

describe.runIf(gdal).each(backends())('the demo’s video coverage against GDAL on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const gdalFigures: Record<'existing' | 'withPlanned', { coveredKm2: number; coveredPct: number }> = {} as never;

  beforeAll(async () => {
    const tif = join(dir, `${backend.name}.tif`);
    const response = await fetch(`${served.api.url}/terrain/dem.tif`, { headers: as('responder') });
    writeFileSync(tif, new Uint8Array(await response.arrayBuffer()));
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', tif], { encoding: 'utf8' }));
    const [west, cell, , north] = info.geoTransform;
    const grid: Grid = { west, north, cell, cols: info.size[0], rows: info.size[1] };
    const forest = await forestMask(grid);
    const seen = new Uint8Array(grid.cols * grid.rows);
    const cameras = (await readDemoLayer('cameras')).features;
    const cellKm2 = (cell * cell) / 1e6;
    const count = () => {
      let area = 0;
      let covered = 0;
      forest.forEach((f, i) => {
        area += f;
        covered += f & seen[i];
      });
      return { coveredKm2: covered * cellKm2, coveredPct: (100 * covered) / area };
    };
    for (const camera of cameras.filter((c) => c.properties?.status === 'existing')) {
      await markSeen(tif, grid, camera, seen);
    }
    gdalFigures.existing = count();
    for (const camera of cameras.filter((c) => c.properties?.status === 'planned')) {
      await markSeen(tif, grid, camera, seen);
    }
    gdalFigures.withPlanned = count();
  });

  it.each([['existing'], ['withPlanned']] as const)(
    '%s cameras: covered area and share within 1% of GDAL’s',
    async (which) => {
      const { body } = await served.api.get('/analysis/coverage/cameras', as('planner'));
      const ours = body[which];
      expect(ours.method).toBe('viewshed');
      const theirs = gdalFigures[which];
      expect(theirs.coveredKm2).toBeGreaterThan(10);
      expect(Math.abs(ours.district.coveredKm2 - theirs.coveredKm2) / theirs.coveredKm2).toBeLessThan(0.01);
      expect(Math.abs(ours.district.coveredPct - theirs.coveredPct) / theirs.coveredPct).toBeLessThan(0.01);
    },
  );
});
