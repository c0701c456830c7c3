import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../../catalog/roles.ts';
import { layers } from '../layers/registry.ts';
import { COMPONENTS } from './openapi-components.ts';
import { problem, type Schema } from './openapi-parts.ts';
import type { Description, Operation, Parameter } from './operations.ts';

/**
 * The OpenAPI 3.1 document of a list of operations: the very list the app mounts, so the document
 * cannot drift from the routes. Bodies and queries are described from the zod schemas the handlers
 * parse with; the role, the turns of a heavy read and the media types checked add their refusals.
 */

const asJsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;

/** A query's parameters from its zod schema: a comma-separated list is an array, written once (form, not exploded). */
function queryParameters(schema: z.ZodType | undefined): Parameter[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = asJsonSchema(schema) as {
    properties?: Record<string, Schema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    ...(required.includes(name) ? { required: true } : {}),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    ...(property.type === 'array' ? { style: 'form', explode: false } : {}),
    schema: property,
  }));
}

function requestBody(op: Operation, described: Description) {
  if (!op.body) return {};
  const schema = described.bodySchema ?? (op.body.schema ? asJsonSchema(op.body.schema) : {});
  const content = Object.fromEntries((op.body.types ?? ['application/json']).map((type) => [type, { schema }]));
  return { requestBody: { required: !op.body.optional, content } };
}

/** The refusals an operation's own declarations imply, unless its description words them itself. */
function impliedResponses(op: Operation): Record<string, Schema> {
  const implied: Record<string, Schema> = {};
  if (op.body?.schema || op.query)
    implied['400'] = problem('The request is not valid; invalid-params names each field.');
  if (op.role) implied['401'] = problem('Not signed in, or the token has expired.');
  // Every signed-in user has the least role, so only a higher one can be refused.
  if (op.role && op.role !== ROLES[0]) {
    implied['403'] = problem(`Needs the role ${op.role} (${ROLE_LABELS[op.role].zh}) or above.`);
  }
  if (op.body?.strict) implied['415'] = problem(`The body is not ${(op.body.types ?? ['JSON']).join(' or ')}.`);
  if (op.turns) {
    implied['429'] = problem('Too many of these requests at once; Retry-After says when to try again.');
  }
  return implied;
}

const byStatus = (responses: Record<string, Schema>) =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));

function describe(op: Operation, described: Description): Schema {
  const { operationId, summary, description, tags, parameters = [], responses } = described;
  const all = [...parameters, ...queryParameters(op.query)];
  return {
    operationId,
    summary,
    ...(description ? { description } : {}),
    tags,
    ...(op.role ? { security: [{ bearer: [] }], 'x-onemap-role': op.role } : {}),
    ...(all.length ? { parameters: all } : {}),
    ...requestBody(op, described),
    responses: byStatus({ ...impliedResponses(op), ...responses }),
  };
}

/** Each documented path of an operation with what is said of it there: one, or one per layer. */
function documented(op: Operation): Array<[string, Schema]> {
  if (!op.eachLayer) return [[op.path, describe(op, op)]];
  const { eachLayer } = op;
  return layers.map((layer) => [op.path.replace('{collectionId}', layer.id), describe(op, eachLayer(layer))]);
}

/** The document of these operations for a server at `serverUrl`; the paths are described once, on the first call. */
export function openApiDocument(operations: Operation[]): (serverUrl: string) => Schema {
  let paths: Record<string, Record<string, Schema>> | undefined;
  return (serverUrl) => {
    if (!paths) {
      paths = {};
      for (const op of operations) {
        for (const [path, operation] of documented(op)) paths[path] = { ...paths[path], [op.method]: operation };
      }
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
        schemas: COMPONENTS,
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{}, { bearer: [] }],
    };
  };
}
