import { beforeAll, describe, expect, it } from 'vitest';
import { as, TEST_PASSWORD } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

describe.each(backends())('accounts on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string | undefined> = {}) =>
    writer(served.api.url)(method, path, body, { 'content-type': 'application/json', ...headers });
  const signIn = (username: string, password: string) =>
    send('POST', '/auth/sign-in', { username, password }, { authorization: undefined });

  it('signs a user in with a token that reads internal fields, and signs them out', async () => {
    const reply = await signIn('responder', TEST_PASSWORD);
    expect(reply.status).toBe(201);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body.user).toMatchObject({ username: 'responder', role: 'responder' });
    expect(reply.body.user).not.toHaveProperty('password_hash');
    expect(Date.parse(reply.body.expires_at) - Date.now()).toBeGreaterThan(11 * 3600_000);
    const bearer = { authorization: `Bearer ${reply.body.token}` };

    const me = await send('GET', '/auth/me', undefined, bearer);
    expect(me.body).toMatchObject({ username: 'responder', role: 'responder' });
    const shelters = await served.api.get('/collections/shelters/items?limit=1', bearer);
    expect(shelters.body.features[0].properties).toHaveProperty('contact_phone');

    expect((await send('POST', '/auth/sign-out', {}, bearer)).status).toBe(204);
    const after = await send('GET', '/auth/me', undefined, bearer);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a wrong password or an unknown user alike, and after five failures the right one too, alike', async () => {
    const unknown = await signIn('nobody', TEST_PASSWORD);
    const wrong = await signIn('publisher', 'not the password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(wrong.body);
    for (let i = 0; i < 4; i++) expect((await signIn('publisher', `wrong ${i}`)).status).toBe(401);
    const locked = await signIn('publisher', TEST_PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(wrong.body);
    // The test token was issued before the lock and stays good: a lock stops guessing, not work.
    expect((await send('GET', '/auth/me', undefined, as('publisher'))).status).toBe(200);
  });

  it('names the field of a malformed sign-in', async () => {
    const reply = await send(
      'POST',
      '/auth/sign-in',
      { username: 'admin', password: 12 },
      { authorization: undefined },
    );
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params']).toEqual([{ name: 'password', reason: 'must be text' }]);
    const extra = await send('POST', '/auth/sign-in', { username: 'admin', password: 'x', role: 'admin' });
    expect(extra.body['invalid-params']).toEqual([{ name: 'role', reason: 'is not a known field' }]);
  });

  it('lets an administrator add a user, change the role, reset the password and disable them', async () => {
    const admin = as('admin');
    const created = await send(
      'POST',
      '/users',
      { username: 'wang.li', display_name: '王力', role: 'planner', password: 'a long password' },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'wang.li', role: 'planner', active: true });
    expect(created.body).not.toHaveProperty('password_hash');
    const session = await signIn('wang.li', 'a long password');
    expect(session.status).toBe(201);
    const bearer = { authorization: `Bearer ${session.body.token}` };

    const promoted = await send('PATCH', '/users/wang.li', { role: 'publisher' }, admin);
    expect(promoted.body.role).toBe('publisher');
    expect((await send('GET', '/auth/me', undefined, bearer)).body.role).toBe('publisher');

    await send('PATCH', '/users/wang.li', { password: 'another long one' }, admin);
    expect((await send('GET', '/auth/me', undefined, bearer)).status).toBe(401);
    expect((await signIn('wang.li', 'a long password')).status).toBe(401);
    const again = await signIn('wang.li', 'another long one');
    expect(again.status).toBe(201);

    await send('PATCH', '/users/wang.li', { active: false }, admin);
    expect((await send('GET', '/auth/me', undefined, { authorization: `Bearer ${again.body.token}` })).status).toBe(
      401,
    );
    expect((await signIn('wang.li', 'another long one')).status).toBe(401);
    const listed = await send('GET', '/users', undefined, admin);
    expect(listed.body.users.find((u: { username: string }) => u.username === 'wang.li').active).toBe(false);
  });

  describe('refuses bad user changes by field', () => {
    const cases: Array<[string, string, string, unknown, string]> = [
      [
        'a user name with a space',
        'POST',
        '/users',
        { username: 'A B', display_name: 'x', role: 'planner', password: 'long enough!' },
        'username',
      ],
      [
        'a role there is not',
        'POST',
        '/users',
        { username: 'zhao', display_name: 'x', role: 'chief', password: 'long enough!' },
        'role',
      ],
      [
        'a short password',
        'POST',
        '/users',
        { username: 'zhao', display_name: 'x', role: 'planner', password: 'short' },
        'password',
      ],
      [
        'a user name taken',
        'POST',
        '/users',
        { username: 'planner', display_name: 'x', role: 'planner', password: 'long enough!' },
        'username',
      ],
      ['the only administrator made a planner', 'PATCH', '/users/admin', { role: 'planner' }, 'role'],
      ['the only administrator disabled', 'PATCH', '/users/admin', { active: false }, 'active'],
      ['a field there is not', 'PATCH', '/users/planner', { is_admin: true }, 'is_admin'],
    ];
    let before: Awaited<ReturnType<typeof storeDigest>>;

    beforeAll(async () => {
      before = await storeDigest(served.store);
    });

    it.each(cases)('%s (%s %s) names %s', async (_what, method, path, body, field) => {
      const reply = await send(method, path, body, as('admin'));
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
    });

    it('writes nothing for any of them', async () => {
      expect(await storeDigest(served.store)).toEqual(before);
      const users = await send('GET', '/users', undefined, as('admin'));
      expect(users.body.users.map((u: { username: string }) => u.username)).not.toContain('zhao');
      expect(users.body.users.find((u: { username: string }) => u.username === 'admin')).toMatchObject({
        role: 'admin',
        active: true,
      });
    });
  });

  it('lets a responder set a shelter open or closed and its free places, and nothing else', async () => {
    const page = await served.api.get('/collections/shelters/items?limit=1', as('responder'));
    const shelter = page.body.features[0];
    const path = `/collections/shelters/items/${shelter.id}`;
    const etag = `"${shelter.properties.revision}"`;
    const responder = { ...as('responder'), 'if-match': etag, 'content-type': 'application/merge-patch+json' };

    const renamed = await send('PATCH', path, { properties: { name: '改名' } }, responder);
    expect(renamed.status).toBe(403);
    expect(renamed.body['invalid-params']).toEqual([{ name: 'properties.name', reason: 'needs the role planner' }]);
    const moved = await send('PATCH', path, { geometry: { type: 'Point', coordinates: [119, 25.5] } }, responder);
    expect(moved.body['invalid-params'][0].name).toBe('geometry');

    const live = await send('PATCH', path, { properties: { status: 'open', free_places: 120 } }, responder);
    expect(live.status).toBe(200);
    expect(live.body.properties).toMatchObject({ status: 'open', free_places: 120, updated_by: 'responder' });
    const zones = await served.api.get('/collections/risk_zones/items?limit=1');
    const zone = zones.body.features[0];
    const zoneReply = await send(
      'PATCH',
      `/collections/risk_zones/items/${zone.id}`,
      { properties: { level: 1 } },
      { ...responder, 'if-match': `"${zone.properties.revision}"` },
    );
    expect(zoneReply.status).toBe(403);
    expect(zoneReply.body.detail).toMatch(/none in this layer/);
  });

  it('shows administrators the audit, filtered by layer, user and time', async () => {
    const admin = as('admin');
    const since = new Date(Date.now() - 1000).toISOString();
    const created = await send(
      'POST',
      '/collections/hazards/items',
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [119.0, 25.6] },
        properties: { name: '审计测试隐患点', kind: 'landslide', stage: 'found' },
      },
      { ...as('planner'), 'content-type': 'application/geo+json' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const all = await send('GET', `/audit?since=${encodeURIComponent(since)}`, undefined, admin);
    expect(all.status).toBe(200);
    const mine = all.body.entries.find((e: { feature_id: string }) => e.feature_id === created.body.id);
    expect(mine).toMatchObject({ layer: 'hazards', action: 'create', changed_by: 'planner' });

    const byUser = await send('GET', '/audit?user=planner&layer=hazards&limit=5', undefined, admin);
    expect(byUser.body.entries.length).toBeGreaterThan(0);
    for (const e of byUser.body.entries) expect(e).toMatchObject({ layer: 'hazards', changed_by: 'planner' });
    const none = await send('GET', `/audit?until=${encodeURIComponent(since)}&user=planner`, undefined, admin);
    expect(none.body.entries.map((e: { feature_id: string }) => e.feature_id)).not.toContain(created.body.id);

    const paged = await send('GET', '/audit?limit=1', undefined, admin);
    expect(paged.body.links[0].rel).toBe('next');
    expect(paged.body.numberMatched).toBeGreaterThan(1);

    const bad = await send('GET', '/audit?layer=nope&since=yesterday', undefined, admin);
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params'].map((p: { name: string }) => p.name).sort()).toEqual(['layer', 'since']);
    expect((await send('GET', '/audit', undefined, as('publisher'))).status).toBe(403);
  });
});
