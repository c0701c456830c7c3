import type { Feature, FeatureCollection } from 'geojson';
import type { LayerDef } from '../layers/registry.ts';
import type { CountyScope } from './county.ts';
import type { Db, Queryable } from './db.ts';
import { ProposalNotFound, ProposalPromoted, ScenarioNotFound, StaleRevision } from './errors.ts';
import type { FeatureInput, HistoryEntry, WriteContext } from './feature-records.ts';
import { duplicateOr, insertRows } from './sql-rows.ts';

/**
 * Scenarios (规划方案): named groups of proposed facilities a planner measures before anything is
 * built. They live in a table of their own, outside the layer registry, so no read of a layer — nearest,
 * around, tiles, exports, publications — can ever see one. Every write appends to `history` under
 * SCENARIO_HISTORY, as a feature's does; promoting a proposal writes the new feature, its history, the
 * scenario and the scenario's history in one transaction.
 */

/** The `layer` of a scenario's history rows. */
export const SCENARIO_HISTORY = 'scenarios';

/** Per layer id, the proposals of that layer; each proposal has its own uuid id. */
export type Proposals = Record<string, FeatureCollection>;

/** A proposal that was built: the feature it became, who promoted it and when. */
export interface Promotion {
  proposal_id: string;
  layer: string;
  feature_id: string;
  /** The status the feature was written with: built (open, existing) or planned. */
  status: string;
  promoted_by: string;
  promoted_at: string;
  /** The proposal as it stood when promoted. */
  proposal: Feature;
}

export interface Scenario {
  id: string;
  title: string;
  note: string;
  proposals: Proposals;
  promoted: Promotion[];
  author: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  revision: number;
}

/** A scenario as listed: its proposals counted per layer rather than carried. */
export interface ScenarioSummary extends Omit<Scenario, 'proposals' | 'promoted'> {
  counts: Record<string, number>;
  promoted: number;
}

export interface ScenarioInput {
  title: string;
  note: string;
  proposals: Proposals;
}

/** What promoting writes to the layer: the proposal as a feature of it, already validated. */
export interface PromotedFeature {
  layer: LayerDef;
  feature: FeatureInput;
  status: string;
}

export interface ScenarioStore {
  /** Every scenario, most recently changed first. */
  list(): Promise<ScenarioSummary[]>;
  get(id: string): Promise<Scenario | undefined>;
  create(input: ScenarioInput, context: WriteContext): Promise<Scenario>;
  /** Throws ScenarioNotFound or StaleRevision; the promoted list is kept as it is. */
  replace(id: string, input: ScenarioInput, expected: number, context: WriteContext): Promise<Scenario>;
  delete(id: string, expected: number, context: WriteContext): Promise<void>;
  history(id: string): Promise<HistoryEntry[]>;
  /**
   * The proposal becomes a feature of its layer (with the proposal's id) and moves to the promoted
   * list, all in one transaction. Throws ScenarioNotFound, StaleRevision, ProposalNotFound,
   * ProposalPromoted, or DuplicateFeature when a feature of that id exists already.
   */
  promote(
    id: string,
    proposalId: string,
    expected: number,
    built: PromotedFeature,
    context: WriteContext,
  ): Promise<Scenario>;
}

/** Where a proposal stands in a scenario: its layer and place, or promoted already (which throws). */
export function findProposal(
  scenario: Scenario,
  proposalId: string,
): { layer: string; index: number; feature: Feature } {
  const done = scenario.promoted.find((p) => p.proposal_id === proposalId);
  if (done) throw new ProposalPromoted(proposalId, done.feature_id, done.layer);
  for (const [layer, collection] of Object.entries(scenario.proposals)) {
    const index = collection.features.findIndex((f) => f.id === proposalId);
    if (index >= 0) return { layer, index, feature: collection.features[index] };
  }
  throw new ProposalNotFound(scenario.id, proposalId);
}

/** The proposals with one taken out; a layer left with none goes. */
function without(proposals: Proposals, layer: string, index: number): Proposals {
  const features = proposals[layer].features.filter((_, i) => i !== index);
  const { [layer]: _gone, ...rest } = proposals;
  return features.length ? { ...rest, [layer]: { type: 'FeatureCollection', features } } : rest;
}

