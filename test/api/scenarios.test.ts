import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import { tileAt } from '../../server/tiles/rules.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

/** An empty corner of the plain: a shelter proposed here would be the nearest to it of all. */
const HERE = [119.0, 25.47];
/** Inside the forest that no camera sees, even with the planned ones built (萩芦镇). */
const BLIND_FOREST = [119.0994, 25.593];

const shelter = (name: string, at = HERE, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at },
  properties: { name, kind: 'fixed', capacity: 3000, effective_area_m2: 6000, ...properties },
});
const camera = (name: string, at = BLIND_FOREST, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at },
  properties: {
    name,
    kind: 'thermal_dual',
    mast_height_m: 30,
    range_m: 4000,
    heading_deg: 0,
    fov_deg: 360,
    ...properties,
  },
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

const JSON_TYPE = { 'content-type': 'application/json' };
const planner: Record<string, string | undefined> = { ...as('planner'), ...JSON_TYPE };
/** No token at all: the writer's staff token is taken off. */
const PUBLIC = { ...JSON_TYPE, authorization: undefined };

/** Bodies refused, each with the field the refusal must name. */
const REFUSED: [string, unknown, string][] = [
  ['an empty title', { title: '  ' }, 'title'],
  ['a title of 201 characters', { title: '方'.repeat(201) }, 'title'],
  ['a note of 2001 characters', { title: '备注过长', note: 'x'.repeat(2001) }, 'note'],
  ['a title with a bidirectional override', { title: '方案\u202e甲' }, 'title'],
  ['a note with a control character', { title: '控制字符', note: '说明\u0007' }, 'note'],
  [
    'a negative capacity',
    { title: '容量为负', proposals: { shelters: collection(shelter('甲', HERE, { capacity: -5 })) } },
    'proposals.shelters.features[0].properties.capacity',
  ],
  [
    'a field the layer does not have',
    { title: '多余字段', proposals: { cameras: collection(camera('乙', BLIND_FOREST, { colour: 'red' })) } },
    'proposals.cameras.features[0].properties.colour',
  ],
  [
    'a camera far outside the district',
    { title: '区外', proposals: { cameras: collection(camera('丙'), camera('丁', [116.4, 39.9])) } },
    'proposals.cameras.features[1].geometry',
  ],
  [
    'a layer no proposal may go into',
    { title: '隐患点', proposals: { hazards: collection({ type: 'Feature' }) } },
    'proposals.hazards',
  ],
  [
    'more than 1000 proposals in a layer',
    {
      title: '过多',
      proposals: { shelters: collection(...Array.from({ length: 1001 }, (_, i) => shelter(`点${i}`))) },
    },
    'proposals.shelters.features',
  ],
  [
    'two proposals with one id',
    {
      title: '重复编号',
      proposals: {
        shelters: collection(
          { ...shelter('戊'), id: '0b6c1f1e-6a55-4b0e-9b1c-3f4f2d1a0c01' },
          { ...shelter('己'), id: '0b6c1f1e-6a55-4b0e-9b1c-3f4f2d1a0c01' },
        ),
      },
    },
    'proposals.shelters.features[1].id',
  ],
];

