import type { z } from 'zod';
// zod's unworded checks say the product's plain phrases from here on (plain-reasons.ts).
import './plain-reasons.ts';

/**
 * zod's issues as problems named by their place in the input (`features[3].properties.capacity`), so
 * whoever refuses the input — an HTTP route, the import, a validation below both — names the same field
 * the same way.
 */

export interface NamedProblem {
  name: string;
  reason: string;
}

export function pathName(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
    prefix,
  );
}

export function namedIssues(prefix: string, issues: z.core.$ZodIssue[]): NamedProblem[] {
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
