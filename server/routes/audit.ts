import { z } from 'zod';
import { baseUrl, withQuery } from '../http/links.ts';
import { plainText } from '../input/plain-text.ts';
import { layers } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { SCENARIO_HISTORY } from '../store/scenarios.ts';
import { json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

// Scenarios keep their history beside the layers'.
const LAYER_IDS = [SCENARIO_HISTORY, ...layers.map((l) => l.id)] as [string, ...string[]];
export const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time, e.g. 2026-05-01T00:00:00Z',
});

/** A page of an audit, newest first: the layers' and the security audit page alike. */
export const auditPaging = {
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(500).default(100),
  offset: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0)
    .max(2_147_483_647)
    .default(0),
};

const auditQuery = z.strictObject({
  layer: z.enum(LAYER_IDS, { error: `must be one of ${LAYER_IDS.join(', ')}` }).optional(),
  user: plainText(z.string().max(40)).optional(),
  since: instant.optional(),
  until: instant.optional(),
  ...auditPaging,
});

/** The administrators' audit: the history of every layer, filtered by layer, user and time. */
export function auditOperations(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/audit',
      role: 'admin',
      query: auditQuery,
      operationId: 'audit',
      summary: 'Every change to every layer, newest first, filtered by layer, user and time (administrators)',
      tags: ['accounts'],
      responses: {
        '200': { description: 'A page of history entries.', ...json({ type: 'object' }) },
        '400': problem('invalid-params names each parameter.'),
      },
      handler: async (req, res, input) => {
        const query = input.query();
        const page = await store.audit(query);
        const next = query.offset + page.entries.length < page.numberMatched;
        const self = `${baseUrl(req)}/audit`;
        res.set('Cache-Control', 'no-store').json({
          ...page,
          numberReturned: page.entries.length,
          links: next ? [{ rel: 'next', href: withQuery(self, { ...query, offset: query.offset + query.limit }) }] : [],
        });
      },
    }),
  ];
}
