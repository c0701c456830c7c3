import type { Request, Response } from 'express';
import type { Point } from 'geojson';
import { z } from 'zod';
import {
  DISPATCHABLE_LAYERS,
  INCIDENT_KINDS,
  INCIDENT_STAGES,
  REPORT_MEANS,
  STAGE_LABELS,
} from '../../catalog/incidents.ts';
import { distanceM } from '../analysis/geometry.ts';
import { nearestOnRoads } from '../analysis/nearest-on-roads.ts';
import type { Roads } from '../analysis/roads.ts';
import type { PointFeature, Profile } from '../analysis/types.ts';
import { userOf } from '../http/auth.ts';
import { baseUrl } from '../http/links.ts';
import { setEtag } from '../http/preconditions.ts';
import { invalidParam } from '../http/problem.ts';
import { reportingDeadlines } from '../incidents/deadlines.ts';
import { plainText } from '../input/plain-text.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { reportingRule } from '../profile.ts';
import { IncidentNotFound } from '../store/errors.ts';
import type { Dispatched, IncidentSummary } from '../store/incidents.ts';
import type { Store } from '../store/index.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import { lonLat } from './analysis-requests.ts';
import { json, problem, type Schema } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';
import { roadNetworkFor } from './road-network.ts';

/** A clock a minute or two fast may stamp a first report "now"; anything later is a mistake. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Analysis results kept with an entry: an around answer of a few hundred features, with room to spare. */
const MAX_ATTACHMENT_BYTES = 2_000_000;

const text = (max: number) =>
  plainText(z.string({ error: 'must be text' }).trim().max(max, `must be at most ${max} characters`));
const kinds = Object.keys(INCIDENT_KINDS) as [string, ...string[]];
const level = z
  .number({ error: 'must be a whole number from 1 to 4' })
  .int('must be a whole number from 1 to 4')
  .min(1, 'must be from 1 (特别重大) to 4 (一般)')
  .max(4, 'must be from 1 (特别重大) to 4 (一般)');

const createRequest = z.strictObject({
  title: text(200).pipe(z.string().min(1, 'must not be empty')),
  kind: z.enum(kinds, { error: `must be one of ${kinds.join(', ')}` }),
  level: level.default(4),
  at: lonLat,
  reported_at: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2026-05-01T14:03:00+08:00' })
    .refine((t) => Date.parse(t) <= Date.now() + FUTURE_SLACK_MS, 'must not be in the future')
    .optional(),
  reporter: text(200).pipe(z.string().min(1, 'must not be empty')),
  /** The first report's words: when given, the 接报 entry is written with the incident. */
  text: text(4000).optional(),
});

const record = z.record(z.string(), z.unknown(), { error: 'must be an object' });

const entryRequest = z
  .strictObject({
    stage: z.enum(INCIDENT_STAGES, { error: `must be one of ${INCIDENT_STAGES.join(', ')}` }),
    text: text(4000).default(''),
    report: z.enum(REPORT_MEANS, { error: `must be ${REPORT_MEANS.join(' or ')}` }).optional(),
    level: level.optional(),
    dispatch: z
      .strictObject({
        layer: z.enum(DISPATCHABLE_LAYERS, { error: `must be one of ${DISPATCHABLE_LAYERS.join(', ')}` }),
        id: z.uuid('must be the id (a UUID) of a feature of the layer'),
      })
      .optional(),
    attachment: z
      .strictObject({
        kind: z.enum(['around', 'nearest'], { error: 'must be around or nearest' }),
        request: record,
        result: record,
      })
      .refine((a) => JSON.stringify(a).length <= MAX_ATTACHMENT_BYTES, `must be at most ${MAX_ATTACHMENT_BYTES} bytes`)
      .optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.stage === 'dispatch' && !entry.dispatch)
      ctx.addIssue({ code: 'custom', path: ['dispatch'], message: 'a dispatch (调度) names the team or depot sent' });
    if (entry.stage !== 'dispatch' && entry.dispatch)
      ctx.addIssue({ code: 'custom', path: ['dispatch'], message: 'only a dispatch (调度) entry sends a resource' });
    if (entry.level !== undefined && entry.stage !== 'assessment' && entry.stage !== 'first_report')
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'only an assessment (研判) sets the level' });
  });

const listQuery = z.strictObject({
  status: z.enum(['open', 'closed'], { error: 'must be open or closed' }).optional(),
});

