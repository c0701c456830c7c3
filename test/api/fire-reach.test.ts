/**
 * Fire-station coverage by road, through HTTP on both backends. A small network is laid out by hand in
 * a corner of 大洋乡 kilometres from any demo road: a station on the south bank of a river, a village on
 * the north bank 1.2 km away (inside the straight line's 2.5 km disc), and one bridge 2 km east. The
 * village is reached over the bridge in the time Turf's lengths give at the roads' own speed; with the
 * bridge closed for the question it is not reached at all, and a proposed station on its bank reaches
 * it again. On the demo district, every village's first station and seconds equal a brute-force
 * `nearestByRoad` from that village over the same roads, and the scorecard's longest response is the
 * longest of those times, its row saying it was measured by road.
 */
import * as turf from '@turf/turf';
import type { Feature, Point, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { roadNetwork } from '../../server/analysis/roads.ts';
import { isPlanned } from '../../server/layers/planned.ts';
import { loadProfile } from '../../server/profile.ts';
import { nearestByRoad } from '../../server/routing/nearest-by-road.ts';
import { snapAll } from '../../server/routing/snap.ts';
import { LayerCache } from '../../server/store/layer-cache.ts';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';

const profile = loadProfile();
const LON0 = 119.145;
const LAT0 = 25.655;
const M_LAT = 111_195;
const M_LON = M_LAT * Math.cos((LAT0 * Math.PI) / 180);
const at = (x: number, y: number): Position => [
  Math.round((LON0 + x / M_LON) * 1e7) / 1e7,
  Math.round((LAT0 + y / M_LAT) * 1e7) / 1e7,
];

const KMH = 60;
const line = (name: string, points: [number, number][]) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
  properties: { name, class: 'county', speed_kmh: KMH, oneway: false, status: 'open' },
});
const SOUTH_BANK = line('南岸路', [
  [-500, 0],
  [2000, 0],
]);
const BRIDGE = line('测试大桥', [
  [2000, 0],
  [2000, 700],
]);
const NORTH_BANK = line('北岸路', [
  [0, 700],
  [2000, 700],
  [3000, 700],
]);
const STATION = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at(0, 0) },
  properties: { name: '南岸测试消防站', kind: 'full_time', status: 'existing' },
};
const VILLAGE = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at(1000, 700) },
  properties: { name: '北岸测试村', kind: 'village', residents: 1234 },
};

/** Turf's length of a path through these points, metres: the oracle of every time here. */
const metres = (points: [number, number][]) =>
  turf.length(turf.lineString(points.map(([x, y]) => at(x, y))), { units: 'meters' });

type Props = Record<string, unknown>;

