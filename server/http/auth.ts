import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Visibility } from '../layers/registry.ts';
import { HttpProblem } from './problem.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the length nor the content of the key leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Sets `res.locals.audience`: anonymous readers see public fields; a request bearing the API key
 * sees internal ones too. A token that is present but wrong is refused rather than ignored.
 */
export function audience(apiKey: string | undefined): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) {
      res.locals.audience = 'public' satisfies Visibility;
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return next(new HttpProblem(401, 'Unauthorized', 'Authorization must be "Bearer <token>".'));
    }
    if (!apiKey || !sameSecret(match[1], apiKey)) {
      return next(new HttpProblem(401, 'Unauthorized', 'The token is not valid.'));
    }
    res.locals.audience = 'internal' satisfies Visibility;
    next();
  };
}

/** Writes and history are for signed-in staff. */
export const requireStaff: RequestHandler = (_req, res, next) => {
  if (res.locals.audience === 'internal') return next();
  res.set('WWW-Authenticate', 'Bearer');
  next(new HttpProblem(401, 'Unauthorized', 'This needs a signed-in user: send Authorization: Bearer <token>.'));
};
