import { createHash } from 'node:crypto';
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { publishDemoIfUnpublished } from '../../server/demo/load-demo.ts';
import { allFields, findLayer } from '../../server/layers/registry.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

const internalNames = (layer: string) =>
  allFields(findLayer(layer)!)
    .filter((f) => f.visibility === 'internal')
    .map((f) => f.name);

describe.each(backends())('publishing on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string | undefined> = {}) =>
    writer(served.api.url)(method, path, body, { 'content-type': 'application/json', ...headers });
  const raw = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(served.api.url + path, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const publish = (title: string, headers = as('publisher')) =>
    send('POST', '/publications', { title, map_date: '2026-11-20', note: '区应急管理局审定' }, headers);

  it('has nothing for the public before the first publication', async () => {
    expect((await served.api.get('/publications/latest')).status).toBe(404);
    expect((await served.api.get('/publications')).body.publications).toEqual([]);
  });

  it('refuses to publish for anyone below a publisher, and a malformed request by field', async () => {
    const before = await storeDigest(served.store);
    expect((await publish('x', { authorization: undefined } as never)).status).toBe(401);
    expect((await publish('x', as('planner'))).status).toBe(403);
    const bad = await send('POST', '/publications', { title: '', map_date: '20/11/2026', extra: 1 }, as('publisher'));
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params'].map((p: { name: string }) => p.name).sort()).toEqual([
      'extra',
      'map_date',
      'title',
    ]);
    expect(await storeDigest(served.store)).toEqual(before);
    expect((await served.api.get('/publications')).body.publications).toEqual([]);
  });

  it('publishes version 1: the public fields of the risk zones and shelters, cached for good', async () => {
    const reply = await publish('涵江区安全风险四色分布图(2026年版)');
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toMatch(/\/publications\/1$/);
    expect(reply.body).toMatchObject({
      version: 1,
      map_date: '2026-11-20',
      published_by: 'publisher',
      withdrawn_at: null,
    });
    const zones = await served.api.get('/collections/risk_zones/items?limit=1');
    const shelters = await served.api.get('/collections/shelters/items?limit=1');
    expect(reply.body.layers).toEqual([
      { layer: 'risk_zones', feature_count: zones.body.numberMatched, sha256: expect.any(String) },
      { layer: 'shelters', feature_count: shelters.body.numberMatched, sha256: expect.any(String) },
    ]);

    const layer = await raw('/publications/1/layers/shelters');
    expect(layer.status).toBe(200);
    expect(layer.headers.get('content-type')).toContain('application/geo+json');
    expect(layer.headers.get('cache-control')).toContain('immutable');
    const sha = createHash('sha256').update(layer.text).digest('hex');
    expect(layer.headers.get('etag')).toBe(`"${sha}"`);
    expect(reply.body.layers[1].sha256).toBe(sha);
    const properties = JSON.parse(layer.text).features[0].properties;
    for (const name of [...internalNames('shelters'), 'status', 'free_places', 'revision']) {
      expect(properties).not.toHaveProperty(name);
    }
    expect(properties).toHaveProperty('capacity');
    expect((await raw('/publications/1/layers/shelters', { 'if-none-match': `"${sha}"` })).status).toBe(304);
    const compressed = await raw('/publications/1/layers/shelters', { 'accept-encoding': 'gzip' });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(compressed.text).toBe(layer.text);
    const latest = await served.api.get('/publications/latest');
    expect(latest.body.version).toBe(1);

    const png = await fetch(`${served.api.url}/publications/1/map.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const image = await loadImage(Buffer.from(await png.arrayBuffer()));
    expect(image.width).toBeGreaterThan(1000);
    const pdf = await fetch(`${served.api.url}/publications/1/map.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString('latin1');
    expect(text).toBe('%PDF-');
  });

  it('leaves the published version byte-identical while planners edit the drafts, and shows the difference', async () => {
    const published = await raw('/publications/1/layers/risk_zones');
    const publishedShelters = await raw('/publications/1/layers/shelters');
    const zones = (await served.api.get('/collections/risk_zones/items?limit=2', as('planner'))).body.features;
    const [zone, gone] = zones;
    const patched = await send(
      'PATCH',
      `/collections/risk_zones/items/${zone.id}`,
      { properties: { level: zone.properties.level === 1 ? 2 : 1 } },
      { ...as('planner'), 'if-match': `"${zone.properties.revision}"`, 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status).toBe(200);
    const deleted = await send('DELETE', `/collections/risk_zones/items/${gone.id}`, undefined, {
      ...as('planner'),
      'if-match': `"${gone.properties.revision}"`,
    });
    expect(deleted.status).toBe(204);
    const shelter = (await served.api.get('/collections/shelters/items?limit=1', as('responder'))).body.features[0];
    const live = await send(
      'PATCH',
      `/collections/shelters/items/${shelter.id}`,
      { properties: { free_places: 7 } },
      {
        ...as('responder'),
        'if-match': `"${shelter.properties.revision}"`,
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(live.status).toBe(200);

    expect((await raw('/publications/1/layers/risk_zones')).text).toBe(published.text);
    expect((await raw('/publications/1/layers/shelters')).text).toBe(publishedShelters.text);

    const draft = await send('GET', '/publications/draft', undefined, as('planner'));
    expect(draft.status).toBe(200);
    expect(draft.body.base_version).toBe(1);
    // A change to a live field is not a change to the published map.
    expect(draft.body.summary).toEqual({
      risk_zones: { added: 0, removed: 1, changed: 1 },
      shelters: { added: 0, removed: 0, changed: 0 },
    });
    expect(draft.body.layers.risk_zones.changed[0]).toMatchObject({ id: zone.id, changes: ['level'] });
    expect(draft.body.layers.risk_zones.removed[0].id).toBe(gone.id);

    const liveNow = await served.api.get('/publications/1/live');
    const mine = liveNow.body.shelters.find((s: { id: string }) => s.id === shelter.id);
    expect(mine).toMatchObject({ free_places: 7, updated_at: live.body.properties.updated_at });
    expect((await served.api.get('/publications/draft')).status).toBe(401);
  });

  it('publishes version 2, refuses a publication that changes nothing, and withdraws with a reason', async () => {
    const second = await publish('涵江区安全风险四色分布图(2026年修订)');
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    const again = await publish('重复发布');
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/version 2/);

    const noReason = await send('POST', '/publications/2/withdraw', { reason: ' ' }, as('publisher'));
    expect(noReason.body['invalid-params']).toEqual([{ name: 'reason', reason: 'must say why' }]);
    const withdrawn = await send('POST', '/publications/2/withdraw', { reason: '图层比例有误' }, as('publisher'));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ version: 2, withdrawn_by: 'publisher', withdrawn_reason: '图层比例有误' });
    expect((await send('POST', '/publications/2/withdraw', { reason: '再次' }, as('publisher'))).status).toBe(409);

    expect((await served.api.get('/publications/latest')).body.version).toBe(1);
    const list = (await served.api.get('/publications')).body.publications;
    expect(list.map((p: { version: number }) => p.version)).toEqual([2, 1]);
    expect((await raw('/publications/2/layers/risk_zones')).status).toBe(200);
    // After a withdrawal the difference is again measured from what the public sees.
    const draft = await send('GET', '/publications/draft', undefined, as('publisher'));
    expect(draft.body.base_version).toBe(1);
  });

  it('names a bad version or layer', async () => {
    const bad = await served.api.get('/publications/abc');
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params'][0].name).toBe('version');
    expect((await served.api.get('/publications/99')).status).toBe(404);
    expect((await served.api.get('/publications/1/layers/depots')).status).toBe(404);
    expect((await send('POST', '/publications/99/withdraw', { reason: 'x' }, as('publisher'))).status).toBe(404);
  });
});

describe('the demo district', () => {
  const served = servedStore(() => backends()[0].open());

  it('is published as version 1 on a first start, once', async () => {
    expect(await publishDemoIfUnpublished(served.store)).toBe(1);
    expect(await publishDemoIfUnpublished(served.store)).toBeUndefined();
    const latest = await served.api.get('/publications/latest');
    expect(latest.body).toMatchObject({ version: 1, published_by: 'demo' });
    expect(latest.body.title).toContain('演示');
  });
});
