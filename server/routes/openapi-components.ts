import { ROLES } from '../../catalog/roles.ts';
import { SECURITY_EVENTS } from '../accounts/security-events.ts';
import { PLANNABLE_LAYERS } from '../layers/planned.ts';
import { allFields, type LayerDef, layers } from '../layers/registry.ts';
import { ref, type Schema, schemaName } from './openapi-parts.ts';
import { fieldSchema } from './schemas.ts';

/**
 * The named schemas of the API document: what the answers hold, which operations name by `$ref`
 * and tests validate responses against. Each layer's features are described from the registry.
 */

const Link: Schema = {
  type: 'object',
  required: ['href', 'rel'],
  properties: {
    href: { type: 'string' },
    rel: { type: 'string' },
    type: { type: 'string' },
    title: { type: 'string' },
  },
};

const Problem: Schema = {
  type: 'object',
  required: ['title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    'invalid-params': {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

const LandingPage: Schema = {
  type: 'object',
  required: ['title', 'links'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string' },
    links: { type: 'array', items: ref('Link') },
  },
};

const Conformance: Schema = {
  type: 'object',
  required: ['conformsTo'],
  properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
};

const Collection: Schema = {
  type: 'object',
  required: ['id', 'title', 'links', 'itemType', 'featureCount'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    itemType: { const: 'feature' },
    featureCount: { type: 'integer', minimum: 0 },
    extent: { type: 'object' },
    links: { type: 'array', items: ref('Link') },
  },
};

const Collections: Schema = {
  type: 'object',
  required: ['collections', 'links'],
  properties: {
    collections: { type: 'array', items: ref('Collection') },
    links: { type: 'array', items: ref('Link') },
  },
};

const User: Schema = {
  type: 'object',
  required: ['username', 'display_name', 'role', 'active'],
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    display_name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    active: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const Publication: Schema = {
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

const stamp = { type: 'string', format: 'date-time' };

/** What a scenario and its summary in a list both carry. */
export const scenarioFields = {
  required: ['id', 'title', 'note', 'author', 'created_at', 'updated_by', 'updated_at', 'revision'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    note: { type: 'string', maxLength: 2000 },
    author: { type: 'string' },
    created_at: stamp,
    updated_by: { type: 'string' },
    updated_at: stamp,
    revision: { type: 'integer', minimum: 1 },
    links: { type: 'array', items: ref('Link') },
  },
};

const proposal = {
  type: 'object',
  required: ['type', 'id', 'geometry', 'properties'],
  properties: { type: { const: 'Feature' }, id: { type: 'string', format: 'uuid' }, geometry: { type: 'object' } },
};

const Scenario: Schema = {
  type: 'object',
  required: [...scenarioFields.required, 'proposals', 'promoted'],
  properties: {
    ...scenarioFields.properties,
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

const zoom = { type: 'integer', minimum: 0, maximum: 30 };

/** TileJSON 3.0.0 as this API writes it: the spec's schema, narrowed to vector tiles. */
const TileJSON: Schema = {
  type: 'object',
  required: ['tilejson', 'tiles', 'vector_layers'],
  properties: {
    tilejson: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    name: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
    attribution: { type: 'string' },
    scheme: { enum: ['xyz', 'tms'] },
    tiles: { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\{z\\}.*\\{x\\}.*\\{y\\}' } },
    minzoom: zoom,
    maxzoom: zoom,
    bounds: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
    vector_layers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'fields'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          minzoom: zoom,
          maxzoom: zoom,
          fields: { type: 'object', additionalProperties: { enum: ['String', 'Number', 'Boolean'] } },
        },
      },
    },
  },
};

const SecurityEvent: Schema = {
  type: 'object',
  required: ['id', 'at', 'event', 'username', 'client', 'subject', 'details'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    event: { type: 'string', enum: [...SECURITY_EVENTS] },
    username: { type: 'string', description: 'Who: the user, the name typed at a failed sign-in, or cli:<user>.' },
    client: { type: ['string', 'null'], description: 'The client’s address; null from the command line.' },
    subject: { type: ['string', 'null'], description: 'The account a user change was made to.' },
    details: { type: 'object' },
  },
  additionalProperties: false,
};

const SecurityAuditPage: Schema = {
  type: 'object',
  required: ['entries', 'numberMatched', 'numberReturned', 'links'],
  properties: {
    entries: { type: 'array', items: ref('SecurityEvent') },
    numberMatched: { type: 'integer', minimum: 0 },
    numberReturned: { type: 'integer', minimum: 0 },
    links: { type: 'array', items: ref('Link') },
  },
};

/** A layer's feature and page of features, its properties described from the registry. */
function featureSchemas(layer: LayerDef): Record<string, Schema> {
  const name = schemaName(layer.id);
  const properties = Object.fromEntries(allFields(layer).map((f) => [f.name, fieldSchema(f)]));
  return {
    [`${name}Feature`]: {
      type: 'object',
      required: ['type', 'id', 'geometry', 'properties'],
      properties: {
        type: { const: 'Feature' },
        id: { type: 'string', format: 'uuid' },
        geometry: { type: 'object', required: ['type'], properties: { type: { enum: layer.geometryTypes } } },
        properties: { type: 'object', properties, additionalProperties: false },
        links: { type: 'array', items: ref('Link') },
      },
    },
    [`${name}FeatureCollection`]: {
      type: 'object',
      required: ['type', 'features', 'numberMatched', 'numberReturned', 'links'],
      properties: {
        type: { const: 'FeatureCollection' },
        features: { type: 'array', items: ref(`${name}Feature`) },
        numberMatched: { type: 'integer', minimum: 0 },
        numberReturned: { type: 'integer', minimum: 0 },
        timeStamp: { type: 'string', format: 'date-time' },
        links: { type: 'array', items: ref('Link') },
      },
    },
  };
}

export const COMPONENTS: Record<string, Schema> = {
  Link,
  Problem,
  LandingPage,
  Conformance,
  Collection,
  Collections,
  User,
  Publication,
  Scenario,
  TileJSON,
  SecurityEvent,
  SecurityAuditPage,
  ...Object.assign({}, ...layers.map(featureSchemas)),
};
