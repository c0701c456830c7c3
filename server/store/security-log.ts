import type { SecurityEventInput, SecurityEventKind } from '../accounts/security-events.ts';
import type { Db } from './db.ts';

export interface SecurityEvent {
  id: number;
  /** ISO timestamp, UTC. */
  at: string;
  event: SecurityEventKind;
  username: string;
  client: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface SecurityQuery {
  /** ISO timestamps; `since` inclusive, `until` exclusive. */
  since?: string;
  until?: string;
  /** Entries by this user or about this account. */
  user?: string;
  events?: SecurityEventKind[];
  limit: number;
  offset: number;
}

export interface SecurityLog {
  record(event: SecurityEventInput): Promise<void>;
  /** A page of entries, newest first, and how many match in all. */
  list(query: SecurityQuery): Promise<{ entries: SecurityEvent[]; numberMatched: number }>;
  /** Every matching entry, newest first, a batch at a time, for a download that need not hold them all. */
  batches(query: Omit<SecurityQuery, 'limit' | 'offset'>, size: number): AsyncGenerator<SecurityEvent[]>;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

/**
 * Text as the audit can hold it, whatever was sent: a name typed at a failed sign-in is recorded
 * even when it is hostile, so NUL and other control characters (which PostgreSQL refuses, and
 * which would garble a reviewer's sheet) and lone surrogates (which jsonb refuses) become U+FFFD.
 */
export function loggable(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHigh(code) && isLow(text.charCodeAt(i + 1))) {
      out += text[i] + text[i + 1];
      i++;
    } else if (isHigh(code) || isLow(code) || isControl(code)) out += '\ufffd';
    else out += text[i];
  }
  return out;
}

function loggableValues(value: unknown): unknown {
  if (typeof value === 'string') return loggable(value);
  if (Array.isArray(value)) return value.map(loggableValues);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [loggable(k), loggableValues(v)]));
  }
  return value;
}

const COLUMNS = `id::integer AS id, event, username, client, subject, details,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`;

function where(query: Omit<SecurityQuery, 'limit' | 'offset'>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    conditions.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
  };
  if (query.since) add('at >= ?::timestamptz', query.since);
  if (query.until) add('at < ?::timestamptz', query.until);
  if (query.user) add('(username = ? OR subject = ?)', query.user, query.user);
  if (query.events?.length) add('event = ANY(?::text[])', query.events);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The security audit: appended to by whoever signs in, changes accounts, publishes or imports; read by administrators. */
export function securityLogQueries(db: Db): SecurityLog {
  return {
    async record(event) {
      await db.query(
        'INSERT INTO security_events (event, username, client, subject, details) VALUES ($1, $2, $3, $4, $5)',
        [
          event.event,
          loggable(event.username),
          event.client === null ? null : loggable(event.client),
          event.subject == null ? null : loggable(event.subject),
          JSON.stringify(loggableValues(event.details ?? {})),
        ],
      );
    },

    async list(query) {
      const { sql, params } = where(query);
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM security_events ${sql}`,
        params,
      );
      const entries = await db.query<SecurityEvent>(
        `SELECT ${COLUMNS} FROM security_events ${sql}
         ORDER BY id DESC LIMIT ${Number(query.limit)} OFFSET ${Number(query.offset)}`,
        params,
      );
      return { entries, numberMatched: n };
    },

    async *batches(query, size) {
      let before = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const { sql, params } = where(query);
        const keyset = `${sql ? `${sql} AND` : 'WHERE'} id < $${params.length + 1}`;
        const batch = await db.query<SecurityEvent>(
          `SELECT ${COLUMNS} FROM security_events ${keyset} ORDER BY id DESC LIMIT ${Number(size)}`,
          [...params, before],
        );
        if (batch.length > 0) yield batch;
        if (batch.length < size) return;
        before = batch[batch.length - 1].id;
      }
    },
  };
}
