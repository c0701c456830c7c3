/**
 * Reading a DEM as GDAL reads it: files made by GDAL from raw bytes (so nothing of ours writes what is
 * read), placed and valued as `gdalinfo` and `gdal_translate` say, pixel-is-point and pixel-is-area
 * alike; nodata and NaN cells; files that cannot be used refused before anything big is allocated; and
 * a geographic DEM warped onto the district's Gauss-Krüger zone measured against `gdalwarp` and
 * `gdal_viewshed` on the same data.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, describe, expect, it } from 'vitest';
import type { BBox } from '../../server/analysis/grid.ts';
import { DemRefused } from '../../server/terrain/errors.ts';
import { prepareDem } from '../../server/terrain/prepare-dem.ts';
import { readGeoTiff } from '../../server/terrain/read-geotiff.ts';
import { syntheticDem } from '../../server/terrain/synthetic-dem.ts';
import { viewshed } from '../../server/terrain/viewshed.ts';

const gdal = existsSync('/usr/bin/gdal_translate');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: DEM reading cannot be checked against it.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-dem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HANJIANG: BBox = [118.85, 25.39, 119.24, 25.76];

/** Raw float32 rows and an EHdr header (`ul` the centre of the first cell, absent: no georeferencing). */
function rawRaster(
  name: string,
  heights: Float32Array,
  cols: number,
  rows: number,
  cell?: [number, number],
  ul?: [number, number],
) {
  writeFileSync(join(dir, `${name}.bil`), Buffer.from(heights.buffer, heights.byteOffset, heights.byteLength));
  const header = [`NROWS ${rows}`, `NCOLS ${cols}`, 'NBANDS 1', 'NBITS 32', 'PIXELTYPE FLOAT', 'BYTEORDER I'];
  if (ul && cell) header.push(`ULXMAP ${ul[0]}`, `ULYMAP ${ul[1]}`, `XDIM ${cell[0]}`, `YDIM ${cell[1]}`);
  writeFileSync(join(dir, `${name}.hdr`), `${header.join('\n')}\n`);
  return join(dir, `${name}.bil`);
}

function translate(from: string, name: string, args: string[]): Uint8Array {
  const out = join(dir, `${name}.tif`);
  execFileSync('gdal_translate', ['-q', ...args, from, out]);
  return new Uint8Array(readFileSync(out));
}

const gdalinfo = (file: string) => JSON.parse(execFileSync('gdalinfo', ['-json', file], { encoding: 'utf8' }));

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DemRefused) return error.reason;
    throw error;
  }
  throw new Error('not refused');
}

