/**
 * Relief within hours by road: on a network laid out by hand, a village is served by the nearest depot
 * that holds stock (of the items asked, when asked) in the time Turf's lengths give, a village across a
 * river with no bridge is not reached by road though the straight line puts it minutes away; on the
 * demo district, every village's hours equal a brute-force `nearestByRoad` from its stocked depots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../../server/analysis/geometry.ts';
import { stockOf } from '../../../server/analysis/nearest-depots.ts';
import { residentsOf } from '../../../server/analysis/reach.ts';
import { reliefReach } from '../../../server/analysis/relief-reach.ts';
import { roadNetwork } from '../../../server/analysis/roads.ts';
import { TownshipLocator } from '../../../server/analysis/townships.ts';
import type { AnyFeature, LonLat, Profile } from '../../../server/analysis/types.ts';
import { loadProfile } from '../../../server/profile.ts';
import { nearestByRoad } from '../../../server/routing/nearest-by-road.ts';
import { at, metres, road } from '../routing/support.ts';

/** 36 km/h: 10 m/s, so an hour is 36 km. */
const profile = {
  relief: { limit_hours: 10, speed_kmh: 36 },
  roads: { speeds_kmh: { county: 36 }, walk_kmh: 4 },
} as unknown as Profile;

const depot = (id: string, x: number, y: number, items: string[]): AnyFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: at(x, y) },
  properties: { name: id, stock: items.map((item) => ({ item, quantity: 10, unit: '件' })) },
});
const village = (id: string, x: number, y: number): AnyFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: at(x, y) },
  properties: { name: id, residents: 100 },
});

describe('relief within hours by road', () => {
  const roads = roadNetwork(
    [
      road('south', [
        [0, 0],
        [9000, 0],
      ]),
      road('north', [
        [0, 600],
        [9000, 600],
      ]),
    ],
    profile,
  );
  const depots = [depot('empty', 100, 0, []), depot('quilts', 5000, 0, ['棉被']), depot('tents', 9000, 0, ['帐篷'])];
  const villages = residentsOf([village('here', 1000, 0), village('across', 1000, 600)], new TownshipLocator([]));

  it('serves a village from the nearest depot holding stock, in the time its road takes', () => {
    const answer = reliefReach(depots, villages, profile, roads);
    expect(answer.method).toBe('road');
    expect(answer.depot[0]?.id).toBe('quilts');
    expect(answer.hours[0] as number).toBeCloseTo(
      metres([
        [5000, 0],
        [1000, 0],
      ]) /
        10 /
        3600,
      6,
    );
  });

  it('serves it from a depot holding the items asked, farther off', () => {
    const answer = reliefReach(depots, villages, profile, roads, ['帐篷']);
    expect(answer.depot[0]?.id).toBe('tents');
    expect(answer.hours[0] as number).toBeCloseTo(
      metres([
        [9000, 0],
        [1000, 0],
      ]) /
        10 /
        3600,
      6,
    );
  });

  it('does not reach a village across a river with no bridge, which the straight line reaches', () => {
    expect(reliefReach(depots, villages, profile, roads)).toMatchObject({ hours: [expect.any(Number), null] });
    const straight = reliefReach(depots, villages, profile, undefined);
    expect(straight.method).toBe('straight');
    expect(straight.hours[1] as number).toBeLessThan(profile.relief.limit_hours);
  });

  it('gives every demo village the hours of a brute-force nearestByRoad from the stocked depots', () => {
    const demo = loadProfile();
    const load = (name: string): AnyFeature[] =>
      JSON.parse(readFileSync(new URL(`../../../data/demo/${name}.geojson`, import.meta.url), 'utf8')).features;
    const network = roadNetwork(load('roads'), demo);
    if (!network) throw new Error('the demo has roads');
    const stocked = featuresOf(load('depots')).filter((d) => stockOf(d).size > 0);
    const people = residentsOf(load('population'), new TownshipLocator(load('admin_areas')));
    const answer = reliefReach(load('depots'), people, demo, network);
    const from = stocked.map((d) => d.geometry?.type === 'Point' && (d.geometry.coordinates as LonLat));
    people.forEach((p, i) => {
      const [best] = nearestByRoad(network.graph, p.position, from as LonLat[], 1, { walkKmh: network.walkKmh });
      if (best.unreachable) expect(answer.hours[i]).toBeNull();
      else expect(Math.abs((answer.hours[i] as number) - (best.duration_s as number) / 3600)).toBeLessThan(1e-9);
      expect(answer.depot[i]?.id ?? null).toBe(best.unreachable ? null : stocked[best.index].id);
    });
    expect(people.length).toBeGreaterThan(200);
  });
});
