import type { z } from 'zod';
import { HttpProblem, type InvalidParam } from './problem.ts';

/** zod's issues as problem+json's invalid-params, each named by its place in the request. */

export function pathName(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
    prefix,
  );
}

export function issuesToParams(prefix: string, issues: z.core.$ZodIssue[]): InvalidParam[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        name: pathName(prefix, [...issue.path, key]),
        reason: 'is not a known field',
      }));
    }
    return [{ name: pathName(prefix, issue.path), reason: issue.message }];
  });
}

export function refuse(params: InvalidParam[]): HttpProblem {
  const shown = params.slice(0, 50);
  const detail = shown.map((p) => `${p.name}: ${p.reason}`).join('; ');
  return new HttpProblem(400, 'Invalid request', detail, shown);
}

/** Parses a request part with a schema, or refuses it naming every problem. */
export function parseOrRefuse<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw refuse(issuesToParams(prefix, result.error.issues));
  return result.data;
}
