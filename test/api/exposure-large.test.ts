import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { WHOLE_LAYER } from '../../server/store/whole-layer.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { serve, staff, type TestServer } from '../support/http.ts';
import { writer } from '../support/write-client.ts';

/**
 * Exposure with population and hazards past ONEMAP_IN_PROCESS_MAX_FEATURES: counted by the highest
 * zone level in one grouped statement of the store, never loaded. With the threshold at 0 the answer
 * must be the in-memory one, on the demo district and on features laid out by hand south-east of it,
 * in the sea, where no demo zone reaches: the levels each should land at are worked out by hand below
 * (a zone's edge and corner count as inside, on both paths), and the change they make to the
 * in-memory figures is held to them.
 */

type Geometry = { type: string; coordinates: unknown };
/**
 * The layout is drawn on round numbers around 120°E 25°N and placed, a quarter the size, in the sea
 * off the district's south-east corner (119.255–119.435°E, 25.2–25.33°N), within the editing API's
 * margin: the same round number always lands on the same coordinate, so a point drawn on an edge
 * stays exactly on it.
 */
const at = ([x, y]: number[]) => [
  Number((119.26 + (x - 120) * 0.25).toFixed(7)),
  Number((25.2 + (y - 25) * 0.25).toFixed(7)),
];
const polygon = (...ring: number[][]): Geometry => ({ type: 'Polygon', coordinates: [ring.map(at)] });
const square = (w: number, s: number, e: number, n: number) => polygon([w, s], [e, s], [e, n], [w, n], [w, s]);
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: at([lon, lat]) });
const line = (...coordinates: number[][]): Geometry => ({ type: 'LineString', coordinates: coordinates.map(at) });

/** A flood zone (3), a geohazard zone (1) over its north-east corner, a triangle (2) with a diagonal edge. */
const ZONES: [string, Geometry, Record<string, unknown>][] = [
  ['A', square(120.0, 25.0, 120.1, 25.1), { level: 3, hazard_type: 'flood' }],
  ['B', square(120.05, 25.05, 120.15, 25.15), { level: 1, hazard_type: 'geohazard' }],
  ['C', polygon([120.2, 25.0], [120.3, 25.0], [120.2, 25.1], [120.2, 25.0]), { level: 2, hazard_type: 'hazchem' }],
];
/** A red zone retired after it was drawn: nothing counts in it. */
const RETIRED = square(120.4, 25.0, 120.5, 25.1);

/** Where a U-shaped area's vertices average to a point in its notch, outside it: the store hands it over. */
const U_SHAPE = polygon(
  [120.06, 25.01],
  [120.09, 25.01],
  [120.09, 25.04],
  [120.08, 25.04],
  [120.08, 25.02],
  [120.07, 25.02],
  [120.07, 25.04],
  [120.06, 25.04],
  [120.06, 25.01],
);

/** Two squares, the first with a hole: the centre of their vertices falls in the first, outside the hole, in A. */
const HOLED: Geometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      ...(square(120.01, 25.05, 120.03, 25.07).coordinates as number[][][]),
      [
        [120.015, 25.055],
        [120.015, 25.06],
        [120.02, 25.06],
        [120.02, 25.055],
        [120.015, 25.055],
      ].map(at),
    ],
    square(120.035, 25.05, 120.045, 25.07).coordinates as number[][][],
  ],
};

/** Residents, each a different power of two past 1000 so that a sum names who was counted; the level by hand (null: none). */
const PEOPLE: [string, Geometry, number, number | null][] = [
  ['on A’s south edge', point(120.03, 25.0), 1024, 3],
  ['on A’s corner', point(120.0, 25.0), 2048, 3],
  ['in A and B', point(120.07, 25.07), 4096, 1],
  ['on B’s west edge, inside A', point(120.05, 25.08), 8192, 1],
  ['in no zone', point(120.35, 25.3), 16384, null],
  ['in the retired zone', point(120.45, 25.05), 32768, null],
  ['inside C', point(120.21, 25.01), 65536, 2],
  ['a grid cell in A', square(120.01, 25.01, 120.02, 25.02), 131072, 3],
  ['a U-shaped area in A', U_SHAPE, 262144, 3],
  ['two squares, one holed, in A', HOLED, 524288, 3],
];

