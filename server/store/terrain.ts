/**
 * The DEM in the store: one row replaced whole by each import, its heights as float32 bytes, its
 * version moving on so that anything computed from an older DEM can tell. Describing it (`info`)
 * never reads the heights, so checking a cache costs a few bytes, not megabytes.
 */
import type { Dem } from '../terrain/dem.ts';
import type { Db } from './db.ts';

export interface DemInfo {
  version: number;
  crs: string;
  cols: number;
  rows: number;
  west: number;
  north: number;
  cell_x: number;
  cell_y: number;
  sha256: string;
  source: string;
  imported_by: string;
  imported_at: string;
}

export interface TerrainStore {
  /** The DEM in use, without its heights; undefined when none was imported. */
  info(): Promise<DemInfo | undefined>;
  /** The DEM in use with its heights. */
  load(): Promise<{ info: DemInfo; dem: Dem } | undefined>;
  /** Puts `dem` in place of the one in use (the version moves on). */
  replace(dem: Dem, meta: { sha256: string; source: string; importedBy: string }): Promise<DemInfo>;
}

const INFO = `version, crs, cols, rows, west, north, cell_x, cell_y, sha256, source, imported_by,
  to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS imported_at`;

/** Float32 heights as the little-endian bytes the table holds, and back. */
function toBytes(heights: Float32Array): Uint8Array {
  const bytes = new Uint8Array(heights.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < heights.length; i++) view.setFloat32(i * 4, heights[i], true);
  return bytes;
}

function fromBytes(bytes: Uint8Array): Float32Array {
  const heights = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < heights.length; i++) heights[i] = view.getFloat32(i * 4, true);
  return heights;
}

export function terrainQueries(db: Db): TerrainStore {
  const info = async () => (await db.query<DemInfo>(`SELECT ${INFO} FROM terrain_dem`))[0];
  return {
    info,
    async load() {
      const [row] = await db.query<DemInfo & { heights: Uint8Array }>(`SELECT ${INFO}, heights FROM terrain_dem`);
      if (!row) return undefined;
      const { heights, ...rest } = row;
      const dem: Dem = {
        cols: rest.cols,
        rows: rest.rows,
        west: rest.west,
        north: rest.north,
        cellX: rest.cell_x,
        cellY: rest.cell_y,
        crs: rest.crs,
        heights: fromBytes(heights),
      };
      return { info: rest, dem };
    },
    async replace(dem, meta) {
      const [row] = await db.query<DemInfo>(
        `INSERT INTO terrain_dem (version, crs, cols, rows, west, north, cell_x, cell_y, heights, sha256, source, imported_by)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (only_one) DO UPDATE SET version = terrain_dem.version + 1, crs = $1, cols = $2, rows = $3,
           west = $4, north = $5, cell_x = $6, cell_y = $7, heights = $8, sha256 = $9, source = $10,
           imported_by = $11, imported_at = now()
         RETURNING ${INFO}`,
        [
          dem.crs,
          dem.cols,
          dem.rows,
          dem.west,
          dem.north,
          dem.cellX,
          dem.cellY,
          toBytes(dem.heights),
          meta.sha256,
          meta.source,
          meta.importedBy,
        ],
      );
      return row;
    },
  };
}
