import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { todayInChina } from '../../catalog/china-time.ts';
import { SECURITY_EVENTS, type SecurityEventKind } from '../accounts/security-events.ts';
import { securityCsvHead, securityCsvLines } from '../exports/security-csv.ts';
import { requireRole } from '../http/auth.ts';
import { nameDownload } from '../http/download.ts';
import { baseUrl, withQuery } from '../http/links.ts';
import { invalidParam } from '../http/problem.ts';
import { writeInTurn } from '../http/stream.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { Store } from '../store/index.ts';
import { loggable } from '../store/security-log.ts';
import { auditPaging, instant } from './audit.ts';

const eventList = z
  .string({ error: 'must be given once' })
  .transform((text) => text.split(',').map((e) => e.trim()))
  .refine(
    (events) => events.every((e) => (SECURITY_EVENTS as readonly string[]).includes(e)),
    `must be one or more of ${SECURITY_EVENTS.join(', ')}, separated by commas`,
  )
  .transform((events) => events as SecurityEventKind[])
  .meta({ description: `One or more of ${SECURITY_EVENTS.join(', ')}, separated by commas.` });

export const securityAuditQuery = z.strictObject({
  since: instant.optional(),
  until: instant.optional(),
  user: z
    .string({ error: 'must be given once' })
    .max(40)
    .refine((text) => loggable(text) === text, 'must not hold control characters')
    .meta({ description: 'Entries by this user, or about this account.' })
    .optional(),
  event: eventList.optional(),
  ...auditPaging,
  f: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});

/** The whole match as a sheet, written a thousand entries at a time so a long audit never sits in memory. */
async function sendCsv(store: Store, req: Request, res: Response): Promise<void> {
  for (const name of ['limit', 'offset']) {
    if (name in req.query) throw invalidParam(name, 'a download holds every matching entry; narrow it by time');
  }
  if (req.query.f !== undefined && req.query.f !== 'csv') throw invalidParam('f', 'must be csv for a download');
  const { since, until, user, event } = parseOrRefuse(securityAuditQuery, req.query);
  const date = todayInChina();
  nameDownload(res, 'attachment', `security-audit-${date}.csv`, `安全审计-${date}.csv`);
  res.set('Cache-Control', 'no-store').type('text/csv; charset=utf-8');
  await writeInTurn(res, securityCsvHead());
  for await (const batch of store.securityLog.batches({ since, until, user, events: event }, 1000)) {
    if (res.destroyed) return;
    await writeInTurn(res, securityCsvLines(batch));
  }
  res.end();
}

/**
 * The administrators' security audit, beside the audit of the layers: sign-ins and failed ones with
 * the client's address, sign-outs, account changes, publications, withdrawals and imports; a page
 * at a time as JSON, or all of it as a sheet.
 */
export function securityAuditRouter(store: Store): Router {
  const router = Router();

  router.get('/audit/security.csv', requireRole('admin'), (req, res) => sendCsv(store, req, res));

  router.get('/audit/security', requireRole('admin'), async (req, res) => {
    const query = parseOrRefuse(securityAuditQuery, req.query);
    if (query.f === 'csv') return sendCsv(store, req, res);
    const { event, f: _f, ...filters } = query;
    const page = await store.securityLog.list({ ...filters, events: event });
    const next = query.offset + page.entries.length < page.numberMatched;
    const self = `${baseUrl(req)}/audit/security`;
    const kept = { ...filters, event: event?.join(','), offset: query.offset + query.limit };
    res.set('Cache-Control', 'no-store').json({
      ...page,
      numberReturned: page.entries.length,
      links: next ? [{ rel: 'next', href: withQuery(self, kept) }] : [],
    });
  });

  return router;
}
