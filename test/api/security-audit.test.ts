import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, TEST_PASSWORD } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, servedStore } from '../support/http.ts';
import { type Reply, writer } from '../support/write-client.ts';

interface Entry {
  id: number;
  at: string;
  event: string;
  username: string;
  client: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

/** A password nobody has, to look for in everything the audit shows. */
const GUESS = 'hunter2-guessed-secret';

describe.each(backends())('the security audit on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string | undefined> = {}) =>
    writer(served.api.url)(method, path, body, { 'content-type': 'application/json', ...headers });
  const signIn = (username: string, password: string) =>
    send('POST', '/auth/sign-in', { username, password }, { authorization: undefined });
  let validPage: (value: unknown) => boolean;
  let start: string;

  /** The audit's entries since the test file began, newest first, as an administrator reads them. */
  const audit = async (query = ''): Promise<Entry[]> => {
    const reply = await send(
      'GET',
      `/audit/security?since=${encodeURIComponent(start)}&limit=500${query}`,
      undefined,
      as('admin'),
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(validPage(reply.body), JSON.stringify(reply.body).slice(0, 300)).toBe(true);
    return reply.body.entries;
  };
  const csv = async (path: string) => {
    const response = await fetch(served.api.url + path, { headers: as('admin') });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    start = new Date(Date.now() - 1000).toISOString();
    const doc = (await served.api.get('/api')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'openapi');
    const check = ajv.getSchema('openapi#/components/schemas/SecurityAuditPage');
    if (!check) throw new Error('the API document has no SecurityAuditPage');
    validPage = (value) => check(value) as boolean;
  });

  it('records sign-ins, failed ones with the client’s address and why, and sign-outs; never a password', async () => {
    const session = await signIn('planner', TEST_PASSWORD);
    expect(session.status).toBe(201);
    expect((await signIn('planner', GUESS)).status).toBe(401);
    expect((await signIn('ghost', GUESS)).status).toBe(401);
    expect((await send('POST', '/auth/sign-out', {}, { authorization: `Bearer ${session.body.token}` })).status).toBe(
      204,
    );

    const entries = await audit('&event=sign_in,sign_in_failed,sign_out');
    const shape = entries.map(({ event, username, client, details }) => ({ event, username, client, details }));
    expect(shape.slice(0, 4)).toEqual([
      { event: 'sign_out', username: 'planner', client: '127.0.0.1', details: {} },
      { event: 'sign_in_failed', username: 'ghost', client: '127.0.0.1', details: { reason: 'unknown_user' } },
      { event: 'sign_in_failed', username: 'planner', client: '127.0.0.1', details: { reason: 'wrong_password' } },
      { event: 'sign_in', username: 'planner', client: '127.0.0.1', details: {} },
    ]);
    expect(JSON.stringify(entries)).not.toContain(GUESS);
    expect(JSON.stringify(entries)).not.toContain(TEST_PASSWORD);
    expect((await csv('/audit/security.csv')).bytes.toString('utf8')).not.toContain(GUESS);
  });

  it('records each change to an account as an entry of its own: by whom, to whom, what', async () => {
    const admin = as('admin');
    const changes: Array<[string, string, unknown]> = [
      ['POST', '/users', { username: 'zhou.qi', display_name: '周七', role: 'responder', password: 'a long password' }],
      ['PATCH', '/users/zhou.qi', { display_name: '周琦', role: 'planner' }],
      ['PATCH', '/users/zhou.qi', { password: 'another long one' }],
      ['PATCH', '/users/zhou.qi', { active: false }],
      ['PATCH', '/users/zhou.qi', { active: true }],
      // Nothing changes: nothing is recorded.
      ['PATCH', '/users/zhou.qi', { role: 'planner' }],
    ];
    for (const [method, path, body] of changes)
      expect((await send(method, path, body, admin)).status).toBeLessThan(300);

    const entries = await audit('&user=zhou.qi');
    expect(
      entries.map(({ event, username, subject, client, details }) => ({ event, username, subject, client, details })),
    ).toEqual(
      [
        ['user_enabled', {}],
        ['user_disabled', {}],
        ['user_password_reset', {}],
        ['user_role_changed', { from: 'responder', to: 'planner' }],
        ['user_renamed', { from: '周七', to: '周琦' }],
        ['user_added', { role: 'responder', display_name: '周七' }],
      ].map(([event, details]) => ({ event, username: 'admin', subject: 'zhou.qi', client: '127.0.0.1', details })),
    );
  });

  it('records publications, withdrawals and imports: who, which version or layer, which file, how many rows', async () => {
    const published = await send(
      'POST',
      '/publications',
      { title: '=1+1 风险图', map_date: '2026-11-20' },
      as('publisher'),
    );
    expect(published.status).toBe(201);
    const version = published.body.version;
    const withdrawn = await send('POST', `/publications/${version}/withdraw`, { reason: '图面有误' }, as('publisher'));
    expect(withdrawn.status).toBe(200);
    const features = ['审计导入隐患点甲', '审计导入隐患点乙'].map((name, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.0 + i * 0.01, 25.6] },
      properties: { name, kind: 'landslide', stage: 'found' },
    }));
    const imported: Reply = await send(
      'POST',
      `/import/hazards?filename=${encodeURIComponent('隐患点核查.geojson')}`,
      { type: 'FeatureCollection', features },
      { ...as('planner'), 'content-type': 'application/geo+json' },
    );
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(200);
    const dryRun = await send(
      'POST',
      '/import/hazards?filename=dry.geojson&dry_run=true',
      { type: 'FeatureCollection', features },
      { ...as('planner'), 'content-type': 'application/geo+json' },
    );
    expect(dryRun.status).toBe(200);

