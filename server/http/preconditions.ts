import type { Request, Response } from 'express';
import { HttpProblem, invalidParam } from './problem.ts';

/**
 * The revision is the ETag: a strong validator that moves on with every write, and what a write
 * sends back as If-Match. Anonymous readers get another representation of the same revision (public
 * fields only), so theirs names the audience: a browser revalidating a staff copy for an anonymous
 * reader, or the other way round, never hears 304.
 */
export function setEtag(res: Response, revision: number): void {
  res.set('ETag', res.locals.audience === 'internal' ? `"${revision}"` : `"${revision}-public"`);
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
  if (!match && /^\s*"\d{1,9}-public"\s*$/.test(header)) {
    throw invalidParam('If-Match', 'is the ETag of the copy anonymous readers get: read the feature signed in');
  }
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

/**
 * Whether If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2), so a 304 may answer a
 * GET. Unlike Express's `req.fresh`, a `Cache-Control: no-cache` on the request does not prevent it:
 * fetch() adds one to every request carrying its own If-None-Match, and the origin is the one place
 * that can revalidate.
 */
export function matchesIfNoneMatch(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
