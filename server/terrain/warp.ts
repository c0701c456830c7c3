/**
 * A DEM onto the district's Gauss-Krüger grid, in TypeScript, once, at import: the viewshed needs
 * square cells in metres, global DEMs come in longitude/latitude (ASTER GDEM, SRTM) or UTM, and GDAL
 * is a test tool here, never a run-time dependency. Each target cell's centre is carried back into the
 * source with proj4 and its height interpolated bilinearly from the four source cells around it, as
 * `gdalwarp -r bilinear` does when it does not shrink the raster; a neighbour without a height makes
 * the cell NaN. The target's cells are no larger than the source's finer spacing, rounded down to a
 * whole metre and aligned on multiples of it, so no detail is lost and the grid is reproducible.
 */
import proj4 from 'proj4';
import { metresPerDegree } from '../analysis/geometry.ts';
import { type CrsDef, findCrs } from '../import/place/crs.ts';
import type { Dem } from './dem.ts';
import { DemRefused } from './errors.ts';
import { MAX_DEM_CELLS, type SourceRaster } from './read-geotiff.ts';

const LONLAT = '+proj=longlat +ellps=GRS80 +no_defs';

/** The coordinate systems a DEM may come in: those the import knows, and WGS 84 UTM zones. */
function demCrs(code: string): CrsDef | undefined {
  const known = findCrs(code);
  if (known) return known;
  const utm = /^EPSG:32([67])(\d\d)$/.exec(code);
  if (!utm || Number(utm[2]) < 1 || Number(utm[2]) > 60) return undefined;
  const south = utm[1] === '7' ? ' +south' : '';
  return {
    code,
    name: 'WGS 84 / UTM',
    kind: 'projected',
    proj4: `+proj=utm +zone=${Number(utm[2])}${south} +datum=WGS84 +units=m +no_defs`,
  };
}

function definition(code: string): string {
  const def = demCrs(code);
  if (!def) {
    throw new DemRefused(
      'body',
      `is in ${code}, which cannot be reprojected here: use longitude/latitude (EPSG:4490 or 4326), a CGCS2000 Gauss-Krüger zone or a WGS 84 UTM zone`,
    );
  }
  return def.kind === 'geographic' ? LONLAT : (def.proj4 as string);
}

/** The source's bounds carried into the target, from points along its edges. */
function targetBounds(source: SourceRaster, toTarget: (p: [number, number]) => [number, number]) {
  const east = source.west + source.cols * source.cellX;
  const south = source.north - source.rows * source.cellY;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= 32; k++) {
    const t = k / 32;
    const x = source.west + t * (east - source.west);
    const y = south + t * (source.north - south);
    for (const p of [
      [x, source.north],
      [x, south],
      [source.west, y],
      [east, y],
    ] as [number, number][]) {
      const [tx, ty] = toTarget(p);
      minX = Math.min(minX, tx);
      maxX = Math.max(maxX, tx);
      minY = Math.min(minY, ty);
      maxY = Math.max(maxY, ty);
    }
  }
  return { minX, minY, maxX, maxY };
}

/** The source's bounds in longitude/latitude. */
export function lonLatBox(source: SourceRaster): [number, number, number, number] {
  const toLonLat = proj4(definition(source.crs), LONLAT);
  const b = targetBounds(source, (p) => toLonLat.forward(p) as [number, number]);
  return [b.minX, b.minY, b.maxX, b.maxY];
}

/** The cell size the target takes: the source's finer spacing in metres, rounded down. */
function targetCell(source: SourceRaster, geographic: boolean): number {
  if (!geographic) return Math.max(1, Math.floor(Math.min(source.cellX, source.cellY)));
  const m = metresPerDegree(source.north - (source.rows * source.cellY) / 2);
  return Math.max(1, Math.floor(Math.min(source.cellX * m.lon, source.cellY * m.lat)));
}

/** Bilinear height at fractional source cell-centre coordinates (u, v); NaN outside or next to nodata. */
function bilinear(source: SourceRaster, u: number, v: number): number {
  if (u < -0.5 || v < -0.5 || u > source.cols - 0.5 || v > source.rows - 0.5) return Number.NaN;
  const cu = Math.min(Math.max(u, 0), source.cols - 1);
  const cv = Math.min(Math.max(v, 0), source.rows - 1);
  const i0 = Math.min(Math.floor(cu), source.cols - 2);
  const j0 = Math.min(Math.floor(cv), source.rows - 2);
  const fu = cu - i0;
  const fv = cv - j0;
  const h = source.heights;
  const top = j0 * source.cols + i0;
  const bottom = top + source.cols;
  const north = h[top] * (1 - fu) + h[top + 1] * fu;
  const south = h[bottom] * (1 - fu) + h[bottom + 1] * fu;
  return north * (1 - fv) + south * fv;
}

/** The source as a DEM in `target` ("EPSG:nnnn", projected in metres), warped unless it is already. */
export function toDemGrid(source: SourceRaster, target: string, maxCells = MAX_DEM_CELLS): Dem {
  const { cols, rows, west, north, cellX, cellY, heights } = source;
  if (source.crs === target) return { cols, rows, west, north, cellX, cellY, crs: target, heights };
  const geographic = demCrs(source.crs)?.kind === 'geographic';
  const transform = proj4(definition(source.crs), definition(target));
  const bounds = targetBounds(source, (p) => transform.forward(p) as [number, number]);
  const cell = targetCell(source, geographic);
  const w = Math.floor(bounds.minX / cell) * cell;
  const n = Math.ceil(bounds.maxY / cell) * cell;
  const tCols = Math.ceil((bounds.maxX - w) / cell);
  const tRows = Math.ceil((n - bounds.minY) / cell);
  if (tCols * tRows > maxCells) {
    throw new DemRefused('body', `would take ${tCols} × ${tRows} cells of ${cell} m, more than ${maxCells}`);
  }
  const out = new Float32Array(tCols * tRows);
  for (let r = 0; r < tRows; r++) {
    const y = n - (r + 0.5) * cell;
    for (let c = 0; c < tCols; c++) {
      const [sx, sy] = transform.inverse([w + (c + 0.5) * cell, y]) as [number, number];
      out[r * tCols + c] = bilinear(source, (sx - west) / cellX - 0.5, (north - sy) / cellY - 0.5);
    }
  }
  return { cols: tCols, rows: tRows, west: w, north: n, cellX: cell, cellY: cell, crs: target, heights: out };
}