function idParam(req: Request): string {
  const id = String(req.params.incidentId);
  if (!z.uuid().safeParse(id).success) throw invalidParam('incidentId', 'must be a UUID');
  return id;
}

/** The feature a dispatch names, as it is now; refused, naming the field, when it is not there or not built. */
async function dispatchedFeature(
  store: Store,
  at: Point,
  dispatch: { layer: string; id: string },
  roads: Roads | undefined,
): Promise<Dispatched> {
  const layer = findLayer(dispatch.layer) as LayerDef;
  const feature = await store.getItem(layer, dispatch.id, 'internal');
  if (!feature) throw invalidParam('dispatch.id', `there is no feature ${dispatch.id} in ${dispatch.layer}`);
  if (isPlanned(feature)) throw invalidParam('dispatch.id', 'is planned, not built: it cannot be sent');
  if (feature.geometry.type !== 'Point') throw invalidParam('dispatch.id', 'has no point to send from');
  const geometry = feature.geometry as Point;
  return {
    layer: dispatch.layer,
    id: dispatch.id,
    name: (feature.properties?.name as string | undefined) ?? null,
    geometry,
    distance_m: Math.round(distanceM(at.coordinates, geometry.coordinates)),
    ...(roads
      ? { road: roadTime(roads, at, { ...feature, geometry, properties: feature.properties ?? {} }, dispatch.layer) }
      : {}),
  };
}

/** The drive between a dispatched resource and the incident (people walk from it to a shelter); null when cut off. */
function roadTime(roads: Roads, at: Point, feature: PointFeature, layer: string): Dispatched['road'] {
  const travel = layer === 'shelters' ? 'from' : 'to';
  const [found] = nearestOnRoads(roads, at.coordinates, [feature], { k: 1, travel }).results;
  return found ? { duration_s: Math.round(found.durationS), distance_m: Math.round(found.distanceM) } : null;
}

const incidentSchema: Schema = {
  type: 'object',
  required: ['id', 'title', 'kind', 'level', 'geometry', 'reported_at', 'status', 'revision', 'deadlines'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    kind: { type: 'string', enum: kinds },
    level: { type: 'integer', minimum: 1, maximum: 4 },
    geometry: { type: 'object', description: 'GeoJSON Point, lon/lat' },
    reported_at: { type: 'string', format: 'date-time' },
    reporter: { type: 'string' },
    status: { type: 'string', enum: ['open', 'closed'] },
    revision: { type: 'integer', minimum: 1 },
    deadlines: {
      type: 'array',
      description: 'The reporting deadlines of the district profile: due time, and met, late, overdue or pending.',
      items: { type: 'object' },
    },
    entries: {
      type: 'array',
      description: `The timeline: ${INCIDENT_STAGES.map((s) => `${STAGE_LABELS[s].zh} ${s}`).join(' → ')}.`,
      items: { type: 'object' },
    },
  },
};