/** Hazards: points, and lines counted by any zone they touch; the level by hand. */
const HAZARDS: [string, Geometry, string, number | null][] = [
  ['in A and B', point(120.08, 25.08), 'landslide', 1],
  ['on A’s east edge', point(120.1, 25.02), 'waterlogging', 3],
  ['crossing into A', line([119.99, 25.03], [120.02, 25.03]), 'road', 3],
  ['ending on A’s west edge', line([119.98, 25.05], [120.0, 25.05]), 'reservoir', 3],
  ['from A into B', line([120.04, 25.06], [120.06, 25.06]), 'road', 1],
  ['through C, no vertex inside', line([120.19, 25.02], [120.31, 25.02]), 'embankment', 2],
  ['past C’s diagonal, inside its box', line([120.26, 25.09], [120.29, 25.06]), 'flood_prone', null],
];

/** On C's diagonal edge in decimal, off it by a rounding in binary: the paths must agree, whichever side. */
const ON_DIAGONAL = point(120.25, 25.05);

interface Level {
  level: number;
  residents: number;
  populationPoints: number;
  hazards: { total: number; byKind: Record<string, number> };
}

/** What the hand-placed features should add to each level. */
function expectedChange() {
  return [1, 2, 3, 4].map((level) => {
    const people = PEOPLE.filter(([, , , l]) => l === level);
    const hazards = HAZARDS.filter(([, , , l]) => l === level);
    const byKind: Record<string, number> = {};
    for (const [, , kind] of hazards) byKind[kind] = (byKind[kind] ?? 0) + 1;
    return {
      level,
      residents: people.reduce((n, [, , r]) => n + r, 0),
      populationPoints: people.length,
      hazards: { total: hazards.length, byKind },
    };
  });
}

function change(before: Level[], after: Level[]) {
  return after.map((a, i) => {
    const b = before[i];
    const byKind: Record<string, number> = {};
    for (const kind of Object.keys(a.hazards.byKind)) {
      const d = a.hazards.byKind[kind] - (b.hazards.byKind[kind] ?? 0);
      if (d) byKind[kind] = d;
    }
    return {
      level: a.level,
      residents: a.residents - b.residents,
      populationPoints: a.populationPoints - b.populationPoints,
      hazards: { total: a.hazards.total - b.hazards.total, byKind },
    };
  });
}

