import { Router } from 'express';
import { hashPassword } from '../accounts/passwords.ts';
import { userChangeEvents } from '../accounts/security-events.ts';
import { newUser, userChanges, username } from '../accounts/user-schema.ts';
import { requireRole } from '../http/auth.ts';
import { requireContentType } from '../http/preconditions.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { Store } from '../store/index.ts';

/**
 * Administrators keep the staff list: add people, change their role or password, disable them.
 * Each change goes to the security audit.
 */
export function usersRouter(store: Store): Router {
  const router = Router();
  router.use('/users', requireRole('admin'));

  router.get('/users', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ users: await store.accounts.listUsers() });
  });

  router.post('/users', async (req, res) => {
    requireContentType(req, ['application/json']);
    const { password, ...user } = parseOrRefuse(newUser, req.body);
    if (await store.accounts.findUser(user.username)) {
      throw new HttpProblem(409, 'Conflict', `username: ${user.username} is taken.`, [
        { name: 'username', reason: 'is taken' },
      ]);
    }
    const created = await store.accounts.createUser({ ...user, password_hash: await hashPassword(password) });
    await auditSecurity(store, req, res, {
      event: 'user_added',
      subject: created.username,
      details: { role: created.role, display_name: created.display_name },
    });
    res.status(201).location(`/users/${created.username}`).json(created);
  });

  router.patch('/users/:username', async (req, res) => {
    requireContentType(req, ['application/json', 'application/merge-patch+json']);
    const name = parseOrRefuse(username, req.params.username, 'username');
    const { password, ...changes } = parseOrRefuse(userChanges, req.body);
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
  });

  return router;
}