const incidentId = {
  name: 'incidentId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const;
const tags = ['incidents'];

/**
 * Incidents on record (事件): the duty room writes an incident's timeline from its first report to its
 * final report, with the analysis results it acted on and the resources it sent; each answer carries
 * the reporting deadlines of the district profile as they stand. Staff only: responders and above read
 * and write; never published.
 */
export function incidentOperations(store: Store, profileOf: () => Promise<Profile>, cache: LayerCache): Operation[] {
  const answers = answering(profileOf);
  const roadsNow = async () => roadNetworkFor(cache, await profileOf());
  return [...incidentReads(store, answers), ...incidentWrites(store, answers, roadsNow)];
}

interface Answers {
  /** The incident with its reporting deadlines as they stand, and its links. */
  withClocks(req: Request, incident: IncidentSummary): Promise<object>;
  /** Sends the incident, its ETag its revision. */
  respond(req: Request, res: Response, incident: IncidentSummary, status?: number): Promise<void>;
}

/** How every operation answers with an incident: its clocks under the district profile's rule. */
function answering(profileOf: () => Promise<Profile>): Answers {
  const withClocks = async (req: Request, incident: IncidentSummary) => {
    const rule = reportingRule(await profileOf());
    const self = `${baseUrl(req)}/incidents/${incident.id}`;
    return {
      ...incident,
      deadlines: reportingDeadlines(incident.reported_at, incident.reports, rule),
      links: [
        { rel: 'self', href: self, type: 'application/json' },
        { rel: 'alternate', href: `${baseUrl(req)}/?incident=${incident.id}`, type: 'text/html' },
      ],
    };
  };
  const respond = async (req: Request, res: Response, incident: IncidentSummary, status = 200) => {
    setEtag(res, incident.revision);
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .json(await withClocks(req, incident));
  };
  return { withClocks, respond };
}

const answer = (description: string) => ({ description, ...json(incidentSchema) });

/** Staff read the incidents, open or closed, and one with its timeline. */
function incidentReads(store: Store, { withClocks, respond }: Answers): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/incidents',
      role: 'responder',
      query: listQuery,
      operationId: 'listIncidents',
      summary: 'Incidents, newest first report first, each with its reporting deadlines (staff)',
      tags,
      responses: {
        '200': answer('{"incidents": [...]}, each without its entries'),
        '400': problem('status is neither open nor closed.'),
      },
      handler: async (req, res, input) => {
        const listed = await store.incidents.list(input.query().status);
        const incidents = await Promise.all(listed.map((i) => withClocks(req, i)));
        res.set('Cache-Control', 'no-store').json({ incidents });
      },
    }),
    operation({
      method: 'get',
      path: '/incidents/{incidentId}',
      role: 'responder',
      operationId: 'getIncident',
      summary: 'One incident with its timeline and its reporting deadlines; its ETag is its revision (staff)',
      tags,
      parameters: [incidentId],
      responses: {
        '200': answer('The incident.'),
        '400': problem('The id is not a UUID.'),
        '404': problem('No such incident.'),
      },
      handler: async (req, res) => {
        const id = idParam(req);
        const incident = await store.incidents.get(id);
        if (!incident) throw new IncidentNotFound(id);
        await respond(req, res, incident);
      },
    }),
  ];
}

/** Staff record incidents and write their timelines. */
function incidentWrites(store: Store, { respond }: Answers, roadsNow: () => Promise<Roads | undefined>): Operation[] {
  return [
    operation({
      method: 'post',
      path: '/incidents',
      role: 'responder',
      body: { schema: createRequest, strict: true },
      operationId: 'createIncident',
      summary: 'Record an incident: place, kind, level, when and by whom it was reported, and its first report (staff)',
      tags,
      responses: {
        '201': answer('The incident; Location and ETag name it.'),
        '400': problem('invalid-params names each field.'),
        '415': problem('The body is not JSON.'),
      },
      handler: async (req, res, input) => {
        const body = input.body();
        const first = body.text === undefined ? undefined : { stage: 'first_report' as const, text: body.text };
        const incident = await store.incidents.create(
          { ...body, at: body.at as [number, number], reported_at: body.reported_at ?? new Date().toISOString() },
          first,
          userOf(res),
        );
        res.location(`${baseUrl(req)}/incidents/${incident.id}`);
        await respond(req, res, incident, 201);
      },
    }),
    operation({
      method: 'post',
      path: '/incidents/{incidentId}/entries',
      role: 'responder',
      body: { schema: entryRequest, strict: true },
      operationId: 'addIncidentEntry',
      summary:
        'Add an entry to the timeline (接报 → 研判 → 调度 → 续报 → 终报): a dispatch names the resource sent, an ' +
        'attachment keeps analysis results as seen, a final report closes the incident (staff)',
      tags,
      parameters: [incidentId],
      responses: {
        '201': answer('The incident with the new entry.'),
        '400': problem('invalid-params names each field.'),
        '404': problem('No such incident.'),
        '409': problem('The timeline does not take this stage now; invalid-params names the stage and why.'),
        '415': problem('The body is not JSON.'),
      },
      handler: async (req, res, input) => {
        const id = idParam(req);
        const body = input.body();
        const incident = await store.incidents.get(id);
        if (!incident) throw new IncidentNotFound(id);
        const roads = body.dispatch ? await roadsNow() : undefined;
        const dispatched = body.dispatch
          ? await dispatchedFeature(store, incident.geometry, body.dispatch, roads)
          : undefined;
        const { dispatch: _named, ...entry } = body;
        const after = await store.incidents.addEntry(id, { ...entry, dispatched }, userOf(res));
        res.location(`${baseUrl(req)}/incidents/${id}`);
        await respond(req, res, after, 201);
      },
    }),
  ];
}
