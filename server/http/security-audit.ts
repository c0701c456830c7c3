import type { Request, Response } from 'express';
import type { SecurityEventInput } from '../accounts/security-events.ts';
import type { Store } from '../store/index.ts';
import { userOf } from './auth.ts';

/**
 * The address a request came from, as the sign-in throttle and the security audit know it: the
 * connection's, or behind a proxy named in ONEMAP_TRUST_PROXY the one it forwarded. IPv4 clients
 * of a dual-stack socket are written as IPv4.
 */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}

/** Adds to the security audit what the signed-in user did, from the request's address. */
export function auditSecurity(
  store: Store,
  req: Request,
  res: Response,
  entry: Omit<SecurityEventInput, 'username' | 'client'>,
): Promise<void> {
  return store.securityLog.record({ ...entry, username: userOf(res), client: clientAddress(req) });
}
