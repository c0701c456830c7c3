import type { NamedProblem } from '../input/named-issues.ts';

/**
 * Why features were refused before anything was written, in the domain's words: each problem named by
 * its place in what was sent. Validation throws it whoever asked — an edit, a scenario, an import —
 * and the HTTP layer turns it into a 400 (server/http/problem.ts), as it does the store's errors.
 */
export class InvalidFeatures extends Error {
  constructor(readonly problems: NamedProblem[]) {
    super(
      problems
        .slice(0, 50)
        .map((p) => `${p.name}: ${p.reason}`)
        .join('; '),
    );
  }
}
