/**
 * A digital elevation model as the viewshed and the store hold it: heights in a typed array, row by
 * row from the north, with the grid's place in a projected coordinate system in metres (a county's
 * Gauss-Krüger zone). Line-of-sight geometry needs metres in both directions, so a geographic DEM is
 * warped onto such a grid once, at import, and never at each viewshed. A cell without a height
 * (nodata in the file) is NaN here, whatever value the file used.
 */
import { createHash } from 'node:crypto';

/** A grid of heights north-up without rotation, placed in its own coordinate system's units. */
export interface Raster {
  cols: number;
  rows: number;
  /** Corner of the first cell (its north-west corner, not its centre), in the system's units. */
  west: number;
  north: number;
  /** Cell width and height, both positive. */
  cellX: number;
  cellY: number;
  /** The coordinate system, e.g. "EPSG:4528". */
  crs: string;
  /** Heights, m, `cols × rows` from the north-west corner; NaN where there is none. */
  heights: Float32Array;
}

/** A raster in a projected system in metres, as line of sight needs. */
export type Dem = Raster;

/** The cell holding a point, or undefined outside the grid; a point on a shared edge goes east/south. */
export function cellAt(dem: Dem, x: number, y: number): { col: number; row: number } | undefined {
  const fx = (x - dem.west) / dem.cellX;
  const fy = (dem.north - y) / dem.cellY;
  if (!(fx >= 0 && fy >= 0 && fx < dem.cols && fy < dem.rows)) return undefined;
  return { col: Math.floor(fx), row: Math.floor(fy) };
}

/** The centre of a cell in the DEM's coordinates. */
export function cellCentre(dem: Dem, col: number, row: number): [number, number] {
  return [dem.west + (col + 0.5) * dem.cellX, dem.north - (row + 0.5) * dem.cellY];
}

/** The digest the store keeps beside the heights: the float32 bytes as they are in memory. */
export function heightsDigest(dem: Raster): string {
  const { buffer, byteOffset, byteLength } = dem.heights;
  return createHash('sha256')
    .update(new Uint8Array(buffer, byteOffset, byteLength))
    .digest('hex');
}
