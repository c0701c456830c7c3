import { findLayer, type LayerDef } from '../layers/registry.ts';
import { andInCounty, type CountyScope, countyPartitions, keptPerCounty, refuseProvinceWrite } from './county.ts';
import type { Db, Queryable } from './db.ts';
import { FeatureNotFound, StaleRevision } from './errors.ts';
import type { FeatureInput, Written } from './feature-records.ts';
import { ident } from './sql.ts';
import {
  columnValues,
  deleteRowsWhere,
  duplicateOr,
  GEOMETRY,
  insertRows,
  recordHistory,
  replaceStock,
  snapshotOf,
  writeMeta,
} from './sql-rows.ts';
import type { Store } from './store.ts';

const INSERT_BATCH = 1000;

type Writes = Pick<
  Store,
  'insertFeatures' | 'replaceFeature' | 'upsertFeatures' | 'deleteFeature' | 'setStock' | 'setMeta'
>;

/** Locks the scope's feature at the revision expected, or throws; a feature of another county is not found. */
async function lockAt(tx: Queryable, layer: LayerDef, id: string, expected: number, scope: CountyScope) {
  refuseProvinceWrite(scope, layer);
  const params: unknown[] = [id];
  const [row] = await tx.query<{ revision: number; before: unknown }>(
    `SELECT locked.revision, ${snapshotOf(layer, 'locked.id')} AS before
     FROM ${ident(layer.id)} locked WHERE locked.id = $1::uuid${andInCounty(scope, layer, 'locked', params)} FOR UPDATE`,
    params,
  );
  if (!row) throw new FeatureNotFound(layer.id, id);
  if (row.revision !== expected) throw new StaleRevision(expected, row.revision);
  return row;
}

export function sqlWrites(db: Db, scope: CountyScope): Writes {
  const partitions = countyPartitions(db, scope);
  /** Overwrites a locked row with the feature and records the change. */
  async function updateRow(
    tx: Queryable,
    layer: LayerDef,
    id: string,
    feature: FeatureInput,
    user: string,
    before: unknown,
  ) {
    const { columns, values } = columnValues(layer);
    const assignments = columns.map((c, i) => `${c} = ${values[i]}`).join(', ');
    const [row] = await tx.query<Written>(
      `UPDATE ${ident(layer.id)} t SET ${assignments}, geom = ${GEOMETRY},
         revision = t.revision + 1, updated_at = now(), updated_by = $2
       FROM (SELECT $1::jsonb AS f) input WHERE t.id = $3::uuid RETURNING t.id, t.revision`,
      [JSON.stringify(feature), user, id],
    );
    if (layer.id === 'depots' && feature.properties?.stock !== undefined) {
      await replaceStock(tx, id, feature.properties.stock);
    }
    await recordHistory(tx, layer, [id], 'update', user, before);
    return row;
  }

  return {
    async insertFeatures(layer, features, { user }) {
      refuseProvinceWrite(scope, layer);
      if (keptPerCounty(layer)) await partitions.ensure();
      return db
        .transaction(async (tx) => {
          const ids: string[] = [];
          for (let i = 0; i < features.length; i += INSERT_BATCH) {
            ids.push(...(await insertRows(tx, layer, features.slice(i, i + INSERT_BATCH), user, scope)));
          }
          return ids;
        })
        .catch((error) => {
          throw duplicateOr(error);
        });
    },

    async replaceFeature(layer, id, feature, expected, { user }) {
      return db.transaction(async (tx) => {
        const { before } = await lockAt(tx, layer, id, expected, scope);
        return updateRow(tx, layer, id, feature, user, before);
      });
    },

    async upsertFeatures(layer, features, { user }) {
      refuseProvinceWrite(scope, layer);
      if (keptPerCounty(layer)) await partitions.ensure();
      return db
        .transaction(async (tx) => {
          const keyOf = (source: unknown, externalId: unknown) => JSON.stringify([source, externalId]);
          const keys = features
            .filter((f) => f.properties?.source != null && f.properties?.external_id != null)
            .map((f) => ({ source: f.properties?.source, external_id: f.properties?.external_id }));
          const params: unknown[] = [JSON.stringify(keys)];
          const existing = await tx.query<{ id: string; source: string; external_id: string; before: unknown }>(
            `SELECT locked.id, locked.source, locked.external_id, ${snapshotOf(layer, 'locked.id')} AS before
             FROM ${ident(layer.id)} locked
             WHERE (locked.source, locked.external_id) IN (
               SELECT k->>'source', k->>'external_id' FROM jsonb_array_elements($1::jsonb) k)
               ${andInCounty(scope, layer, 'locked', params)}
             FOR UPDATE`,
            params,
          );
          const byKey = new Map(existing.map((row) => [keyOf(row.source, row.external_id), row]));
          const created: string[] = [];
          const updated: string[] = [];
          const fresh: FeatureInput[] = [];
          for (const feature of features) {
            const match = byKey.get(keyOf(feature.properties?.source, feature.properties?.external_id));
            if (!match) {
              fresh.push(feature);
              continue;
            }
            await updateRow(tx, layer, match.id, feature, user, match.before);
            updated.push(match.id);
          }
          for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
            created.push(...(await insertRows(tx, layer, fresh.slice(i, i + INSERT_BATCH), user, scope)));
          }
          return { created, updated };
        })
        .catch((error) => {
          throw duplicateOr(error);
        });
    },

    async deleteFeature(layer, id, expected, { user }) {
      await db.transaction(async (tx) => {
        await lockAt(tx, layer, id, expected, scope);
        await deleteRowsWhere(tx, layer, 'id = $1::uuid', [id], user, scope);
      });
    },

    async setStock(depotId, item, row, expected, { user }) {
      const depots = findLayer('depots') as LayerDef;
      return db.transaction(async (tx) => {
        const { before } = await lockAt(tx, depots, depotId, expected, scope);
        if (row) {
          await tx.query(
            `INSERT INTO depot_stock (depot_id, item, quantity, unit, expires_on) VALUES ($1::uuid, $2, $3, $4, $5::date)
             ON CONFLICT (depot_id, item) DO UPDATE
             SET quantity = excluded.quantity, unit = excluded.unit, expires_on = excluded.expires_on, updated_at = now()`,
            [depotId, item, row.quantity, row.unit, row.expires_on ?? null],
          );
        } else {
          await tx.query('DELETE FROM depot_stock WHERE depot_id = $1::uuid AND item = $2', [depotId, item]);
        }
        const [written] = await tx.query<Written>(
          `UPDATE depots SET revision = revision + 1, updated_at = now(), updated_by = $2
           WHERE id = $1::uuid RETURNING id, revision`,
          [depotId, user],
        );
        await recordHistory(tx, depots, [depotId], 'update', user, before);
        return written;
      });
    },

    setMeta: (key, value) => writeMeta(db, key, value),
  };
}
