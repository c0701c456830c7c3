import { PLANNABLE_LAYERS } from '../layers/planned.ts';
import { bodyOf, json, needs, problem, ref, type Schema } from './openapi-parts.ts';
import { promoteRequest, scenarioRequest } from './scenarios.ts';

const stamp = { type: 'string', format: 'date-time' };
const common = {
  id: { type: 'string', format: 'uuid' },
  title: { type: 'string', minLength: 1, maxLength: 200 },
  note: { type: 'string', maxLength: 2000 },
  author: { type: 'string' },
  created_at: stamp,
  updated_by: { type: 'string' },
  updated_at: stamp,
  revision: { type: 'integer', minimum: 1 },
  links: { type: 'array', items: ref('Link') },
};
const required = ['id', 'title', 'note', 'author', 'created_at', 'updated_by', 'updated_at', 'revision'];

const proposal = {
  type: 'object',
  required: ['type', 'id', 'geometry', 'properties'],
  properties: { type: { const: 'Feature' }, id: { type: 'string', format: 'uuid' }, geometry: { type: 'object' } },
};

export const scenarioSchema: Schema = {
  type: 'object',
  required: [...required, 'proposals', 'promoted'],
  properties: {
    ...common,
    proposals: {
      type: 'object',
      description: 'Per layer, a FeatureCollection of proposals, each a feature of that layer with its own id.',
      properties: Object.fromEntries(
        PLANNABLE_LAYERS.map((id) => [
          id,
          {
            type: 'object',
            properties: { type: { const: 'FeatureCollection' }, features: { type: 'array', items: proposal } },
          },
        ]),
      ),
      additionalProperties: false,
    },
    promoted: {
      type: 'array',
      description: 'Proposals built since: the feature each became (with the proposal’s id), by whom and when.',
      items: {
        type: 'object',
        required: ['proposal_id', 'layer', 'feature_id', 'status', 'promoted_by', 'promoted_at', 'proposal'],
        properties: {
          proposal_id: { type: 'string', format: 'uuid' },
          layer: { type: 'string', enum: [...PLANNABLE_LAYERS] },
          feature_id: { type: 'string', format: 'uuid' },
          status: { type: 'string' },
          promoted_by: { type: 'string' },
          promoted_at: stamp,
          proposal,
        },
      },
    },
  },
};

const summarySchema: Schema = {
  type: 'object',
  required: [...required, 'counts', 'promoted'],
  properties: {
    ...common,
    counts: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0 },
      description: 'Proposals per layer.',
    },
    promoted: { type: 'integer', minimum: 0, description: 'Proposals promoted to features.' },
  },
};

const scenarioId = { name: 'scenarioId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The ETag of the scenario revision you edited.',
  schema: { type: 'string' },
};
const scenario = (description: string) => ({ description, ...json(ref('Scenario')) });
const tags = ['scenarios'];
const refused = {
  '401': problem('Not signed in.'),
  '403': problem('Needs a planner.'),
};
const writeErrors = {
  '400': problem('invalid-params names each field, e.g. proposals.shelters.features[0].properties.capacity.'),
  ...refused,
  '404': problem('No such scenario.'),
  '412': problem('Someone changed the scenario since you read it.'),
  '415': problem('The body is not JSON.'),
  '428': problem('If-Match is missing.'),
};

/** Scenarios (规划方案): staff only, never published, exported or tiled. */
export function scenarioPaths(): Record<string, Schema> {
  return {
    '/scenarios': {
      get: {
        operationId: 'listScenarios',
        summary: 'Every saved scenario, most recently changed first, its proposals counted per layer (staff)',
        tags,
        ...needs('responder'),
        responses: {
          '200': {
            description: 'The scenarios.',
            ...json({ type: 'object', properties: { scenarios: { type: 'array', items: summarySchema } } }),
          },
          '401': problem('Not signed in.'),
        },
      },
      post: {
        operationId: 'createScenario',
        summary: 'Save proposals as a named scenario; each proposal is checked as a feature of its layer (planners)',
        tags,
        ...needs('planner'),
        requestBody: bodyOf(scenarioRequest),
        responses: {
          '201': scenario('The scenario; Location and ETag name it.'),
          '400': writeErrors['400'],
          ...refused,
          '415': writeErrors['415'],
        },
      },
    },
    '/scenarios/{scenarioId}': {
      get: {
        operationId: 'getScenario',
        summary: 'One scenario with its proposals; its ETag is its revision (staff)',
        tags,
        ...needs('responder'),
        parameters: [scenarioId],
        responses: {
          '200': scenario('The scenario.'),
          '400': problem('The id is not a UUID.'),
          '401': problem('Not signed in.'),
          '404': problem('No such scenario.'),
        },
      },
      put: {
        operationId: 'replaceScenario',
        summary: 'Change a scenario’s title, note and proposals (planners)',
        tags,
        ...needs('planner'),
        parameters: [scenarioId, ifMatch],
        requestBody: bodyOf(scenarioRequest),
        responses: { '200': scenario('The scenario as stored.'), ...writeErrors },
      },
      delete: {
        operationId: 'deleteScenario',
        summary: 'Delete a scenario; its history stays (planners)',
        tags,
        ...needs('planner'),
        parameters: [scenarioId, ifMatch],
        responses: { '204': { description: 'Deleted.' }, ...writeErrors },
      },
    },
    '/scenarios/{scenarioId}/history': {
      get: {
        operationId: 'getScenarioHistory',
        summary: 'Every revision of a scenario, with who and when (staff)',
        tags,
        ...needs('responder'),
        parameters: [scenarioId],
        responses: {
          '200': { description: 'History entries, oldest first.', ...json({ type: 'object' }) },
          '401': problem('Not signed in.'),
          '404': problem('No such scenario.'),
        },
      },
    },
    '/scenarios/{scenarioId}/proposals/{proposalId}/promote': {
      post: {
        operationId: 'promoteProposal',
        summary:
          'A proposal is built: it becomes a feature of its layer with the same id (built, or planned if asked) and ' +
          'moves to the scenario’s promoted list, in one transaction (planners)',
        tags,
        ...needs('planner'),
        parameters: [
          scenarioId,
          { name: 'proposalId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ifMatch,
        ],
        requestBody: { ...bodyOf(promoteRequest), required: false },
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
      },
    },
  };
}
