import { Router } from 'express';
import { SIGN_IN_POLICY, type SignInPolicy, signIn, signOut } from '../accounts/sign-in.ts';
import { credentials } from '../accounts/user-schema.ts';
import { requireRole } from '../http/auth.ts';
import { requireContentType } from '../http/preconditions.ts';
import { HttpProblem } from '../http/problem.ts';
import { auditSecurity, clientAddress } from '../http/security-audit.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { Store } from '../store/index.ts';

/** Every failed sign-in gets this answer, whatever the reason, so it tells a guesser nothing. */
const REFUSED = new HttpProblem(
  401,
  'Unauthorized',
  'The user name or the password is wrong, or there were too many attempts: try again in a few minutes.',
);

/** Staff sign in with a name and password for a bearer token, and sign out by giving it back. */
export function authRouter(store: Store, policy: SignInPolicy = SIGN_IN_POLICY): Router {
  const router = Router();

  router.post('/auth/sign-in', async (req, res) => {
    requireContentType(req, ['application/json']);
    const { username, password } = parseOrRefuse(credentials, req.body);
    const result = await signIn(store, { username, password, client: clientAddress(req) }, policy);
    if (!result.ok) throw REFUSED;
    res.set('Cache-Control', 'no-store').status(201).json(result.session);
  });

  router.post('/auth/sign-out', requireRole('responder'), async (req, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (token) await signOut(store.accounts, token);
    await auditSecurity(store, req, res, { event: 'sign_out' });
    res.status(204).end();
  });

  router.get('/auth/me', requireRole('responder'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json(res.locals.user);
  });

  return router;
}
