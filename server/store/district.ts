import { findLayer, type LayerDef, layers } from '../layers/registry.ts';
import { andInCounty, type CountyScope, keptPerCounty } from './county.ts';
import type { Db, Queryable } from './db.ts';
import type { FeatureInput, WriteContext } from './feature-records.ts';
import { deleteUnchangedScenarios } from './scenarios.ts';
import { ident } from './sql.ts';
import { deleteRowsWhere, duplicateOr, insertRows, writeMeta } from './sql-rows.ts';

/**
 * Setting up a district replaces its admin areas and names the dataset in one transaction, so a
 * failure leaves the previous district whole and a re-run replaces it cleanly. The features of every
 * other layer re-derive their township from the new townships as the admin areas change (migration
 * 003). What a loader wrote (the demo) may go too, but only what is still as it wrote it: a feature
 * or scenario someone has changed since stays, so a bureau never loses its own work, and its
 * publications are withdrawn, since a publication is never deleted. A dry run does all of it and
 * rolls it back, so what it reports is exactly what the set-up would do.
 */

/** Who loaded data that a set-up may clear: the user it wrote as, the source its features carry. */
export interface Loader {
  user: string;
  source: string;
}

export interface DistrictChange {
  /** The new admin areas: the district polygon, its townships and villages, already validated. */
  areas: FeatureInput[];
  /** The store's `dataset` meta once they are in. */
  dataset: unknown;
  loader: Loader;
  /** Remove what the loader wrote and nobody changed since, withdrawing its publications with this reason. */
  clearLoader?: { reason: string };
  /** Report what would change, and roll it back. */
  dryRun?: boolean;
}

/** What the loader wrote: features per layer (admin areas apart), scenarios, publications in force. */
export interface LoaderData {
  features: Record<string, number>;
  scenarios: number;
  publications: number[];
}

export interface DistrictChanged {
  /** Admin areas there were before. */
  removedAreas: number;
  addedAreas: number;
  /** What went of the loader's data (nothing unless clearLoader was asked for). */
  cleared: LoaderData;
  /** What is left of it afterwards. */
  left: LoaderData;
}

export interface DistrictStore {
  replace(change: DistrictChange, context: WriteContext): Promise<DistrictChanged>;
}

const adminAreas = findLayer('admin_areas') as LayerDef;
const otherLayers = layers.filter((l) => l.id !== 'admin_areas');

async function loaderData(tx: Queryable, loader: Loader, scope: CountyScope): Promise<LoaderData> {
  const features: Record<string, number> = {};
  for (const layer of otherLayers) {
    const params: unknown[] = [loader.source];
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM ${ident(layer.id)} t WHERE t.source = $1${andInCounty(scope, layer, 't', params)}`,
      params,
    );
    if (n > 0) features[layer.id] = n;
  }
  const [{ n: scenarios }] = await tx.query<{ n: number }>(
    'SELECT count(*)::integer AS n FROM scenarios WHERE author = $1',
    [loader.user],
  );
  const publications = await tx.query<{ version: number }>(
    'SELECT version FROM publications WHERE published_by = $1 AND withdrawn_at IS NULL ORDER BY version',
    [loader.user],
  );
  return { features, scenarios, publications: publications.map((p) => p.version) };
}

async function clearLoader(
  tx: Queryable,
  loader: Loader,
  reason: string,
  user: string,
  scope: CountyScope,
): Promise<LoaderData> {
  const features: Record<string, number> = {};
  for (const layer of otherLayers) {
    const where = 'source = $1 AND updated_by = $2';
    const n = await deleteRowsWhere(tx, layer, where, [loader.source, loader.user], user, scope);
    if (n > 0) features[layer.id] = n;
  }
  const scenarios = await deleteUnchangedScenarios(tx, loader.user, user);
  // The loader's elevation model describes its own district's ground, not the new one's.
  await tx.query('DELETE FROM terrain_dem WHERE imported_by = $1', [loader.user]);
  const withdrawn = await tx.query<{ version: number }>(
    `UPDATE publications SET withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3
     WHERE published_by = $1 AND withdrawn_at IS NULL RETURNING version`,
    [loader.user, user, reason],
  );
  return { features, scenarios, publications: withdrawn.map((p) => p.version).sort((a, b) => a - b) };
}

/** Thrown out of a dry run's transaction so that it rolls back, carrying what it found. */
class RolledBack extends Error {
  constructor(readonly changed: DistrictChanged) {
    super('dry run: rolled back');
  }
}

/**
 * In a database of one district, its county layers' rows move with it to the new district's code, in
 * that county's partition (migration 018), so what was there before stays in sight. A county of a
 * shared database has its code by configuration, which a set-up does not change.
 */
async function followDistrictCode(tx: Queryable, previous: string): Promise<void> {
  const [{ code }] = await tx.query<{ code: string }>('SELECT onemap_county() AS code');
  if (code === previous) return;
  if (code !== '000000') await tx.query('SELECT onemap_add_county($1)', [code]);
  const moved = otherLayers.filter(keptPerCounty);
  for (const layer of moved) {
    await tx.query(`UPDATE ${ident(layer.id)} SET county_code = $1 WHERE county_code = $2`, [code, previous]);
  }
  await tx.query('UPDATE history SET county_code = $1 WHERE county_code = $2 AND layer = ANY($3::text[])', [
    code,
    previous,
    moved.map((l) => l.id),
  ]);
}

export function districtQueries(db: Db, scope: CountyScope): DistrictStore {
  return {
    replace({ areas, dataset, loader, clearLoader: clear, dryRun }, { user }) {
      return db
        .transaction(async (tx) => {
          const [{ code: previous }] = await tx.query<{ code: string }>('SELECT onemap_county() AS code');
          const removedAreas = await deleteRowsWhere(tx, adminAreas, 'true', [], user, scope);
          const added = await insertRows(tx, adminAreas, areas, user, scope);
          if (scope.kind === 'district') await followDistrictCode(tx, previous);
          const cleared = clear
            ? await clearLoader(tx, loader, clear.reason, user, scope)
            : { features: {}, scenarios: 0, publications: [] };
          await writeMeta(tx, 'dataset', dataset);
          const left = await loaderData(tx, loader, scope);
          const changed = { removedAreas, addedAreas: added.length, cleared, left };
          if (dryRun) throw new RolledBack(changed);
          return changed;
        })
        .catch((error) => {
          if (error instanceof RolledBack) return error.changed;
          throw duplicateOr(error);
        });
    },
  };
}
