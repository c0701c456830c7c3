import type { FieldDef, LayerDef } from '../layers/registry.ts';
import { DENSITY, densityLayer, TILE, type TileAddress, tileFields } from '../tiles/rules.ts';
import { andInCounty, type CountyScope } from './county.ts';
import type { Db } from './db.ts';
import { ident, selectExpression } from './sql.ts';
import type { Store } from './store.ts';

/** A tile's value for a field: MVT values are scalars, so lists travel as JSON text, as vt-pbf writes them. */
function tileValue(layer: LayerDef, field: FieldDef): string | undefined {
  const expression = selectExpression(layer, field);
  return expression && field.type === 'enum[]' ? `array_to_json(${expression})::text` : expression;
}

/**
 * A tile's own cells in the density table, of the counties in the scope: each cell is counted in the
 * one tile it lies in, its counties' counts summed (migration 018 keeps a county layer's apart).
 */
function cellsOfTile(scope: CountyScope, layer: LayerDef, params: unknown[]): string {
  return `FROM tile_density d
  WHERE d.layer = $1 AND d.z = $2 AND d.cx BETWEEN $3 AND $4 AND d.cy BETWEEN $5 AND $6
    ${andInCounty(scope, layer, 'd', params)}
  GROUP BY d.cx, d.cy HAVING sum(d.n) > 0`;
}

/**
 * The tile of a point layer drawn from its density cells (migration 017) when its points would be
 * more than a tile holds; undefined when they fit, or above the zooms the table keeps.
 */
async function densityTile(
  db: Db,
  scope: CountyScope,
  layer: LayerDef,
  { z, x, y }: TileAddress,
): Promise<Uint8Array | undefined> {
  if (!densityLayer(layer) || z > DENSITY.maxZoom) return undefined;
  const cells: unknown[] = [
    layer.id,
    z,
    x * DENSITY.cells - 1,
    (x + 1) * DENSITY.cells,
    y * DENSITY.cells - 1,
    (y + 1) * DENSITY.cells,
  ];
  const from = cellsOfTile(scope, layer, cells);
  const [{ points }] = await db.query<{ points: number | null }>(
    `SELECT sum(n)::integer AS points FROM (SELECT sum(d.n) AS n ${from}) c`,
    cells,
  );
  if ((points ?? 0) <= TILE.maxFeatures) return undefined;
  const [tx, ty] = [cells.length + 1, cells.length + 2];
  const [row] = await db.query<{ mvt: Uint8Array | null }>(
    `SELECT ST_AsMVT(tile, $1, ${TILE.extent}, 'geom') AS mvt FROM (
       SELECT sum(d.n)::integer AS count,
         ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(sum(d.sum_lon) / sum(d.n), sum(d.sum_lat) / sum(d.n)), 4326), 3857),
         ST_TileEnvelope($2, $${tx}, $${ty}), ${TILE.extent}, ${TILE.buffer}, true) AS geom
       ${from}
     ) tile`,
    [...cells, x, y],
  );
  return row?.mvt ?? new Uint8Array(0);
}

/**
 * Vector tiles by PostGIS's ST_AsMVT. The filter compares the stored lon/lat geometry with the tile's
 * envelope (buffer included) transformed once to EPSG:4326, so an index finds the rows; only the
 * features kept are transformed to Web Mercator and clipped. `&&` compares boxes rounded outwards to
 * single precision, so a point up to a metre outside the buffer can take a place under the cap and
 * then be clipped away: a capped tile may hold a feature or two fewer. An exact ST_Intersects costs
 * three times as much on a dense tile. A point layer's tile too full for its points holds their density
 * (rules.ts), read from the cells migration 017 keeps.
 */
export function sqlTiles(db: Db, scope: CountyScope): Pick<Store, 'tile'> {
  return {
    async tile(layer, { z, x, y }, audience) {
      const dense = await densityTile(db, scope, layer, { z, x, y });
      if (dense) return dense;
      const columns = ['t.id::text AS id'];
      for (const field of tileFields(layer, audience)) {
        const value = tileValue(layer, field);
        if (value) columns.push(`${value} AS ${ident(field.name)}`);
      }
      const margin = TILE.buffer / TILE.extent;
      const params: unknown[] = [z, x, y, layer.id];
      const [row] = await db.query<{ mvt: Uint8Array | null }>(
        `SELECT ST_AsMVT(tile, $4, ${TILE.extent}, 'geom') AS mvt FROM (
           SELECT ${columns.join(', ')},
             ST_AsMVTGeom(ST_Transform(t.geom, 3857), ST_TileEnvelope($1, $2, $3), ${TILE.extent}, ${TILE.buffer}, true) AS geom
           FROM (SELECT * FROM ${ident(layer.id)} c
                 WHERE c.lifecycle = 'active'
                   AND c.geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${margin}), 4326)
                   ${andInCounty(scope, layer, 'c', params)}
                 ORDER BY c.id LIMIT ${TILE.maxFeatures}) t
         ) tile`,
        params,
      );
      return row?.mvt ?? new Uint8Array(0);
    },
  };
}
