import type { FieldDef, LayerDef } from '../layers/registry.ts';
import { TILE, tileFields } from '../tiles/rules.ts';
import type { Db } from './db.ts';
import { ident, selectExpression } from './sql.ts';
import type { Store } from './store.ts';

/** A tile's value for a field: MVT values are scalars, so lists travel as JSON text, as vt-pbf writes them. */
function tileValue(layer: LayerDef, field: FieldDef): string | undefined {
  const expression = selectExpression(layer, field);
  return expression && field.type === 'enum[]' ? `array_to_json(${expression})::text` : expression;
}

/**
 * Vector tiles by PostGIS's ST_AsMVT. The filter compares the stored lon/lat geometry with the tile's
 * envelope (buffer included) transformed once to EPSG:4326, so an index finds the rows; only the
 * features kept are transformed to Web Mercator and clipped. `&&` compares boxes rounded outwards to
 * single precision, so a point up to a metre outside the buffer can take a place under the cap and
 * then be clipped away: a capped tile may hold a feature or two fewer. An exact ST_Intersects costs
 * three times as much on a dense tile.
 */
export function sqlTiles(db: Db): Pick<Store, 'tile'> {
  return {
    async tile(layer, { z, x, y }, audience) {
      const columns = ['t.id::text AS id'];
      for (const field of tileFields(layer, audience)) {
        const value = tileValue(layer, field);
        if (value) columns.push(`${value} AS ${ident(field.name)}`);
      }
      const margin = TILE.buffer / TILE.extent;
      const [row] = await db.query<{ mvt: Uint8Array | null }>(
        `SELECT ST_AsMVT(tile, $4, ${TILE.extent}, 'geom') AS mvt FROM (
           SELECT ${columns.join(', ')},
             ST_AsMVTGeom(ST_Transform(t.geom, 3857), ST_TileEnvelope($1, $2, $3), ${TILE.extent}, ${TILE.buffer}, true) AS geom
           FROM (SELECT * FROM ${ident(layer.id)}
                 WHERE lifecycle = 'active'
                   AND geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${margin}), 4326)
                 ORDER BY id LIMIT ${TILE.maxFeatures}) t
         ) tile`,
        [z, x, y, layer.id],
      );
      return row?.mvt ?? new Uint8Array(0);
    },
  };
}
