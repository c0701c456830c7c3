import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../server/profile.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, servedStore, type TestServer } from '../support/http.ts';

/** The seat of the demo district (涵江城区): hazards, teams and shelters lie within 3 km. */
const SEAT = [119.12, 25.46];
const JSON_TYPE = { 'content-type': 'application/json' };
const responder = { ...as('responder'), ...JSON_TYPE };
const MINUTE = 60_000;

const incident = (extra: Record<string, unknown> = {}) => ({
  title: '涵东街道民房火灾',
  kind: 'fire',
  level: 4,
  at: SEAT,
  reporter: '110 转警 张先生 13800000000',
  ...extra,
});

/** Bodies of POST /incidents refused, each with the field the refusal must name. */
const BAD_INCIDENTS: [string, string, Record<string, unknown>][] = [
  ['an unknown kind', 'kind', incident({ kind: 'meteor' })],
  ['a level of 5', 'level', incident({ level: 5 })],
  ['a place with latitude first', 'at', incident({ at: [25.46, 119.12] })],
  ['a first report in the future', 'reported_at', incident({ reported_at: '2999-01-01T00:00:00Z' })],
  ['a time without a zone', 'reported_at', incident({ reported_at: '2026-05-01 14:03' })],
  ['no reporter', 'reporter', incident({ reporter: ' ' })],
  ['a title with a bidirectional override', 'title', incident({ title: '火灾\u202e甲' })],
  ['a field it does not have', 'colour', incident({ colour: 'red' })],
];

/** Entries refused as malformed (400), each with the field named. */
const BAD_ENTRIES: [string, string, Record<string, unknown>][] = [
  ['an unknown stage', 'stage', { stage: 'gossip', text: '…' }],
  ['a dispatch naming nothing', 'dispatch', { stage: 'dispatch', text: '派出' }],
  [
    'a follow-up sending a team',
    'dispatch',
    { stage: 'follow_up', dispatch: { layer: 'teams', id: crypto.randomUUID() } },
  ],
  [
    'a dispatch of a layer nobody sends',
    'dispatch.layer',
    { stage: 'dispatch', dispatch: { layer: 'hazards', id: crypto.randomUUID() } },
  ],
  [
    'a dispatch of a team that is not there',
    'dispatch.id',
    { stage: 'dispatch', dispatch: { layer: 'teams', id: crypto.randomUUID() } },
  ],
  ['a follow-up setting the level', 'level', { stage: 'follow_up', level: 2 }],
  ['a report by pigeon', 'report', { stage: 'follow_up', report: 'pigeon' }],
  ['an attachment that is a list', 'attachment', { stage: 'assessment', attachment: [] }],
  [
    'an attachment of an unknown kind',
    'attachment.kind',
    { stage: 'assessment', attachment: { kind: 'x', request: {}, result: {} } },
  ],
  ['a text of 4001 characters', 'text', { stage: 'follow_up', text: '字'.repeat(4001) }],
];

