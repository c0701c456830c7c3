import type { Request, Response } from 'express';
import { z } from 'zod';
import { todayInChina } from '../../catalog/china-time.ts';
import { SECURITY_EVENTS, type SecurityEventKind } from '../accounts/security-events.ts';
import { securityCsvHead, securityCsvLines } from '../exports/security-csv.ts';
import { nameDownload } from '../http/download.ts';
import { baseUrl, withQuery } from '../http/links.ts';
import { invalidParam } from '../http/problem.ts';
import { writeInTurn } from '../http/stream.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { Store } from '../store/index.ts';
import { loggable } from '../store/security-log.ts';
import { auditPaging, instant } from './audit.ts';
import { json, problem, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const eventList = z
  .string({ error: 'must be given once' })
  .transform((text) => text.split(',').map((e) => e.trim()))
  .refine(
    (events) => events.every((e) => (SECURITY_EVENTS as readonly string[]).includes(e)),
    `must be one or more of ${SECURITY_EVENTS.join(', ')}, separated by commas`,
  )
  .transform((events) => events as SecurityEventKind[])
  .meta({ description: `One or more of ${SECURITY_EVENTS.join(', ')}, separated by commas.` });

const securityAuditQuery = z.strictObject({
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

/** A download holds every matching entry: the query of a page without its paging. */
const securityCsvQuery = securityAuditQuery.omit({ limit: true, offset: true, f: true }).extend({
  f: z.literal('csv', { error: 'must be csv for a download' }).optional(),
});

/** The whole match as a sheet, written a thousand entries at a time so a long audit never sits in memory. */
async function sendCsv(store: Store, req: Request, res: Response): Promise<void> {
  for (const name of ['limit', 'offset']) {
    if (name in req.query) throw invalidParam(name, 'a download holds every matching entry; narrow it by time');
  }
  const { since, until, user, event } = parseOrRefuse(securityCsvQuery, req.query);
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

const csv = {
  description: 'Every matching entry as CSV (UTF-8 with a BOM, Chinese headers).',
  content: { 'text/csv': { schema: { type: 'string' } } },
};
const tags = ['accounts'];
const refused = { '400': problem('invalid-params names each parameter.') };

/**
 * The administrators' security audit, beside the audit of the layers: sign-ins and failed ones with
 * the client's address, sign-outs, account changes, publications, withdrawals and imports; a page
 * at a time as JSON, or all of it as a sheet.
 */
export function securityAuditOperations(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/audit/security.csv',
      role: 'admin',
      query: securityCsvQuery,
      operationId: 'securityAuditCsv',
      summary: 'The security audit as a sheet (administrators)',
      tags,
      responses: { '200': csv, ...refused },
      handler: (req, res) => sendCsv(store, req, res),
    }),
    operation({
      method: 'get',
      path: '/audit/security',
      role: 'admin',
      query: securityAuditQuery,
      operationId: 'securityAudit',
      summary:
        'Sign-ins, failed sign-ins, sign-outs, account changes, publications and imports, newest first (administrators)',
      tags,
      responses: {
        '200': {
          description: 'A page of entries; with f=csv every matching entry as a sheet.',
          content: { ...json(ref('SecurityAuditPage')).content, ...csv.content },
        },
        ...refused,
      },
      handler: async (req, res, input) => {
        const query = input.query();
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
      },
    }),
  ];
}
