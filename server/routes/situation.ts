import { z } from 'zod';
import { todayInChina } from '../../catalog/china-time.ts';
import { situation } from '../analysis/situation.ts';
import type { Profile } from '../analysis/types.ts';
import { reportingDeadlines } from '../incidents/deadlines.ts';
import { reportingRule } from '../profile.ts';
import type { Store } from '../store/index.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import { json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

/** The layers the situation reads. */
const INPUTS = ['risk_zones', 'enterprise_risks', 'hazards', 'depots', 'teams', 'fire_stations', 'shelters', 'cameras'];

const situationQuery = z.strictObject({
  as_of: z.iso.date('must be a date, YYYY-MM-DD').optional(),
});

/**
 * The situation home (态势): the day's figures and alerts from the layers (cached until one of them
 * changes) and the open incidents with their reporting clocks. Staff only: it names internal facts
 * (stock, team members) and the incidents.
 */
export function situationOperations(store: Store, cache: LayerCache, profileOf: () => Promise<Profile>): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/situation',
      role: 'responder',
      query: situationQuery,
      operationId: 'getSituation',
      summary:
        'Key figures by category, the alerts that need action (each with its layer, id and position) and the ' +
        'open incidents with their reporting deadlines (staff)',
      tags: ['incidents'],
      responses: {
        '200': {
          description: 'as_of, figures, alerts, incidents.',
          ...json({
            type: 'object',
            required: ['as_of', 'figures', 'alerts', 'incidents'],
            properties: {
              as_of: { type: 'string', format: 'date' },
              figures: { type: 'object' },
              alerts: { type: 'array', items: { type: 'object' } },
              incidents: { type: 'array', items: { type: 'object' } },
            },
          }),
        },
        '400': problem('as_of is not a date.'),
      },
      handler: async (_req, res, input) => {
        const asOf = input.query().as_of ?? todayInChina();
        const profile = await profileOf();
        const camerasDueYear = profile.targets.forest_video_coverage?.year;
        // The layers are cached; the day's alerts are quick to judge afresh, so any day may be asked.
        const found = situation(await cache.get(INPUTS), { asOf, camerasDueYear });
        const rule = reportingRule(profile);
        const open = await store.incidents.list('open');
        const incidents = open.map((i) => ({ ...i, deadlines: reportingDeadlines(i.reported_at, i.reports, rule) }));
        res.set('Cache-Control', 'no-store').json({ ...found, incidents });
      },
    }),
  ];
}
