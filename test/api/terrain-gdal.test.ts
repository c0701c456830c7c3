/**
 * The viewshed against its oracle, GDAL's own `gdal_viewshed`, on the same DEM with the same
 * parameters: a seeded fractal terrain of 30 m cells handed to GDAL as raw bytes (an ESRI .bil and its
 * header, turned into a GeoTIFF by gdal_translate), so that nothing of ours writes the file GDAL reads.
 * GDAL's answer is read back with the `geotiff` package and compared cell for cell by place.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../catalog/random.ts';
import { syntheticDem } from '../../server/terrain/synthetic-dem.ts';
import { viewshed } from '../../server/terrain/viewshed.ts';

const gdal = existsSync('/usr/bin/gdal_viewshed');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the viewshed cannot be checked against gdal_viewshed.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const N = 300;
const dem = syntheticDem({
  cols: N,
  rows: N,
  cellM: 30,
  west: 40_510_000,
  north: 2_830_000,
  crs: 'EPSG:4528',
  seed: 15,
  featureM: 3000,
});

const dir = mkdtempSync(join(tmpdir(), 'onemap-viewshed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The DEM as GDAL reads it: raw little-endian float32 rows with an EHdr header, then a GeoTIFF. */
function writeDemForGdal(): string {
  writeFileSync(join(dir, 'dem.bil'), Buffer.from(dem.heights.buffer));
  const header = [
    `NROWS ${N}`,
    `NCOLS ${N}`,
    'NBANDS 1',
    'NBITS 32',
    'PIXELTYPE FLOAT',
    'BYTEORDER I',
    `ULXMAP ${dem.west + 15}`,
    `ULYMAP ${dem.north - 15}`,
    'XDIM 30',
    'YDIM 30',
  ];
  writeFileSync(join(dir, 'dem.hdr'), `${header.join('\n')}\n`);
  const tif = join(dir, 'dem.tif');
  execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4528', join(dir, 'dem.bil'), tif]);
  return tif;
}

interface Case {
  x: number;
  y: number;
  oz: number;
  tz: number;
  md?: number;
  cc?: number;
}

/** GDAL's visible cells as a set of DEM cell indices. */
async function gdalVisible(tif: string, c: Case): Promise<Set<number>> {
  const out = join(dir, 'viewshed.tif');
  const args = ['-q', '-ox', `${c.x}`, '-oy', `${c.y}`, '-oz', `${c.oz}`, '-tz', `${c.tz}`];
  if (c.md !== undefined) args.push('-md', `${c.md}`);
  if (c.cc !== undefined) args.push('-cc', `${c.cc}`);
  execFileSync('gdal_viewshed', [...args, tif, out]);
  const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(out)).buffer)).getImage();
  const [west, north] = image.getOrigin();
  const col0 = Math.round((west - dem.west) / 30);
  const row0 = Math.round((dem.north - north) / 30);
  const values = (await image.readRasters())[0] as Uint8Array;
  const seen = new Set<number>();
  const width = image.getWidth();
  values.forEach((v, i) => {
    if (v === 255) seen.add((row0 + Math.floor(i / width)) * N + col0 + (i % width));
  });
  return seen;
}

/** Our visible cells as a set of DEM cell indices. */
function ourVisible(c: Case): Set<number> {
  const v = viewshed(dem, {
    x: c.x,
    y: c.y,
    observerHeight: c.oz,
    targetHeight: c.tz,
    maxDistance: c.md,
    curvature: c.cc,
  });
  const seen = new Set<number>();
  v.visible.forEach((s, i) => {
    if (s) seen.add((v.row0 + Math.floor(i / v.cols)) * N + v.col0 + (i % v.cols));
  });
  return seen;
}

// Observers at seeded places (some near the edges, so GDAL's window is cut), with camera-like masts.
const rnd = mulberry32(2026);
const place = () => ({ x: dem.west + 30 + rnd() * (N - 2) * 30, y: dem.north - 30 - rnd() * (N - 2) * 30 });
const cases: [string, Case][] = [
  ['10 m mast, 3 km, GDAL’s default curvature (no -cc)', { ...place(), oz: 10, tz: 0, md: 3000 }],
  ['30 m mast, 5 km, -cc 0.85714', { ...place(), oz: 30, tz: 0, md: 5000, cc: 0.85714 }],
  ['20 m mast, 2 km, a 5 m smoke column', { ...place(), oz: 20, tz: 5, md: 2000, cc: 0.85714 }],
  ['40 m mast, unlimited range', { ...place(), oz: 40, tz: 0, cc: 0.85714 }],
  ['15 m mast, 4 km, flat earth (-cc 0)', { ...place(), oz: 15, tz: 0, md: 4000, cc: 0 }],
  ['50 m mast, 6 km, bare sphere (-cc 1)', { ...place(), oz: 50, tz: 0, md: 6000, cc: 1 }],
  ['25 m mast, 5 km, in a corner', { x: dem.west + 100, y: dem.north - N * 30 + 50, oz: 25, tz: 0, md: 5000 }],
  ['10 m mast, 1 km, 2 m target', { ...place(), oz: 10, tz: 2, md: 1000, cc: 0.85714 }],
];

describe.runIf(gdal)('the viewshed against gdal_viewshed on a seeded 30 m terrain', () => {
  const tif = gdal ? writeDemForGdal() : '';

  it.each(cases)('%s', async (_name, c) => {
    const theirs = await gdalVisible(tif, c);
    const ours = ourVisible(c);
    let both = 0;
    for (const i of ours) if (theirs.has(i)) both++;
    const iou = both / (ours.size + theirs.size - both);
    expect(theirs.size).toBeGreaterThan(50);
    expect(iou).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(ours.size - theirs.size) / theirs.size).toBeLessThanOrEqual(0.01);
  });

  it('takes GDAL’s default curvature coefficient to be 0.85714, as ours is', async () => {
    const c = { ...cases[3][1], oz: 10 };
    const unset = await gdalVisible(tif, c);
    const refracted = await gdalVisible(tif, { ...c, cc: 0.85714 });
    const flat = await gdalVisible(tif, { ...c, cc: 0 });
    expect([...unset].sort()).toEqual([...refracted].sort());
    expect(flat.size).toBeGreaterThan(unset.size);
    expect([...ourVisible(c)].sort()).toEqual([...unset].sort());
  });

  it('reads the same DEM GDAL reads: the GeoTIFF made from the raw bytes holds our heights', async () => {
    const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(tif)).buffer)).getImage();
    expect(image.getOrigin().slice(0, 2)).toEqual([dem.west, dem.north]);
    expect(Array.from((await image.readRasters())[0] as Float32Array)).toEqual(Array.from(dem.heights));
  });
});
