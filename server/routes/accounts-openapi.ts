import { z } from 'zod';
import { ROLES } from '../../catalog/roles.ts';
import { SECURITY_EVENTS } from '../accounts/security-events.ts';
import { credentials, newUser, userChanges } from '../accounts/user-schema.ts';
import { auditQuery } from './audit.ts';
import { bodyOf, json, needs, problem, ref, type Schema } from './openapi-parts.ts';
import { securityAuditQuery } from './security-audit.ts';

export const userSchema: Schema = {
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

/** A query's parameters described from the very zod schema that checks them. */
const queryParameters = (schema: z.ZodType) =>
  Object.entries((z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, Schema> }).properties).map(
    ([name, schema]) => ({ name, in: 'query', schema }),
  );

/** Signing in and out, the staff list and the audits. */
export function accountPaths(): Record<string, Schema> {
  const user = { description: 'The user.', ...json(ref('User')) };
  const refused = { '401': problem('Not signed in.'), '403': problem('Needs an administrator.') };
  const username = { name: 'username', in: 'path', required: true, schema: { type: 'string' } };
  const auditParameters = queryParameters(auditQuery);
  return {
    '/auth/sign-in': {
      post: {
        operationId: 'signIn',
        summary: 'Sign in with a user name and password for a bearer token (12 hours)',
        tags: ['accounts'],
        requestBody: bodyOf(credentials),
        responses: {
          '201': {
            description: 'The token, when it expires, and who it is for.',
            ...json({
              type: 'object',
              required: ['token', 'expires_at', 'user'],
              properties: { token: { type: 'string' }, expires_at: { type: ['string', 'null'] }, user: ref('User') },
            }),
          },
          '400': problem('The body is not a user name and password.'),
          '401': problem(
            'Not signed in: the same answer whether the name is unknown, the password wrong, the account ' +
              'disabled, or the client has made too many attempts.',
          ),
        },
      },
    },
    '/auth/sign-out': {
      post: {
        operationId: 'signOut',
        summary: 'End this token’s session',
        tags: ['accounts'],
        ...needs('responder'),
        responses: { '204': { description: 'Signed out.' }, '401': problem('Not signed in.') },
      },
    },
    '/auth/me': {
      get: {
        operationId: 'whoAmI',
        summary: 'The signed-in user',
        tags: ['accounts'],
        ...needs('responder'),
        responses: { '200': user, '401': problem('Not signed in.') },
      },
    },
    '/users': {
      get: {
        operationId: 'listUsers',
        summary: 'Every staff account (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        responses: {
          '200': {
            description: 'The users.',
            ...json({ type: 'object', properties: { users: { type: 'array', items: ref('User') } } }),
          },
          ...refused,
        },
      },
      post: {
        operationId: 'addUser',
        summary: 'Add a staff account (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        requestBody: bodyOf(newUser),
        responses: {
          '201': user,
          '400': problem('invalid-params names each field.'),
          '409': problem('The user name is taken.'),
          ...refused,
        },
      },
    },
    '/users/{username}': {
      patch: {
        operationId: 'changeUser',
        summary: 'Change a user’s name, role, password or whether they may sign in (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        parameters: [username],
        requestBody: bodyOf(userChanges),
        responses: {
          '200': user,
          '400': problem('invalid-params names each field; the last administrator stays one.'),
          '404': problem('No such user.'),
          ...refused,
        },
      },
    },
    '/audit': {
      get: {
        operationId: 'audit',
        summary: 'Every change to every layer, newest first, filtered by layer, user and time (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        parameters: auditParameters,
        responses: {
          '200': { description: 'A page of history entries.', ...json({ type: 'object' }) },
          '400': problem('invalid-params names each parameter.'),
          ...refused,
        },
      },
    },
    ...securityAuditPaths(refused),
  };
}

/** The security audit's entries and pages, for the document's components. */
export const securityAuditSchemas: Record<string, Schema> = {
  SecurityEvent: {
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
  },
  SecurityAuditPage: {
    type: 'object',
    required: ['entries', 'numberMatched', 'numberReturned', 'links'],
    properties: {
      entries: { type: 'array', items: ref('SecurityEvent') },
      numberMatched: { type: 'integer', minimum: 0 },
      numberReturned: { type: 'integer', minimum: 0 },
      links: { type: 'array', items: ref('Link') },
    },
  },
};

/** The security audit: a page as JSON, or every match as a sheet. */
function securityAuditPaths(refused: Record<string, Schema>): Record<string, Schema> {
  const csv = {
    description: 'Every matching entry as CSV (UTF-8 with a BOM, Chinese headers).',
    content: { 'text/csv': { schema: { type: 'string' } } },
  };
  const parameters = queryParameters(securityAuditQuery);
  return {
    '/audit/security': {
      get: {
        operationId: 'securityAudit',
        summary:
          'Sign-ins, failed sign-ins, sign-outs, account changes, publications and imports, newest first (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        parameters,
        responses: {
          '200': {
            description: 'A page of entries; with f=csv every matching entry as a sheet.',
            content: {
              ...json(ref('SecurityAuditPage')).content,
              ...csv.content,
            },
          },
          '400': problem('invalid-params names each parameter.'),
          ...refused,
        },
      },
    },
    '/audit/security.csv': {
      get: {
        operationId: 'securityAuditCsv',
        summary: 'The security audit as a sheet (administrators)',
        tags: ['accounts'],
        ...needs('admin'),
        parameters: parameters.filter((p) => !['limit', 'offset', 'f'].includes(p.name)),
        responses: { '200': csv, '400': problem('invalid-params names each parameter.'), ...refused },
      },
    },
  };
}