describe.each(backends())('exposure of large layers on the $name backend', (backend) => {
  let store: Store;
  let whole: TestServer;
  let near: TestServer;
  let demo: Level[];
  const stored: Record<string, string> = {};
  const send = (api: TestServer, method: string, path: string, body?: unknown, headers = {}) =>
    writer(api.url)(method, path, body, headers);
  const add = async (layer: string, geometry: Geometry, properties: Record<string, unknown>) => {
    const reply = await send(whole, 'POST', `/collections/${layer}/items`, { type: 'Feature', geometry, properties });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.id as string;
  };

  beforeAll(async () => {
    store = await backend.open();
    whole = await serve(store);
    near = await serve(store, { inProcessMaxFeatures: 0 });
  });
  afterAll(async () => {
    await near?.close();
    await whole?.close();
    await store?.close();
  });

  const exposureOf = async (api: TestServer, body?: unknown) => {
    const response = await fetch(`${api.url}/analysis/exposure`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', ...staff },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json();
    expect(response.status, JSON.stringify(answer)).toBe(200);
    return answer;
  };

  /** The answer through the store's counts, which must be the in-memory one, proving no large layer was read whole. */
  const bothWays = async (body?: unknown) => {
    const listItems = vi.spyOn(store, 'listItems');
    const zoneLevels = vi.spyOn(store, 'zoneLevels');
    const counted = await exposureOf(near, body);
    const wholeReads = listItems.mock.calls.filter(([, query]) => query.limit >= WHOLE_LAYER).map(([l]) => l.id);
    expect(wholeReads.filter((id) => id === 'population' || id === 'hazards')).toEqual([]);
    const handed = await Promise.all(zoneLevels.mock.results.map((r) => r.value));
    vi.restoreAllMocks();
    expect({ body, answer: counted }).toEqual({ body, answer: await exposureOf(whole, body) });
    return { answer: counted, handed };
  };

  it('counts the demo district as the in-memory analysis does, without reading population or hazards whole', async () => {
    const { answer } = await bothWays();
    demo = answer.levels;
    expect(demo.some((l) => l.residents > 0 && l.hazards.total > 0)).toBe(true);
  });

  it('refuses a zone of level 5, naming the field, and stores nothing', async () => {
    const before = await exposureOf(whole);
    const digest = await storeDigest(store);
    const reply = await send(whole, 'POST', '/collections/risk_zones/items', {
      type: 'Feature',
      geometry: square(120.6, 25.0, 120.8, 25.2),
      properties: { name: '五级区', level: 5 },
    });
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toEqual(['properties.level']);
    expect(await exposureOf(whole)).toEqual(before);
    expect(await storeDigest(store)).toEqual(digest);
  });

  it('places edges, corners, overlaps, crossing lines and odd-shaped areas where the hand-worked levels say, on both paths', async () => {
    for (const [name, geometry, properties] of ZONES) await add('risk_zones', geometry, { name, ...properties });
    const retired = await add('risk_zones', RETIRED, { name: 'D', level: 1 });
    const { headers } = await send(whole, 'GET', `/collections/risk_zones/items/${retired}`);
    const etag = headers.get('etag') ?? undefined;
    const gone = await send(whole, 'DELETE', `/collections/risk_zones/items/${retired}`, undefined, {
      'if-match': etag,
    });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    for (const [name, geometry, residents] of PEOPLE)
      stored[name] = await add('population', geometry, { name, residents });
    for (const [name, geometry, kind] of HAZARDS) stored[name] = await add('hazards', geometry, { name, kind });

    const { answer, handed } = await bothWays();
    expect(change(demo, answer.levels)).toEqual(expectedChange());
    const areas = handed.flatMap((h) => h.handed.map((f: { properties: { name: string } }) => f.properties.name));
    expect(areas).toEqual(['a U-shaped area in A']);
  });

  it('agrees on a point on a diagonal edge, whichever side its rounding puts it', async () => {
    await add('population', ON_DIAGONAL, { name: 'on C’s diagonal', residents: 1 });
    const { answer } = await bothWays();
    const moved = change(demo, answer.levels).map((l) => l.residents);
    const expected = expectedChange().map((l) => l.residents);
    expect([expected, expected.map((r, i) => (i === 1 ? r + 1 : r))]).toContainEqual(moved);
  });

  it('lays proposed shelters over the counts, in memory', async () => {
    const shelter = (name: string, geometry: Geometry) => ({
      type: 'Feature',
      geometry,
      properties: { name, kind: 'emergency', status: 'planned', capacity: 500 },
    });
    const proposed = {
      shelters: {
        type: 'FeatureCollection',
        features: [shelter('拟建-B', point(120.12, 25.12)), shelter('拟建-C', point(120.21, 25.02))],
      },
    };
    const { answer } = await bothWays({ proposed });
    expect(answer.delta.levels.map((l: { shelters: number }) => l.shelters)).toEqual([1, 1, 0, 0]);
    expect(answer.delta.levels.map((l: { residents: number }) => l.residents)).toEqual([0, 0, 0, 0]);
    expect(answer.delta.checkCount).toBe(2);
  });
});