const timestamp = (column: string) => `to_char(s.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const FIELDS = `s.id::text AS id, s.title, s.note, s.author, ${timestamp('created_at')} AS created_at,
  s.updated_by, ${timestamp('updated_at')} AS updated_at, s.revision`;
const SELECT = `SELECT ${FIELDS}, s.proposals, s.promoted FROM scenarios s`;
const SUMMARY = `SELECT ${FIELDS},
  coalesce((SELECT jsonb_object_agg(key, jsonb_array_length(value->'features')) FROM jsonb_each(s.proposals)), '{}')
    AS counts,
  jsonb_array_length(s.promoted) AS promoted
  FROM scenarios s`;
/** The scenario as the API serves it, built in SQL so history records exactly that. */
const SNAPSHOT = `(SELECT to_jsonb(x) FROM (${SELECT} WHERE s.id = $1::uuid) x)`;

async function record(
  tx: Queryable,
  id: string,
  action: 'create' | 'update' | 'delete',
  user: string,
  before: unknown,
) {
  const after = action === 'delete' ? 'NULL' : SNAPSHOT;
  await tx.query(
    `INSERT INTO history (layer, feature_id, revision, action, changed_by, before, after)
     SELECT $2, $1::uuid, coalesce((SELECT revision FROM scenarios WHERE id = $1::uuid), $5), $3, $4, $6::jsonb, ${after}`,
    [id, SCENARIO_HISTORY, action, user, ((before as Scenario | null)?.revision ?? 0) + 1, JSON.stringify(before)],
  );
}

/**
 * Deletes, each with its history row, the scenarios `author` made that nobody has changed since,
 * inside the caller's transaction: a loader's (the demo's) when a district is set up, never a
 * planner's work. Returns how many went.
 */
export async function deleteUnchangedScenarios(tx: Queryable, author: string, user: string): Promise<number> {
  const found = await tx.query<Scenario>(`${SELECT} WHERE s.author = $1 AND s.updated_by = $1 FOR UPDATE`, [author]);
  for (const before of found) {
    await tx.query('DELETE FROM scenarios WHERE id = $1::uuid', [before.id]);
    await record(tx, before.id, 'delete', user, before);
  }
  return found.length;
}

export function scenarioQueries(db: Db, scope: CountyScope): ScenarioStore {
  const one = async (q: Queryable, id: string) => {
    const [row] = await q.query<Scenario>(`${SELECT} WHERE s.id = $1::uuid`, [id]);
    return row;
  };
  /** Locks the scenario at the revision the client edited. */
  const lockAt = async (tx: Queryable, id: string, expected: number): Promise<Scenario> => {
    const [row] = await tx.query<Scenario>(`${SELECT} WHERE s.id = $1::uuid FOR UPDATE`, [id]);
    if (!row) throw new ScenarioNotFound(id);
    if (row.revision !== expected) throw new StaleRevision(expected, row.revision, 'scenario');
    return row;
  };
  const update = async (tx: Queryable, id: string, set: string, params: unknown[], user: string, before: Scenario) => {
    await tx.query(
      `UPDATE scenarios SET ${set}, revision = revision + 1, updated_at = now(), updated_by = $2 WHERE id = $1::uuid`,
      [id, user, ...params],
    );
    await record(tx, id, 'update', user, before);
    return (await one(tx, id)) as Scenario;
  };

  return {
    list: () => db.query<ScenarioSummary>(`${SUMMARY} ORDER BY s.updated_at DESC, s.id`),
    get: (id) => one(db, id),

    create(input, { user }) {
      return db.transaction(async (tx) => {
        const [{ id }] = await tx.query<{ id: string }>(
          `INSERT INTO scenarios (title, note, proposals, author, updated_by)
           VALUES ($1, $2, $3::jsonb, $4, $4) RETURNING id::text AS id`,
          [input.title, input.note, JSON.stringify(input.proposals), user],
        );
        await record(tx, id, 'create', user, null);
        return (await one(tx, id)) as Scenario;
      });
    },

    replace(id, input, expected, { user }) {
      return db.transaction(async (tx) => {
        const before = await lockAt(tx, id, expected);
        const set = 'title = $3, note = $4, proposals = $5::jsonb';
        return update(tx, id, set, [input.title, input.note, JSON.stringify(input.proposals)], user, before);
      });
    },

    async delete(id, expected, { user }) {
      await db.transaction(async (tx) => {
        const before = await lockAt(tx, id, expected);
        await tx.query('DELETE FROM scenarios WHERE id = $1::uuid', [id]);
        await record(tx, id, 'delete', user, before);
      });
    },

    history: (id) =>
      db.query<HistoryEntry>(
        `SELECT revision, action, changed_by,
                to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at, before, after
         FROM history WHERE layer = $1 AND feature_id = $2::uuid ORDER BY id`,
        [SCENARIO_HISTORY, id],
      ),

    promote(id, proposalId, expected, { layer, feature, status }, { user }) {
      return db
        .transaction(async (tx) => {
          const before = await lockAt(tx, id, expected);
          const found = findProposal(before, proposalId);
          await insertRows(tx, layer, [{ ...feature, id: proposalId }], user, scope);
          const promotion = {
            proposal_id: proposalId,
            layer: layer.id,
            feature_id: proposalId,
            status,
            promoted_by: user,
            proposal: found.feature,
          };
          const set = `proposals = $3::jsonb, promoted = promoted || jsonb_build_array($4::jsonb ||
            jsonb_build_object('promoted_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))`;
          const proposals = without(before.proposals, found.layer, found.index);
          return update(tx, id, set, [JSON.stringify(proposals), JSON.stringify(promotion)], user, before);
        })
        .catch((error) => {
          throw duplicateOr(error);
        });
    },
  };
}
