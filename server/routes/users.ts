import { hashPassword } from '../accounts/passwords.ts';
import { userChangeEvents } from '../accounts/security-events.ts';
import { newUser, userChanges, username } from '../accounts/user-schema.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { Store } from '../store/index.ts';
import { json, problem, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const tags = ['accounts'];
const user = { description: 'The user.', ...json(ref('User')) };

/**
 * Administrators keep the staff list: add people, change their role or password, disable them.
 * Each change goes to the security audit.
 */
export function userOperations(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/users',
      role: 'admin',
      operationId: 'listUsers',
      summary: 'Every staff account (administrators)',
      tags,
      responses: {
        '200': {
          description: 'The users.',
          ...json({ type: 'object', properties: { users: { type: 'array', items: ref('User') } } }),
        },
      },
      handler: async (_req, res) => {
        res.set('Cache-Control', 'no-store').json({ users: await store.accounts.listUsers() });
      },
    }),
    operation({
      method: 'post',
      path: '/users',
      role: 'admin',
      body: { schema: newUser, strict: true },
      operationId: 'addUser',
      summary: 'Add a staff account (administrators)',
      tags,
      responses: {
        '201': user,
        '400': problem('invalid-params names each field.'),
        '409': problem('The user name is taken.'),
      },
      handler: async (req, res, input) => {
        const { password, ...fields } = input.body();
        if (await store.accounts.findUser(fields.username)) {
          throw new HttpProblem(409, 'Conflict', `username: ${fields.username} is taken.`, [
            { name: 'username', reason: 'this user name is taken' },
          ]);
        }
        const created = await store.accounts.createUser({ ...fields, password_hash: await hashPassword(password) });
        await auditSecurity(store, req, res, {
          event: 'user_added',
          subject: created.username,
          details: { role: created.role, display_name: created.display_name },
        });
        res.status(201).location(`/users/${created.username}`).json(created);
      },
    }),
    operation({
      method: 'patch',
      path: '/users/{username}',
      role: 'admin',
      body: { schema: userChanges, types: ['application/json', 'application/merge-patch+json'], strict: true },
      operationId: 'changeUser',
      summary: 'Change a user’s name, role, password or whether they may sign in (administrators)',
      tags,
      parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': user,
        '400': problem('invalid-params names each field; the last administrator stays one.'),
        '404': problem('No such user.'),
      },
      handler: async (req, res, input) => {
        const { password, ...changes } = input.body();
        const name = parseOrRefuse(username, req.params.username, 'username');
        const demotes = changes.active === false || (changes.role !== undefined && changes.role !== 'admin');
        const target = await store.accounts.findUser(name);
        if (!target) throw notFound(`There is no user ${name}.`);
        if (demotes && target.role === 'admin' && (await store.accounts.countActiveAdmins()) <= 1) {
          throw invalidParam(changes.active === false ? 'active' : 'role', 'would leave no active administrator');
        }
        const updated = await store.accounts.updateUser(name, {
          ...changes,
          password_hash: password === undefined ? undefined : await hashPassword(password),
        });
        for (const entry of userChangeEvents(target, { ...changes, password })) {
          await auditSecurity(store, req, res, entry);
        }
        res.json(updated);
      },
    }),
  ];
}