describe.runIf(gdal)('reading a GeoTIFF DEM', () => {
  const cols = 40;
  const rows = 30;
  const heights = Float32Array.from({ length: cols * rows }, (_, i) => 100 + (i % cols) + 0.25 * Math.floor(i / cols));
  const raw = gdal ? rawRaster('small', heights, cols, rows, [30, 30], [40_510_015, 2_830_015 - 30]) : '';

  it.each([
    ['pixel is area', ['-mo', 'AREA_OR_POINT=Area']],
    ['pixel is point', ['-mo', 'AREA_OR_POINT=Point']],
  ])('%s: placed where gdalinfo places it, each cell the height GDAL reads', async (name, args) => {
    const bytes = translate(raw, name.replaceAll(' ', '-'), ['-a_srs', 'EPSG:4528', ...args]);
    const info = gdalinfo(join(dir, `${name.replaceAll(' ', '-')}.tif`));
    const read = await readGeoTiff(bytes);
    expect(info.metadata[''].AREA_OR_POINT).toBe(name === 'pixel is point' ? 'Point' : 'Area');
    expect(read.pixelIsPoint).toBe(name === 'pixel is point');
    // The file's own tie point: a cell's centre for "point", which `geotiff` alone would take as a corner.
    const tie = (await (await fromArrayBuffer(bytes.slice().buffer)).getImage()).getOrigin();
    expect(tie[0] - read.west).toBe(name === 'pixel is point' ? 15 : 0);
    expect([read.west, read.cellX, 0, read.north, 0, -read.cellY]).toEqual(info.geoTransform);
    expect([read.cols, read.rows, read.crs]).toEqual([cols, rows, 'EPSG:4528']);
    expect(Array.from(read.heights)).toEqual(Array.from(heights));
  });

  it('takes nodata and NaN cells as cells without a height', async () => {
    const holes = heights.slice();
    holes[5] = -9999;
    holes[77] = Number.NaN;
    const file = rawRaster('holes', holes, cols, rows, [30, 30], [40_510_015, 2_830_015]);
    const read = await readGeoTiff(translate(file, 'holes', ['-a_srs', 'EPSG:4528', '-a_nodata', '-9999']));
    const missing = [...read.heights.keys()].filter((i) => Number.isNaN(read.heights[i]));
    expect(missing).toEqual([5, 77]);
  });

  it('refuses a file without georeferencing', async () => {
    const file = rawRaster('bare', heights, cols, rows);
    const bytes = translate(file, 'bare', []);
    expect(gdalinfo(join(dir, 'bare.tif')).geoTransform).toBeUndefined();
    expect(await refusal(readGeoTiff(bytes))).toMatch(/no georeferencing/);
  });

  it('refuses a header declaring 20 GB before reading a cell', async () => {
    const bytes = translate(raw, 'hostile', ['-a_srs', 'EPSG:4528']);
    const hostile = declareSize(bytes, 100_000, 50_000);
    const before = process.memoryUsage().arrayBuffers;
    expect(await refusal(readGeoTiff(hostile))).toMatch(/declares 100000 × 50000 cells/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([
    ['not a TIFF at all', new TextEncoder().encode('<html>not a DEM</html>'), /not a GeoTIFF/],
    ['a TIFF cut short', new Uint8Array(12).fill(0x49), /not a GeoTIFF/],
  ])('refuses %s', async (_name, bytes, reason) => {
    expect(await refusal(readGeoTiff(bytes))).toMatch(reason);
  });

  it('refuses a DEM that does not reach the district', async () => {
    // A DEM of the same size in Xinjiang (85°E, 42°N), for a district in Fujian.
    const far = rawRaster('far', heights, cols, rows, [1 / 3600, 1 / 3600], [85, 42]);
    const bytes = translate(far, 'far', ['-a_srs', 'EPSG:4490']);
    expect(await refusal(prepareDem(bytes, HANJIANG))).toMatch(/does not reach the district/);
  });
});

/** The TIFF with its ImageWidth and ImageLength rewritten as LONGs, everything else untouched. */
function declareSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const ifd = view.getUint32(4, true);
  const count = view.getUint16(ifd, true);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k;
    const tag = view.getUint16(entry, true);
    if (tag !== 256 && tag !== 257) continue;
    view.setUint16(entry + 2, 4, true);
    view.setUint32(entry + 4, 1, true);
    view.setUint32(entry + 8, tag === 256 ? width : height, true);
  }
  return out;
}

describe.runIf(gdal)('a geographic DEM warped onto the district’s Gauss-Krüger zone', () => {
  // 1″ cells (ASTER GDEM's spacing) over part of Hanjiang, in CGCS2000 longitude/latitude.
  const arc = 1 / 3600;
  const source = syntheticDem({
    cols: 500,
    rows: 420,
    cellM: 30,
    west: 0,
    north: 0,
    crs: 'EPSG:4490',
    seed: 4,
    featureM: 3000,
  });
  const ul: [number, number] = [119.0 + arc / 2, 25.62 - arc / 2];
  const bytes = gdal
    ? translate(rawRaster('lonlat', source.heights, 500, 420, [arc, arc], ul), 'lonlat', ['-a_srs', 'EPSG:4490'])
    : new Uint8Array();

  it('lands on gdalwarp’s bilinear heights, and its viewsheds on gdal_viewshed’s over GDAL’s warp', async () => {
    const dem = await prepareDem(bytes, HANJIANG);
    expect(dem.crs).toBe('EPSG:4528');
    const east = dem.west + dem.cols * dem.cellX;
    const south = dem.north - dem.rows * dem.cellY;
    const warped = join(dir, 'warped.tif');
    execFileSync('gdalwarp', [
      '-q',
      '-t_srs',
      'EPSG:4528',
      '-r',
      'bilinear',
      '-et',
      '0',
      '-te',
      `${dem.west}`,
      `${south}`,
      `${east}`,
      `${dem.north}`,
      '-tr',
      `${dem.cellX}`,
      `${dem.cellY}`,
      '-dstnodata',
      'nan',
      join(dir, 'lonlat.tif'),
      warped,
    ]);
    const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(warped)).buffer)).getImage();
    const theirs = (await image.readRasters())[0] as Float32Array;
    let worst = 0;
    let compared = 0;
    for (let i = 0; i < theirs.length; i++) {
      if (Number.isNaN(theirs[i]) || Number.isNaN(dem.heights[i])) continue;
      worst = Math.max(worst, Math.abs(theirs[i] - dem.heights[i]));
      compared++;
    }
    expect(compared).toBeGreaterThan(0.9 * theirs.length * 0.8);
    expect(worst).toBeLessThan(0.05);

    // Viewsheds from three places on both warps: ours on ours, GDAL's on GDAL's, compared where both
    // have heights (GDAL 3.6 does nothing special with a NaN cell: it shows it, and all behind it).
    const hole = (i: number) => Number.isNaN(theirs[i]) || Number.isNaN(dem.heights[i]);
    for (const [fx, fy] of [
      [0.3, 0.4],
      [0.6, 0.5],
      [0.5, 0.7],
    ]) {
      const x = dem.west + fx * (east - dem.west);
      const y = dem.north - fy * (dem.north - south);
      const out = join(dir, 'vs.tif');
      execFileSync('gdal_viewshed', ['-q', '-ox', `${x}`, '-oy', `${y}`, '-oz', '20', '-md', '4000', warped, out]);
      const vi = await (await fromArrayBuffer(new Uint8Array(readFileSync(out)).buffer)).getImage();
      const [w0, n0] = vi.getOrigin();
      const c0 = Math.round((w0 - dem.west) / dem.cellX);
      const r0 = Math.round((dem.north - n0) / dem.cellY);
      const g = new Set<number>();
      ((await vi.readRasters())[0] as Uint8Array).forEach((v, i) => {
        const at = (r0 + Math.floor(i / vi.getWidth())) * dem.cols + c0 + (i % vi.getWidth());
        if (v === 255 && !hole(at)) g.add(at);
      });
      const v = viewshed(dem, { x, y, observerHeight: 20, maxDistance: 4000 });
      let both = 0;
      let ours = 0;
      v.visible.forEach((s, i) => {
        const at = (v.row0 + Math.floor(i / v.cols)) * dem.cols + v.col0 + (i % v.cols);
        if (!s || hole(at)) return;
        ours++;
        if (g.has(at)) both++;
      });
      const iou = both / (ours + g.size - both);
      console.log(`warped DEM, viewshed at (${fx}, ${fy}): IoU ${iou.toFixed(4)}, cells ${ours} vs ${g.size}`);
      expect(iou).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(ours - g.size) / g.size).toBeLessThanOrEqual(0.01);
    }
  });
});
