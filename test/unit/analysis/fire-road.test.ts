/**
 * Fire-station coverage by road against answers worked out by hand: a village across a river with no
 * bridge lies inside the straight line's disc but is not reached by road; the area a station reaches
 * is its roads grown by the access distance (the sum of the pieces' lengths × 200 m plus end caps);
 * where two stations' reaches cross, the overlap is the cells both reach; each village's first station
 * is the nearer one by road, not by straight line.
 */
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { fireCoverage } from '../../../server/analysis/coverage-fire.ts';
import { fireCoverageByRoad } from '../../../server/analysis/coverage-fire-road.ts';
import { type Roads, roadNetwork } from '../../../server/analysis/roads.ts';
import type { Layers, Profile } from '../../../server/analysis/types.ts';
import { at, between, metres, road } from '../routing/support.ts';

/** 36 km/h on every road and off them: 10 m/s, so seconds are metres ÷ 10; 5 minutes are 3 km. */
const profile = {
  fire: { response_minutes: 5, speed_kmh: 36 },
  roads: { speeds_kmh: { county: 36 }, walk_kmh: 4 },
} as unknown as Profile;

const point = (id: string, x: number, y: number, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: at(x, y) },
  properties,
});

const township = (): Feature => {
  const [w, s] = at(-4000, -4000);
  const [e, n] = at(8000, 4000);
  return {
    type: 'Feature',
    id: 't',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
    properties: { level: 'township', name: '测试镇', code: '1' },
  };
};

const station = (id: string, x: number, y: number) => point(id, x, y, { name: id, kind: 'full_time' });
const village = (id: string, x: number, y: number) => point(id, x, y, { name: id, residents: 100 });

function layers(roads: Feature[], stations: Feature[], villages: Feature[]): { input: Layers; net: Roads } {
  const input = {
    admin_areas: [township()],
    fire_stations: stations,
    population: villages,
    roads,
  } as unknown as Layers;
  const net = roadNetwork(input.roads, profile);
  if (!net) throw new Error('the test network has roads');
  return { input, net };
}

const props = (answer: ReturnType<typeof fireCoverageByRoad>, id: string) =>
  answer.villages.features.find((f) => f.id === id)?.properties;

describe('fire-station coverage by road', () => {
  it('does not reach a village across a river with no bridge, which the straight line covers', () => {
    const { input, net } = layers(
      [
        road('south', [
          [-1000, 0],
          [2000, 0],
        ]),
        road('north', [
          [-1000, 600],
          [2000, 600],
        ]),
      ],
      [station('s', 0, 0)],
      [village('v', 500, 600)],
    );
    const straight = fireCoverage(input, profile);
    expect(straight.method).toBe('straight');
    expect(straight.uncovered.features).toHaveLength(0);
    const byRoad = fireCoverageByRoad(input, profile, net);
    expect(byRoad.method).toBe('road');
    expect(props(byRoad, 'v')).toMatchObject({ first_station: null, first_s: null, in_time: false });
    expect(byRoad.district).toMatchObject({ residents: 100, covered: 0 });
  });

  it('measures a station’s area as its reached roads grown by 100 m, within the stated error', () => {
    const { input, net } = layers(
      [
        road('r', [
          [-1000, 0],
          [1000, 0],
        ]),
      ],
      [station('s', 0, 0)],
      [village('v', 1000, 0)],
    );
    const answer = fireCoverageByRoad(input, profile, net);
    const lengthM = metres([
      [-1000, 0],
      [1000, 0],
    ]);
    // Reached end to end (100 s each way): a strip 200 m wide and two end caps, octagons under the chamfer.
    const expectedKm2 = (lengthM * 200 + 2 * Math.SQRT2 * 100 * 100) / 1e6;
    const [mine] = answer.perStation;
    expect(Math.abs((mine.areaKm2 as number) - expectedKm2)).toBeLessThan(answer.area.errorBoundKm2);
    expect(answer.area.district.coveredKm2).toBeCloseTo(mine.areaKm2 as number, 9);
    expect(answer.overlap).toMatchObject({ areaKm2: 0, residents: 0, villages: 0 });
    expect(props(answer, 'v')?.first_s).toBeCloseTo(between([0, 0], [1000, 0]) / 10, 6);
    expect(answer.reach.features).toHaveLength(1);
    expect(answer.reach.features[0].properties.station).toBe('s');
  });

  it('counts the overlap of two stations and gives each village the nearer one by road', () => {
    // Two stations 4 km apart on one road: each reaches 3 km, so the middle 2 km are reached twice.
    // Village v is nearer the west station in a straight line, but its road leaves from the east one.
    const { input, net } = layers(
      [
        road('main', [
          [0, 0],
          [4000, 0],
        ]),
        road('loop', [
          [4000, 0],
          [4000, 500],
          [1800, 500],
        ]),
      ],
      [station('west', 0, 0), station('east', 4000, 0)],
      [village('v', 1800, 500), village('mid', 2000, 0)],
    );
    const answer = fireCoverageByRoad(input, profile, net);
    expect(props(answer, 'v')).toMatchObject({ first_station: 'east', in_time: true });
    const viaEast = metres([
      [4000, 0],
      [4000, 500],
      [1800, 500],
    ]);
    expect(props(answer, 'v')?.first_s).toBeCloseTo(viaEast / 10, 6);
    expect(answer.overlap.villages).toBe(1);
    expect(answer.overlap.residents).toBe(100);
    // The strip both reach, and beyond each end the half-octagon cap of the other station's reach.
    const twiceKm2 = (between([1000, 0], [3000, 0]) * 200 + 2 * Math.SQRT2 * 100 * 100) / 1e6;
    expect(Math.abs((answer.overlap.areaKm2 as number) - twiceKm2)).toBeLessThan(answer.area.errorBoundKm2);
  });
});
