import * as turf from '@turf/turf';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoLayer } from '../../server/demo/load-demo.ts';
import { allFields, layers } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, staff, type TestServer } from '../support/http.ts';

const internalNames = (layerId: string) =>
  new Set(
    allFields(layers.find((l) => l.id === layerId)!)
      .filter((f) => f.visibility === 'internal')
      .map((f) => f.name),
  );

describe.each(backends())('read API on the $name backend', (backend) => {
  let store: Store;
  let api: TestServer;
  let validate: (schemaName: string, value: unknown) => void;

  beforeAll(async () => {
    store = await backend.open();
    api = await serve(store);
    const doc = (await api.get('/api')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'openapi');
    validate = (schemaName, value) => {
      const check = ajv.getSchema(`openapi#/components/schemas/${schemaName}`);
      if (!check) throw new Error(`no schema ${schemaName}`);
      if (!check(value)) throw new Error(`${schemaName}: ${ajv.errorsText(check.errors)}`);
    };
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('serves a landing page that marks the demo data and links the API', async () => {
    const { status, body } = await api.get('/');
    expect(status).toBe(200);
    validate('LandingPage', body);
    expect(body.title).toContain('演示数据');
    expect(body.dataset.demo).toBe(true);
    expect(body.links.map((l: { rel: string }) => l.rel)).toEqual(
      expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']),
    );
    const conformance = await api.get('/conformance');
    validate('Conformance', conformance.body);
    expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
  });

  it('lists every layer with Chinese and English titles and the demo counts', async () => {
    const { body } = await api.get('/collections');
    validate('Collections', body);
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(layers.map((l) => l.id));
    for (const collection of body.collections) {
      const demo = await readDemoLayer(collection.id);
      expect(collection.featureCount, collection.id).toBe(demo.features.length);
      expect(collection.titles.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(collection.titles.en).toMatch(/^[A-Z]/);
    }
    const english = await api.get('/collections/shelters', { 'accept-language': 'en' });
    expect(english.body.title).toBe('Emergency shelters');
  });

  it('documents every route it serves, and serves every route it documents', async () => {
    const { body: doc } = await api.get('/api');
    expect(doc.openapi).toBe('3.1.0');
    for (const path of Object.keys(doc.paths).filter((p) => doc.paths[p].get)) {
      const concrete = path
        .replace('{collectionId}', 'shelters')
        .replace('{featureId}', '00000000-0000-4000-8000-000000000000')
        .replace('{target}', 'broadcast')
        .replace('{version}', '1')
        .replace('{layer}', 'shelters')
        .replace('{z}/{x}/{y}', '0/0/0')
        .replace('{scenarioId}', '00000000-0000-4000-8000-000000000000')
        .replace('{incidentId}', '00000000-0000-4000-8000-000000000000')
        .replace('{cameraId}', '00000000-0000-4000-8000-000000000000');
      // A comparison names the scenarios it compares.
      const query = path === '/analysis/scorecard/compare' ? '?scenarios=00000000-0000-4000-8000-000000000000' : '';
      const { status } = await api.get(concrete + query, as('admin'));
      expect([200, 404], path).toContain(status);
      expect(Object.keys(doc.paths[path].get.responses), path).toContain(String(status));
    }
    for (const layer of layers) {
      const documented = doc.paths[`/collections/${layer.id}/items`].get.parameters.map(
        (p: { name: string }) => p.name,
      );
      const queryables = (await api.get(`/collections/${layer.id}/queryables`, staff)).body;
      expect(documented).toEqual(expect.arrayContaining(Object.keys(queryables.properties)));
    }
  });

  it('returns features that match the API document, for anonymous readers and staff', async () => {
    for (const layer of layers) {
      const name = layer.id.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      for (const headers of [{}, staff]) {
        const page = await api.get(`/collections/${layer.id}/items?limit=50`, headers);
        expect(page.status).toBe(200);
        expect(page.type).toContain('application/geo+json');
        validate(`${name}FeatureCollection`, page.body);
        const one = await api.get(`/collections/${layer.id}/items/${page.body.features[0].id}`, headers);
        validate(`${name}Feature`, one.body);
      }
    }
  });

  it('pages through every layer with next links, returning each feature exactly once', async () => {
    for (const layer of layers) {
      const seen: string[] = [];
      let url: string | undefined = `/collections/${layer.id}/items?limit=37`;
      let matched = -1;
      while (url) {
        const { body } = await api.get(url);
        matched = body.numberMatched;
        expect(body.numberReturned).toBe(body.features.length);
        seen.push(...body.features.map((f: { id: string }) => f.id));
        url = body.links.find((l: { rel: string }) => l.rel === 'next')?.href;
      }
      expect(new Set(seen).size, layer.id).toBe(seen.length);
      expect(seen.length, layer.id).toBe(matched);
      expect(seen.length, layer.id).toBe((await readDemoLayer(layer.id)).features.length);
    }
  });

  it('offers a prev link that leads back', async () => {
    const second = (await api.get('/collections/shelters/items?limit=10&offset=10')).body;
    const prev = second.links.find((l: { rel: string }) => l.rel === 'prev');
    const first = (await api.get(prev.href)).body;
    const direct = (await api.get('/collections/shelters/items?limit=10')).body;
    expect(first.features.map((f: { id: string }) => f.id)).toEqual(direct.features.map((f: { id: string }) => f.id));
  });

  it.each(['shelters', 'risk_zones', 'hazards', 'admin_areas'])(
    'finds the %s in a bbox exactly as a brute-force intersection does',
    async (id) => {
      const bbox: [number, number, number, number] = [119.05, 25.42, 119.15, 25.5];
      const demo = await readDemoLayer(id);
      const box = turf.bboxPolygon(bbox);
      const expected = demo.features.filter((f) => turf.booleanIntersects(f, box)).map((f) => f.id);
      const { body } = await api.get(`/collections/${id}/items?limit=10000&bbox=${bbox.join(',')}`);
      expect(body.features.map((f: { id: string }) => f.id).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
    },
  );

  it('filters by queryable properties, alone and together', async () => {
    const demo = (await readDemoLayer('shelters')).features;
    const count = async (query: string) =>
      (await api.get(`/collections/shelters/items?limit=1&${query}`)).body.numberMatched;
    expect(await count('grade=A')).toBe(101);
    expect(await count('grade=A,B')).toBe(192);
    expect(await count('grade=A&grade=C')).toBe(154);
    expect(await count('level=village')).toBe(203);
    expect(await count('upgrading=true')).toBe(50);
    expect(await count('standardised=true')).toBe(demo.filter((f) => f.properties?.standardised).length);
    const inBaitang = await api.get(`/collections/shelters/items?limit=1000&township=${encodeURIComponent('白塘镇')}`);
    expect(inBaitang.body.numberMatched).toBeGreaterThan(0);
    for (const f of inBaitang.body.features) expect(f.properties.township).toBe('白塘镇');
    const both = await count(`grade=A&township=${encodeURIComponent('白塘镇')}`);
    expect(both).toBe(inBaitang.body.features.filter((f: any) => f.properties.grade === 'A').length);

    const water = (await api.get('/collections/teams/items?limit=100&specialties=water_rescue')).body;
    expect(water.numberMatched).toBeGreaterThan(0);
    for (const f of water.features) expect(f.properties.specialties).toContain('water_rescue');
    const red = (await api.get('/collections/risk_zones/items?limit=100&level=1')).body;
    expect(red.numberMatched).toBeGreaterThan(0);
    for (const f of red.features) expect(f.properties.level).toBe(1);
  });

  it('lets staff find the depots that hold an item, with their stock', async () => {
    const { body } = await api.get(`/collections/depots/items?limit=100&item=${encodeURIComponent('冲锋舟')}`, staff);
    const demo = (await readDemoLayer('depots')).features;
    const holding = demo.filter((f) => f.properties?.stock.some((s: { item: string }) => s.item === '冲锋舟'));
    expect(body.numberMatched).toBe(holding.length);
    expect(holding.length).toBeGreaterThan(0);
    for (const f of body.features) {
      expect(f.properties.stock.map((s: { item: string }) => s.item)).toContain('冲锋舟');
    }
  });

  it('never shows an internal field to an anonymous reader, on any layer', async () => {
    for (const layer of layers) {
      const hidden = internalNames(layer.id);
      const { body } = await api.get(`/collections/${layer.id}/items?limit=10000`);
      expect(body.features.length).toBeGreaterThan(0);
      for (const feature of body.features) {
        for (const key of Object.keys(feature.properties)) expect(hidden.has(key), `${layer.id}.${key}`).toBe(false);
      }
      const single = (await api.get(`/collections/${layer.id}/items/${body.features[0].id}`)).body;
      for (const key of Object.keys(single.properties)) expect(hidden.has(key), `${layer.id}.${key}`).toBe(false);
      const queryables = (await api.get(`/collections/${layer.id}/queryables`)).body;
      for (const key of Object.keys(queryables.properties)) expect(hidden.has(key), `${layer.id}.${key}`).toBe(false);
    }
  });

  it('shows internal fields to staff', async () => {
    const { body } = await api.get('/collections/depots/items?limit=1', staff);
    expect(body.features[0].properties).toHaveProperty('stock');
    expect(body.features[0].properties).toHaveProperty('phone');
    const shelters = (await api.get('/collections/shelters/items?limit=1', staff)).body;
    expect(shelters.features[0].properties).toHaveProperty('contact_phone');
  });

  it.each(['Bearer wrong', 'Basic abc', 'Bearer'])(
    'refuses a wrong token (%s) rather than reading on anonymously',
    async (authorization) => {
      const { status, type } = await api.get('/collections/shelters/items', { authorization });
      expect(status).toBe(401);
      expect(type).toContain('application/problem+json');
    },
  );

  const badRequests: Array<[string, string]> = [
    ['/collections/shelters/items?limit=0', 'limit'],
    ['/collections/shelters/items?limit=abc', 'limit'],
    ['/collections/shelters/items?limit=-5', 'limit'],
    ['/collections/shelters/items?limit=2.5', 'limit'],
    ['/collections/shelters/items?limit=1&limit=2', 'limit'],
    ['/collections/shelters/items?offset=-1', 'offset'],
    ['/collections/shelters/items?bbox=119,25,120', 'bbox'],
    ['/collections/shelters/items?bbox=a,b,c,d', 'bbox'],
    ['/collections/shelters/items?bbox=119,25,120', 'bbox'],
    ['/collections/shelters/items?bbox=25.4,118.9,25.7,119.2', 'bbox'],
    ['/collections/shelters/items?bbox=119.2,25.4,118.9,25.7', 'bbox'],
    ['/collections/shelters/items?bbox=119,25.7,119.2,25.4', 'bbox'],
    ['/collections/shelters/items?bbox=119,NaN,119.2,25.4', 'bbox'],
    ['/collections/shelters/items?colour=red', 'colour'],
    ['/collections/shelters/items?contact_phone=1', 'contact_phone'],
    ['/collections/shelters/items?grade=Z', 'grade'],
    ['/collections/shelters/items?standardised=yes', 'standardised'],
    ['/collections/shelters/items?f=html', 'f'],
    [`/collections/shelters/items?grade=${encodeURIComponent("A' OR '1'='1")}`, 'grade'],
    [`/collections/shelters/items?grade=${encodeURIComponent('A; DROP TABLE shelters;--')}`, 'grade'],
    [`/collections/risk_zones/items?level=${encodeURIComponent('1 OR 1=1')}`, 'level'],
    ['/collections/risk_zones/items?level=7', 'level'],
    [`/collections/shelters/items/${encodeURIComponent("1' OR '1'='1")}`, 'featureId'],
    [`/collections/shelters/items/${encodeURIComponent('x; DROP TABLE shelters')}`, 'featureId'],
    ['/collections/shelters/items/00000000-0000-4000-8000-000000000000?limit=1', 'limit'],
  ];

  it.each(badRequests)('refuses %s with a 400 naming %s', async (path, field) => {
    const { status, type, body } = await api.get(path);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    validate('Problem', body);
    expect(body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
    expect(body.detail).toContain(field);
  });

  it.each(["' OR '1'='1", "x'; DROP TABLE shelters; --", '<script>alert(1)</script>'])(
    'treats %s in a free-text filter as the text it is, and loses nothing',
    async (name) => {
      const before = (await api.get('/collections/shelters')).body.featureCount;
      const { status, body } = await api.get(`/collections/shelters/items?name=${encodeURIComponent(name)}`);
      expect(status).toBe(200);
      expect(body.numberMatched).toBe(0);
      expect((await api.get('/collections/shelters')).body.featureCount).toBe(before);
    },
  );

  it.each([
    '/collections/nope',
    '/collections/nope/items',
    '/collections/shelters/items/00000000-0000-4000-8000-000000000000',
    '/no/such/path',
  ])('gives 404 for an unknown collection, feature or path: %s', async (path) => {
    const { status, type } = await api.get(path);
    expect(status).toBe(404);
    expect(type).toContain('application/problem+json');
  });

  it('serves a limit above the maximum at the maximum', async () => {
    const { status, body } = await api.get('/collections/broadcast_terminals/items?limit=99999');
    expect(status).toBe(200);
    expect(body.numberReturned).toBe(400);
  });
});
