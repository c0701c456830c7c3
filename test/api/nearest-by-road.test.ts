/**
 * `POST /analysis/nearest` by road, on both backends. A hand-built network whose answers are worked out
 * with Turf's own lengths: an incident on the south bank of a river, one team across it (near in a
 * straight line, a long drive round by the only bridge), one farther down the same bank, one on a
 * road that joins nothing. With no roads yet the answer is the straight line and says so; closing the
 * bridge, stored or as a what-if, changes the next answer at once, the what-if writing nothing. Over
 * the demo network the answer is cross-checked against a brute force: every candidate ranked by
 * `nearestByRoad` with n = all, which settles the whole network, on the stored layers fetched anew.
 */
import * as turf from '@turf/turf';
import type { Feature, LineString, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { roadNetwork } from '../../server/analysis/roads.ts';
import { loadProfile } from '../../server/profile.ts';
import { nearestByRoad } from '../../server/routing/nearest-by-road.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';

const SPEED_KMH = 40;
const INCIDENT = [119.0, 25.5];
/** South bank road through the incident to the bridge; north bank road back; the bridge between them. */
const SOUTH: [number, number][] = [
  [118.995, 25.5],
  [119.0, 25.5],
  [119.02, 25.5],
  [119.06, 25.5],
];
const NORTH: [number, number][] = [
  [118.995, 25.51],
  [119.0, 25.51],
  [119.06, 25.51],
];
const BRIDGE: [number, number][] = [
  [119.06, 25.5],
  [119.06, 25.51],
];
/** A road that meets no other: the team on it cannot be reached. */
const CUT_OFF: [number, number][] = [
  [119.0, 25.49],
  [119.01, 25.49],
];
const TEAMS = { across: [119.0, 25.51], down: [119.02, 25.5], cut_off: [119.005, 25.49] } as const;
/** A shelter 111 m off the south bank road, and a place on the north bank just across from the incident. */
const SOUTH_SHELTER: [number, number] = [119.04, 25.501];
const ACROSS_PLACE: [number, number] = [119.0, 25.511];

const metres = (line: [number, number][]) => turf.length(turf.lineString(line), { units: 'meters' });
const seconds = (m: number) => m / (SPEED_KMH / 3.6);
/** Drives worked out by hand along the drawn lines: both teams sit on their roads, so no walk is added. */
const DOWN_M = metres([SOUTH[1], SOUTH[2]]);
const ACROSS_M = metres([NORTH[1], NORTH[2]]) + metres(BRIDGE) + metres([SOUTH[3], SOUTH[1]]);

const road = (name: string, coordinates: [number, number][]) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties: { name, class: 'county', speed_kmh: SPEED_KMH },
});

