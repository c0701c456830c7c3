import { PUBLISHED_LAYERS } from '../publishing/snapshot.ts';
import { bodyOf, json, needs, problem, ref, type Schema } from './openapi-parts.ts';
import { publishRequest, withdrawRequest } from './publications.ts';

export const publicationSchema: Schema = {
  type: 'object',
  required: ['version', 'title', 'map_date', 'published_by', 'published_at', 'withdrawn_at', 'layers'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    title: { type: 'string' },
    map_date: { type: 'string', format: 'date' },
    note: { type: 'string' },
    published_by: { type: 'string' },
    published_at: { type: 'string', format: 'date-time' },
    withdrawn_at: { type: ['string', 'null'], format: 'date-time' },
    withdrawn_by: { type: ['string', 'null'] },
    withdrawn_reason: { type: ['string', 'null'] },
    layers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['layer', 'feature_count', 'sha256'],
        properties: { layer: { type: 'string' }, feature_count: { type: 'integer' }, sha256: { type: 'string' } },
      },
    },
    links: { type: 'array', items: ref('Link') },
  },
};

const version = { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const layer = { name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: [...PUBLISHED_LAYERS] } };
const publication = (description: string) => ({ description, ...json(ref('Publication')) });
const tags = ['publishing'];

/** The publish workflow and the published versions the public reads. */
export function publicationPaths(): Record<string, Schema> {
  return {
    '/publications': {
      get: {
        operationId: 'listPublications',
        summary: 'Every published version, newest first, withdrawn ones marked',
        tags,
        responses: {
          '200': {
            description: 'The versions.',
            ...json({ type: 'object', properties: { publications: { type: 'array', items: ref('Publication') } } }),
          },
        },
      },
      post: {
        operationId: 'publish',
        summary: 'Publish the drafts of the risk zones and shelters as the next version (publishers)',
        tags,
        ...needs('publisher'),
        requestBody: bodyOf(publishRequest),
        responses: {
          '201': publication('The new version.'),
          '400': problem('invalid-params names each field.'),
          '401': problem('Not signed in.'),
          '403': problem('Needs a publisher.'),
          '409': problem('Nothing changed since the latest version.'),
        },
      },
    },
    '/publications/latest': {
      get: {
        operationId: 'latestPublication',
        summary: 'The version the public sees: the newest not withdrawn',
        tags,
        responses: { '200': publication('The latest version.'), '404': problem('Nothing published yet.') },
      },
    },
    '/publications/draft': {
      get: {
        operationId: 'draftDifference',
        summary: 'What publishing now would change: added, removed and changed features per layer (planners)',
        tags,
        ...needs('planner'),
        responses: {
          '200': { description: 'The difference from the latest version.', ...json({ type: 'object' }) },
          '401': problem('Not signed in.'),
          '403': problem('Needs a planner.'),
        },
      },
    },
    '/publications/{version}': {
      get: {
        operationId: 'getPublication',
        summary: 'One published version',
        tags,
        parameters: [version],
        responses: {
          '200': publication('The version.'),
          '400': problem('The version is not a number.'),
          '404': problem('No such version.'),
        },
      },
    },
    '/publications/{version}/withdraw': {
      post: {
        operationId: 'withdrawPublication',
        summary: 'Withdraw a version, with a reason; it stays readable, marked (publishers)',
        tags,
        ...needs('publisher'),
        parameters: [version],
        requestBody: bodyOf(withdrawRequest),
        responses: {
          '200': publication('The version, withdrawn.'),
          '400': problem('invalid-params names each field.'),
          '401': problem('Not signed in.'),
          '403': problem('Needs a publisher.'),
          '404': problem('No such version.'),
          '409': problem('Withdrawn already.'),
        },
      },
    },
    '/publications/{version}/layers/{layer}': {
      get: {
        operationId: 'getPublishedLayer',
        summary: 'A published layer exactly as published; it never changes, so it is cached for good',
        tags,
        parameters: [version, layer],
        responses: {
          '200': { description: 'The layer.', ...json({ type: 'object' }, 'application/geo+json') },
          '304': { description: 'Unchanged (If-None-Match).' },
          '400': problem('The version is not a number.'),
          '404': problem('No such version or layer.'),
        },
      },
    },
    ...Object.fromEntries(
      (['png', 'pdf'] as const).map((format) => [
        `/publications/{version}/map.${format}`,
        {
          get: {
            operationId: `getPublicationMap${format.toUpperCase()}`,
            summary: `The version as a ${format.toUpperCase()} map sheet: legend, scale bar, north arrow, date, version, 审图号`,
            tags,
            parameters: [version],
            responses: {
              '200': {
                description: 'The map sheet.',
                content: {
                  [format === 'png' ? 'image/png' : 'application/pdf']: {
                    schema: { type: 'string', format: 'binary' },
                  },
                },
              },
              '400': problem('The version is not a number.'),
              '404': problem('No such version.'),
              '503': problem('No Chinese font is installed to draw the sheet with.'),
            },
          },
        },
      ]),
    ),
    '/publications/{version}/live': {
      get: {
        operationId: 'getLiveShelters',
        summary: 'The published shelters’ status and free places now, with when each was updated',
        tags,
        parameters: [version],
        responses: {
          '200': { description: 'Live fields by shelter id.', ...json({ type: 'object' }) },
          '400': problem('The version is not a number.'),
          '404': problem('No such version.'),
        },
      },
    },
  };
}
