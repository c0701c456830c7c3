/**
 * Forest-fire video coverage on the terrain, on both backends. The demo district is measured on its
 * own DEM by line of sight and says so; then on DEMs whose answer follows from geometry alone: on flat
 * ground every camera sees its whole sector, so the viewshed figure is the flat sectors' figure (the
 * pure sector analysis over the same layers); and a wall ringed round a proposed camera hides the
 * forest its sector claims, so the what-if adds at most the ground inside the ring. Camera siting
 * measures its candidates the same way: a pick adds what the what-if with it adds, and a candidate
 * inside the wall adds only the ground inside, where its flat sector claims the forest beyond.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraScenarios } from '../../server/analysis/coverage-cameras.ts';
import { siteCameras } from '../../server/analysis/siting-cameras.ts';
import type { Layers } from '../../server/analysis/types.ts';
import { DEMO_LOADER, readDemoLayer } from '../../server/demo/load-demo.ts';
import { crsByCode } from '../../server/import/place/crs.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

const gdal = existsSync('/usr/bin/gdal_translate');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the test DEMs cannot be made.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-terrain-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Inside the forest of 萩芦镇 that no camera sees, even with the planned ones built. */
const BLIND_FOREST = [119.0994, 25.593];
const CELL = 50;
const GROUND_M = 100;
/** A district far from the demo's DEM (平阳县's latitude, a square of about 20 km). */
const FAR_DISTRICT = {
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120.4, 27.6],
        [120.6, 27.6],
        [120.6, 27.8],
        [120.4, 27.8],
        [120.4, 27.6],
      ],
    ],
  },
  properties: { name: '远方县', level: 'district', code: '330326' },
} as never;
/** The wall round the proposed camera: from 400 m to 550 m out, a kilometre high. */
const WALL = { fromM: 400, toM: 550, heightM: 1000 };

const zone = proj4('EPSG:4326', crsByCode('EPSG:4528').proj4 as string);
const [x0, yTop] = zone.forward([118.83, 25.79]);
const [x1, yBottom] = zone.forward([119.26, 25.37]);
const grid = {
  west: Math.floor(x0 / CELL) * CELL,
  north: Math.ceil(yTop / CELL) * CELL,
  cols: Math.ceil((x1 - x0) / CELL) + 1,
  rows: Math.ceil((yTop - yBottom) / CELL) + 1,
};

/** A GeoTIFF GDAL makes from raw heights on the grid; `wallAround` rings a wall round that point. */
function demFile(name: string, wallAround?: number[]): Uint8Array {
  const heights = new Float32Array(grid.cols * grid.rows).fill(GROUND_M);
  if (wallAround) {
    const [cx, cy] = zone.forward(wallAround);
    for (let r = 0; r < grid.rows; r++)
      for (let c = 0; c < grid.cols; c++) {
        const d = Math.hypot(grid.west + (c + 0.5) * CELL - cx, grid.north - (r + 0.5) * CELL - cy);
        if (d >= WALL.fromM && d <= WALL.toM) heights[r * grid.cols + c] = GROUND_M + WALL.heightM;
      }
  }
  writeFileSync(join(dir, `${name}.bil`), Buffer.from(heights.buffer));
  const header = [`NROWS ${grid.rows}`, `NCOLS ${grid.cols}`, 'NBANDS 1', 'NBITS 32', 'PIXELTYPE FLOAT', 'BYTEORDER I'];
  header.push(`ULXMAP ${grid.west + CELL / 2}`, `ULYMAP ${grid.north - CELL / 2}`, `XDIM ${CELL}`, `YDIM ${CELL}`);
  writeFileSync(join(dir, `${name}.hdr`), `${header.join('\n')}\n`);
  execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4528', join(dir, `${name}.bil`), join(dir, `${name}.tif`)]);
  return new Uint8Array(readFileSync(join(dir, `${name}.tif`)));
}

const proposed = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: BLIND_FOREST },
  properties: { name: '拟建监控', status: 'existing', range_m: 5000, fov_deg: 360, heading_deg: 0, mast_height_m: 30 },
};

