/**
 * The demo district ships an elevation model consistent with its map: on both backends the store
 * holds it from the start, GDAL reads the staff download, and the heights GDAL finds say what the
 * demo's geography says — every camera stands on hills, the forests are high ground, the shelters
 * of the 木兰溪 plain and the coast are a few metres above the sea, and each weather station's stated
 * elevation is the ground under it within the relief laid over the hills.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEM_SOURCE } from '../../server/demo/load-demo.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

const gdal = existsSync('/usr/bin/gdallocationinfo');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the demo DEM cannot be checked against it.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-demo-dem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = (layer: string): FeatureCollection =>
  JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8'));
const PLAIN = /涵东街道|涵西街道|三江口镇|白塘镇/;

/** Heights GDAL reads from `tif` at longitude/latitude points, m; NaN where it has none. */
function heightsAt(tif: string, points: number[][]): number[] {
  const out = execFileSync('gdallocationinfo', ['-valonly', '-wgs84', tif], {
    input: points.map((p) => `${p[0]} ${p[1]}`).join('\n'),
    encoding: 'utf8',
  });
  return out
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? Number.NaN : Number(line)));
}

describe.runIf(gdal).each(backends())('the demo DEM on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const tif = join(dir, `${backend.name}.tif`);

  beforeAll(async () => {
    const response = await fetch(`${served.api.url}/terrain/dem.tif`, { headers: as('responder') });
    expect(response.status).toBe(200);
    writeFileSync(tif, new Uint8Array(await response.arrayBuffer()));
  });

  it('is in the store from the first start, recorded as the demo’s, in 涵江’s Gauss-Krüger zone at 50 m', async () => {
    const info = await served.store.terrain.info();
    expect(info).toMatchObject({ version: 1, source: DEMO_DEM_SOURCE, crs: 'EPSG:4528', cell_x: 50, cell_y: 50 });
    const gdalinfo = JSON.parse(execFileSync('gdalinfo', ['-json', tif], { encoding: 'utf8' }));
    expect(gdalinfo.size).toEqual([info?.cols, info?.rows]);
  });

  it('holds every camera on hills and every forest on high ground', () => {
    const cameras = demo('cameras').features.map((f) => (f.geometry as Point).coordinates);
    for (const h of heightsAt(tif, cameras)) expect(h).toBeGreaterThan(100);
    const forests = demo('forest_areas').features.filter((f) =>
      ['forest', 'key_fire_area'].includes(f.properties?.kind),
    );
    const inside = forests.map((f) => turf.pointOnFeature(f as Feature).geometry.coordinates);
    const heights = heightsAt(tif, inside);
    expect(heights.length).toBe(forests.length);
    for (const h of heights) expect(h).toBeGreaterThan(150);
  });

  it('lays the 木兰溪 plain by the coast a few metres above the sea', () => {
    const shelters = demo('shelters').features.filter((f) => PLAIN.test(String(f.properties?.address)));
    expect(shelters.length).toBeGreaterThan(20);
    const heights = heightsAt(
      tif,
      shelters.map((f) => (f.geometry as Point).coordinates),
    );
    for (const h of heights) expect(h).toBeLessThan(40);
    for (const h of heights) expect(h).toBeGreaterThan(0);
  });

  it('puts each weather station on ground within the hills’ relief of its stated elevation', () => {
    const stations = demo('weather_stations').features.filter((f) => typeof f.properties?.elevation_m === 'number');
    expect(stations.length).toBeGreaterThan(5);
    const heights = heightsAt(
      tif,
      stations.map((f) => (f.geometry as Point).coordinates),
    );
    stations.forEach((s, k) => {
      expect(Math.abs(heights[k] - s.properties?.elevation_m)).toBeLessThanOrEqual(325);
    });
    // On the plain there is no relief: the ground is the stated elevation to a metre.
    const low = stations.filter((s) => s.properties?.elevation_m < 30);
    expect(low.length).toBeGreaterThan(0);
    for (const s of low) expect(Math.abs(heights[stations.indexOf(s)] - s.properties?.elevation_m)).toBeLessThan(1.5);
  });
});
