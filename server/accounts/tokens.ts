import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: guessing one is not a strategy, so no timing-safe compare is needed on lookup. */
export function newToken(): string {
  return `om_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are looked up by digest; the database never holds one that would sign anybody in. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