/** The demo's layers as flat sectors see them, with the proposed camera when asked. */
async function sectorFigures(withProposed = false) {
  const cameras = (await readDemoLayer('cameras')).features;
  const layers = {
    cameras: withProposed ? [...cameras, proposed] : cameras,
    forest_areas: (await readDemoLayer('forest_areas')).features,
    admin_areas: (await readDemoLayer('admin_areas')).features,
  } as unknown as Layers;
  return cameraScenarios(layers, { blindSpots: false });
}

describe.runIf(gdal).each(backends())('camera coverage on the terrain, $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const post = (path: string, body: unknown) =>
    fetch(`${served.api.url}${path}`, {
      method: 'POST',
      headers: { ...as('planner'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const putDem = async (tif: Uint8Array) => {
    const response = await fetch(`${served.api.url}/terrain/dem`, {
      method: 'PUT',
      headers: { ...as('admin'), 'content-type': 'image/tiff' },
      body: tif as BodyInit,
    });
    expect(response.status).toBe(200);
    return (await response.json()).version as number;
  };

  it('measures the demo on its own DEM by line of sight, well below what flat sectors claim', async () => {
    const { body } = await served.api.get('/analysis/coverage/cameras', as('planner'));
    const flat = await sectorFigures();
    for (const [terrain, sectors] of [
      [body.existing, flat.existing],
      [body.withPlanned, flat.withPlanned],
    ]) {
      expect(terrain).toMatchObject({ method: 'viewshed', demVersion: 1, camerasOffDem: 0, mastAssumed: 0 });
      expect(terrain.cameras).toBe(sectors.cameras);
      expect(terrain.district.areaKm2).toBeCloseTo(sectors.district.areaKm2, 6);
      expect(terrain.district.coveredPct).toBeGreaterThan(0);
      expect(terrain.district.coveredPct).toBeLessThan(sectors.district.coveredPct * 0.8);
    }
    expect(body.withPlanned.district.coveredPct).toBeGreaterThan(body.existing.district.coveredPct);
    const card = (await served.api.get('/analysis/scorecard', as('planner'))).body;
    const video = card.rows.find((r: any) => r.id === 'forest_video_coverage' && r.scope.level === 'district');
    expect(video).toMatchObject({ method: 'viewshed', value: body.existing.district.coveredPct });
  });

  it('sites cameras by their viewsheds: each pick adds what the what-if with it adds to the coverage', {
    timeout: 120_000,
  }, async () => {
    const view = { range_m: 5000, fov_deg: 360, heading_deg: 0, mast_height_m: 30 };
    const { status, body } = await post('/analysis/siting', { target: 'cameras', k: 2, spacing_m: 2000, ...view });
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: 'viewshed', demVersion: 1, candidatesOffDem: 0 });
    expect(body.picks).toHaveLength(2);
    expect(body.views.features.map((f: any) => f.properties.rank)).toEqual([1, 2]);
    const now = (await served.api.get('/analysis/coverage/cameras', as('planner'))).body.existing.district;
    expect(body.before).toBeCloseTo(now.coveredKm2, 6);
    // Each pick proposed as a camera with the same view: the coverage rises by what siting said it adds.
    const camera = (p: any, n: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.position },
      properties: { name: `选址${n}`, status: 'existing', ...view },
    });
    for (const n of [1, 2]) {
      const proposed = { cameras: { type: 'FeatureCollection', features: body.picks.slice(0, n).map(camera) } };
      const what = await post('/analysis/coverage/cameras', { proposed });
      expect(what.status).toBe(200);
      const added = what.body.after.existing.district.coveredKm2 - what.body.before.existing.district.coveredKm2;
      expect(added).toBeCloseTo(body.picks[n - 1].total - body.before, 6);
    }
    expect(body.picks[0].adds).toBeGreaterThanOrEqual(body.picks[1].adds);
  });

  it('on flat ground sees every sector whole: the viewshed figure is the flat sectors’ figure', async () => {
    const version = await putDem(demFile('flat'));
    const { body } = await served.api.get('/analysis/coverage/cameras', as('planner'));
    const flat = await sectorFigures();
    expect(body.existing).toMatchObject({ method: 'viewshed', demVersion: version });
    for (const [terrain, sectors] of [
      [body.existing, flat.existing],
      [body.withPlanned, flat.withPlanned],
    ]) {
      const { coveredKm2 } = sectors.district;
      expect(Math.abs(terrain.district.coveredKm2 - coveredKm2) / coveredKm2).toBeLessThan(0.02);
      expect(Math.abs(terrain.district.overlapKm2 - sectors.district.overlapKm2)).toBeLessThan(0.05 * coveredKm2);
    }
  });

  it('hides behind a wall the forest a proposed camera’s sector claims: the what-if adds only what is inside', async () => {
    const version = await putDem(demFile('wall', BLIND_FOREST));
    const { status, body } = await post('/analysis/coverage/cameras', {
      proposed: { cameras: { type: 'FeatureCollection', features: [proposed] } },
    });
    expect(status).toBe(200);
    const { before, after } = body;
    expect(after.existing).toMatchObject({ method: 'viewshed', demVersion: version });
    expect(after.existing.cameras).toBe(before.existing.cameras + 1);
    const added = after.existing.district.coveredKm2 - before.existing.district.coveredKm2;
    const insideRingKm2 = (Math.PI * (WALL.toM + CELL) ** 2) / 1e6;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(insideRingKm2);
    // Flat sectors claim the forest beyond the wall too.
    const flat =
      (await sectorFigures(true)).existing.district.coveredKm2 - (await sectorFigures()).existing.district.coveredKm2;
    expect(flat).toBeGreaterThan(10 * insideRingKm2);
  });

  it('sites a candidate behind the wall by what it sees, far less than its flat sector claims', async () => {
    const request = { target: 'cameras', k: 1, candidates: [BLIND_FOREST], range_m: 5000, mast_height_m: 30 };
    const { status, body } = await post('/analysis/siting', request);
    expect(status).toBe(200);
    expect(body.method).toBe('viewshed');
    const insideRingKm2 = (Math.PI * (WALL.toM + CELL) ** 2) / 1e6;
    expect(body.picks[0].adds).toBeGreaterThan(0);
    expect(body.picks[0].adds).toBeLessThanOrEqual(insideRingKm2);
    const layers = {
      cameras: (await readDemoLayer('cameras')).features,
      forest_areas: (await readDemoLayer('forest_areas')).features,
      admin_areas: (await readDemoLayer('admin_areas')).features,
    } as unknown as Layers;
    const flat = siteCameras(layers, { k: 1, candidates: [BLIND_FOREST], rangeM: 5000 });
    expect(flat.method).toBe('sector');
    expect(flat.picks[0].adds).toBeGreaterThan(10 * insideRingKm2);
  });

  it('falls back to flat sectors when the DEM does not reach the district set up since', async () => {
    await served.store.district.replace(
      { areas: [FAR_DISTRICT], dataset: { demo: false, name: '远方县', code: '330326' }, loader: DEMO_LOADER },
      { user: 'admin' },
    );
    expect(await served.store.terrain.info()).toBeDefined();
    const { body } = await served.api.get('/analysis/coverage/cameras', as('planner'));
    expect([body.existing.method, body.existing.demVersion]).toEqual(['sector', null]);
    const siting = await post('/analysis/siting', { target: 'cameras', k: 1, candidates: [BLIND_FOREST] });
    expect([siting.status, siting.body.method, siting.body.demVersion]).toEqual([200, 'sector', null]);
  });
});

describe.each(backends())('a district set up with the demo cleared, $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  it('takes the demo’s DEM away with the demo, and camera coverage falls back to flat sectors', async () => {
    await served.store.district.replace(
      {
        areas: [FAR_DISTRICT],
        dataset: { demo: false, name: '远方县', code: '330326' },
        loader: DEMO_LOADER,
        clearLoader: { reason: 'test' },
      },
      { user: 'admin' },
    );
    expect(await served.store.terrain.info()).toBeUndefined();
    const { body } = await served.api.get('/analysis/coverage/cameras', as('planner'));
    expect(body.existing.method).toBe('sector');
  });
});
