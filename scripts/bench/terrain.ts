/**
 * Camera viewsheds on a 30 m DEM the size of the demo district (a seeded fractal, in its Gauss-Krüger
 * zone), beside `gdal_viewshed` run over the same cameras in the same run: ours is the pure function
 * (server/terrain/viewshed.ts) in this thread, GDAL's a process per camera reading the DEM from a
 * GeoTIFF and writing its answer to one, as a loop over `gdal_viewshed` does. The cameras stand on
 * hilltops (the highest cell near a seeded point) with a 30 m mast, as fire-watch cameras do. Each
 * GDAL answer is also compared with ours (intersection over union of the visible cells). Also timed:
 * warping a 1″ geographic DEM of the district onto its zone (server/terrain/warp.ts), done once per import.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromArrayBuffer } from 'geotiff';
import proj4 from 'proj4';
import { mulberry32 } from '../../catalog/random.ts';
import { crsByCode } from '../../server/import/place/crs.ts';
import type { Dem } from '../../server/terrain/dem.ts';
import { syntheticDem } from '../../server/terrain/synthetic-dem.ts';
import { viewshed } from '../../server/terrain/viewshed.ts';
import { toDemGrid } from '../../server/terrain/warp.ts';
import { demToGeoTiff } from '../../server/terrain/write-geotiff.ts';
import { count, ms, round, summarize, table, times } from './measure.ts';
import { DISTRICT } from './synthetic.ts';

const MAST_M = 30;

/** The district's box on a 30 m grid in EPSG:4528. */
function districtDem(): Dem {
  const zone = proj4('EPSG:4326', crsByCode('EPSG:4528').proj4 as string);
  const [w, s] = zone.forward([DISTRICT[0], DISTRICT[1]]);
  const [e, n] = zone.forward([DISTRICT[2], DISTRICT[3]]);
  const west = Math.floor(w / 30) * 30;
  const north = Math.ceil(n / 30) * 30;
  const cols = Math.ceil((e - west) / 30);
  const rows = Math.ceil((north - s) / 30);
  return syntheticDem({ cols, rows, cellM: 30, west, north, crs: 'EPSG:4528', seed: 20261202, highM: 1100 });
}

/** Hilltop cameras: from each seeded point, the highest cell within 750 m. */
function hilltops(dem: Dem, n: number): [number, number][] {
  const random = mulberry32(15);
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const c0 = Math.floor(random() * dem.cols);
    const r0 = Math.floor(random() * dem.rows);
    let best = [c0, r0];
    for (let r = Math.max(0, r0 - 25); r < Math.min(dem.rows, r0 + 26); r++)
      for (let c = Math.max(0, c0 - 25); c < Math.min(dem.cols, c0 + 26); c++)
        if (dem.heights[r * dem.cols + c] > dem.heights[best[1] * dem.cols + best[0]]) best = [c, r];
    out.push([dem.west + (best[0] + 0.5) * dem.cellX, dem.north - (best[1] + 0.5) * dem.cellY]);
  }
  return out;
}

/**
 * CPU time this process's finished children have used, ms (Linux: /proc/self/stat's cutime and
 * cstime, in clock ticks of 10 ms); 0 where there is no /proc.
 */
function childCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Runs gdal_viewshed for one camera; returns how long the process took, ms. */
function runGdal(file: string, out: string, [x, y]: [number, number], range: number): number {
  const start = performance.now();
  execFileSync('gdal_viewshed', ['-q', '-ox', `${x}`, '-oy', `${y}`, '-oz', `${MAST_M}`, '-md', `${range}`, file, out]);
  return performance.now() - start;
}

/** GDAL's visible cells, as DEM cell indices, from its output file. */
async function gdalCells(dem: Dem, out: string) {
  const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(out)).buffer)).getImage();
  const [w, n] = image.getOrigin();
  const c0 = Math.round((w - dem.west) / dem.cellX);
  const r0 = Math.round((dem.north - n) / dem.cellY);
  const width = image.getWidth();
  const cells = new Set<number>();
  ((await image.readRasters())[0] as Uint8Array).forEach((v, i) => {
    if (v === 255) cells.add((r0 + Math.floor(i / width)) * dem.cols + c0 + (i % width));
  });
  return cells;
}

function ourCells(dem: Dem, [x, y]: [number, number], range: number): Set<number> {
  const v = viewshed(dem, { x, y, observerHeight: MAST_M, maxDistance: range });
  const cells = new Set<number>();
  v.visible.forEach((s, i) => {
    if (s) cells.add((v.row0 + Math.floor(i / v.cols)) * dem.cols + v.col0 + (i % v.cols));
  });
  return cells;
}

function iou(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const i of a) if (b.has(i)) both++;
  return both / (a.size + b.size - both);
}

