import type { Request, Response } from 'express';
import { HttpProblem, invalidParam } from './problem.ts';

/** The revision is the ETag: a strong validator that moves on with every write. */
export function setEtag(res: Response, revision: number): void {
  res.set('ETag', `"${revision}"`);
}

/** The revision a write was based on, from If-Match; a write without one could overwrite a colleague's. */
export function expectedRevision(req: Request): number {
  const header = req.get('if-match');
  if (!header) {
    throw new HttpProblem(
      428,
      'Precondition required',
      'If-Match: send the ETag of the feature you edited, so a colleague’s change is not overwritten.',
      [{ name: 'If-Match', reason: 'is required for this write' }],
    );
  }
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header);
  if (!match) throw invalidParam('If-Match', 'must be the ETag as the API sent it, e.g. "3"');
  return Number(match[1]);
}

export function requireContentType(req: Request, types: string[]): void {
  if (!req.is(types)) {
    throw new HttpProblem(415, 'Unsupported media type', `Content-Type must be ${types.join(' or ')}.`, [
      { name: 'Content-Type', reason: `must be ${types.join(' or ')}` },
    ]);
  }
}
