import type { Feature, Geometry } from 'geojson';
import { validateFeatures } from '../features/validate-features.ts';
import { type FeatureInput, writableProperties } from '../layers/feature-schema.ts';
import { builtStatus, isPlannable } from '../layers/planned.ts';
import { allFields, type FieldDef, type LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import type { Candidate } from './check/candidates.ts';
import { ROWS_PER_TURN, turnEvery } from './turns.ts';

/**
 * What a good row does to the store: create a feature, update the one with its source and external
 * id, or nothing when that one already holds the same values (so re-importing a file neither churns
 * revisions nor grows the history). Fields the file does not have keep their stored values. A new
 * resource without a status is built (a shelter open, anything else existing): a register lists what
 * exists, and a shelter without a status would be left out of every search for an open one. An
 * update never takes a status the file does not give, so a re-import does not reopen a closed shelter.
 */

export interface WritePlan {
  features: Array<{ geometry: Geometry; properties: Record<string, unknown> }>;
  created: number;
  updated: number;
  unchanged: number;
  /** New features given the built status for want of one in the file, and that status. */
  statusGiven: { count: number; status: string } | null;
}

const CHUNK = 20_000;

function field(layer: LayerDef, name: string): FieldDef {
  return allFields(layer).find((f) => f.name === name) as FieldDef;
}

const keyOf = (source: unknown, externalId: unknown) => JSON.stringify([source ?? null, externalId ?? null]);

/** Stored features with the same source and external id, whether active or retired. */
async function storedMatches(store: Store, layer: LayerDef, rows: Candidate[]): Promise<Map<string, Feature>> {
  const found = new Map<string, Feature>();
  const sources = [...new Set(rows.map((r) => String(r.properties.source)))];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const ids = [...new Set(rows.slice(i, i + CHUNK).map((r) => String(r.properties.external_id)))];
    const { features } = await store.listItems(layer, {
      audience: 'internal',
      filters: [
        { field: field(layer, 'source'), values: sources },
        { field: field(layer, 'external_id'), values: ids },
        { field: field(layer, 'lifecycle'), values: ['active', 'retired'] },
      ],
      limit: sources.length * ids.length,
      offset: 0,
    });
    for (const f of features) found.set(keyOf(f.properties?.source, f.properties?.external_id), f);
  }
  return found;
}

/** Key order does not matter; everything else does. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export async function planWrites(store: Store, layer: LayerDef, rows: Candidate[]): Promise<WritePlan> {
  const stored = await storedMatches(store, layer, rows);
  const plan: WritePlan = { features: [], created: 0, updated: 0, unchanged: 0, statusGiven: null };
  const status = builtStatus(layer.id);
  for (const [i, row] of rows.entries()) {
    await turnEvery(i);
    const match = stored.get(keyOf(row.properties.source, row.properties.external_id));
    const geometry = row.geometry as Geometry;
    if (!match) {
      const lacksStatus = isPlannable(layer.id) && (row.properties.status ?? null) === null;
      if (lacksStatus) plan.statusGiven = { count: (plan.statusGiven?.count ?? 0) + 1, status };
      plan.features.push({ geometry, properties: lacksStatus ? { ...row.properties, status } : row.properties });
      plan.created++;
      continue;
    }
    const before = writableProperties(layer, match.properties ?? {});
    const after = { ...before, ...row.properties };
    if (canonical([match.geometry, before]) === canonical([geometry, after])) {
      plan.unchanged++;
      continue;
    }
    plan.features.push({ geometry, properties: after });
    plan.updated++;
  }
  return plan;
}

/**
 * One transaction for the lot, through the same validation as the editing API: the rows were
 * checked one by one already, so this is the guarantee that an import can never write what an
 * edit could not.
 */
export async function applyPlan(
  store: Store,
  layer: LayerDef,
  plan: WritePlan,
  options: { user: string; allowOutsideDistrict: boolean },
): Promise<void> {
  if (plan.features.length === 0) return;
  const bodies = plan.features.map((f, i) => ({ value: { type: 'Feature', ...f }, prefix: `features[${i}]` }));
  const features: FeatureInput[] = [];
  // In slices, with a turn of the event loop between them: validating 100,000 at once held it for seconds.
  for (let i = 0; i < bodies.length; i += ROWS_PER_TURN) {
    const slice = bodies.slice(i, i + ROWS_PER_TURN);
    features.push(
      ...(await validateFeatures(store, layer, slice, { allowOutsideDistrict: options.allowOutsideDistrict })),
    );
    await turnEvery(i + ROWS_PER_TURN);
  }
  await store.upsertFeatures(layer, features, { user: options.user });
}