describe.each(backends())('scenarios on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const send = (...args: Parameters<ReturnType<typeof writer>>) => writer(served.api.url)(...args);
  const post = (path: string, body: unknown, headers: Record<string, string | undefined> = planner) =>
    send('POST', path, body, headers);
  const listed = async () => (await send('GET', '/scenarios')).body.scenarios as any[];
  const shelterCount = async () => (await served.api.get('/collections/shelters')).body.featureCount;
  let validate: (name: string, value: unknown) => void;

  beforeAll(async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema((await served.api.get('/api')).body, 'openapi');
    validate = (name, value) => {
      const check = ajv.getSchema(`openapi#/components/schemas/${name}`);
      if (!check?.(value)) throw new Error(`${name}: ${ajv.errorsText(check?.errors)}`);
    };
  });

  const districtRow = (card: any, id: string) =>
    card.rows.find((r: any) => r.id === id && r.scope.level === 'district');

  it('ships the demo district with a saved scenario that adds forest coverage and reaches the remote villages', async () => {
    const demo = (await listed()).filter((s) => s.title === '十四五规划补点方案');
    expect(demo).toEqual([
      expect.objectContaining({ author: 'demo', revision: 1, counts: { cameras: 2, shelters: 2 }, promoted: 0 }),
    ]);
    const compared = await send('GET', `/analysis/scorecard/compare?scenarios=${demo[0].id}`);
    const [now, later] = [compared.body.now, compared.body.scenarios[0].scorecard];
    for (const indicator of ['forest_video_coverage', 'shelter_reach'])
      expect(districtRow(later, indicator).value, indicator).toBeGreaterThan(districtRow(now, indicator).value);
    // A store that holds data is never loaded again, so the scenario is not saved twice.
    expect(await loadDemoIfEmpty(served.store)).toBe(0);
    expect((await listed()).filter((s) => s.title === '十四五规划补点方案')).toHaveLength(1);
  });

  it('lets staff read scenarios and only planners write them; the public gets nothing', async () => {
    expect((await send('GET', '/scenarios', undefined, { authorization: undefined })).status).toBe(401);
    expect((await send('GET', '/scenarios', undefined, as('responder'))).status).toBe(200);
    const refused = await post('/scenarios', { title: '值班员不可写' }, { ...as('responder'), ...JSON_TYPE });
    expect(refused.status).toBe(403);
    const anonymous = await post('/scenarios', { title: '匿名不可写' }, PUBLIC);
    expect(anonymous.status).toBe(401);
    expect((await listed()).map((s) => s.title)).not.toContain('值班员不可写');
  });

  it('saves a scenario with an id for each proposal, and reads it back as saved', async () => {
    const body = {
      title: '测试方案',
      note: '两处避难场所,一处监控',
      proposals: {
        shelters: collection(shelter('拟建一'), shelter('拟建二', [119.01, 25.47])),
        cameras: collection(camera('拟建监控')),
      },
    };
    const created = await post('/scenarios', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`${served.api.url}/scenarios/${created.body.id}`);
    validate('Scenario', created.body);
    expect(created.body).toMatchObject({
      title: '测试方案',
      note: body.note,
      author: 'planner',
      revision: 1,
      promoted: [],
    });
    const ids = [...created.body.proposals.shelters.features, ...created.body.proposals.cameras.features].map(
      (f: any) => f.id,
    );
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.proposals.shelters.features[1].properties.name).toBe('拟建二');

    const read = await send('GET', `/scenarios/${created.body.id}`, undefined, as('responder'));
    expect(read.status).toBe(200);
    expect(read.body.proposals).toEqual(created.body.proposals);
    const summary = (await listed()).find((s) => s.id === created.body.id);
    expect(summary).toMatchObject({ title: '测试方案', counts: { shelters: 2, cameras: 1 }, promoted: 0 });
  });

  it.each(REFUSED)('refuses %s, naming the field, and saves nothing', async (_case, body, name) => {
    const before = (await listed()).length;
    const reply = await post('/scenarios', body);
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: any) => p.name)).toContain(name);
    expect((await listed()).length).toBe(before);
  });

  it('changes a scenario only at the revision it was read at: 428 without If-Match, 412 when stale', async () => {
    const { body: created } = await post('/scenarios', {
      title: '修订测试',
      proposals: { shelters: collection(shelter('甲')) },
    });
    const path = `/scenarios/${created.id}`;
    const edited = structuredClone(created);
    edited.proposals.shelters.features[0].properties.capacity = 1200;
    expect((await send('PUT', path, edited, planner)).status).toBe(428);
    const saved = await send('PUT', path, edited, { ...planner, 'if-match': '"1"' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.body.proposals.shelters.features[0]).toMatchObject({
      id: created.proposals.shelters.features[0].id,
      properties: { capacity: 1200 },
    });
    const stale = await send('PUT', path, { ...edited, title: '旧版本' }, { ...planner, 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await send('GET', path)).body.title).toBe('修订测试');

    const history = (await send('GET', `${path}/history`, undefined, as('responder'))).body.entries;
    expect(history.map((e: any) => [e.revision, e.action, e.changed_by])).toEqual([
      [1, 'create', 'planner'],
      [2, 'update', 'planner'],
    ]);
    expect(history[1].before.proposals.shelters.features[0].properties.capacity).toBe(3000);
    expect(history[1].after.proposals.shelters.features[0].properties.capacity).toBe(1200);

    expect((await send('DELETE', path, undefined, planner)).status).toBe(428);
    expect((await send('DELETE', path, undefined, { ...planner, 'if-match': '"1"' })).status).toBe(412);
    expect((await send('DELETE', path, undefined, { ...as('responder'), 'if-match': '"2"' })).status).toBe(403);
    expect((await send('DELETE', path, undefined, { ...planner, 'if-match': '"2"' })).status).toBe(204);
    expect((await send('GET', path)).status).toBe(404);
    const after = (await send('GET', `${path}/history`)).body.entries;
    expect(after.at(-1)).toMatchObject({ revision: 3, action: 'delete', after: null });
    const audit = await send('GET', '/audit?layer=scenarios&user=planner&limit=500', undefined, as('admin'));
    expect(audit.body.entries.filter((e: any) => e.feature_id === created.id)).toHaveLength(3);
  });

  describe('promoting a proposal', () => {
    let scenario: any;
    const path = () => `/scenarios/${scenario.id}`;
    const promote = (proposalId: string, revision: number, body: unknown = {}, headers = planner) =>
      send('POST', `${path()}/proposals/${proposalId}/promote`, body, { ...headers, 'if-match': `"${revision}"` });
    const historyRows = async () => (await served.store.countHistory()) as number;

    beforeAll(async () => {
      const proposals = {
        shelters: collection(shelter('建成测试避难场所', HERE, { capacity: 2800, free_places: 10 }), shelter('第二处')),
        cameras: collection(camera('纳入规划监控')),
      };
      scenario = (await post('/scenarios', { title: '转为已建测试', proposals })).body;
    });

    it.each([
      ['a responder', 'responder', 403],
      ['the public', 'public', 401],
    ] as const)('refuses %s', async (_who, role, status) => {
      const headers = role === 'public' ? PUBLIC : { ...as(role), ...JSON_TYPE };
      const id = scenario.proposals.shelters.features[0].id;
      expect((await promote(id, 1, {}, headers)).status).toBe(status);
    });

    it('writes nothing for an unknown proposal, a stale revision or a status the layer has not', async () => {
      const before = await storeDigest(served.store);
      const unknown = await promote('00000000-0000-4000-8000-000000000000', 1);
      expect(unknown.status).toBe(404);
      const id = scenario.proposals.shelters.features[0].id;
      expect((await promote(id, 7)).status).toBe(412);
      const bad = await promote(id, 1, { status: 'existing' });
      expect(bad.status).toBe(400);
      expect(bad.body['invalid-params'][0].name).toBe('status');
      expect(await storeDigest(served.store)).toEqual(before);
    });

    it('makes the proposal an open shelter with every place free, and records it in the scenario, in one go', async () => {
      const proposal = scenario.proposals.shelters.features[0];
      const [shelters, rows] = [await shelterCount(), await historyRows()];
      const reply = await promote(proposal.id, 1);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      expect(reply.headers.get('location')).toBe(`${served.api.url}/collections/shelters/items/${proposal.id}`);
      expect(reply.body.feature).toMatchObject({
        id: proposal.id,
        properties: { name: '建成测试避难场所', status: 'open', capacity: 2800, free_places: 2800, revision: 1 },
      });
      validate('Scenario', reply.body.scenario);
      expect(await shelterCount()).toBe(shelters + 1);
      // The feature's create and the scenario's update: two rows, written together.
      expect(await historyRows()).toBe(rows + 2);
      const featureHistory = (await send('GET', `/collections/shelters/items/${proposal.id}/history`)).body.entries;
      expect(featureHistory.map((e: any) => [e.action, e.changed_by])).toEqual([['create', 'planner']]);

      const after = (await send('GET', path())).body;
      expect(after.revision).toBe(2);
      expect(after.proposals.shelters.features.map((f: any) => f.id)).not.toContain(proposal.id);
      expect(after.promoted).toEqual([
        expect.objectContaining({
          proposal_id: proposal.id,
          feature_id: proposal.id,
          layer: 'shelters',
          status: 'open',
          promoted_by: 'planner',
          proposal,
        }),
      ]);
      expect(Date.parse(after.promoted[0].promoted_at)).not.toBeNaN();
      const nearest = await post('/analysis/nearest', { from: HERE, layer: 'shelters', k: 1 }, JSON_TYPE);
      expect(nearest.body.results[0].id).toBe(proposal.id);
    });

    it('refuses to promote a proposal twice, and writes nothing', async () => {
      const before = await storeDigest(served.store);
      const again = await promote(scenario.proposals.shelters.features[0].id, 2);
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain('promoted already');
      expect(await storeDigest(served.store)).toEqual(before);
    });

    it('adopts a proposal into the plan as planned when asked, out of reach of nearest', async () => {
      const id = scenario.proposals.cameras.features[0].id;
      const reply = await promote(id, 2, { status: 'planned' });
      expect(reply.status).toBe(201);
      expect(reply.body.feature.properties.status).toBe('planned');
      expect(reply.body.scenario.promoted.map((p: any) => p.status)).toEqual(['open', 'planned']);
    });

    it('writes nothing when a feature already has the proposal’s id', async () => {
      const existing = (await served.api.get('/collections/shelters/items?limit=1')).body.features[0];
      const { body: clash } = await post('/scenarios', {
        title: '编号冲突',
        proposals: { shelters: collection({ ...shelter('改建'), id: existing.id }) },
      });
      const before = await storeDigest(served.store);
      const reply = await send(
        'POST',
        `/scenarios/${clash.id}/proposals/${existing.id}/promote`,
        {},
        {
          ...planner,
          'if-match': '"1"',
        },
      );
      expect(reply.status).toBe(409);
      expect(await storeDigest(served.store)).toEqual(before);
    });

    it('lets one of two planners promoting at the same revision win, and the other write nothing', async () => {
      const { body: race } = await post('/scenarios', {
        title: '并发测试',
        proposals: { shelters: collection(shelter('并发甲', [119.02, 25.47]), shelter('并发乙', [119.03, 25.47])) },
      });
      const [a, b] = race.proposals.shelters.features.map((f: any) => f.id);
      const shelters = await shelterCount();
      const at = (id: string) =>
        send('POST', `/scenarios/${race.id}/proposals/${id}/promote`, {}, { ...planner, 'if-match': '"1"' });
      const replies = await Promise.all([at(a), at(b)]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 412]);
      expect(await shelterCount()).toBe(shelters + 1);
      const stored = (await send('GET', `/scenarios/${race.id}`)).body;
      expect(stored.promoted).toHaveLength(1);
      expect(stored.proposals.shelters.features).toHaveLength(1);
    });
  });

  describe('kept out of everything operational', () => {
    let scenario: any;
    const proposalId = () => scenario.proposals.shelters.features[0].id;
    const address = tileAt(HERE, 12);
    const tile = async () =>
      new Uint8Array(
        await (
          await fetch(`${served.api.url}/tiles/shelters/${address.z}/${address.x}/${address.y}.mvt`)
        ).arrayBuffer(),
      );
    let tileBefore: Uint8Array;

    beforeAll(async () => {
      tileBefore = await tile();
      const proposals = { shelters: collection(shelter('只在方案里', [118.99, 25.48])) };
      scenario = (await post('/scenarios', { title: '不对外', proposals })).body;
    });

    it.each([false, true])('is never the nearest shelter, planned ones asked for: %s', async (include_planned) => {
      const reply = await post('/analysis/nearest', {
        from: [118.99, 25.48],
        layer: 'shelters',
        k: 5,
        include_planned,
      });
      expect(reply.body.results.map((r: any) => r.id)).not.toContain(proposalId());
    });

    it('is in no publication draft', async () => {
      const draft = await send('GET', '/publications/draft', undefined, as('publisher'));
      expect(draft.status).toBe(200);
      expect(JSON.stringify(draft.body)).not.toContain(proposalId());
    });

    it.each(['geojson', 'csv', 'kml'])('is in no %s export, even with planned ones asked for', async (format) => {
      const exported = await fetch(`${served.api.url}/exports/shelters.${format}?include_planned=true`, {
        headers: as('planner'),
      });
      expect(exported.status).toBe(200);
      const text = await exported.text();
      expect(text).not.toContain(proposalId());
      expect(text).not.toContain('只在方案里');
    });

    it('is in no tile', async () => {
      expect(await tile()).toEqual(tileBefore);
    });
  });

  describe('in the what-if and the comparison', () => {
    let forest: any;
    let shelters: any;
    beforeAll(async () => {
      forest = (await post('/scenarios', { title: '补盲监控', proposals: { cameras: collection(camera('盲区监控')) } }))
        .body;
      shelters = (
        await post('/scenarios', {
          title: '只补避难场所',
          proposals: { shelters: collection(shelter('补点', [119.0705, 25.5255])) },
        })
      ).body;
    });

    it.each([
      ['/analysis/scorecard'],
      ['/analysis/coverage/cameras'],
      ['/analysis/coverage/shelters'],
      ['/analysis/exposure'],
    ])('%s gives for a scenario the answer its proposals would', async (path) => {
      const byScenario = await post(path, { scenario: forest.id }, { ...as('responder'), ...JSON_TYPE });
      expect(byScenario.status, JSON.stringify(byScenario.body)).toBe(200);
      const byProposals = await post(
        path,
        { proposed: { cameras: collection(forest.proposals.cameras.features[0]) } },
        JSON_TYPE,
      );
      expect(byScenario.body).toEqual(byProposals.body);
      expect(Object.keys(byScenario.body).sort()).toEqual(['after', 'before', 'delta']);
    });

    it('lays a scenario and proposals of the request over the layers together', async () => {
      const both = await post('/analysis/coverage/shelters', {
        scenario: shelters.id,
        proposed: { shelters: collection(shelter('再补一处', [118.95, 25.5])) },
      });
      const alone = await post('/analysis/coverage/shelters', { scenario: shelters.id });
      expect(both.body.after.district.covered).toBeGreaterThanOrEqual(alone.body.after.district.covered);
      // 6000 m² of a fixed shelter at 2 m² a person.
      expect(both.body.after.district.capacity).toBe(alone.body.after.district.capacity + 3000);
    });

    it.each([
      ['the public', PUBLIC, { scenario: '0b6c1f1e-6a55-4b0e-9b1c-3f4f2d1a0c01' }, 401],
      ['an unknown scenario', planner, { scenario: '0b6c1f1e-6a55-4b0e-9b1c-3f4f2d1a0c01' }, 404],
      ['a scenario id that is not a UUID', planner, { scenario: 'abc' }, 400],
    ])('refuses %s, naming `scenario`', async (_case, headers, body, status) => {
      const reply = await post('/analysis/scorecard', body, headers);
      expect(reply.status).toBe(status);
      expect(reply.body['invalid-params'][0].name).toBe('scenario');
    });

    it('scores now and each scenario side by side: a camera in the blind forest raises the video coverage', async () => {
      const reply = await send(
        'GET',
        `/analysis/scorecard/compare?scenarios=${forest.id},${shelters.id}`,
        undefined,
        as('responder'),
      );
      expect(reply.status).toBe(200);
      const now = reply.body.now;
      expect(now).toEqual((await served.api.get('/analysis/scorecard')).body);
      expect(reply.body.scenarios.map((s: any) => [s.id, s.title])).toEqual([
        [forest.id, '补盲监控'],
        [shelters.id, '只补避难场所'],
      ]);
      const [withCamera, withShelter] = reply.body.scenarios;
      const video = (card: any) => districtRow(card, 'forest_video_coverage').value;
      expect(video(withCamera.scorecard)).toBeGreaterThan(video(now) + 1);
      expect(video(withShelter.scorecard)).toBe(video(now));
      const reach = (card: any) => districtRow(card, 'shelter_reach').value;
      expect(reach(withShelter.scorecard)).toBeGreaterThan(reach(now));
      expect(reach(withCamera.scorecard)).toBe(reach(now));
      // The delta is after − before, row by row, matched by indicator and scope.
      const row = withCamera.delta.rows.find(
        (r: any) => r.key === `forest_video_coverage@${districtRow(now, 'forest_video_coverage').scope.name}`,
      );
      expect(row.value).toBeCloseTo(video(withCamera.scorecard) - video(now), 9);
    });

    it('compares in the language asked, and measures the change on what is sent', async () => {
      const reply = await send('GET', `/analysis/scorecard/compare?scenarios=${forest.id}`, undefined, {
        ...as('responder'),
        'accept-language': 'en',
      });
      expect(reply.status).toBe(200);
      const missing = districtRow(reply.body.now, 'shelter_standardised').missing;
      expect(missing).toMatch(/^\S+: \d+ of \d+ shelters standardised, \d+ more needed to reach 90%$/);
      const [scenario] = reply.body.scenarios;
      expect(districtRow(scenario.scorecard, 'shelter_standardised').missing).toBe(missing);
      expect(districtRow(scenario.scorecard, 'forest_video_coverage').missing).toMatch(/seen on video/);
      expect(scenario.delta.rows.filter((r: any) => 'missing' in r)).toEqual([]);
    });

    it.each([
      ['no scenarios', '', 400, 'scenarios'],
      ['an id that is not a UUID', '?scenarios=abc', 400, 'scenarios[0]'],
      ['an unknown scenario', '?scenarios=0b6c1f1e-6a55-4b0e-9b1c-3f4f2d1a0c01', 404, 'scenarios'],
    ])('refuses a comparison of %s, naming the parameter', async (_case, query, status, name) => {
      const reply = await send('GET', `/analysis/scorecard/compare${query}`);
      expect(reply.status).toBe(status);
      expect(reply.body['invalid-params'][0].name).toBe(name);
    });

    it('compares for staff only', async () => {
      const reply = await send('GET', `/analysis/scorecard/compare?scenarios=${forest.id}`, undefined, {
        authorization: undefined,
      });
      expect(reply.status).toBe(401);
    });
  });
});
