import { describe, expect, it } from 'vitest';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, servedStore, staff } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

/** The tile holding a position at zoom z, in the XYZ scheme. */
function tileOf([lon, lat]: number[], z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

const ids = (body: any) => body.features.map((f: any) => f.id).sort();

describe.each(backends())('anonymous readers of the published layers on the $name backend', (backend) => {
  const served = servedStore(() => backend.open(), { publicReads: 'published' });
  const send = (...args: Parameters<ReturnType<typeof writer>>) => writer(served.api.url)(...args);
  const anonymous = (path: string) => served.api.get(path);
  const asStaff = (path: string) => served.api.get(path, staff);
  const publish = (title: string) =>
    send(
      'POST',
      '/publications',
      { title, map_date: '2026-12-01' },
      { ...as('publisher'), 'content-type': 'application/json' },
    );
  let zone: any;

  it('see nothing of the risk zones and shelters before the bureau publishes, staff see the drafts', async () => {
    const drafts = await asStaff('/collections/risk_zones/items?limit=10000');
    expect(drafts.body.features.length).toBeGreaterThan(0);
    zone = drafts.body.features[0];
    for (const layer of ['risk_zones', 'shelters']) {
      const items = await anonymous(`/collections/${layer}/items`);
      expect(items.status).toBe(200);
      expect(items.body.numberMatched).toBe(0);
      const file = await anonymous(`/exports/${layer}.geojson`);
      expect(file.body.features).toEqual([]);
    }
    expect((await anonymous(`/collections/risk_zones/items/${zone.id}`)).status).toBe(404);
    const tile = await fetch(`${served.api.url}/tiles/risk_zones/${tileOf(zone.geometry.coordinates[0][0], 12)}.mvt`);
    expect(tile.status).toBe(204);
    // Layers the bureau does not publish are read live as before.
    expect((await anonymous('/collections/depots/items')).body.numberMatched).toBeGreaterThan(0);
  });

  it('see the latest publication once published, with the same features staff see', async () => {
    expect((await publish('第一版')).status).toBe(201);
    for (const layer of ['risk_zones', 'shelters']) {
      const published = await anonymous(`/collections/${layer}/items?limit=10000`);
      const drafts = await asStaff(`/collections/${layer}/items?limit=10000`);
      expect(ids(published.body)).toEqual(ids(drafts.body));
    }
    const filtered = await anonymous('/collections/risk_zones/items?level=1&limit=10000');
    const staffFiltered = await asStaff('/collections/risk_zones/items?level=1&limit=10000');
    expect(ids(filtered.body)).toEqual(ids(staffFiltered.body));
    const [w, s] = zone.geometry.coordinates[0][0];
    const boxed = await anonymous(`/collections/risk_zones/items?bbox=${w - 0.01},${s - 0.01},${w + 0.01},${s + 0.01}`);
    expect(ids(boxed.body)).toContain(zone.id);
  });

  it('keep the published shape of a zone a planner redraws, until a publisher publishes it', async () => {
    const path = `/collections/risk_zones/items/${zone.id}`;
    const current = await send('GET', path);
    const [x, y] = zone.geometry.coordinates[0][0];
    const square = [
      [
        [x, y],
        [x + 0.005, y],
        [x + 0.005, y + 0.005],
        [x, y + 0.005],
        [x, y],
      ],
    ];
    const tilePath = `/tiles/risk_zones/${tileOf([x, y], 12)}.mvt`;
    const tileBefore = Buffer.from(await (await fetch(served.api.url + tilePath)).arrayBuffer());
    const patched = await send(
      'PATCH',
      path,
      { geometry: { type: 'Polygon', coordinates: square } },
      { 'content-type': 'application/merge-patch+json', 'if-match': current.headers.get('etag') ?? '' },
    );
    expect(patched.status).toBe(200);
    expect((await asStaff(path)).body.geometry.coordinates).toEqual(square);
    expect((await anonymous(path)).body.geometry).toEqual(zone.geometry);
    const exported = (await anonymous('/exports/risk_zones.geojson')).body;
    expect(exported.features.find((f: any) => f.id === zone.id).geometry).toEqual(zone.geometry);
    const tileAfter = Buffer.from(await (await fetch(served.api.url + tilePath)).arrayBuffer());
    expect(tileAfter.equals(tileBefore)).toBe(true);

    expect((await publish('第二版')).status).toBe(201);
    expect((await anonymous(path)).body.geometry.coordinates).toEqual(square);
  });

  it('see a published shelter’s live status, but no shelter added since', async () => {
    const shelters = await anonymous('/collections/shelters/items?limit=10000');
    const shelter = shelters.body.features.find((f: any) => f.properties.status === 'open');
    const path = `/collections/shelters/items/${shelter.id}`;
    const current = await send('GET', path);
    const closed = await send(
      'PATCH',
      path,
      { properties: { status: 'closed', free_places: 0 } },
      {
        ...as('responder'),
        'content-type': 'application/merge-patch+json',
        'if-match': current.headers.get('etag') ?? '',
      },
    );
    expect(closed.status).toBe(200);
    expect((await anonymous(path)).body.properties).toMatchObject({ status: 'closed', free_places: 0 });

    const added = await send('POST', '/collections/shelters/items', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.05, 25.5] },
      properties: { name: '未审定的新避难场所', status: 'open', capacity: 100 },
    });
    expect(added.status).toBe(201);
    expect(ids((await anonymous('/collections/shelters/items?limit=10000')).body)).not.toContain(added.body.id);
    expect((await anonymous(`/collections/shelters/items/${added.body.id}`)).status).toBe(404);
    expect(ids((await asStaff('/collections/shelters/items?limit=10000')).body)).toContain(added.body.id);

    // A bureau that publishes live says so, and its anonymous readers get the drafts.
    const live = await serve(served.store, { publicReads: 'live' });
    try {
      expect(ids((await live.get('/collections/shelters/items?limit=10000')).body)).toContain(added.body.id);
    } finally {
      await live.close();
    }
  });
});