/** One range: ours over every camera (after a warm-up), GDAL over the first `gdalCameras`. */
async function atRange(dem: Dem, file: string, cameras: [number, number][], range: number, gdalCameras: number) {
  for (const c of cameras.slice(0, 5)) viewshed(dem, { x: c[0], y: c[1], observerHeight: MAST_M, maxDistance: range });
  const ours: number[] = [];
  const cpuStart = ownCpuMs();
  const start = performance.now();
  for (const [x, y] of cameras) {
    const t = performance.now();
    viewshed(dem, { x, y, observerHeight: MAST_M, maxDistance: range });
    ours.push(performance.now() - t);
  }
  const oursTotal = performance.now() - start;
  const oursCpu = (ownCpuMs() - cpuStart) / cameras.length;
  const gdal: number[] = [];
  let gdalCpu = 0;
  let worstIou = 1;
  const out = join(file, '..', 'viewshed.tif');
  for (const camera of cameras.slice(0, gdalCameras)) {
    const before = childCpuMs();
    gdal.push(runGdal(file, out, camera, range));
    gdalCpu += childCpuMs() - before;
    const theirs = await gdalCells(dem, out);
    worstIou = Math.min(worstIou, iou(theirs, ourCells(dem, camera, range)));
  }
  const gdalSummary = gdal.length ? summarize(gdal) : null;
  return {
    range,
    ours: summarize(ours),
    oursTotal,
    oursCpu,
    gdal: gdalSummary,
    gdalCpu: gdalCpu / Math.max(1, gdal.length),
    worstIou,
  };
}

/** Warping a 1″ longitude/latitude DEM of the district's size onto its zone. */
function warpFigure(quick: boolean) {
  const arc = 1 / 3600;
  const [w, s, e, n] = quick ? [118.95, 25.5, 119.05, 25.6] : DISTRICT;
  const cols = Math.round((e - w) / arc);
  const rows = Math.round((n - s) / arc);
  const source = syntheticDem({ cols, rows, cellM: 30, west: w, north: n, crs: 'EPSG:4490', seed: 3 });
  const start = performance.now();
  const dem = toDemGrid({ ...source, cellX: arc, cellY: arc, pixelIsPoint: false }, 'EPSG:4528');
  return {
    sourceCells: cols * rows,
    targetCells: dem.cols * dem.rows,
    cellM: dem.cellX,
    ms: performance.now() - start,
  };
}

export async function benchTerrain({ quick }: { quick: boolean }) {
  const dem = districtDem();
  const cameras = hilltops(dem, quick ? 30 : 300);
  const gdalCameras = quick ? 5 : cameras.length;
  const gdal = existsSync('/usr/bin/gdal_viewshed');
  const dir = mkdtempSync(join(tmpdir(), 'onemap-bench-terrain-'));
  const file = join(dir, 'dem.tif');
  writeFileSync(file, demToGeoTiff(dem));
  console.log(`DEM ${count(dem.cols)} × ${count(dem.rows)} cells of 30 m (${count(dem.cols * dem.rows)}), \
${cameras.length} hilltop cameras, ${MAST_M} m masts, curvature 0.85714; load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  if (!gdal) console.log('!! gdal_viewshed is not installed: no baseline');
  try {
    const rows = [];
    for (const range of [5000, 10000]) rows.push(await atRange(dem, file, cameras, range, gdal ? gdalCameras : 0));
    console.log(
      table(
        [
          'range',
          'ours p50',
          'p99',
          'CPU',
          `${cameras.length} cameras`,
          'gdal_viewshed p50',
          'p99',
          'CPU',
          'GDAL ÷ ours',
          'worst IoU',
        ],
        rows.map((r) => [
          `${r.range / 1000} km`,
          `${ms(r.ours.p50)} ms`,
          `${ms(r.ours.p99)} ms`,
          `${ms(r.oursCpu)} ms`,
          `${ms(r.oursTotal)} ms`,
          r.gdal ? `${ms(r.gdal.p50)} ms` : '—',
          r.gdal ? `${ms(r.gdal.p99)} ms` : '—',
          r.gdal ? `${ms(r.gdalCpu)} ms` : '—',
          r.gdal ? `${times(r.gdal.p50 / r.ours.p50)} (CPU ${times(r.gdalCpu / r.oursCpu)})` : '—',
          r.gdal ? r.worstIou.toFixed(4) : '—',
        ]),
        [false, true, true, true, true, true, true, true, true, true],
      ),
    );
    console.log(`(gdal_viewshed over the first ${gdalCameras} cameras: a process per camera, GeoTIFF in and out;
CPU: mean CPU time a camera, ours this thread's, GDAL's its process's, steadier than wall time on a loaded machine)`);
    const warp = warpFigure(quick);
    console.log(
      `warp: ${count(warp.sourceCells)} cells of 1″ → ${count(warp.targetCells)} cells of ${warp.cellM} m in ${ms(warp.ms)} ms`,
    );
    return {
      cells: dem.cols * dem.rows,
      cameras: cameras.length,
      ranges: rows.map((r) => ({
        range_m: r.range,
        ours_p50_ms: round(r.ours.p50),
        ours_p99_ms: round(r.ours.p99),
        ours_total_ms: round(r.oursTotal),
        ours_cpu_ms: round(r.oursCpu),
        gdal_cpu_ms: r.gdal ? round(r.gdalCpu) : null,
        gdal_p50_ms: r.gdal ? round(r.gdal.p50) : null,
        gdal_cameras: r.gdal ? r.gdal.iterations : 0,
        worst_iou: r.gdal ? round(r.worstIou, 5) : null,
      })),
      warp: { ...warp, ms: round(warp.ms) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