describe.each(backends())('incidents on record on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  /** The same store under a profile that gives 20 and 40 minutes. */
  let strict: TestServer;
  const send = async (path: string, body: unknown, headers: Record<string, string> = responder, base?: string) => {
    const response = await fetch((base ?? served.api.url) + path, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const read = (path: string, base?: string) => served.api.get(`${base ?? served.api.url}${path}`, as('responder'));
  const create = async (extra: Record<string, unknown> = {}) => {
    const { status, body } = await send('/incidents', incident(extra));
    expect(status).toBe(201);
    return body;
  };
  const entry = (id: string, body: Record<string, unknown>) => send(`/incidents/${id}/entries`, body);

  beforeAll(async () => {
    strict = await serve(served.store, {
      profile: { ...loadProfile(), reporting: { phone_minutes: 20, written_minutes: 40 } } as never,
    });
    return () => strict.close();
  });

  it.each([
    ['GET', '/incidents'],
    ['POST', '/incidents'],
    ['GET', `/incidents/${crypto.randomUUID()}`],
    ['POST', `/incidents/${crypto.randomUUID()}/entries`],
  ])('refuses an anonymous %s %s with 401', async (method, path) => {
    const response = await fetch(served.api.url + path, {
      method,
      headers: JSON_TYPE,
      body: method === 'POST' ? JSON.stringify(incident()) : undefined,
    });
    expect(response.status).toBe(401);
  });

  it('records an incident with its first report and serves it to staff only', async () => {
    const created = await create({ text: '接 110 转警:民房起火,一人被困' });
    expect(created.status).toBe('open');
    expect(created.geometry).toEqual({ type: 'Point', coordinates: SEAT });
    expect(created.entries.map((e: any) => [e.stage, e.written_by])).toEqual([['first_report', 'responder']]);
    const { status, body } = await read(`/incidents/${created.id}`);
    expect(status).toBe(200);
    expect(body.entries[0].text).toBe('接 110 转警:民房起火,一人被困');
    const open = (await read('/incidents?status=open')).body.incidents.map((i: any) => i.id);
    expect(open).toContain(created.id);
    expect((await read('/incidents?status=closed')).body.incidents.map((i: any) => i.id)).not.toContain(created.id);
    expect((await read('/incidents?status=maybe')).status).toBe(400);
    // Nothing of it reaches a public read of the layers or the API document's examples.
    const landing = await fetch(`${served.api.url}/incidents/${created.id}`);
    expect(landing.status).toBe(401);
  });

  it('takes entries in order, sends a team by name, sets the level and closes on the final report', async () => {
    const { id } = await create({ text: '接报' });
    const near = await send('/analysis/nearest', { from: SEAT, layer: 'teams', k: 1 }, responder);
    const team = near.body.results[0].feature;
    expect((await entry(id, { stage: 'assessment', text: '研判为较大', level: 3 })).status).toBe(201);
    const dispatched = await entry(id, { stage: 'dispatch', text: '调派', dispatch: { layer: 'teams', id: team.id } });
    expect(dispatched.status).toBe(201);
    const sent = dispatched.body.entries.at(-1).dispatched;
    expect(sent).toMatchObject({ layer: 'teams', id: team.id, name: team.properties.name, geometry: team.geometry });
    expect(Math.abs(sent.distance_m - near.body.results[0].distance_m)).toBeLessThanOrEqual(1);
    expect((await entry(id, { stage: 'follow_up', text: '明火已扑灭', report: 'phone' })).status).toBe(201);
    const closed = await entry(id, { stage: 'final_report', text: '处置完毕', report: 'written' });
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ status: 'closed', level: 3, revision: 5 });
    expect(closed.body.closed_at).toEqual(expect.any(String));
    expect(closed.body.entries.map((e: any) => e.stage)).toEqual([
      'first_report',
      'assessment',
      'dispatch',
      'follow_up',
      'final_report',
    ]);
    expect((await read('/incidents?status=closed')).body.incidents.map((i: any) => i.id)).toContain(id);
  });

  it('refuses a final report before the first report, naming the stage, and writes nothing', async () => {
    const { id } = await create();
    const { status, body } = await entry(id, { stage: 'final_report', text: '结束' });
    expect(status).toBe(409);
    expect(body['invalid-params'][0].name).toBe('stage');
    expect(body['invalid-params'][0].reason).toMatch(/终报.*接报/);
    expect((await read(`/incidents/${id}`)).body).toMatchObject({ entries: [], revision: 1, status: 'open' });
  });

  it('refuses a second first report', async () => {
    const { id } = await create({ text: '接报' });
    const { status, body } = await entry(id, { stage: 'first_report', text: '又一次接报' });
    expect(status).toBe(409);
    expect(body['invalid-params'][0]).toMatchObject({ name: 'stage' });
  });

  describe('after the final report', () => {
    let closedId = '';
    beforeAll(async () => {
      closedId = (await create({ text: '接报' })).id;
      expect((await entry(closedId, { stage: 'final_report', text: '误报,已核实' })).status).toBe(201);
    });
    it.each(['first_report', 'assessment', 'follow_up', 'final_report'])('refuses a %s with 409', async (stage) => {
      const { status, body } = await entry(closedId, { stage, text: '补充' });
      expect(status).toBe(409);
      expect(body['invalid-params'][0].reason).toMatch(/终报/);
      expect((await read(`/incidents/${closedId}`)).body.entries).toHaveLength(2);
    });
  });

  it.each(BAD_INCIDENTS)('refuses an incident with %s, naming %s', async (_what, field, body) => {
    const before = (await read('/incidents')).body.incidents.length;
    const reply = await send('/incidents', body);
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: any) => p.name)).toContain(field);
    expect((await read('/incidents')).body.incidents).toHaveLength(before);
  });

  describe('malformed entries', () => {
    let id = '';
    beforeAll(async () => {
      id = (await create({ text: '接报' })).id;
    });
    it.each(BAD_ENTRIES)('refuses %s, naming %s', async (_what, field, body) => {
      const reply = await entry(id, body);
      expect(reply.status).toBe(400);
      expect(reply.body['invalid-params'].map((p: any) => p.name)).toContain(field);
      expect((await read(`/incidents/${id}`)).body.revision).toBe(1);
    });
  });

  it('answers 404 for an incident that is not there, 400 for an id that is not one', async () => {
    expect((await read(`/incidents/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await entry(crypto.randomUUID(), { stage: 'follow_up' })).status).toBe(404);
    expect((await read('/incidents/not-a-uuid')).body['invalid-params'][0].name).toBe('incidentId');
  });

  it('keeps attached results as they were when the responder looked, after the layers change', async () => {
    const { id } = await create({ text: '接报' });
    const request = { at: SEAT, radius_km: 3 };
    const seen = (await send('/analysis/around', request, responder)).body;
    const hazard = seen.groups.risks.hazards.items[0].feature;
    const attached = await entry(id, {
      stage: 'assessment',
      text: '周边分析',
      attachment: { kind: 'around', request, result: seen },
    });
    expect(attached.status).toBe(201);
    // A planner renames the nearest hazard: the analysis now says so, the record does not.
    const current = await fetch(`${served.api.url}/collections/hazards/items/${hazard.id}`, { headers: as('planner') });
    const renamed = await fetch(`${served.api.url}/collections/hazards/items/${hazard.id}`, {
      method: 'PATCH',
      headers: {
        ...as('planner'),
        'content-type': 'application/merge-patch+json',
        'if-match': current.headers.get('etag') as string,
      },
      body: JSON.stringify({ properties: { name: '改名后的隐患点' } }),
    });
    expect(renamed.status).toBe(200);
    const now = (await send('/analysis/around', request, responder)).body;
    expect(now.groups.risks.hazards.items.map((i: any) => i.feature.properties.name)).toContain('改名后的隐患点');
    const kept = (await read(`/incidents/${id}`)).body.entries[1].attachment;
    expect(kept).toEqual({ kind: 'around', request, result: seen });
    expect(kept.result.groups.risks.hazards.items[0].feature.properties.name).toBe(hazard.properties.name);
  });

  it('gives the profile’s deadlines: due from the first report, overdue until reported, late once reported after', async () => {
    const reportedAt = '2026-01-05T02:00:00Z';
    const { id } = await create({ text: '接报', reported_at: reportedAt });
    const due = (minutes: number) =>
      new Date(Date.parse(reportedAt) + minutes * MINUTE).toISOString().replace('.000Z', 'Z');
    const national = (await read(`/incidents/${id}`)).body.deadlines;
    expect(national).toEqual([
      { report: 'phone', minutes: 30, due_at: due(30), done_at: null, state: 'overdue' },
      { report: 'written', minutes: 60, due_at: due(60), done_at: null, state: 'overdue' },
    ]);
    const strictly = (await read(`/incidents/${id}`, strict.url)).body.deadlines;
    expect(strictly.map((d: any) => [d.minutes, d.due_at])).toEqual([
      [20, due(20)],
      [40, due(40)],
    ]);
    const phoned = (await entry(id, { stage: 'follow_up', text: '已电话报告区政府总值班室', report: 'phone' })).body;
    expect(phoned.deadlines.map((d: any) => d.state)).toEqual(['late', 'overdue']);
    expect(phoned.deadlines[0].done_at).toBe(phoned.entries.at(-1).written_at);
  });

  it('counts a report made in time as met, and a deadline still running as pending', async () => {
    const { id } = await create({ text: '接报' });
    const written = (await entry(id, { stage: 'follow_up', text: '书面报告已报送', report: 'written' })).body;
    expect(written.deadlines.map((d: any) => d.state)).toEqual(['met', 'met']);
    const fresh = await create({ text: '接报' });
    expect(fresh.deadlines.map((d: any) => d.state)).toEqual(['pending', 'pending']);
  });
});
