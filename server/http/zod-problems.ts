import type { z } from 'zod';
import { namedIssues } from '../input/named-issues.ts';
import { refuse } from './problem.ts';

/** Parses a request part with a schema, or refuses it naming every problem. */
export function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw refuse(namedIssues(prefix, result.error.issues));
  return result.data;
}
