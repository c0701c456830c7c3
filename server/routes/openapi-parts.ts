import { z } from 'zod';
import type { Role } from '../../catalog/roles.ts';

/** Small builders shared by the parts of the OpenAPI document. */

export type Schema = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: Schema, type = 'application/json') => ({ content: { [type]: { schema } } });

export const problem = (description: string) => ({
  description,
  ...json(ref('Problem'), 'application/problem+json'),
});

/** An operation for signed-in staff: the least role it needs, which every role above it has too. */
export const needs = (role: Role) => ({ security: [{ bearer: [] }], 'x-onemap-role': role });

/** A request body described from the very zod schema that checks it. */
export const bodyOf = (schema: z.ZodType) => ({
  required: true,
  ...json(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema),
});
