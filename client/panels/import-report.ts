import type { FeatureCollection } from 'geojson';
import { ApiError, session } from '../api.ts';
import { language, t } from '../i18n/index.ts';

/**
 * The import report as `POST /import/{layer}` sends it (server/import/report.ts), and the one
 * request that asks for it: the file as the body, the options in the query, the interface language
 * in Accept-Language, so every refusal and row problem the server words comes back in it.
 */

export interface Report {
  file: string;
  format: string;
  unit: 'row' | 'feature';
  decisions: string[];
  warnings: string[];
  columns: { name: string; samples: string[] }[];
  mapping: { column: string; target: string; how: string }[];
  targets: { name: string; label: { zh: string; en: string }; required: boolean }[];
  ignoredColumns: { column: string; why: string }[];
  crs: { code: string; name: string };
  rows: { total: number; ok: number; withProblems: number };
  problems: { row: number; column: string; reason: string }[];
  duplicates: { row: number; name: string; distance_m: number }[];
  /** A roads file as a network: its parts and the islands off the largest. */
  network?: {
    nodes: number;
    edges: number;
    components: number;
    islandCount: number;
    islands: { nodes: number; pieces: number; length_m: number; at: [number, number] }[];
  };
  preview: FeatureCollection;
  result: { written: boolean; created: number; updated: number; unchanged: number; skipped: number; reason?: string };
}

export async function upload(file: File, layer: string, options: Record<string, string>): Promise<Report> {
  const query = new URLSearchParams({ filename: file.name, ...options });
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': language() };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/import/${layer}?${query}`, { method: 'POST', headers, body: file });
  const body = await response.json().catch(() => ({}));
  // A refused import (422) still carries its report: that is what the planner needs to read.
  if (response.status === 422 && body.report) return body.report as Report;
  if (response.status === 401 && token) session.signOut();
  if (!response.ok) throw new ApiError(response.status, body);
  return body as Report;
}

/**
 * A refusal in the planner's language. What the file or the options got wrong the server says in
 * the language asked for; a refusal of the request itself (signed out, not allowed, too many at
 * once, busy) is the client's to explain, since the server's generic words for it are English.
 */
export function refusalText(error: unknown): string {
  if (!(error instanceof ApiError)) return `${t('import.failed')}: ${String(error)}`;
  const own: Record<number, string> = {
    401: t('import.401'),
    403: t('import.403'),
    415: t('import.415'),
    429: t('import.429'),
    503: t('import.503'),
  };
  return own[error.status] ?? error.message;
}