describe.each(backends())('nearest by road on the $name backend, a river and one bridge', (backend) => {
  const served = servedStore(() => backend.openEmpty());
  const ids: Record<string, string> = {};

  async function send(method: string, path: string, body: unknown, headers: Record<string, string> = staff) {
    const response = await fetch(served.api.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: await response.json() };
  }
  const nearestTeams = (extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    send('POST', '/analysis/nearest', { from: INCIDENT, layer: 'teams', k: 5, by: 'road', ...extra }, headers);
  const byName = (rows: { id: string }[]) => rows.map((r) => Object.keys(ids).find((name) => ids[name] === r.id));

  it('answers in a straight line while there are no roads, and says so', async () => {
    for (const [name, at] of Object.entries(TEAMS)) {
      const team = {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: { name, on_duty: true },
      };
      const created = await send('POST', '/collections/teams/items', team);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[name] = created.body.id;
    }
    const { status, body } = await nearestTeams();
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: 'straight', reason: 'no_roads' });
    expect(byName(body.results)).toEqual(['across', 'cut_off', 'down']);
    const responder = as('responder');
    const created = await send(
      'POST',
      '/incidents',
      { title: '无路', kind: 'flood', at: INCIDENT, reporter: '值班员', text: '接报' },
      responder,
    );
    const entry = { stage: 'dispatch', text: '调派', dispatch: { layer: 'teams', id: ids.down } };
    const sent = await send('POST', `/incidents/${created.body.id}/entries`, entry, responder);
    expect(sent.status).toBe(201);
    expect(sent.body.entries.at(-1).dispatched).not.toHaveProperty('road');
    const walk = await send('POST', '/analysis/walk', { from: INCIDENT, to: [SOUTH_SHELTER, ACROSS_PLACE] }, {});
    expect(walk.body).toMatchObject({ method: 'straight', reason: 'no_roads', nearest: { index: 1 } });
  });

  it('ranks the team down the bank before the one across the river, and lists the cut-off one apart', async () => {
    for (const [name, line] of Object.entries({ south: SOUTH, north: NORTH, bridge: BRIDGE, cut_off_road: CUT_OFF })) {
      const created = await send('POST', '/collections/roads/items', road(name, line));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[name] = created.body.id;
    }
    const { status, body } = await nearestTeams();
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: 'road', travel: 'to', closed: [] });
    expect(byName(body.results)).toEqual(['down', 'across']);
    const [down, across] = body.results;
    expect(down.distance_m).toBeCloseTo(DOWN_M, -1);
    expect(down.duration_s).toBeCloseTo(seconds(DOWN_M), -1);
    expect(across.distance_m).toBeCloseTo(ACROSS_M, -1);
    expect(across.duration_s).toBeCloseTo(seconds(ACROSS_M), -1);
    expect(across.straight_m).toBeCloseTo(metres([NORTH[1], SOUTH[1]]), -1);
    expect(across.snap_m).toBe(0);
    // The route is drawn from the team to the incident, over the bridge.
    const route = across.route as LineString;
    expect(route.coordinates[0]).toEqual(TEAMS.across);
    expect(route.coordinates.at(-1)).toEqual(INCIDENT);
    expect(route.coordinates).toContainEqual(BRIDGE[1]);
    expect(turf.length(turf.lineString(route.coordinates), { units: 'meters' })).toBeCloseTo(ACROSS_M, -1);
    expect(byName(body.unreachable)).toEqual(['cut_off']);
    expect(body.unreachable[0]).toMatchObject({ unreachable: true, snap_m: 0 });
    expect(body.left_out.unreachable).toBe(1);
  });

  it('keeps the time limit: max_minutes leaves out the drive round by the bridge', async () => {
    const minutes = (seconds(DOWN_M) + seconds(ACROSS_M)) / 2 / 60;
    const { body } = await nearestTeams({ max_minutes: minutes });
    expect(byName(body.results)).toEqual(['down']);
  });

  it('sends people from the incident to a shelter: the answer says it travels from there', async () => {
    const shelter = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: SOUTH_SHELTER },
      properties: { name: '南岸避难点', status: 'open', capacity: 300, free_places: 300 },
    };
    expect((await send('POST', '/collections/shelters/items', shelter)).status).toBe(201);
    const { body } = await send('POST', '/analysis/nearest', { from: INCIDENT, layer: 'shelters', by: 'road' });
    expect(body).toMatchObject({ method: 'road', travel: 'from' });
    const [found] = body.results;
    expect(found.route.coordinates[0]).toEqual(INCIDENT);
    expect(found.route.coordinates.at(-1)).toEqual([119.04, 25.501]);
    // 111 m off the road, walked at the profile's 4 km/h, beside the drive along the bank.
    const walkS = found.snap_m / (4 / 3.6);
    expect(found.snap_m).toBeCloseTo(
      metres([
        [119.04, 25.5],
        [119.04, 25.501],
      ]),
      -1,
    );
    expect(found.duration_s).toBeCloseTo(seconds(metres([SOUTH[1], [119.04, 25.5]])) + walkS, -1);
  });

  it('records a dispatch with its drive: round by the bridge, or null for the team cut off', async () => {
    const responder = as('responder');
    const incident = { title: '南岸落水', kind: 'flood', at: INCIDENT, reporter: '值班员', text: '接报' };
    const created = await send('POST', '/incidents', incident, responder);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dispatch = (team: string) =>
      send(
        'POST',
        `/incidents/${created.body.id}/entries`,
        { stage: 'dispatch', text: '调派', dispatch: { layer: 'teams', id: ids[team] } },
        responder,
      );
    const across = (await dispatch('across')).body.entries.at(-1).dispatched;
    expect(across.distance_m).toBeCloseTo(metres([NORTH[1], SOUTH[1]]), -1);
    expect(across.road.distance_m).toBeCloseTo(ACROSS_M, -1);
    expect(across.road.duration_s).toBeCloseTo(seconds(ACROSS_M), -1);
    expect((await dispatch('cut_off')).body.entries.at(-1).dispatched.road).toBeNull();
  });

  it('walks a person to the place reached soonest on foot: along the bank, not across the river', async () => {
    const walk = await send('POST', '/analysis/walk', { from: INCIDENT, to: [ACROSS_PLACE, SOUTH_SHELTER] }, {});
    expect(walk.status).toBe(200);
    expect(walk.body).toMatchObject({ method: 'road', walk_kmh: 4, unreachable: [] });
    const { nearest } = walk.body;
    expect(nearest.index).toBe(1);
    const alongM = metres([SOUTH[1], [119.04, 25.5]]);
    const offM = metres([[119.04, 25.5], SOUTH_SHELTER]);
    expect(nearest.distance_m).toBeCloseTo(alongM, -1);
    expect(nearest.walked_m).toBeCloseTo(alongM + offM, -1);
    expect(nearest.duration_s).toBeCloseTo((alongM + offM) / (4 / 3.6), -1);
    expect(nearest.route.coordinates[0]).toEqual(INCIDENT);
    expect(nearest.route.coordinates.at(-1)).toEqual(SOUTH_SHELTER);
  });

  it.each([
    [{ from: INCIDENT, to: [] }, 'to'],
    [{ from: INCIDENT, to: [[200, 25]] }, 'to[0]'],
    [{ to: [INCIDENT] }, 'from'],
  ])('refuses a walk of %j naming %s', async (body, field) => {
    const reply = await send('POST', '/analysis/walk', body, {});
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
  });

  it('closes the bridge for one answer as a what-if, writing nothing', async () => {
    const before = await storeDigest(served.store);
    const { status, body } = await nearestTeams({ closed: [ids.bridge] });
    expect(status).toBe(200);
    expect(body.closed).toEqual([ids.bridge]);
    expect(byName(body.results)).toEqual(['down']);
    expect(byName(body.unreachable)).toEqual(['across', 'cut_off']);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
    expect(byName((await nearestTeams()).body.results)).toEqual(['down', 'across']);
  });

  it('answers by road with everything unreachable when every road is closed, naming why', async () => {
    const all = [ids.south, ids.north, ids.bridge, ids.cut_off_road];
    const { status, body } = await nearestTeams({ closed: all });
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: 'road', reason: 'all_roads_closed', results: [] });
    expect(byName(body.unreachable)).toEqual(['across', 'cut_off', 'down']);
  });

  it.each([
    [{ closed: ['no-such-road'] }, 'closed[0]', '道路图层中没有这条道路'],
    [{ closed: ['x', 'y'] }, 'closed[1]', '道路图层中没有这条道路'],
    [{ max_km: 5 }, 'max_km', 'max_minutes'],
    [{ by: 'straight', max_minutes: 5 }, 'max_minutes', '道路'],
    [{ by: 'car' }, 'by', 'road'],
  ])('refuses %j with a 400 naming %s, in Chinese, the store unchanged', async (extra, field, words) => {
    const before = await storeDigest(served.store);
    const reply = await nearestTeams(extra);
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
    expect(reply.body.detail).toContain(words);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  it('says the unknown road in English when asked in English', async () => {
    const reply = await nearestTeams({ closed: ['no-such-road'] }, { 'accept-language': 'en' });
    expect(reply.body['invalid-params']).toEqual([
      { name: 'closed[0]', reason: 'there is no such road in the roads layer' },
    ]);
  });

  it('changes the next answer at once when a responder closes the bridge', async () => {
    const path = `/collections/roads/items/${ids.bridge}`;
    const current = await send('GET', path, undefined);
    const closing = { properties: { status: 'closed', closure_note: '桥梁水毁' } };
    const closed = await fetch(served.api.url + path, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/merge-patch+json',
        'if-match': current.etag as string,
        ...as('responder'),
      },
      body: JSON.stringify(closing),
    });
    expect(closed.status).toBe(200);
    const { body } = await nearestTeams();
    expect(byName(body.results)).toEqual(['down']);
    expect(byName(body.unreachable)).toEqual(['across', 'cut_off']);
  });
});

