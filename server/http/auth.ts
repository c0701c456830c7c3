import type { RequestHandler, Response } from 'express';
import { hasRole, ROLE_LABELS, type Role } from '../../catalog/roles.ts';
import type { User } from '../../catalog/users.ts';
import { tokenDigest } from '../accounts/tokens.ts';
import type { Visibility } from '../layers/registry.ts';
import type { AccountStore } from '../store/accounts.ts';
import { HttpProblem } from './problem.ts';

declare global {
  namespace Express {
    interface Locals {
      /** The signed-in user; absent for the public. */
      user?: User;
      /** Which fields the request may read: internal ones need an account. */
      audience: Visibility;
    }
  }
}

/**
 * What a browser or proxy may keep of a staff answer: it may hold internal fields (contacts, stock,
 * crews), so it is never stored, not even by the reader's own browser, whose cache outlives a
 * sign-out on a shared duty-room PC. A route whose staff answer holds nothing internal, or that
 * revalidates by an ETag naming the audience (tiles), may say otherwise.
 */
const STAFF_CACHE_CONTROL = 'private, no-store';

/**
 * Sets `res.locals.user` and `res.locals.audience`: anonymous readers see public fields; a request
 * bearing a live token sees internal ones too. A token that is present but wrong is refused rather
 * than ignored, so a client with an expired session learns it instead of silently reading less.
 * Every answer from here on depends on who asks, so caches key on Authorization.
 */
export function authenticate(accounts: AccountStore): RequestHandler {
  return async (req, res, next) => {
    res.locals.audience = 'public';
    res.vary('Authorization');
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(unauthorized(res, 'Authorization must be "Bearer <token>".'));
    try {
      const user = await accounts.userForToken(tokenDigest(match[1]));
      if (!user) return next(unauthorized(res, 'The token is not valid or has expired: sign in again.'));
      res.locals.user = user;
      res.locals.audience = 'internal';
      res.set('Cache-Control', STAFF_CACHE_CONTROL);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Refuses anyone without an account (401) or whose role is below `least` (403). */
export function requireRole(least: Role): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.user;
    if (!user) return next(unauthorized(res, `This needs a signed-in ${least}: send Authorization: Bearer <token>.`));
    if (!hasRole(user.role, least)) {
      return next(
        new HttpProblem(
          403,
          'Forbidden',
          `This needs the role ${least} (${ROLE_LABELS[least].zh}) or above; ${user.username} is a ${user.role}.`,
        ),
      );
    }
    next();
  };
}

function unauthorized(res: Response, detail: string): HttpProblem {
  res.set('WWW-Authenticate', 'Bearer');
  return new HttpProblem(401, 'Unauthorized', detail);
}

/** Who a write is recorded against in the history. */
export function userOf(res: Response): string {
  const user = res.locals.user;
  if (!user) throw new Error('A write reached the store without a signed-in user.');
  return user.username;
}
