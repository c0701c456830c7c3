import type { z } from 'zod';
import { allFields, type LayerDef, layers } from '../layers/registry.ts';
import { accountPaths, securityAuditSchemas, userSchema } from './accounts-openapi.ts';
import { aroundRequest, coverageRequest, nearestRequest, sitingRequest } from './analysis-requests.ts';
import { exportPaths } from './exports-openapi.ts';
import { ITEMS_PARAMETERS, PAGING } from './items-query.ts';
import { bodyOf, json, needs, problem, ref, type Schema } from './openapi-parts.ts';
import { publicationPaths, publicationSchema } from './publications-openapi.ts';
import { scenarioPaths, scenarioSchema } from './scenarios-openapi.ts';
import { fieldSchema } from './schemas.ts';
import { tileJsonSchema, tilePaths } from './tiles-openapi.ts';

const commonParameters: Record<string, Schema> = {
  limit: {
    name: 'limit',
    in: 'query',
    description: `Features per page; above ${PAGING.maxLimit} the maximum is served.`,
    schema: { type: 'integer', minimum: 1, maximum: PAGING.maxLimit, default: PAGING.defaultLimit },
  },
  offset: { name: 'offset', in: 'query', description: 'Features to skip.', schema: { type: 'integer', minimum: 0 } },
  bbox: {
    name: 'bbox',
    in: 'query',
    description: 'minLon,minLat,maxLon,maxLat in CRS84 (longitude first).',
    style: 'form',
    explode: false,
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
  },
  f: { name: 'f', in: 'query', schema: { type: 'string', enum: ['json', 'geojson'] } },
};

