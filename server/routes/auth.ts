import { SIGN_IN_POLICY, type SignInPolicy, signIn, signOut } from '../accounts/sign-in.ts';
import { credentials } from '../accounts/user-schema.ts';
import { HttpProblem } from '../http/problem.ts';
import { auditSecurity, clientAddress } from '../http/security-audit.ts';
import type { Store } from '../store/index.ts';
import { json, problem, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

/** Every failed sign-in gets this answer, whatever the reason, so it tells a guesser nothing. */
const REFUSED = new HttpProblem(
  401,
  'Unauthorized',
  'The user name or the password is wrong, or there were too many attempts: try again in a few minutes.',
);

const tags = ['accounts'];

/** Staff sign in with a name and password for a bearer token, and sign out by giving it back. */
export function authOperations(store: Store, policy: SignInPolicy = SIGN_IN_POLICY): Operation[] {
  return [
    operation({
      method: 'post',
      path: '/auth/sign-in',
      body: { schema: credentials, strict: true },
      operationId: 'signIn',
      summary: 'Sign in with a user name and password for a bearer token (12 hours)',
      tags,
      responses: {
        '201': {
          description: 'The token, when it expires, and who it is for.',
          ...json({
            type: 'object',
            required: ['token', 'expires_at', 'user'],
            properties: { token: { type: 'string' }, expires_at: { type: ['string', 'null'] }, user: ref('User') },
          }),
        },
        '400': problem('The body is not a user name and password.'),
        '401': problem(
          'Not signed in: the same answer whether the name is unknown, the password wrong, the account ' +
            'disabled, or the client has made too many attempts.',
        ),
      },
      handler: async (req, res, input) => {
        const { username, password } = input.body();
        const result = await signIn(store, { username, password, client: clientAddress(req) }, policy);
        if (!result.ok) throw REFUSED;
        res.set('Cache-Control', 'no-store').status(201).json(result.session);
      },
    }),
    operation({
      method: 'post',
      path: '/auth/sign-out',
      role: 'responder',
      operationId: 'signOut',
      summary: 'End this token’s session',
      tags,
      responses: { '204': { description: 'Signed out.' }, '401': problem('Not signed in.') },
      handler: async (req, res) => {
        const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
        if (token) await signOut(store.accounts, token);
        await auditSecurity(store, req, res, { event: 'sign_out' });
        res.status(204).end();
      },
    }),
    operation({
      method: 'get',
      path: '/auth/me',
      role: 'responder',
      operationId: 'whoAmI',
      summary: 'The signed-in user',
      tags,
      responses: { '200': { description: 'The user.', ...json(ref('User')) }, '401': problem('Not signed in.') },
      handler: (_req, res) => {
        res.set('Cache-Control', 'no-store').json(res.locals.user);
      },
    }),
  ];
}