const SEAT: [number, number] = [119.12, 25.46];
type Candidate = Feature<Point, Record<string, unknown>>;

describe.each(backends())('nearest by road on the $name backend, over the demo network', (backend) => {
  const served = servedStore(() => backend.open());
  const post = async (body: unknown) => {
    const response = await fetch(`${served.api.url}/analysis/nearest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...staff },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const features = async (layer: string) =>
    (await served.api.get(`/collections/${layer}/items?limit=10000`, staff)).body.features as Candidate[];

  /** Every fitting candidate ranked by road, the whole network settled: the reachable in order, and the rest. */
  async function bruteForce(layer: string, accepts: (f: Candidate) => boolean, travel: 'to' | 'from') {
    const roads = roadNetwork(await features('roads'), loadProfile());
    if (!roads) throw new Error('the demo has roads');
    const candidates = (await features(layer)).filter((f) => f.properties.status !== 'planned' && accepts(f));
    const points = candidates.map((f) => f.geometry.coordinates);
    const all = nearestByRoad(roads.graph, SEAT, points, points.length, { walkKmh: roads.walkKmh, travel });
    return {
      reached: all.filter((r) => !r.unreachable).map((r) => ({ id: candidates[r.index].id, r })),
      unreachable: all.filter((r) => r.unreachable).map((r) => candidates[r.index].id),
    };
  }

  it.each([
    [
      'teams',
      { specialties: ['water_rescue'] },
      (f: Candidate) =>
        (f.properties.specialties as string[]).includes('water_rescue') && f.properties.on_duty === true,
      'to',
    ],
    [
      'shelters',
      { free_places: 100 },
      (f: Candidate) => f.properties.status === 'open' && Number(f.properties.free_places) >= 100,
      'from',
    ],
    ['fire_stations', {}, () => true, 'to'],
  ] as const)(
    'ranks %s that fit %j as a brute force over every candidate does',
    async (layer, need, accepts, travel) => {
      const { status, body } = await post({ from: SEAT, layer, k: 8, by: 'road', ...need });
      expect(status).toBe(200);
      expect(body.method).toBe('road');
      const expected = await bruteForce(layer, accepts, travel);
      expect(expected.reached.length).toBeGreaterThan(0);
      expect(body.results.map((r: { id: string }) => r.id)).toEqual(expected.reached.slice(0, 8).map((e) => e.id));
      body.results.forEach((r: { duration_s: number; distance_m: number }, i: number) => {
        expect(r.duration_s).toBe(Math.round(expected.reached[i].r.duration_s as number));
        expect(r.distance_m).toBe(Math.round(expected.reached[i].r.distance_m as number));
      });
      expect(body.unreachable.map((r: { id: string }) => r.id).sort()).toEqual([...expected.unreachable].sort());
    },
  );

  it('ranks depots holding the items by road, partial ones apart, for staff', async () => {
    const need = [{ item: '帐篷', quantity: 100 }];
    const { status, body } = await post({ from: SEAT, layer: 'depots', k: 3, by: 'road', items: need });
    expect(status).toBe(200);
    const holds = (f: Candidate) =>
      ((f.properties.stock as { item: string; quantity: number; expires_on: string | null }[]) ?? [])
        .filter((s) => s.item === '帐篷' && !(s.expires_on && s.expires_on < body.as_of))
        .reduce((sum, s) => sum + s.quantity, 0) >= 100;
    const expected = await bruteForce('depots', holds, 'to');
    expect(body.results.map((r: { id: string }) => r.id)).toEqual(expected.reached.slice(0, 3).map((e) => e.id));
    for (const r of body.results) expect(r.items[0].held).toBeGreaterThanOrEqual(100);
    for (const r of body.partial) expect(r.lacking[0].short).toBeGreaterThan(0);
  });

  it('never answers a road time shorter than the straight line at the network’s top speed', async () => {
    const { body } = await post({ from: SEAT, layer: 'shelters', k: 20, by: 'road' });
    const top = Math.max(...(await features('roads')).map((f) => Number(f.properties.speed_kmh ?? 0)), 90);
    expect(body.results.length).toBe(20);
    for (const r of body.results) expect(r.duration_s + 1).toBeGreaterThanOrEqual(r.straight_m / (top / 3.6));
  });
});
