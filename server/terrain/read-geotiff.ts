/**
 * An elevation model from GeoTIFF bytes, placed as GDAL places it, with the `geotiff` package: the
 * grid from its tie point and pixel scale (or an axis-aligned transformation), half a cell shifted
 * when the file says its tie point is a cell's centre ("pixel is point", as SRTM-derived files do;
 * `geotiff` itself leaves that to the caller), the coordinate system from its EPSG code, nodata and
 * NaN cells as NaN. The declared size is checked before a single cell is allocated, so a header that
 * claims gigabytes costs nothing; a file without georeferencing, rotated or tied by ground control
 * points is refused, since its cells could not be placed.
 */
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import type { Raster } from './dem.ts';
import { DemRefused } from './errors.ts';

/** A raster as the file holds it, in its own coordinate system (geographic or projected). */
export interface SourceRaster extends Raster {
  /** Whether the file tied its grid by cell centres (and so was shifted by half a cell here). */
  pixelIsPoint: boolean;
}

/** The most cells a DEM may declare: a 100 km square at 15 m, 178 MB as heights. */
export const MAX_DEM_CELLS = 44_500_000;

const GEOKEY = { raster: 1025, geographic: 2048, projected: 3072 };
const USER_DEFINED = 32767;

async function firstImage(bytes: Uint8Array): Promise<GeoTIFFImage> {
  try {
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return await (await fromArrayBuffer(copy)).getImage(0);
  } catch {
    throw new DemRefused('body', 'is not a GeoTIFF file');
  }
}

/** The grid's corner and cell sizes, or a refusal saying why the cells cannot be placed. */
function placement(image: GeoTIFFImage) {
  const directory = image.getFileDirectory();
  const tie = directory.getValue('ModelTiepoint') as number[] | undefined;
  const scale = directory.getValue('ModelPixelScale') as number[] | undefined;
  const matrix = directory.getValue('ModelTransformation') as number[] | undefined;
  if (matrix && matrix.length >= 8) {
    if (matrix[1] !== 0 || matrix[4] !== 0) throw new DemRefused('body', 'is rotated; warp it north-up first');
    return { west: matrix[3], north: matrix[7], cellX: matrix[0], cellY: -matrix[5] };
  }
  if (!tie || !scale) throw new DemRefused('body', 'has no georeferencing (no tie point and pixel scale)');
  if (tie.length > 6) throw new DemRefused('body', 'is tied by ground control points, not a regular grid');
  return { west: tie[3] - tie[0] * scale[0], north: tie[4] + tie[1] * scale[1], cellX: scale[0], cellY: scale[1] };
}

function crsOf(keys: Record<string, unknown>): string {
  const code = (keys[GEOKEY.projected] ?? keys[GEOKEY.geographic]) as number | undefined;
  if (!code || code === USER_DEFINED) {
    throw new DemRefused('body', 'names no EPSG coordinate system; save it with one (e.g. EPSG:4490 or 4528)');
  }
  return `EPSG:${code}`;
}

/** Reads the first band of the first image; throws DemRefused for what cannot be used. */
export async function readGeoTiff(bytes: Uint8Array, maxCells = MAX_DEM_CELLS): Promise<SourceRaster> {
  const image = await firstImage(bytes);
  const cols = image.getWidth();
  const rows = image.getHeight();
  if (!(cols >= 2 && rows >= 2)) throw new DemRefused('body', 'has fewer than 2 × 2 cells');
  if (cols * rows > maxCells) {
    throw new DemRefused('body', `declares ${cols} × ${rows} cells, more than the ${maxCells} a DEM may have`);
  }
  const grid = placement(image);
  if (!(grid.cellX > 0 && grid.cellY > 0 && Number.isFinite(grid.west) && Number.isFinite(grid.north))) {
    throw new DemRefused('body', 'has a cell size that is not positive');
  }
  const rawKeys = rawGeoKeys(image);
  const crs = crsOf(rawKeys);
  const pixelIsPoint = rawKeys[GEOKEY.raster] === 2;
  if (pixelIsPoint) {
    grid.west -= grid.cellX / 2;
    grid.north += grid.cellY / 2;
  }
  const heights = await readHeights(image, cols, rows);
  return { cols, rows, ...grid, crs, pixelIsPoint, heights };
}

/** The GeoKey directory as key id → SHORT value (the only kind the keys read here take). */
function rawGeoKeys(image: GeoTIFFImage): Record<number, number> {
  const directory = image.getFileDirectory().getValue('GeoKeyDirectory') as number[] | undefined;
  if (!directory) return {};
  const keys: Record<number, number> = {};
  for (let i = 4; i + 3 < directory.length; i += 4) {
    if (directory[i + 1] === 0) keys[directory[i]] = directory[i + 3];
  }
  return keys;
}

async function readHeights(image: GeoTIFFImage, cols: number, rows: number): Promise<Float32Array> {
  let band: ArrayLike<number>;
  try {
    band = (await image.readRasters({ samples: [0] }))[0] as ArrayLike<number>;
  } catch {
    throw new DemRefused('body', 'has cells that cannot be read (truncated or an unsupported compression)');
  }
  if (band.length !== cols * rows) throw new DemRefused('body', 'holds fewer cells than it declares');
  const given = image.getGDALNoData();
  // A float32 band holds the nodata value rounded to float32 (-3.4028235e38 and the like).
  const nodata = given === null ? Number.NaN : given;
  const nodata32 = Math.fround(nodata);
  const heights = new Float32Array(cols * rows);
  for (let i = 0; i < heights.length; i++) {
    const v = band[i];
    heights[i] = v === nodata || v === nodata32 || !Number.isFinite(v) ? Number.NaN : v;
  }
  return heights;
}