describe.each(backends())('fire-station coverage by road on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const ids: Record<string, string> = {};

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = staff) {
    const response = await fetch(served.api.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  const villageIn = (answer: { villages: { features: Feature[] } }) =>
    answer.villages.features.find((f) => f.id === ids.village) as Feature<never, Props>;

  it('lays out the river network by hand', async () => {
    for (const [key, layer, feature] of [
      ['south', 'roads', SOUTH_BANK],
      ['bridge', 'roads', BRIDGE],
      ['north', 'roads', NORTH_BANK],
      ['station', 'fire_stations', STATION],
      ['village', 'population', VILLAGE],
    ] as const) {
      const created = await send('POST', `/collections/${layer}/items`, feature);
      expect(created.status).toBe(201);
      ids[key] = created.body.id;
    }
  });

  it('reaches the village across the river over the bridge, in the time its roads take', async () => {
    const { status, body } = await send('GET', '/analysis/coverage/fire_stations');
    expect(status).toBe(200);
    expect(body.method).toBe('road');
    expect(body.why?.method).toBeUndefined();
    const village = villageIn(body);
    const viaBridge = metres([
      [0, 0],
      [2000, 0],
      [2000, 700],
      [1000, 700],
    ]);
    expect(village.properties.first_station).toBe(ids.station);
    expect(village.properties.first_s as number).toBeCloseTo(viaBridge / (KMH / 3.6), 1);
    expect(village.properties.in_time).toBe(true);
    const mine = body.perStation.find((s: { id: string }) => s.id === ids.station);
    expect(mine).toMatchObject({ villages: 1, residents: 1234 });
    expect(body.reach.features.some((f: Feature) => f.properties?.station === ids.station)).toBe(true);
  });

  it('does not reach it with the bridge closed for the question, though the straight line would', async () => {
    // The straight line's disc: the village lies well inside speed × time of the station.
    const straightM = turf.distance(at(0, 0), at(1000, 700), { units: 'meters' });
    expect(straightM).toBeLessThan((profile.fire.speed_kmh * profile.fire.response_minutes * 1000) / 60);
    const { status, body } = await send('POST', '/analysis/coverage/fire_stations', { closed: [ids.bridge] });
    expect(status).toBe(200);
    expect(body.closed).toEqual([ids.bridge]);
    const village = villageIn(body);
    expect(village.properties).toMatchObject({ first_station: null, first_s: null, in_time: false });
    expect(body.uncovered.features.map((f: Feature) => f.id)).toContain(ids.village);
    // Closing was a question, not an edit: the bridge is open in the store and the next answer.
    const stored = await send('GET', `/collections/roads/items/${ids.bridge}`);
    expect(stored.body.properties.status).toBe('open');
    expect(villageIn((await send('GET', '/analysis/coverage/fire_stations')).body).properties.in_time).toBe(true);
  });

  it('reaches it again with a proposed station on its own bank, the bridge still closed', async () => {
    const proposed = {
      fire_stations: {
        type: 'FeatureCollection',
        features: [{ ...STATION, geometry: { type: 'Point', coordinates: at(1500, 700) } }],
      },
    };
    const { status, body } = await send('POST', '/analysis/coverage/fire_stations', {
      closed: [ids.bridge],
      proposed,
    });
    expect(status).toBe(200);
    expect(villageIn(body.before).properties.in_time).toBe(false);
    const after = villageIn(body.after);
    expect(after.properties.in_time).toBe(true);
    expect(after.properties.first_s as number).toBeCloseTo(
      metres([
        [1500, 700],
        [1000, 700],
      ]) /
        (KMH / 3.6),
      1,
    );
    expect(body.delta.district.covered).toBe(1234);
  });

  it.each([
    ['zh-CN', '道路图层中没有这条道路'],
    ['en', 'there is no such road in the roads layer'],
  ])('refuses closing a road that does not exist, naming closed[1] (%s)', async (language, words) => {
    const { status, body } = await send(
      'POST',
      '/analysis/coverage/fire_stations',
      { closed: [ids.bridge, 'no-such-road'] },
      { ...staff, 'accept-language': language },
    );
    expect(status).toBe(400);
    expect(body['invalid-params']).toEqual([{ name: 'closed[1]', reason: expect.stringContaining(words) }]);
  });

  it('refuses closing every road, saying no road is left to measure by', async () => {
    const { roads } = await new LayerCache(served.store).get(['roads']);
    const every = roads.features.map((f) => String(f.id));
    expect(every.length).toBeGreaterThan(2000);
    const { status, body } = await send('POST', '/analysis/coverage/fire_stations', { closed: every });
    expect(status).toBe(400);
    expect(body['invalid-params']).toEqual([{ name: 'closed', reason: expect.stringContaining('已无可通行的道路') }]);
  });

  it('gives every demo village the first station and seconds a brute-force nearestByRoad gives', async () => {
    const { body } = await send('GET', '/analysis/coverage/fire_stations');
    const layers = await new LayerCache(served.store).get(['roads', 'fire_stations']);
    const roads = roadNetwork(layers.roads, profile);
    if (!roads) throw new Error('the demo store has roads');
    const stations = layers.fire_stations.features.filter((f) => !isPlanned(f));
    const crewKmh = profile.fire.speed_kmh;
    const snapped = snapAll(
      roads.graph,
      stations.map((s) => (s.geometry as Point).coordinates as [number, number]),
      crewKmh,
    );
    expect(body.villages.features.length).toBeGreaterThan(200);
    let reached = 0;
    for (const village of body.villages.features as Feature<never, Props>[]) {
      const where = (village as unknown as { geometry: { coordinates: [number, number] } }).geometry.coordinates;
      const [best] = nearestByRoad(roads.graph, where, snapped, 1, { walkKmh: crewKmh });
      if (best.unreachable) {
        expect(village.properties.first_station).toBeNull();
        continue;
      }
      expect(village.properties.first_station).toBe(stations[best.index].id);
      expect(Math.abs((village.properties.first_s as number) - (best.duration_s as number))).toBeLessThan(1e-6);
      expect(village.properties.in_time).toBe((best.duration_s as number) <= profile.fire.response_minutes * 60);
      reached++;
    }
    expect(reached).toBeGreaterThan(200);
  });

  it.each([
    ['zh-CN', '按道路'],
    ['en', 'by road'],
  ])('scores fire response and relief by road, saying so (%s)', async (language, words) => {
    const coverage = (await send('GET', '/analysis/coverage/fire_stations')).body;
    const { status, body } = await send('GET', '/analysis/scorecard', undefined, { 'accept-language': language });
    expect(status).toBe(200);
    const row = (id: string) => body.rows.find((r: Props) => r.id === id && (r.scope as Props).level === 'district');
    const seconds = coverage.villages.features.map((f: Feature<never, Props>) => f.properties.first_s as number | null);
    const longest = seconds.includes(null) ? null : Math.max(...seconds) / 60;
    expect(row('fire_response')).toMatchObject({ method: 'road' });
    expect(row('fire_response').value).toBeCloseTo(longest as number, 9);
    expect(row('relief_hours').method).toBe('road');
    expect(row('broadcast_coverage').method).toBe('straight');
    expect(body.methods.road).toBe(words);
  });

  it('reports a roads file as a network: its parts, and each island with a position to look at', async () => {
    const apart = line('孤立村道', [
      [5000, 3000],
      [5400, 3000],
    ]);
    const file = { type: 'FeatureCollection', features: [SOUTH_BANK, BRIDGE, NORTH_BANK, apart] };
    const response = await fetch(`${served.api.url}/import/roads?filename=roads.geojson&dry_run=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN', ...staff },
      body: JSON.stringify(file),
    });
    const report = await response.json();
    expect(response.status).toBe(200);
    // Four nodes on the banks and the bridge (its two ends, the north road's two ends), two for the island.
    expect(report.network).toMatchObject({ nodes: 7, edges: 5, components: 2, islandCount: 1 });
    const [island] = report.network.islands;
    expect(island).toMatchObject({ nodes: 2, pieces: 1 });
    expect(island.length_m).toBe(
      Math.round(
        metres([
          [5000, 3000],
          [5400, 3000],
        ]),
      ),
    );
    expect([at(5000, 3000), at(5400, 3000)]).toContainEqual(island.at);
    expect(report.warnings.join('')).toContain('1 处孤立路段');
    expect(report.result.written).toBe(false);
  });
});