    const entries = await audit('&event=publication,withdrawal,import');
    expect(entries.map(({ event, username, details }) => ({ event, username, details }))).toEqual([
      {
        event: 'import',
        username: 'planner',
        details: {
          layer: 'hazards',
          file: '隐患点核查.geojson',
          rows: 2,
          created: 2,
          updated: 0,
          unchanged: 0,
          skipped: 0,
        },
      },
      { event: 'withdrawal', username: 'publisher', details: { version, reason: '图面有误' } },
      {
        event: 'publication',
        username: 'publisher',
        details: { version, title: '=1+1 风险图', map_date: '2026-11-20' },
      },
    ]);
  });

  it('filters by time, user and event, pages, and downloads every match as a sheet for Excel', async () => {
    expect((await signIn('@SUM(1)', GUESS)).status).toBe(401);
    const all = await audit();
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const first = await send(
      'GET',
      `/audit/security?since=${encodeURIComponent(start)}&limit=2`,
      undefined,
      as('admin'),
    );
    expect(first.body.numberMatched).toBe(all.length);
    expect(first.body.entries).toEqual(all.slice(0, 2));
    const next = await send('GET', first.body.links[0].href.replace(served.api.url, ''), undefined, as('admin'));
    expect(next.body.entries).toEqual(all.slice(2, 4));
    const before = await send('GET', `/audit/security?until=${encodeURIComponent(start)}`, undefined, as('admin'));
    expect(before.body.entries.map((e: Entry) => e.id)).not.toContain(all[0].id);

    const sheet = await csv(`/audit/security.csv?since=${encodeURIComponent(start)}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(sheet.headers.get('cache-control')).toBe('no-store');
    expect(decodeURIComponent(sheet.headers.get('content-disposition') ?? '')).toMatch(/安全审计-\d{4}-\d\d-\d\d\.csv/);
    expect([...sheet.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = sheet.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('时间（北京时间）,事件,用户,对象,客户端地址,详情');
    expect(lines.slice(1, -1)).toHaveLength(all.length);
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain(
      `${chinaTime(all.find((e) => e.event === 'user_role_changed')?.at)},变更角色,admin,zhou.qi,127.0.0.1,角色：值班应急人员 → 规划编辑`,
    );
    // A cell that begins with what someone typed is guarded, so Excel shows it instead of running it.
    expect(lines.find((l) => l.includes(',发布,'))).toMatch(/,第\d+版《=1\+1 风险图》，图面日期 2026-11-20$/);
    expect(lines.find((l) => l.includes("'@sum(1)"))).toMatch(/,登录失败,'@sum\(1\),,127\.0\.0\.1,原因：用户不存在$/);
    expect(lines.find((l) => l.includes(',数据导入,'))).toContain(
      '图层：隐患点；文件：隐患点核查.geojson；行数：2（新增 2，更新 0，未变 0，跳过 0）',
    );
    expect(lines.filter((l) => l.includes(',登录失败,'))).toHaveLength(3);

    const same = await csv(`/audit/security?since=${encodeURIComponent(start)}&f=csv`);
    expect(same.bytes.equals(sheet.bytes)).toBe(true);
    const failed = await csv(`/audit/security.csv?since=${encodeURIComponent(start)}&event=sign_in_failed`);
    expect(failed.bytes.toString('utf8').split('\r\n').slice(1, -1)).toHaveLength(3);
  });

  it.each([
    ['/audit/security?event=sign_in,nope', ['event']],
    ['/audit/security?since=yesterday&until=2026-13-01', ['since', 'until']],
    ['/audit/security?limit=0&offset=-1', ['limit', 'offset']],
    ['/audit/security?user=a%01b', ['user']],
    ['/audit/security?f=xlsx', ['f']],
    ['/audit/security?layer=shelters', ['layer']],
    ['/audit/security.csv?limit=5', ['limit']],
    ['/audit/security.csv?f=json', ['f']],
  ])('refuses %s naming %j', async (path, names) => {
    const reply = await send('GET', path, undefined, as('admin'));
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name).sort()).toEqual(names);
  });

  it.each([
    ['publisher', 403],
    ['public', 401],
  ] as const)('is for administrators only: %s gets %i', async (who, status) => {
    const headers = who === 'public' ? { authorization: undefined } : as(who);
    expect((await send('GET', '/audit/security', undefined, headers)).status).toBe(status);
    expect((await send('GET', '/audit/security.csv', undefined, headers)).status).toBe(status);
  });

  it('takes the client’s address from X-Forwarded-For only behind a proxy it was told to trust', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    const attempt = (url: string) =>
      fetch(`${url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...forwarded },
        body: JSON.stringify({ username: 'proxied.name', password: GUESS }),
      });
    expect((await attempt(served.api.url)).status).toBe(401);
    const behind = await serve(served.store, { trustProxy: 'loopback' });
    try {
      expect((await attempt(behind.url)).status).toBe(401);
    } finally {
      await behind.close();
    }
    const entries = await audit('&user=proxied.name');
    expect(entries.map((e) => e.client)).toEqual(['203.0.113.7', '127.0.0.1']);
  });

  it('keeps a hostile name typed at sign-in as text the audit can hold', async () => {
    await served.store.securityLog.record({
      event: 'sign_in_failed',
      username: 'a\u0000b\ud800c\u202e',
      client: '127.0.0.1',
      details: { reason: 'unknown_user', note: 'x\u0000' },
    });
    const [entry] = (await served.store.securityLog.list({ limit: 1, offset: 0 })).entries;
    expect(entry.username).toBe('a\ufffdb\ufffdc\u202e');
    expect(entry.details).toEqual({ reason: 'unknown_user', note: 'x\ufffd' });
  });
});

/** An instant on the clock in China, as the sheet writes it, worked out apart from the server's formatting. */
function chinaTime(iso: string | undefined): string {
  const shifted = new Date(Date.parse(iso ?? '') + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}
