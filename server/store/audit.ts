import type { Db } from './db.ts';
import type { HistoryEntry } from './feature-records.ts';

export interface AuditQuery {
  layer?: string;
  user?: string;
  /** ISO timestamps; `since` inclusive, `until` exclusive. */
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

export interface AuditEntry extends HistoryEntry {
  id: number;
  layer: string;
  feature_id: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  numberMatched: number;
}

/** Every change to every layer, newest first: who changed what, when, from what to what. */
export function auditQueries(db: Db): { audit(query: AuditQuery): Promise<AuditPage> } {
  return {
    async audit(query) {
      const params: unknown[] = [];
      const conditions: string[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        conditions.push(sql.replace('?', `$${params.length}`));
      };
      if (query.layer) add('layer = ?', query.layer);
      if (query.user) add('changed_by = ?', query.user);
      if (query.since) add('changed_at >= ?::timestamptz', query.since);
      if (query.until) add('changed_at < ?::timestamptz', query.until);
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM history ${where}`, params);
      const entries = await db.query<AuditEntry>(
        `SELECT id::integer AS id, layer, feature_id::text AS feature_id, revision, action, changed_by,
                to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at, before, after
         FROM history ${where} ORDER BY id DESC LIMIT ${Number(query.limit)} OFFSET ${Number(query.offset)}`,
        params,
      );
      return { entries, numberMatched: n };
    },
  };
}
