import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { type Reply, writer } from '../support/write-client.ts';

const SEAT: [number, number] = [119.12, 25.46];

const shelter = (properties: Record<string, unknown> = {}, coordinates: unknown = SEAT) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: { name: '测试避难场所', grade: 'B', kind: 'emergency', capacity: 300, status: 'open', ...properties },
});

const square = (x: number, y: number, d = 0.01) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

const zone = (geometry: unknown, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: { name: '测试风险区', level: 2, hazard_type: 'flood', ...properties },
});

interface BadCase {
  name: string;
  method: string;
  path: string | ((ids: Ids) => string);
  body?: unknown;
  headers?: Record<string, string | undefined> | ((ids: Ids) => Record<string, string | undefined>);
  status: number;
  field: string;
  reason?: RegExp;
}

interface Ids {
  shelter: string;
  shelterEtag: string;
  depot: string;
  depotEtag: string;
}

const items = '/collections/shelters/items';
const zones = '/collections/risk_zones/items';
const one = (ids: Ids) => `${items}/${ids.shelter}`;
const stock = (ids: Ids) => `/collections/depots/items/${ids.depot}/stock/${encodeURIComponent('帐篷')}`;
const current = (ids: Ids) => ({ 'if-match': ids.shelterEtag });
const currentDepot = (ids: Ids) => ({ 'if-match': ids.depotEtag, 'content-type': 'application/json' });
const patchAt = (ids: Ids) => ({ 'if-match': ids.shelterEtag, 'content-type': 'application/merge-patch+json' });

