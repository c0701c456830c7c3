import type { Request, Response } from 'express';
import type { Feature } from 'geojson';
import { z } from 'zod';
import { validateFeatures } from '../features/validate-features.ts';
import { userOf } from '../http/auth.ts';
import { baseUrl } from '../http/links.ts';
import { expectedRevision, setEtag } from '../http/preconditions.ts';
import { invalidParam, notFound } from '../http/problem.ts';
import { plainText } from '../input/plain-text.ts';
import { builtStatus, PLANNED } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { ScenarioNotFound, StaleRevision } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import { findProposal, type Scenario, type ScenarioSummary } from '../store/scenarios.ts';
import { proposalsByLayer } from './analysis-requests.ts';
import { scenarioFields } from './openapi-components.ts';
import { ifMatch as ifMatchOf, json, problem, ref, type Schema } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';
import { checkProposals, withIds } from './proposals.ts';

const uuid = z.uuid();

/** What the server keeps itself: accepted and ignored, so a scenario read from the API can be sent back as it is. */
const kept = z.unknown().optional();

const scenarioRequest = z.strictObject({
  title: plainText(
    z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  ),
  note: plainText(z.string({ error: 'must be text' }).max(2000, 'must be at most 2000 characters')).default(''),
  proposals: proposalsByLayer.default({}),
  id: kept,
  author: kept,
  created_at: kept,
  updated_by: kept,
  updated_at: kept,
  revision: kept,
  promoted: kept,
  links: kept,
});

/** Built is the layer's built status (a shelter opens; anything else exists); planned adopts it into the plan. */
const promoteRequest = z.strictObject({
  status: z.string({ error: 'must be text' }).optional(),
});

function idParam(req: Request, name: 'scenarioId' | 'proposalId'): string {
  const id = String(req.params[name]);
  if (!uuid.safeParse(id).success) throw invalidParam(name, 'must be a UUID');
  return id;
}

function links(req: Request, id: string) {
  const self = `${baseUrl(req)}/scenarios/${id}`;
  return [
    { rel: 'self', href: self, type: 'application/json' },
    { rel: 'version-history', href: `${self}/history`, type: 'application/json' },
  ];
}

function respond(req: Request, res: Response, scenario: Scenario, status = 200) {
  setEtag(res, scenario.revision);
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ ...scenario, links: links(req, scenario.id) });
}

/**
 * The proposal as a feature of its layer: built (a shelter opens with all its places free) unless the
 * planner adopts it into the plan as planned.
 */
function asFeature(
  layerId: string,
  proposal: Feature,
  status: string | undefined,
): { feature: Feature; status: string } {
  const built = builtStatus(layerId);
  if (status !== undefined && status !== built && status !== PLANNED)
    throw invalidParam('status', `must be ${built} (built) or ${PLANNED}`);
  const chosen = status ?? built;
  const properties: Record<string, unknown> = { ...proposal.properties, status: chosen };
  if (layerId === 'shelters' && chosen !== PLANNED) properties.free_places = properties.capacity ?? null;
  return { feature: { ...proposal, properties }, status: chosen };
}

const summarySchema: Schema = {
  type: 'object',
  required: [...scenarioFields.required, 'counts', 'promoted'],
  properties: {
    ...scenarioFields.properties,
    counts: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0 },
      description: 'Proposals per layer.',
    },
    promoted: { type: 'integer', minimum: 0, description: 'Proposals promoted to features.' },
  },
};

const scenarioId = {
  name: 'scenarioId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const;
const proposalId = {
  name: 'proposalId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const;
const ifMatch = ifMatchOf('The ETag of the scenario revision you edited.');
const scenarioAnswer = (description: string) => ({ description, ...json(ref('Scenario')) });
const tags = ['scenarios'];
const invalid = {
  '400': problem('invalid-params names each field, e.g. proposals.shelters.features[0].properties.capacity.'),
};
const writeErrors = {
  ...invalid,
  '404': problem('No such scenario.'),
  '412': problem('Someone changed the scenario since you read it.'),
  '415': problem('The body is not JSON.'),
  '428': problem('If-Match is missing.'),
};
const asScenario = { schema: scenarioRequest, strict: true };

/**
 * Scenarios (规划方案): planners save, reopen, change and delete named groups of proposals, and promote
 * a proposal once it is built. Staff only: responders and above read, planners write; a scenario is
 * never published, exported or tiled.
 */
export function scenarioOperations(store: Store): Operation[] {
  const found = async (id: string) => {
    const scenario = await store.scenarios.get(id);
    if (!scenario) throw new ScenarioNotFound(id);
    return scenario;
  };
  return [...scenarioReads(store, found), ...scenarioWrites(store, found), promoteOperation(store, found)];
}

/** Staff read the list, one scenario, and its history. */
function scenarioReads(store: Store, found: (id: string) => Promise<Scenario>): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/scenarios',
      role: 'responder',
      operationId: 'listScenarios',
      summary: 'Every saved scenario, most recently changed first, its proposals counted per layer (staff)',
      tags,
      responses: {
        '200': {
          description: 'The scenarios.',
          ...json({ type: 'object', properties: { scenarios: { type: 'array', items: summarySchema } } }),
        },
      },
      handler: async (req, res) => {
        const all = await store.scenarios.list();
        const listed = all.map((s: ScenarioSummary) => ({ ...s, links: links(req, s.id) }));
        res.set('Cache-Control', 'no-store').json({ scenarios: listed });
      },
    }),
    operation({
      method: 'get',
      path: '/scenarios/{scenarioId}',
      role: 'responder',
      operationId: 'getScenario',
      summary: 'One scenario with its proposals; its ETag is its revision (staff)',
      tags,
      parameters: [scenarioId],
      responses: {
        '200': scenarioAnswer('The scenario.'),
        '400': problem('The id is not a UUID.'),
        '404': problem('No such scenario.'),
      },
      handler: async (req, res) => {
        respond(req, res, await found(idParam(req, 'scenarioId')));
      },
    }),
    operation({
      method: 'get',
      path: '/scenarios/{scenarioId}/history',
      role: 'responder',
      operationId: 'getScenarioHistory',
      summary: 'Every revision of a scenario, with who and when (staff)',
      tags,
      parameters: [scenarioId],
      responses: {
        '200': { description: 'History entries, oldest first.', ...json({ type: 'object' }) },
        '404': problem('No such scenario.'),
      },
      handler: async (req, res) => {
        const id = idParam(req, 'scenarioId');
        const entries = await store.scenarios.history(id);
        if (entries.length === 0) throw notFound(`There is no history for scenario ${id}.`);
        res.set('Cache-Control', 'no-store').json({ id, entries });
      },
    }),
  ];
}

