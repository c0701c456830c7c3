/**
 * A terrain profile along a line, as the fire-watch planner reads one between a tower and a ridge:
 * the line carried into the DEM's Gauss-Krüger metres, points every cell along each straight piece
 * (farther apart on a line too long for `maxPoints`), each with the height of the DEM cell under it
 * (the cell GDAL's `gdallocationinfo` reports) and its distance from the start along the line.
 */
import proj4 from 'proj4';
import { crsByCode } from '../import/place/crs.ts';
import { cellAt, type Dem } from './dem.ts';

export interface ProfilePoint {
  distanceM: number;
  lon: number;
  lat: number;
  /** null off the DEM or on a cell without a height. */
  heightM: number | null;
}

export interface Profile {
  points: ProfilePoint[];
  lengthM: number;
  /** Distance between neighbouring points, m. */
  stepM: number;
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

export function terrainProfile(dem: Dem, line: number[][], maxPoints = 1000): Profile {
  const zone = proj4('EPSG:4326', crsByCode(dem.crs).proj4 as string);
  const xy = line.map((p) => zone.forward([p[0], p[1]]));
  const pieces = xy.slice(1).map((p, k) => Math.hypot(p[0] - xy[k][0], p[1] - xy[k][1]));
  const lengthM = pieces.reduce((a, b) => a + b, 0);
  const stepM = Math.max(Math.min(dem.cellX, dem.cellY), lengthM / (maxPoints - 1));
  const count = Math.max(2, Math.floor(lengthM / stepM) + 1);
  const points: ProfilePoint[] = [];
  let piece = 0;
  let before = 0;
  for (let k = 0; k < count; k++) {
    const d = k === count - 1 ? lengthM : k * stepM;
    while (piece < pieces.length - 1 && d > before + pieces[piece]) before += pieces[piece++];
    const t = pieces[piece] > 0 ? (d - before) / pieces[piece] : 0;
    const x = xy[piece][0] + t * (xy[piece + 1][0] - xy[piece][0]);
    const y = xy[piece][1] + t * (xy[piece + 1][1] - xy[piece][1]);
    const cell = cellAt(dem, x, y);
    const h = cell ? dem.heights[cell.row * dem.cols + cell.col] : Number.NaN;
    const [lon, lat] = zone.inverse([x, y]);
    points.push({ distanceM: d, lon: round7(lon), lat: round7(lat), heightM: Number.isNaN(h) ? null : h });
  }
  return { points, lengthM, stepM };
}