const badCases: BadCase[] = [
  // The body itself
  { name: 'malformed JSON', method: 'POST', path: items, body: '{"type": "Feature",', status: 400, field: 'body' },
  { name: 'a JSON array', method: 'POST', path: items, body: '[]', status: 400, field: 'body' },
  { name: 'a bare string', method: 'POST', path: items, body: '"Feature"', status: 400, field: 'body' },
  {
    name: 'text/plain',
    method: 'POST',
    path: items,
    body: JSON.stringify(shelter()),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'a form post',
    method: 'POST',
    path: items,
    body: 'name=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'no content type',
    method: 'POST',
    path: items,
    body: JSON.stringify(shelter()),
    headers: { 'content-type': undefined },
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'an oversized body',
    method: 'POST',
    path: items,
    body: JSON.stringify(shelter({ address: 'x'.repeat(6 * 1024 * 1024) })),
    status: 413,
    field: 'body',
  },
  {
    name: 'no Feature type',
    method: 'POST',
    path: items,
    body: { ...shelter(), type: undefined },
    status: 400,
    field: 'type',
  },
  {
    name: 'a wrong type',
    method: 'POST',
    path: items,
    body: { ...shelter(), type: 'Point' },
    status: 400,
    field: 'type',
  },
  {
    name: 'an id that is no UUID',
    method: 'POST',
    path: items,
    body: { ...shelter(), id: '1 OR 1=1' },
    status: 400,
    field: 'id',
  },
  {
    name: 'an unknown member',
    method: 'POST',
    path: items,
    body: { ...shelter(), crs: 'EPSG:4326' },
    status: 400,
    field: 'crs',
  },
  {
    name: 'properties null',
    method: 'POST',
    path: items,
    body: { ...shelter(), properties: null },
    status: 400,
    field: 'properties',
  },
  // Auth
  {
    name: 'no token',
    method: 'POST',
    path: items,
    body: shelter(),
    headers: { authorization: undefined },
    status: 401,
    field: '',
  },
  {
    name: 'a wrong token',
    method: 'POST',
    path: items,
    body: shelter(),
    headers: { authorization: 'Bearer nope' },
    status: 401,
    field: '',
  },
  {
    name: 'an unknown collection',
    method: 'POST',
    path: '/collections/nope/items',
    body: shelter(),
    status: 404,
    field: '',
  },
  // Geometry
  {
    name: 'no geometry',
    method: 'POST',
    path: items,
    body: { ...shelter(), geometry: undefined },
    status: 400,
    field: 'geometry',
  },
  {
    name: 'a polygon sent to a point layer',
    method: 'POST',
    path: items,
    body: { ...shelter(), geometry: { type: 'Polygon', coordinates: square(119.1, 25.45) } },
    status: 400,
    field: 'geometry',
    reason: /Point/,
  },
  {
    name: 'a point sent to a polygon layer',
    method: 'POST',
    path: zones,
    body: zone({ type: 'Point', coordinates: SEAT }),
    status: 400,
    field: 'geometry',
    reason: /Polygon/,
  },
  {
    name: 'a self-intersecting polygon',
    method: 'POST',
    path: zones,
    body: zone({
      type: 'Polygon',
      coordinates: [
        [
          [119.1, 25.45],
          [119.12, 25.47],
          [119.12, 25.45],
          [119.1, 25.47],
          [119.1, 25.45],
        ],
      ],
    }),
    status: 400,
    field: 'geometry',
    reason: /not valid/,
  },
  {
    name: 'an unclosed ring',
    method: 'POST',
    path: zones,
    body: zone({
      type: 'Polygon',
      coordinates: [
        square(119.1, 25.45)[0]
          .slice(0, 4)
          .concat([[119.1, 25.451]]),
      ],
    }),
    status: 400,
    field: 'geometry.coordinates[0]',
    reason: /not closed/,
  },
  {
    name: 'a ring of three positions',
    method: 'POST',
    path: zones,
    body: zone({
      type: 'Polygon',
      coordinates: [
        [
          [119.1, 25.45],
          [119.11, 25.45],
          [119.1, 25.45],
        ],
      ],
    }),
    status: 400,
    field: 'geometry.coordinates[0]',
  },
  {
    name: 'a geometry type GeoJSON lacks',
    method: 'POST',
    path: items,
    body: { ...shelter(), geometry: { type: 'Circle', coordinates: SEAT } },
    status: 400,
    field: 'geometry',
  },
  {
    name: 'NaN as a coordinate',
    method: 'POST',
    path: items,
    body: shelter({}, ['NaN', 25.46]),
    status: 400,
    field: 'geometry.coordinates[0]',
  },
  {
    name: 'a null coordinate',
    method: 'POST',
    path: items,
    body: shelter({}, [null, 25.46]),
    status: 400,
    field: 'geometry.coordinates[0]',
  },
  {
    name: 'empty coordinates',
    method: 'POST',
    path: items,
    body: shelter({}, []),
    status: 400,
    field: 'geometry.coordinates',
  },
  {
    name: 'four numbers in a position',
    method: 'POST',
    path: items,
    body: shelter({}, [119.1, 25.4, 1, 2]),
    status: 400,
    field: 'geometry.coordinates',
  },
  {
    name: 'longitude 200',
    method: 'POST',
    path: items,
    body: shelter({}, [200, 25.46]),
    status: 400,
    field: 'geometry.coordinates',
    reason: /longitude 200/,
  },
  {
    name: 'latitude -95',
    method: 'POST',
    path: items,
    body: shelter({}, [119.1, -95]),
    status: 400,
    field: 'geometry.coordinates',
    reason: /latitude -95/,
  },
  {
    name: 'latitude and longitude swapped',
    method: 'POST',
    path: items,
    body: shelter({}, [25.46, 119.12]),
    status: 400,
    field: 'geometry.coordinates',
    reason: /swapped/,
  },
  {
    name: 'a point far outside the district',
    method: 'POST',
    path: items,
    body: shelter({}, [116.4, 39.9]),
    status: 400,
    field: 'geometry',
    reason: /outside the district.*allow_outside_district/,
  },
  // Properties
  {
    name: 'an unknown property',
    method: 'POST',
    path: items,
    body: shelter({ colour: 'red' }),
    status: 400,
    field: 'properties.colour',
  },
  {
    name: 'a filter-only field written',
    method: 'POST',
    path: '/collections/depots/items',
    body: shelter({ item: '帐篷' }),
    status: 400,
    field: 'properties.item',
  },
  {
    name: 'capacity as text',
    method: 'POST',
    path: items,
    body: shelter({ capacity: 'lots' }),
    status: 400,
    field: 'properties.capacity',
  },
  {
    name: 'capacity as a fraction',
    method: 'POST',
    path: items,
    body: shelter({ capacity: 1.5 }),
    status: 400,
    field: 'properties.capacity',
  },
  {
    name: 'a negative capacity',
    method: 'POST',
    path: items,
    body: shelter({ capacity: -10 }),
    status: 400,
    field: 'properties.capacity',
    reason: /at least 0/,
  },
  {
    name: 'a negative area',
    method: 'POST',
    path: items,
    body: shelter({ effective_area_m2: -1 }),
    status: 400,
    field: 'properties.effective_area_m2',
  },
  {
    name: 'an unknown grade',
    method: 'POST',
    path: items,
    body: shelter({ grade: 'D' }),
    status: 400,
    field: 'properties.grade',
    reason: /A, B, C/,
  },
  {
    name: 'an unknown kind',
    method: 'POST',
    path: items,
    body: shelter({ kind: 'bunker' }),
    status: 400,
    field: 'properties.kind',
  },
  {
    name: 'an unknown facility',
    method: 'POST',
    path: items,
    body: shelter({ facilities: ['water', 'spa'] }),
    status: 400,
    field: 'properties.facilities[1]',
  },
  {
    name: 'a facility listed twice',
    method: 'POST',
    path: items,
    body: shelter({ facilities: ['water', 'water'] }),
    status: 400,
    field: 'properties.facilities',
  },
  {
    name: 'a boolean as text',
    method: 'POST',
    path: items,
    body: shelter({ standardised: 'yes' }),
    status: 400,
    field: 'properties.standardised',
  },
  {
    name: 'no name',
    method: 'POST',
    path: items,
    body: shelter({ name: undefined }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'an empty name',
    method: 'POST',
    path: items,
    body: shelter({ name: '   ' }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'a name too long',
    method: 'POST',
    path: items,
    body: shelter({ name: '避'.repeat(201) }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'a control character in a name',
    method: 'POST',
    path: items,
    body: shelter({ name: 'a\u0000b' }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'SQL in a name',
    method: 'POST',
    path: items,
    body: shelter({ name: "x'); DROP TABLE shelters;--" }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'a comment in a name',
    method: 'POST',
    path: items,
    body: shelter({ name: '广场 /* x */' }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'a script in a name',
    method: 'POST',
    path: items,
    body: shelter({ name: '<script>alert(1)</script>' }),
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'a risk level of 5',
    method: 'POST',
    path: zones,
    body: zone({ type: 'Polygon', coordinates: square(119.1, 25.45) }, { level: 5 }),
    status: 400,
    field: 'properties.level',
  },
  {
    name: 'a risk level as text',
    method: 'POST',
    path: zones,
    body: zone({ type: 'Polygon', coordinates: square(119.1, 25.45) }, { level: '1' }),
    status: 400,
    field: 'properties.level',
  },
  {
    name: 'no risk level',
    method: 'POST',
    path: zones,
    body: zone({ type: 'Polygon', coordinates: square(119.1, 25.45) }, { level: undefined }),
    status: 400,
    field: 'properties.level',
  },
  {
    name: 'an impossible date',
    method: 'POST',
    path: '/collections/hazards/items',
    body: { ...shelter(), properties: { name: '隐患', found_on: '2024-13-01' } },
    status: 400,
    field: 'properties.found_on',
  },
  {
    name: 'a camera turned 400°',
    method: 'POST',
    path: '/collections/cameras/items',
    body: { ...shelter(), properties: { name: '监控', heading_deg: 400 } },
    status: 400,
    field: 'properties.heading_deg',
  },
  {
    name: 'an unknown write parameter',
    method: 'POST',
    path: `${items}?dry=1`,
    body: shelter(),
    status: 400,
    field: 'dry',
  },
  {
    name: 'allow_outside_district=maybe',
    method: 'POST',
    path: `${items}?allow_outside_district=maybe`,
    body: shelter(),
    status: 400,
    field: 'allow_outside_district',
  },
  // Bulk
  {
    name: 'a bulk request with one bad feature among good ones',
    method: 'POST',
    path: items,
    body: {
      type: 'FeatureCollection',
      features: [shelter({ name: '甲' }), shelter({ name: '乙' }), shelter({ capacity: -1 }), shelter({ name: '丁' })],
    },
    status: 400,
    field: 'features[2].properties.capacity',
  },
  {
    name: 'a bulk request with one self-intersecting polygon',
    method: 'POST',
    path: zones,
    body: {
      type: 'FeatureCollection',
      features: [
        zone({ type: 'Polygon', coordinates: square(119.1, 25.45) }),
        zone({
          type: 'Polygon',
          coordinates: [
            [
              [119.1, 25.45],
              [119.12, 25.47],
              [119.12, 25.45],
              [119.1, 25.47],
              [119.1, 25.45],
            ],
          ],
        }),
      ],
    },
    status: 400,
    field: 'features[1].geometry',
  },
  {
    name: 'an empty bulk request',
    method: 'POST',
    path: items,
    body: { type: 'FeatureCollection', features: [] },
    status: 400,
    field: 'features',
  },
  {
    name: 'a bulk request without an array',
    method: 'POST',
    path: items,
    body: { type: 'FeatureCollection', features: {} },
    status: 400,
    field: 'features',
  },
  // Replace, update, delete
  { name: 'PUT without If-Match', method: 'PUT', path: one, body: shelter(), status: 428, field: 'If-Match' },
  {
    name: 'PUT with a stale If-Match',
    method: 'PUT',
    path: one,
    body: shelter(),
    headers: { 'if-match': '"999"' },
    status: 412,
    field: 'If-Match',
  },
  {
    name: 'PUT with a malformed If-Match',
    method: 'PUT',
    path: one,
    body: shelter(),
    headers: { 'if-match': 'abc' },
    status: 400,
    field: 'If-Match',
  },
  {
    name: 'PUT to an id that is no UUID',
    method: 'PUT',
    path: `${items}/1;DROP`,
    body: shelter(),
    headers: current,
    status: 400,
    field: 'featureId',
  },
  {
    name: 'PUT to an unknown feature',
    method: 'PUT',
    path: `${items}/00000000-0000-4000-8000-000000000000`,
    body: shelter(),
    headers: { 'if-match': '"1"' },
    status: 404,
    field: '',
  },
  {
    name: 'PUT with another id in the body',
    method: 'PUT',
    path: one,
    body: { ...shelter(), id: '00000000-0000-4000-8000-000000000000' },
    headers: current,
    status: 400,
    field: 'id',
  },
  {
    name: 'PUT with swapped coordinates',
    method: 'PUT',
    path: one,
    body: shelter({}, [25.46, 119.12]),
    headers: current,
    status: 400,
    field: 'geometry.coordinates',
  },
  {
    name: 'PATCH without If-Match',
    method: 'PATCH',
    path: one,
    body: { properties: { capacity: 1 } },
    headers: { 'content-type': 'application/merge-patch+json' },
    status: 428,
    field: 'If-Match',
  },
  {
    name: 'PATCH with a stale If-Match',
    method: 'PATCH',
    path: one,
    body: { properties: { capacity: 1_000_000 } },
    headers: { 'if-match': '"999"', 'content-type': 'application/merge-patch+json' },
    status: 412,
    field: 'If-Match',
  },
  { name: 'PATCH with an array', method: 'PATCH', path: one, body: [1], headers: patchAt, status: 400, field: 'body' },
  {
    name: 'PATCH to a negative capacity',
    method: 'PATCH',
    path: one,
    body: { properties: { capacity: -5 } },
    headers: patchAt,
    status: 400,
    field: 'properties.capacity',
  },
  {
    name: 'PATCH adding an unknown property',
    method: 'PATCH',
    path: one,
    body: { properties: { colour: 'red' } },
    headers: patchAt,
    status: 400,
    field: 'properties.colour',
  },
  {
    name: 'PATCH removing the name',
    method: 'PATCH',
    path: one,
    body: { properties: { name: null } },
    headers: patchAt,
    status: 400,
    field: 'properties.name',
  },
  {
    name: 'PATCH moving it to swapped coordinates',
    method: 'PATCH',
    path: one,
    body: { geometry: { type: 'Point', coordinates: [25.46, 119.12] } },
    headers: patchAt,
    status: 400,
    field: 'geometry.coordinates',
  },
  {
    name: 'PATCH as text/plain',
    method: 'PATCH',
    path: one,
    body: '{}',
    headers: (ids) => ({ ...current(ids), 'content-type': 'text/plain' }),
    status: 415,
    field: 'Content-Type',
  },
  { name: 'DELETE without If-Match', method: 'DELETE', path: one, status: 428, field: 'If-Match' },
  {
    name: 'DELETE with a stale If-Match',
    method: 'DELETE',
    path: one,
    headers: { 'if-match': '"999"' },
    status: 412,
    field: 'If-Match',
  },
  {
    name: 'DELETE without a token',
    method: 'DELETE',
    path: one,
    headers: (ids) => ({ ...current(ids), authorization: undefined }),
    status: 401,
    field: '',
  },
  // Stock
  {
    name: 'stock with a negative quantity',
    method: 'PUT',
    path: stock,
    body: { quantity: -1, unit: '顶' },
    headers: currentDepot,
    status: 400,
    field: 'quantity',
  },
  {
    name: 'stock with an unknown field',
    method: 'PUT',
    path: stock,
    body: { quantity: 1, unit: '顶', colour: 'red' },
    headers: currentDepot,
    status: 400,
    field: 'colour',
  },
  {
    name: 'stock without a unit',
    method: 'PUT',
    path: stock,
    body: { quantity: 1 },
    headers: currentDepot,
    status: 400,
    field: 'unit',
  },
  {
    name: 'stock without If-Match',
    method: 'PUT',
    path: stock,
    body: { quantity: 1, unit: '顶' },
    headers: { 'content-type': 'application/json' },
    status: 428,
    field: 'If-Match',
  },
  {
    name: 'stock with a stale If-Match',
    method: 'PUT',
    path: stock,
    body: { quantity: 1, unit: '顶' },
    headers: { 'if-match': '"999"', 'content-type': 'application/json' },
    status: 412,
    field: 'If-Match',
  },
];

describe('the bad-request table', () => {
  it('has at least 60 rows, each named once', () => {
    expect(badCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(badCases.map((c) => c.name)).size).toBe(badCases.length);
  });
});

describe.each(backends())('writes on the $name backend', (backend) => {
  let store: Store;
  let api: TestServer;
  let send: ReturnType<typeof writer>;
  let ids: Ids;

  const read = async (layer: string, id: string) => (await api.get(`/collections/${layer}/items/${id}`, staff)).body;

  beforeAll(async () => {
    store = await backend.open();
    api = await serve(store);
    send = writer(api.url);
    const firstShelter = (await api.get(`${items}?limit=1`, staff)).body.features[0];
    const firstDepot = (await api.get('/collections/depots/items?limit=1', staff)).body.features[0];
    ids = {
      shelter: firstShelter.id,
      shelterEtag: `"${firstShelter.properties.revision}"`,
      depot: firstDepot.id,
      depotEtag: `"${firstDepot.properties.revision}"`,
    };
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  describe('refuses each bad request by name', () => {
    let before: Awaited<ReturnType<typeof storeDigest>>;

    beforeAll(async () => {
      before = await storeDigest(store);
    });

    it.each(badCases)('$name → $status', async (c) => {
      const path = typeof c.path === 'function' ? c.path(ids) : c.path;
      const headers = typeof c.headers === 'function' ? c.headers(ids) : c.headers;
      const reply: Reply = await send(c.method, path, c.body, headers);
      expect(reply.status).toBe(c.status);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      if (c.field) {
        const names = (reply.body['invalid-params'] ?? []).map((p: { name: string }) => p.name);
        expect(names).toContain(c.field);
        expect(reply.body.detail).toContain(c.field);
      }
      if (c.reason) expect(reply.body.detail).toMatch(c.reason);
    });

    // The web map asks in Chinese: every reason, the detail and the title come back in it, the same fields named.
    it.each(badCases)('$name → $status, said in Chinese', async (c) => {
      const path = typeof c.path === 'function' ? c.path(ids) : c.path;
      const headers = typeof c.headers === 'function' ? c.headers(ids) : c.headers;
      const reply: Reply = await send(c.method, path, c.body, { ...headers, 'accept-language': 'zh-CN' });
      expect(reply.status).toBe(c.status);
      const params: { name: string; reason: string }[] = reply.body['invalid-params'] ?? [];
      if (c.field) expect(params.map((p) => p.name)).toContain(c.field);
      for (const said of [reply.body.title, reply.body.detail, ...params.map((p) => p.reason)])
        expect(said).toMatch(/\p{Script=Han}/u);
    });

    it('leaves the store as it was after them all', async () => {
      const after = await storeDigest(store);
      expect(after.counts).toEqual(before.counts);
      expect(after.digest).toBe(before.digest);
    });
  });

  it('creates a feature, derives its township and records its history', async () => {
    const created = await send('POST', items, shelter({ name: '新建避难场所', township: '假镇' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`${items}/[0-9a-f-]{36}$`));
    expect(created.body.properties.township).toBe('涵东街道');
    expect(created.body.properties.updated_by).toBe('planner');
    const id = created.body.id;
    const [entry] = (await api.get(`${items}/${id}/history`, staff)).body.entries;
    expect(entry).toMatchObject({ revision: 1, action: 'create', changed_by: 'planner', before: null });
    expect(entry.after.properties).toEqual(created.body.properties);
    expect(entry.after.geometry).toEqual(created.body.geometry);
  });

  it('replaces, merges and deletes, each against the revision it read, each in the history', async () => {
    const { body: created } = await send('POST', items, shelter({ name: '编辑测试', address: '涵东街道某路' }));
    const id = created.id;
    const put = await send('PUT', `${items}/${id}`, shelter({ name: '编辑测试(改)', capacity: 900 }), {
      'if-match': '"1"',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect(put.body.properties).toMatchObject({ name: '编辑测试(改)', capacity: 900, address: null, revision: 2 });

    const patch = await send(
      'PATCH',
      `${items}/${id}`,
      { properties: { capacity: 950, grade: null } },
      {
        'if-match': '"2"',
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(patch.status).toBe(200);
    expect(patch.body.properties).toMatchObject({
      name: '编辑测试(改)',
      capacity: 950,
      grade: null,
      kind: 'emergency',
    });

    const moved = await send(
      'PATCH',
      `${items}/${id}`,
      { geometry: { type: 'Point', coordinates: [119.02, 25.7] } },
      {
        'if-match': '"3"',
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(moved.body.properties.township).not.toBe(created.properties.township);

    const history = (await api.get(`${items}/${id}/history`, staff)).body.entries;
    expect(history.map((e: { action: string; revision: number }) => [e.action, e.revision])).toEqual([
      ['create', 1],
      ['update', 2],
      ['update', 3],
      ['update', 4],
    ]);
    // Each entry's before is the previous entry's after: the history reproduces every state.
    for (let i = 1; i < history.length; i++) expect(history[i].before).toEqual(history[i - 1].after);
    expect(history[3].after.properties).toEqual(moved.body.properties);

    const gone = await send('DELETE', `${items}/${id}`, undefined, { 'if-match': '"4"' });
    expect(gone.status).toBe(204);
    expect((await api.get(`${items}/${id}`, staff)).status).toBe(404);
    const last = (await api.get(`${items}/${id}/history`, staff)).body.entries.at(-1);
    expect(last).toMatchObject({ action: 'delete', revision: 5, after: null });
    expect(last.before.properties).toEqual(moved.body.properties);
  });

  it('accepts a feature read from the API sent back as it is', async () => {
    const feature = await read('shelters', ids.shelter);
    const reply = await send('PUT', `${items}/${ids.shelter}`, feature, {
      'if-match': `"${feature.properties.revision}"`,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.properties.revision).toBe(feature.properties.revision + 1);
    ids.shelterEtag = reply.headers.get('etag') ?? '';
  });

  it('writes a far-away feature only when told it is intended', async () => {
    const far = shelter({ name: '省外协作避难点' }, [116.4, 39.9]);
    expect((await send('POST', items, far)).status).toBe(400);
    const allowed = await send('POST', `${items}?allow_outside_district=true`, far);
    expect(allowed.status).toBe(201);
    expect(allowed.body.properties.township).toBeNull();
  });

  it('creates a whole collection in one request, or none of it', async () => {
    const before = (await api.get('/collections/shelters')).body.featureCount;
    const reply = await send('POST', items, {
      type: 'FeatureCollection',
      features: [shelter({ name: '批量一' }), shelter({ name: '批量二' }, [119.0, 25.6]), shelter({ name: '批量三' })],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.created).toBe(3);
    expect((await api.get('/collections/shelters')).body.featureCount).toBe(before + 3);
    const second = await read('shelters', reply.body.ids[1]);
    expect(second.properties.name).toBe('批量二');
  });

  it('refuses a duplicate source and external id with 409', async () => {
    const first = await send('POST', items, shelter({ name: '导入甲', source: 'census', external_id: 'A-1' }));
    expect(first.status).toBe(201);
    const before = await storeDigest(store);
    const again = await send('POST', items, shelter({ name: '导入甲', source: 'census', external_id: 'A-1' }));
    expect(again.status).toBe(409);
    expect((await storeDigest(store)).digest).toBe(before.digest);
  });

  it('sets and removes a depot’s stock of an item, moving the depot’s revision', async () => {
    const depot = await read('depots', ids.depot);
    const etag = `"${depot.properties.revision}"`;
    const path = `/collections/depots/items/${ids.depot}/stock/${encodeURIComponent('卫星电话')}`;
    const set = await send(
      'PUT',
      path,
      { quantity: 4, unit: '部', expires_on: null },
      { 'if-match': etag, 'content-type': 'application/json' },
    );
    expect(set.status).toBe(200);
    expect(set.body.properties.stock).toContainEqual({ item: '卫星电话', quantity: 4, unit: '部', expires_on: null });
    expect(set.body.properties.revision).toBe(depot.properties.revision + 1);
    const holding = (await api.get(`/collections/depots/items?item=${encodeURIComponent('卫星电话')}`, staff)).body;
    expect(holding.features.map((f: { id: string }) => f.id)).toEqual([ids.depot]);
    const removed = await send('DELETE', path, undefined, { 'if-match': set.headers.get('etag') ?? '' });
    expect(removed.status).toBe(200);
    expect(removed.body.properties.stock.map((s: { item: string }) => s.item)).not.toContain('卫星电话');
    const history = (await api.get(`/collections/depots/items/${ids.depot}/history`, staff)).body.entries;
    expect(history.at(-1).after.properties.stock).toEqual(removed.body.properties.stock);
  });

  it('lets exactly one of two editors of the same revision win, losing no write', async () => {
    const { body: created } = await send('POST', items, shelter({ name: '并发测试', capacity: 100 }));
    const path = `${items}/${created.id}`;
    const headers = { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' };
    const replies = await Promise.all([
      send('PATCH', path, { properties: { capacity: 111 } }, headers),
      send('PATCH', path, { properties: { capacity: 222 } }, headers),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412]);
    const winner = replies.find((r) => r.status === 200);
    const loser = replies.find((r) => r.status === 412);
    expect(loser?.headers.get('etag')).toBe('"2"');
    const final = await read('shelters', created.id);
    expect(final.properties.capacity).toBe(winner?.body.properties.capacity);
    const updates = (await api.get(`${path}/history`, staff)).body.entries.filter(
      (e: { action: string }) => e.action === 'update',
    );
    expect(updates).toHaveLength(1);
  });

  it('keeps internal fields and history from anonymous readers', async () => {
    expect((await api.get(`${items}/${ids.shelter}/history`)).status).toBe(401);
  });
});