/** Planners save, change and delete scenarios. */
function scenarioWrites(store: Store, found: (id: string) => Promise<Scenario>): Operation[] {
  /** A scenario as sent, its proposals each checked as a feature of its layer and given its id. */
  const checked = async (body: z.output<typeof scenarioRequest>, promoted: ReadonlySet<string>) => {
    const proposals = withIds(await checkProposals(store, body.proposals, 'proposals'), promoted);
    return { title: body.title, note: body.note, proposals };
  };
  return [
    operation({
      method: 'post',
      path: '/scenarios',
      role: 'planner',
      body: asScenario,
      operationId: 'createScenario',
      summary: 'Save proposals as a named scenario; each proposal is checked as a feature of its layer (planners)',
      tags,
      responses: { '201': scenarioAnswer('The scenario; Location and ETag name it.'), ...invalid },
      handler: async (req, res, input) => {
        const scenario = await store.scenarios.create(await checked(input.body(), new Set()), { user: userOf(res) });
        res.location(`${baseUrl(req)}/scenarios/${scenario.id}`);
        respond(req, res, scenario, 201);
      },
    }),
    operation({
      method: 'put',
      path: '/scenarios/{scenarioId}',
      role: 'planner',
      body: asScenario,
      operationId: 'replaceScenario',
      summary: 'Change a scenario’s title, note and proposals (planners)',
      tags,
      parameters: [scenarioId, ifMatch],
      responses: { '200': scenarioAnswer('The scenario as stored.'), ...writeErrors },
      handler: async (req, res, input) => {
        const id = idParam(req, 'scenarioId');
        const expected = expectedRevision(req);
        const current = await found(id);
        const body = await checked(input.body(), new Set(current.promoted.map((p) => p.proposal_id)));
        respond(req, res, await store.scenarios.replace(id, body, expected, { user: userOf(res) }));
      },
    }),
    operation({
      method: 'delete',
      path: '/scenarios/{scenarioId}',
      role: 'planner',
      operationId: 'deleteScenario',
      summary: 'Delete a scenario; its history stays (planners)',
      tags,
      parameters: [scenarioId, ifMatch],
      responses: { '204': { description: 'Deleted.' }, ...writeErrors },
      handler: async (req, res) => {
        const id = idParam(req, 'scenarioId');
        await store.scenarios.delete(id, expectedRevision(req), { user: userOf(res) });
        res.status(204).end();
      },
    }),
  ];
}

/** A proposal is built: it becomes a feature of its layer, in the scenario's transaction. */
function promoteOperation(store: Store, found: (id: string) => Promise<Scenario>): Operation {
  return operation({
    method: 'post',
    path: '/scenarios/{scenarioId}/proposals/{proposalId}/promote',
    role: 'planner',
    body: { schema: promoteRequest, optional: true },
    operationId: 'promoteProposal',
    summary:
      'A proposal is built: it becomes a feature of its layer with the same id (built, or planned if asked) and ' +
      'moves to the scenario’s promoted list, in one transaction (planners)',
    tags,
    parameters: [scenarioId, proposalId, ifMatch],
    responses: {
      '201': {
        description: 'The new feature and the scenario; Location names the feature.',
        ...json({
          type: 'object',
          required: ['feature', 'scenario'],
          properties: { feature: { type: 'object' }, scenario: ref('Scenario') },
        }),
      },
      ...writeErrors,
      '404': problem('No such scenario, or no such proposal in it.'),
      '409': problem('The proposal was promoted already, or a feature with its id exists.'),
    },
    handler: async (req, res, input) => {
      const id = idParam(req, 'scenarioId');
      const proposal = idParam(req, 'proposalId');
      const expected = expectedRevision(req);
      const { status } = input.body();
      const scenario = await found(id);
      const place = findProposal(scenario, proposal);
      if (scenario.revision !== expected) throw new StaleRevision(expected, scenario.revision, 'scenario');
      const layer = findLayer(place.layer) as LayerDef;
      const promoted = asFeature(place.layer, place.feature, status);
      const prefix = `proposals.${place.layer}.features[${place.index}]`;
      const [feature] = await validateFeatures(store, layer, [{ value: promoted.feature, prefix }], {
        allowOutsideDistrict: false,
      });
      const after = await store.scenarios.promote(
        id,
        proposal,
        expected,
        { layer, feature, status: promoted.status },
        { user: userOf(res) },
      );
      const created = await store.getItem(layer, proposal, 'internal');
      res.location(`${baseUrl(req)}/collections/${layer.id}/items/${proposal}`);
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ feature: created, scenario: { ...after, links: links(req, id) } });
    },
  });
}
