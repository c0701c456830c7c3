import { randomUUID } from 'node:crypto';
import { allFields, type LayerDef } from '../layers/registry.ts';
import { andInCounty, type CountyScope, keptPerCounty, writtenCounty } from './county.ts';
import type { Queryable } from './db.ts';
import { DuplicateFeature } from './errors.ts';
import type { FeatureInput } from './feature-records.ts';
import { ident, jsonValue, selectList } from './sql.ts';

/**
 * The SQL that creates a feature's row and records its history, inside the caller's transaction:
 * shared by the layer writes (sql-writes.ts), promoting a scenario's proposal (scenarios.ts) and a
 * district's set-up (district.ts), which therefore need not import each other; and, for the same
 * reason, the bulk delete with history and the meta upsert a set-up shares with them.
 */

/** The feature as staff read it from the API, built in SQL so history records exactly that. */
export function snapshotOf(layer: LayerDef, idExpression: string): string {
  // The row alias must not collide with a column name (enterprise_risks has columns e and s).
  return `(SELECT jsonb_build_object('type', 'Feature', 'id', snapshot_row.id,
            'geometry', ST_AsGeoJSON(snapshot_row.geom, 7)::jsonb,
            'properties', to_jsonb(snapshot_row) - 'id' - 'geom')
           FROM (SELECT ${selectList(layer, 'internal')} FROM ${ident(layer.id)} t WHERE t.id = ${idExpression}) snapshot_row)`;
}

/** Column values of the stored fields, read from the jsonb feature `f`. */
export function columnValues(layer: LayerDef): { columns: string[]; values: string[] } {
  const fields = allFields(layer).filter((f) => !f.managed && !f.derived);
  return {
    columns: fields.map((f) => ident(f.name)),
    values: fields.map((f) => {
      if (f.name === 'lifecycle') return `coalesce(${jsonValue(f)}, 'active')`;
      if (f.name === 'source_crs') return `coalesce(${jsonValue(f)}, 'EPSG:4326')`;
      return jsonValue(f);
    }),
  };
}

export const GEOMETRY = `ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)`;

/** History's county column and the row's value for it, for a layer kept per county (migration 018). */
function historyCounty(layer: LayerDef, alias: string): { column: string; value: string } {
  return keptPerCounty(layer)
    ? { column: ', county_code', value: `, ${alias}.county_code` }
    : { column: '', value: '' };
}

export async function recordHistory(
  tx: Queryable,
  layer: LayerDef,
  ids: string[],
  action: 'create' | 'update',
  user: string,
  before: unknown = null,
): Promise<void> {
  const county = historyCounty(layer, 'x');
  await tx.query(
    `INSERT INTO history (layer, feature_id, revision, action, changed_by, before, after${county.column})
     SELECT $1, x.id, x.revision, $4, $2, $5::jsonb, ${snapshotOf(layer, 'x.id')}${county.value}
     FROM ${ident(layer.id)} x WHERE x.id = ANY($3::uuid[])`,
    [layer.id, user, ids, action, JSON.stringify(before)],
  );
}

export async function replaceStock(tx: Queryable, depotId: string, stock: unknown): Promise<void> {
  await tx.query('DELETE FROM depot_stock WHERE depot_id = $1::uuid', [depotId]);
  await tx.query(
    `INSERT INTO depot_stock (depot_id, item, quantity, unit, expires_on)
     SELECT $1::uuid, s->>'item', (s->>'quantity')::double precision, s->>'unit', (s->>'expires_on')::date
     FROM jsonb_array_elements($2::jsonb) s`,
    [depotId, JSON.stringify(stock ?? [])],
  );
}

/** The only unique keys of a layer are its id and its (source, external_id) pair: say which in its words. */
export function duplicateOr(error: unknown): unknown {
  if (error instanceof DuplicateFeature) {
    return new DuplicateFeature(`A feature with this id or this source and external_id exists already.`);
  }
  return error;
}

/**
 * Inserts features with their history rows inside the caller's transaction: the one way a feature is
 * created, whether by a write to its layer or by promoting a scenario's proposal. A layer kept per
 * county gets the scope's county (county.ts).
 */
export async function insertRows(
  tx: Queryable,
  layer: LayerDef,
  features: FeatureInput[],
  user: string,
  scope: CountyScope,
) {
  // Ids are settled here, so each feature's stock rows find their depot without relying on row order.
  const withIds = features.map((f) => ({ ...f, id: f.id === undefined ? randomUUID() : String(f.id) }));
  const { columns, values } = columnValues(layer);
  const county = writtenCounty(scope, layer);
  const params: unknown[] = [JSON.stringify(withIds), user];
  if (county !== undefined) {
    params.push(county);
    columns.push('county_code');
    values.push('$3');
  }
  await tx.query(
    `INSERT INTO ${ident(layer.id)} (id, ${columns.join(', ')}, updated_by, geom)
     SELECT (f->>'id')::uuid, ${values.join(', ')}, $2, ${GEOMETRY} FROM jsonb_array_elements($1::jsonb) f`,
    params,
  );
  const ids = withIds.map((f) => f.id);
  if (layer.id === 'depots') {
    for (const feature of withIds) await replaceStock(tx, feature.id, feature.properties?.stock);
  }
  await recordHistory(tx, layer, ids, 'create', user);
  return ids;
}

/**
 * Deletes every row of the layer in the scope that matches `where` (written on the layer's columns,
 * unqualified, with `params`), each with its history row as a single delete writes it;
 * inside the caller's transaction. Returns how many went.
 */
export async function deleteRowsWhere(
  tx: Queryable,
  layer: LayerDef,
  where: string,
  whereParams: unknown[],
  user: string,
  scope: CountyScope,
): Promise<number> {
  const params = [...whereParams];
  const scoped = `${where}${andInCounty(scope, layer, 'gone', params)}`;
  const n = params.length;
  const county = historyCounty(layer, 'gone');
  const gone = await tx.query(
    `INSERT INTO history (layer, feature_id, revision, action, changed_by, before${county.column})
     SELECT $${n + 1}, gone.id, gone.revision + 1, 'delete', $${n + 2}, ${snapshotOf(layer, 'gone.id')}${county.value}
     FROM ${ident(layer.id)} gone WHERE ${scoped} RETURNING feature_id`,
    [...params, layer.id, user],
  );
  await tx.query(`DELETE FROM ${ident(layer.id)} gone WHERE ${scoped}`, params);
  return gone.length;
}

/** Sets (or replaces) one meta value, in a transaction or not. */
export async function writeMeta(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    'INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, JSON.stringify(value)],
  );
}
