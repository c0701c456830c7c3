import type { Point } from 'geojson';
import type { IncidentStage, ReportMeans } from '../../catalog/incidents.ts';
import { stageRefusal } from '../incidents/timeline.ts';
import type { Db, Queryable } from './db.ts';
import { IncidentNotFound, StageOutOfOrder } from './errors.ts';

/**
 * Incidents on record (事件): staff data kept apart from the layers, so no read of a layer, tile,
 * export or publication can see one. An incident's timeline is append-only (the table's trigger
 * refuses changes), each entry written in one transaction with the incident locked, so two
 * responders writing at once are ordered and the timeline's rule (incidents/timeline.ts) holds.
 */

/** A resource sent by a dispatch, as it was when sent. */
export interface Dispatched {
  layer: string;
  id: string;
  name: string | null;
  geometry: Point;
  /** Great-circle distance from the incident, metres. */
  distance_m: number;
  /**
   * By road, when the district has roads: the drive's seconds and its metres along the roads, or null
   * when no open road connects the two. Absent when there are no roads.
   */
  road?: { duration_s: number; distance_m: number } | null;
}

/** Analysis results as the responder saw them: what was asked and what came back. */
interface Attachment {
  kind: 'around' | 'nearest';
  request: Record<string, unknown>;
  result: Record<string, unknown>;
}

interface IncidentEntry {
  seq: number;
  stage: IncidentStage;
  text: string;
  report: ReportMeans | null;
  level: number | null;
  dispatched: Dispatched | null;
  attachment: Attachment | null;
  written_by: string;
  written_at: string;
}

/** When the bureau first reported upward by phone (or in writing), and in writing: the clocks stop there. */
export interface ReportTimes {
  phone: string | null;
  written: string | null;
}

export interface IncidentSummary {
  id: string;
  title: string;
  kind: string;
  level: number;
  geometry: Point;
  reported_at: string;
  reporter: string;
  status: 'open' | 'closed';
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  revision: number;
  /** The stage of the latest entry; null before the first report is written. */
  last_stage: IncidentStage | null;
  entry_count: number;
  reports: ReportTimes;
}

export interface Incident extends IncidentSummary {
  entries: IncidentEntry[];
}

interface IncidentInput {
  title: string;
  kind: string;
  level: number;
  at: [number, number];
  reported_at: string;
  reporter: string;
}

interface EntryInput {
  stage: IncidentStage;
  text: string;
  report?: ReportMeans;
  level?: number;
  dispatched?: Dispatched;
  attachment?: Attachment;
}

export interface IncidentStore {
  /** Records the incident and, when given, its first report (接报) in one transaction. */
  create(input: IncidentInput, first: EntryInput | undefined, user: string): Promise<Incident>;
  /** Incidents newest first (by first report), all or of one status. */
  list(status?: 'open' | 'closed'): Promise<IncidentSummary[]>;
  get(id: string): Promise<Incident | undefined>;
  /**
   * Appends an entry: throws IncidentNotFound, or StageOutOfOrder when the timeline does not take it.
   * An assessment with a level sets the incident's; a final report closes it.
   */
  addEntry(id: string, entry: EntryInput, user: string): Promise<Incident>;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const SUMMARY = `SELECT i.id::text AS id, i.title, i.kind, i.level, i.geom AS geometry,
  ${utc('i.reported_at')} AS reported_at, i.reporter, i.status, i.created_by, ${utc('i.created_at')} AS created_at,
  ${utc('i.updated_at')} AS updated_at, ${utc('i.closed_at')} AS closed_at, i.revision,
  (SELECT e.stage FROM incident_entries e WHERE e.incident_id = i.id ORDER BY e.seq DESC LIMIT 1) AS last_stage,
  (SELECT count(*)::integer FROM incident_entries e WHERE e.incident_id = i.id) AS entry_count,
  json_build_object(
    'phone', (SELECT ${utc('min(e.written_at)')} FROM incident_entries e WHERE e.incident_id = i.id AND e.report IS NOT NULL),
    'written', (SELECT ${utc('min(e.written_at)')} FROM incident_entries e WHERE e.incident_id = i.id AND e.report = 'written')
  ) AS reports
  FROM incidents i`;

const ENTRIES = `SELECT seq, stage, body AS text, report, level, dispatched, attachment, written_by,
  ${utc('written_at')} AS written_at FROM incident_entries WHERE incident_id = $1::uuid ORDER BY seq`;

async function insertEntry(tx: Queryable, id: string, seq: number, entry: EntryInput, user: string): Promise<void> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  await tx.query(
    `INSERT INTO incident_entries (incident_id, seq, stage, body, report, level, dispatched, attachment, written_by)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
    [
      id,
      seq,
      entry.stage,
      entry.text,
      entry.report ?? null,
      entry.level ?? null,
      json(entry.dispatched),
      json(entry.attachment),
      user,
    ],
  );
}

export function incidentQueries(db: Db): IncidentStore {
  const one = async (q: Queryable, id: string): Promise<Incident | undefined> => {
    const [row] = await q.query<IncidentSummary>(`${SUMMARY} WHERE i.id = $1::uuid`, [id]);
    if (!row) return undefined;
    return { ...row, entries: await q.query<IncidentEntry>(ENTRIES, [id]) };
  };

  return {
    create(input, first, user) {
      return db.transaction(async (tx) => {
        const [{ id }] = await tx.query<{ id: string }>(
          `INSERT INTO incidents (title, kind, level, geom, reported_at, reporter, created_by)
           VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6::timestamptz, $7, $8)
           RETURNING id::text AS id`,
          [input.title, input.kind, input.level, input.at[0], input.at[1], input.reported_at, input.reporter, user],
        );
        if (first) await insertEntry(tx, id, 1, first, user);
        return (await one(tx, id)) as Incident;
      });
    },

    list: (status) =>
      status
        ? db.query<IncidentSummary>(`${SUMMARY} WHERE i.status = $1 ORDER BY i.reported_at DESC, i.id`, [status])
        : db.query<IncidentSummary>(`${SUMMARY} ORDER BY i.reported_at DESC, i.id`),

    get: (id) => one(db, id),

    addEntry(id, entry, user) {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string }>(
          'SELECT id::text AS id FROM incidents WHERE id = $1::uuid FOR UPDATE',
          [id],
        );
        if (!row) throw new IncidentNotFound(id);
        const written = await tx.query<{ stage: IncidentStage }>(
          'SELECT stage FROM incident_entries WHERE incident_id = $1::uuid ORDER BY seq',
          [id],
        );
        const refusal = stageRefusal(
          written.map((w) => w.stage),
          entry.stage,
        );
        if (refusal) throw new StageOutOfOrder(entry.stage, refusal);
        await insertEntry(tx, id, written.length + 1, entry, user);
        const closes = entry.stage === 'final_report';
        await tx.query(
          `UPDATE incidents SET revision = revision + 1, updated_at = now(), level = coalesce($2, level),
             status = CASE WHEN $3 THEN 'closed' ELSE status END, closed_at = CASE WHEN $3 THEN now() ELSE closed_at END
           WHERE id = $1::uuid`,
          [id, entry.level ?? null, closes],
        );
        return (await one(tx, id)) as Incident;
      });
    },
  };
}