function featureSchemas(layer: LayerDef): Record<string, Schema> {
  const name = schemaName(layer);
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

function schemaName(layer: LayerDef): string {
  return layer.id.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function layerPaths(layer: LayerDef): Record<string, Schema> {
  const name = schemaName(layer);
  const filters = allFields(layer)
    .filter((f) => f.queryable)
    .map((f) => ({
      name: f.name,
      in: 'query',
      description:
        `${f.label.zh} ${f.label.en}. Equals any of the values given` +
        (f.type === 'text' ? '.' : ' (comma-separated).') +
        (f.visibility === 'internal' ? ' Signed-in users only.' : ''),
      schema: { type: 'string' },
    }));
  return {
    [`/collections/${layer.id}/items`]: {
      get: {
        summary: `${layer.title.zh} ${layer.title.en}`,
        operationId: `get${name}Items`,
        tags: [layer.group],
        parameters: [...ITEMS_PARAMETERS.map((p) => commonParameters[p]), ...filters],
        responses: {
          '200': {
            description: 'A page of features.',
            ...json(ref(`${name}FeatureCollection`), 'application/geo+json'),
          },
          '400': problem('A parameter is not valid; invalid-params names it.'),
          '401': problem('The token is not valid, or the filter needs a signed-in user.'),
        },
      },
      post: itemsCreate(layer, name),
    },
    [`/collections/${layer.id}/items/{featureId}`]: {
      get: {
        summary: `${layer.title.zh}: one feature`,
        operationId: `get${name}Item`,
        tags: [layer.group],
        parameters: [
          { name: 'featureId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          commonParameters.f,
        ],
        responses: {
          '200': { description: 'The feature; its ETag is its revision.', ...json(ref(`${name}Feature`), GEOJSON) },
          '400': problem('The id is not a UUID.'),
          '404': problem('No such feature.'),
        },
      },
      ...itemWrites(layer, name),
    },
    [`/collections/${layer.id}/items/{featureId}/history`]: {
      get: {
        summary: `${layer.title.zh}: every revision of one feature, with who and when (staff)`,
        operationId: `get${name}History`,
        tags: [layer.group],
        ...needs('responder'),
        parameters: [featureIdParameter],
        responses: {
          '200': { description: 'History entries, oldest first.', ...json({ type: 'object' }) },
          '401': problem('Not signed in.'),
          '404': problem('No such feature.'),
        },
      },
    },
  };
}

const GEOJSON = 'application/geo+json';
const featureIdParameter = {
  name: 'featureId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The ETag of the revision you edited.',
  schema: { type: 'string' },
};
const writeErrors = {
  '400': problem('The feature is not valid; invalid-params names each field.'),
  '401': problem('Not signed in.'),
  '403': problem('The role is not enough: a responder may change only live fields.'),
  '404': problem('No such feature.'),
  '412': problem('Someone changed the feature since you read it.'),
  '413': problem('The body is too large.'),
  '415': problem('The body is not JSON.'),
  '428': problem('If-Match is missing.'),
};
const allowOutside = {
  name: 'allow_outside_district',
  in: 'query',
  description: 'true to write a feature that lies far outside the district on purpose.',
  schema: { type: 'boolean' },
};

/** OGC API – Features Part 4 on one layer: replace, merge-patch and delete one feature. */
function itemWrites(layer: LayerDef, name: string): Record<string, Schema> {
  const feature = ref(`${name}Feature`);
  const operation = (verb: string, summary: string, body?: Schema, bodyType = GEOJSON) => ({
    summary: `${layer.title.zh}: ${summary}`,
    operationId: `${verb}${name}Item`,
    tags: [layer.group],
    // A responder may patch the live fields (a shelter's status and free places) and nothing else.
    ...needs(verb === 'update' ? 'responder' : 'planner'),
    parameters: [featureIdParameter, ifMatch, ...(body ? [allowOutside] : [])],
    ...(body ? { requestBody: { required: true, ...json(body, bodyType) } } : {}),
    responses: {
      ...(body ? { '200': { description: 'The feature as stored.', ...json(feature, GEOJSON) } } : {}),
      ...(body ? {} : { '204': { description: 'Deleted.' } }),
      ...writeErrors,
    },
  });
  return {
    put: operation('replace', 'replace one feature', feature),
    patch: operation(
      'update',
      'change some fields (JSON Merge Patch)',
      { type: 'object' },
      'application/merge-patch+json',
    ),
    delete: operation('delete', 'delete one feature'),
  };
}

/** Creating features: one, or a FeatureCollection all-or-nothing. */
function itemsCreate(layer: LayerDef, name: string): Schema {
  return {
    summary: `${layer.title.zh}: create one feature, or a FeatureCollection all or nothing`,
    operationId: `create${name}Items`,
    tags: [layer.group],
    ...needs('planner'),
    parameters: [allowOutside],
    requestBody: {
      required: true,
      ...json({ oneOf: [ref(`${name}Feature`), { type: 'object', required: ['type', 'features'] }] }, GEOJSON),
    },
    responses: {
      '201': {
        description: 'Created; Location and ETag name the new feature.',
        ...json(ref(`${name}Feature`), GEOJSON),
      },
      '409': problem('A feature with this id, or this source and external_id, exists already.'),
      ...writeErrors,
    },
  };
}

const get = (operationId: string, summary: string, schema: Schema, errors: Record<string, unknown> = {}) => ({
  get: { operationId, summary, responses: { '200': { description: summary, ...json(schema) }, ...errors } },
});

const collectionIdParameter = {
  name: 'collectionId',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: layers.map((l) => l.id) },
};

/** The OpenAPI 3.1 document of the API, built from the layer registry so it cannot drift from the routes. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, unknown> = {
    '/': get('getLandingPage', 'Landing page', ref('LandingPage')),
    '/conformance': get('getConformance', 'Conformance classes', ref('Conformance')),
    '/api': get('getApi', 'This document', { type: 'object' }),
    '/collections': get('getCollections', 'Every layer', ref('Collections')),
    '/collections/{collectionId}': {
      get: {
        ...get('getCollection', 'One layer', ref('Collection'), { '404': problem('No such collection.') }).get,
        parameters: [collectionIdParameter],
      },
    },
    '/collections/{collectionId}/queryables': {
      get: {
        operationId: 'getQueryables',
        summary: 'The properties a collection may be filtered by (JSON Schema)',
        parameters: [collectionIdParameter],
        responses: {
          '200': { description: 'Queryables', ...json({ type: 'object' }, 'application/schema+json') },
          '404': problem('No such collection.'),
        },
      },
    },
    '/collections/{collectionId}/schema': {
      get: {
        operationId: 'getSchema',
        summary: 'The properties of a collection’s features with their labels (JSON Schema)',
        parameters: [collectionIdParameter],
        responses: {
          '200': { description: 'Schema', ...json({ type: 'object' }, 'application/schema+json') },
          '404': problem('No such collection.'),
        },
      },
    },
  };
  const schemas: Record<string, Schema> = {
    Link: {
      type: 'object',
      required: ['href', 'rel'],
      properties: {
        href: { type: 'string' },
        rel: { type: 'string' },
        type: { type: 'string' },
        title: { type: 'string' },
      },
    },
    Problem: {
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
    },
    LandingPage: {
      type: 'object',
      required: ['title', 'links'],
      properties: {
        title: { type: 'string' },
        description: { type: 'string' },
        links: { type: 'array', items: ref('Link') },
      },
    },
    Conformance: {
      type: 'object',
      required: ['conformsTo'],
      properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
    },
    Collection: {
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
    },
    User: userSchema,
    Publication: publicationSchema,
    Scenario: scenarioSchema,
    Collections: {
      type: 'object',
      required: ['collections', 'links'],
      properties: {
        collections: { type: 'array', items: ref('Collection') },
        links: { type: 'array', items: ref('Link') },
      },
    },
  };
  paths['/collections/depots/items/{featureId}/stock/{item}'] = stockPaths();
  Object.assign(paths, analysisPaths());
  paths['/import/{layer}'] = importPath();
  Object.assign(paths, exportPaths(collectionIdParameter, commonParameters.bbox));
  Object.assign(paths, tilePaths({ ...collectionIdParameter, name: 'layer' }));
  schemas.TileJSON = tileJsonSchema;
  Object.assign(paths, accountPaths(), publicationPaths(), scenarioPaths());
  Object.assign(schemas, securityAuditSchemas);
  for (const layer of layers) {
    Object.assign(paths, layerPaths(layer));
    Object.assign(schemas, featureSchemas(layer));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OneMap 应急一张图 API',
      version: '1.0.0',
      description:
        'OGC API – Features over the layers of an emergency-management one map. Anonymous readers get public ' +
        'fields; a bearer token adds internal ones (contacts, stock, crews).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{}, { bearer: [] }],
  };
}

function stockPaths(): Schema {
  const parameters = [
    featureIdParameter,
    { name: 'item', in: 'path', required: true, schema: { type: 'string' } },
    ifMatch,
  ];
  const depot = { description: 'The depot with its stock.', ...json(ref('DepotsFeature'), GEOJSON) };
  return {
    put: {
      summary: '物资储备库: set the stock of one item (staff)',
      operationId: 'setDepotStock',
      tags: ['resources'],
      ...needs('responder'),
      parameters,
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          required: ['quantity', 'unit'],
          properties: {
            quantity: { type: 'number', minimum: 0 },
            unit: { type: 'string' },
            expires_on: { type: ['string', 'null'], format: 'date' },
          },
          additionalProperties: false,
        }),
      },
      responses: { '200': depot, ...writeErrors },
    },
    delete: {
      summary: '物资储备库: remove one item from the stock (staff)',
      operationId: 'removeDepotStock',
      tags: ['resources'],
      ...needs('responder'),
      parameters,
      responses: { '200': depot, ...writeErrors },
    },
  };
}

/** The analysis endpoints, their request bodies described from the very schemas that check them. */
function analysisPaths(): Record<string, Schema> {
  const answer = (description: string) => ({ description, ...json({ type: 'object' }) });
  const errors = { '400': problem('The request is not valid; invalid-params names each field.') };
  // A saved scenario is read by staff only, and must exist.
  const scenarioErrors = {
    '401': problem('`scenario` names a saved scenario, which needs a signed-in user.'),
    '404': problem('There is no scenario of that id; invalid-params names the field.'),
  };
  const op = (operationId: string, summary: string, schema?: z.ZodType) => ({
    operationId,
    summary,
    tags: ['analysis'],
    ...(schema ? { requestBody: bodyOf(schema) } : {}),
    responses: { '200': answer(summary), ...errors, ...(schema === coverageRequest ? scenarioErrors : {}) },
  });
  const coverageTarget = {
    name: 'target',
    in: 'path',
    required: true,
    schema: { type: 'string', enum: ['shelters', 'cameras', 'broadcast', 'fire_stations'] },
  };
  return {
    '/analysis/nearest': {
      post: op(
        'nearest',
        'The k nearest depots, teams, shelters or fire stations for a need (straight line)',
        nearestRequest,
      ),
    },
    '/analysis/around': {
      post: op('around', 'Risks, resources and protected targets within R km of an incident', aroundRequest),
    },
    '/analysis/coverage/{target}': {
      get: {
        ...op('coverage', 'Coverage of shelters, cameras, broadcast terminals or fire stations'),
        parameters: [coverageTarget],
      },
      post: {
        ...op(
          'coverageWhatIf',
          'Coverage with proposed, unsaved features or a saved scenario’s: before, after and the difference',
          coverageRequest,
        ),
        parameters: [coverageTarget],
      },
    },
    '/analysis/exposure': {
      get: op('exposure', 'What lies in each risk level; shelters in red/orange or geohazard zones; understated zones'),
      post: op('exposureWhatIf', 'Exposure with proposed features or a saved scenario’s', coverageRequest),
    },
    '/analysis/scorecard': {
      get: op('scorecard', 'The plan indicators against the district profile’s targets, per township'),
      post: op('scorecardWhatIf', 'The scorecard with proposed features or a saved scenario’s', coverageRequest),
    },
    '/analysis/scorecard/compare': {
      get: {
        operationId: 'compareScenarios',
        summary: 'The scorecard now and with each saved scenario, side by side, each with its change from now (staff)',
        tags: ['analysis'],
        ...needs('responder'),
        parameters: [
          {
            name: 'scenarios',
            in: 'query',
            required: true,
            description: 'Scenario ids, comma-separated (at most 10).',
            style: 'form',
            explode: false,
            schema: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 10 },
          },
        ],
        responses: {
          '200': answer('{ now: scorecard, scenarios: [{ id, title, revision, scorecard, delta }] }'),
          ...errors,
          '401': problem('Not signed in.'),
          '404': problem('There is no scenario of one of the ids; invalid-params names `scenarios`.'),
        },
      },
    },
    '/analysis/siting': {
      post: op('siting', 'The next k sites adding the most coverage (greedy maximal covering)', sitingRequest),
    },
  };
}

function importPath(): Schema {
  const query = (name: string, description: string, schema: Schema = { type: 'string' }) => ({
    name,
    in: 'query',
    description,
    schema,
  });
  return {
    post: {
      operationId: 'importFile',
      summary: 'Import a file into a layer (planners): the report first, all or nothing',
      tags: ['import'],
      ...needs('planner'),
      parameters: [
        { ...collectionIdParameter, name: 'layer' },
        query('filename', 'The file’s name; its extension and census table code are read.'),
        query('crs', 'The coordinate system when the file does not say, e.g. EPSG:4549.'),
        query('gcj02', 'true: coordinates are GCJ-02 (AMap, Tencent).', { type: 'boolean' }),
        query('bd09', 'true: coordinates are BD-09 (Baidu).', { type: 'boolean' }),
        query('map', 'Column=field pairs, comma-separated, e.g. 场所名称=name.'),
        query('dry_run', 'true: the report only, nothing written.', { type: 'boolean' }),
        query('skip_bad', 'true: write the good rows, skip those with problems.', { type: 'boolean' }),
        query('source', 'The source recorded on every feature.'),
      ],
      requestBody: {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        '200': { description: 'The import report.', ...json({ type: 'object' }) },
        '400': problem('The file cannot be read; invalid-params names the part.'),
        '401': problem('Not signed in.'),
        '403': problem('Needs a planner.'),
        '413': problem(
          'The file is larger than one import reads (a line over 1 MB, over 500 columns or 500,000 rows, more memory or time than a worker has); invalid-params names the file.',
        ),
        '422': problem('Rows have problems, so nothing was written; the report is included.'),
        '503': problem('Every import worker is busy and the queue is full; Retry-After says when to try again.'),
      },
    },
  };
}
