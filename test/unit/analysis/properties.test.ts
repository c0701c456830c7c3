/**
 * Properties that must hold on any data, checked on random worlds from fixed seeds (the seed is in each
 * test's name, so a failure can be replayed): nearest equals a brute-force haversine search with ties
 * by id, whether from the in-memory index or from pages in PostGIS's plain-degree KNN order; no coverage exceeds 100%; adding a camera or a terminal never lowers coverage; greedy siting
 * never gains more in a later round and opens with the best single site.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../catalog/random.ts';
import { broadcastCoverage } from '../../../server/analysis/coverage-broadcast.ts';
import { cameraCoverage } from '../../../server/analysis/coverage-cameras.ts';
import { fireCoverage } from '../../../server/analysis/coverage-fire.ts';
import { shelterCoverage } from '../../../server/analysis/coverage-shelters.ts';
import { nearest, nearestEach, nearestWithin, pointIndex, within } from '../../../server/analysis/nearest.ts';
import { nearestInPlanarOrder } from '../../../server/analysis/nearest-knn.ts';
import { siteBroadcast } from '../../../server/analysis/siting.ts';
import { point } from './support.ts';

const SEEDS = [1, 42, 2024];
const WEST = 119;
const SOUTH = 25.5;
const SIZE = 0.1; // degrees, about 10 km

type F = Feature<Geometry, Record<string, unknown>>;

function world(seed: number) {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const anywhere = (): Position => [WEST + rnd() * SIZE, SOUTH + rnd() * SIZE];
  const pick = <T>(xs: T[]): T => xs[int(0, xs.length - 1)];
  const box = (w: number, s: number, e: number, n: number) => turf.bboxPolygon([w, s, e, n]).geometry;
  const layers: Record<string, F[]> = {
    admin_areas: [
      {
        type: 'Feature',
        id: 'w',
        geometry: box(WEST, SOUTH, WEST + SIZE / 2, SOUTH + SIZE),
        properties: { name: '西镇', level: 'township', code: '1' },
      },
      {
        type: 'Feature',
        id: 'e',
        geometry: box(WEST + SIZE / 2, SOUTH, WEST + SIZE, SOUTH + SIZE),
        properties: { name: '东镇', level: 'township', code: '2' },
      },
    ],
    population: Array.from({ length: 80 }, (_, i) => point(`v${i}`, anywhere(), { residents: int(50, 3000) })),
    broadcast_terminals: Array.from({ length: 25 }, (_, i) =>
      point(`t${i}`, anywhere(), { status: pick(['existing', 'planned']), range_m: int(300, 1500) }),
    ),
    shelters: Array.from({ length: 20 }, (_, i) =>
      point(`s${i}`, anywhere(), {
        kind: pick(['emergency', 'fixed', 'central']),
        status: pick(['open', 'open', 'closed']),
        effective_area_m2: int(500, 20000),
      }),
    ),
    fire_stations: Array.from({ length: 4 }, (_, i) =>
      point(`f${i}`, anywhere(), { status: 'existing', kind: 'full_time' }),
    ),
    forest_areas: Array.from({ length: 3 }, (_, i) => ({
      ...turf.circle(anywhere(), 1 + rnd() * 2, { steps: 24 }),
      id: `forest${i}`,
      properties: { kind: pick(['forest', 'key_fire_area']) },
    })) as F[],
    cameras: Array.from({ length: 8 }, (_, i) =>
      point(`c${i}`, anywhere(), {
        status: 'existing',
        range_m: int(1000, 3000),
        heading_deg: int(0, 359),
        fov_deg: pick([60, 120, 360]),
      }),
    ),
  };
  return { rnd, int, anywhere, layers };
}

const profile = {
  shelter: {
    emergency: { radius_m: 500, m2_per_person: 1 },
    fixed: { radius_m: 2500, m2_per_person: 2 },
    central: { radius_m: 5000, m2_per_person: 2 },
  },
  fire: { response_minutes: 5, speed_kmh: 30 },
};

function bruteForce(points: F[], from: Position, k: number, maxDistanceM: number, accept: (f: F) => boolean) {
  return points
    .filter(accept)
    .map((f) => ({ id: String(f.id), d: turf.distance(from, (f.geometry as any).coordinates, { units: 'meters' }) }))
    .filter((r) => r.d <= maxDistanceM)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}

describe.each(SEEDS)('random worlds (seed %i)', (seed) => {
  it(`nearest equals a brute-force haversine search, ties by id (seed ${seed})`, () => {
    const { rnd, int } = world(seed);
    // Points on a lattice of 1/256° (exact in binary), with repeats, so exact ties are common.
    const lattice = () => [WEST + int(0, 25) / 256, SOUTH + int(0, 25) / 256];
    const points = Array.from({ length: 400 }, (_, i) =>
      point(`p${String(int(0, 999999)).padStart(6, '0')}-${i}`, lattice()),
    );
    const index = pointIndex(points);
    let ties = 0;
    for (let q = 0; q < 300; q++) {
      const from = rnd() < 0.7 ? lattice() : [WEST + rnd() * 0.1, SOUTH + rnd() * 0.1];
      const k = int(1, 12);
      const maxDistanceM = rnd() < 0.5 ? Infinity : 300 + rnd() * 4000;
      const parity = int(0, 2);
      const accept = (f: F) =>
        parity === 2 || String(f.id).length % 2 === parity || Number(String(f.id).slice(-1)) % 2 === parity;
      const want = bruteForce(points, from, k, maxDistanceM, accept);
      const got = nearest(index, from, { k, maxDistanceM, accept: accept as any });
      expect(got.map((r) => String(r.feature.id))).toEqual(want.map((w) => w.id));
      for (const [i, r] of got.entries()) expect(r.distanceM).toBe(want[i].d);
      const all = bruteForce(points, from, Infinity, maxDistanceM, accept);
      if (all.length > k && all[k].d === all[k - 1].d) ties++;
    }
    expect(ties).toBeGreaterThan(0);
  });

  it.each([SOUTH, 61.5])(
    `nearest from pages in plain-degree order (PostGIS KNN) equals a brute-force haversine search at %d°N (seed ${seed})`,
    async (south) => {
      const { rnd, int } = world(seed);
      const lattice = () => [WEST + int(0, 25) / 256, south + int(0, 25) / 256];
      const points = Array.from({ length: 600 }, (_, i) =>
        point(`p${String(int(0, 999999)).padStart(6, '0')}-${i}`, lattice()),
      );
      let pagesRead = 0;
      for (let q = 0; q < 200; q++) {
        const from = rnd() < 0.7 ? lattice() : [WEST + rnd() * 0.1, south + rnd() * 0.1];
        const k = int(1, 12);
        const maxDistanceM = rnd() < 0.5 ? Infinity : 300 + rnd() * 4000;
        const parity = int(0, 3);
        const accept = (f: F) => parity === 3 || Number(String(f.id).slice(-1)) % 3 === parity;
        // The KNN order: plain degrees, then id, as the store's ORDER BY gives it.
        const planar = points
          .map((f) => {
            const [x, y] = (f.geometry as any).coordinates;
            return { feature: f, planarDeg: Math.hypot(x - from[0], y - from[1]) };
          })
          .sort((a, b) => a.planarDeg - b.planarDeg || (String(a.feature.id) < String(b.feature.id) ? -1 : 1));
        const pages = async (limit: number) => {
          pagesRead++;
          return planar.slice(0, limit) as any;
        };
        const got = await nearestInPlanarOrder(pages, from, { k, maxDistanceM, accept: accept as any });
        const want = bruteForce(points, from, k, maxDistanceM, accept);
        expect(got.map((r) => String(r.feature.id))).toEqual(want.map((w) => w.id));
        for (const [i, r] of got.entries()) expect(r.distanceM).toBe(want[i].d);
      }
      // Some questions needed more than the first page.
      expect(pagesRead).toBeGreaterThan(200);
    },
  );

  it(`within and nearestWithin equal a brute-force search by radius (seed ${seed})`, () => {
    const { rnd, int } = world(seed);
    const lattice = () => [WEST + int(0, 25) / 256, SOUTH + int(0, 25) / 256];
    const points = Array.from({ length: 300 }, (_, i) =>
      point(`q${String(int(0, 999999)).padStart(6, '0')}-${i}`, lattice()),
    );
    const index = pointIndex(points);
    for (let q = 0; q < 200; q++) {
      const from = rnd() < 0.7 ? lattice() : [WEST + rnd() * 0.1, SOUTH + rnd() * 0.1];
      const radiusM = rnd() < 0.2 ? 0 : 100 + rnd() * 5000;
      const want = bruteForce(points, from, Infinity, radiusM, () => true);
      const got = within(index, from, radiusM);
      expect(got.map((r) => String(r.feature.id))).toEqual(want.map((w) => w.id));
      for (const [i, r] of got.entries()) expect(r.distanceM).toBe(want[i].d);
      expect(nearestWithin(index, from, radiusM)?.feature.id ?? null).toBe(want[0]?.id ?? null);
    }
  });

  it(`nearestEach gives each place its own nearest (seed ${seed})`, () => {
    const { layers } = world(seed);
    const index = pointIndex(layers.shelters);
    const rows = nearestEach(index, layers.population);
    for (const row of rows) {
      const want = bruteForce(layers.shelters, (row.from.geometry as any).coordinates, 1, Infinity, () => true)[0];
      expect(String(row.nearest?.feature.id)).toBe(want.id);
    }
  });

  it(`keeps every coverage figure between 0 and 100% (seed ${seed})`, () => {
    const { layers } = world(seed);
    const shares = [
      broadcastCoverage(layers),
      broadcastCoverage(layers, { includePlanned: true }),
      shelterCoverage(layers, profile),
      fireCoverage(layers, profile, { cellM: 25 }),
    ].flatMap((r) => [r.district.coveredPct, ...r.townships.map((t) => t.coveredPct)]);
    const cams = cameraCoverage(layers);
    shares.push(cams.district.coveredPct, ...cams.townships.map((t) => t.coveredPct), cams.district.overlapPct);
    const fire = fireCoverage(layers, profile, { cellM: 25 });
    shares.push(fire.area.district.areaPct, ...fire.area.townships.map((t) => t.areaPct));
    for (const s of shares) {
      expect(s).not.toBeNull();
      expect(s as number).toBeGreaterThanOrEqual(0);
      expect(s as number).toBeLessThanOrEqual(100);
    }
    const shelter = shelterCoverage(layers, profile);
    expect(shelter.district.covered).toBeLessThanOrEqual(shelter.district.residents);
    expect(shelter.shelters.reduce((n, s) => n + s.assigned, 0)).toBe(shelter.district.covered);
  });

  it(`never loses coverage by adding a camera (seed ${seed})`, () => {
    const { layers, int, anywhere } = world(seed);
    let before = cameraCoverage(layers);
    let cameras = layers.cameras;
    for (let n = 0; n < 4; n++) {
      cameras = [
        ...cameras,
        point(`extra${n}`, anywhere(), {
          status: 'existing',
          range_m: int(500, 3000),
          heading_deg: int(0, 359),
          fov_deg: int(10, 360),
        }),
      ];
      const after = cameraCoverage({ ...layers, cameras });
      expect(after.district.coveredKm2).toBeGreaterThanOrEqual(before.district.coveredKm2);
      for (const [i, t] of after.townships.entries())
        expect(t.coveredKm2).toBeGreaterThanOrEqual(before.townships[i].coveredKm2);
      before = after;
    }
  });

  it(`never loses coverage by adding a terminal (seed ${seed})`, () => {
    const { layers, int, anywhere } = world(seed);
    let before = broadcastCoverage(layers);
    let terminals = layers.broadcast_terminals;
    for (let n = 0; n < 10; n++) {
      terminals = [...terminals, point(`extra${n}`, anywhere(), { status: 'existing', range_m: int(100, 2000) })];
      const after = broadcastCoverage({ ...layers, broadcast_terminals: terminals });
      expect(after.district.covered).toBeGreaterThanOrEqual(before.district.covered);
      for (const [i, t] of after.townships.entries())
        expect(t.covered).toBeGreaterThanOrEqual(before.townships[i].covered);
      before = after;
    }
  });

  it(`sites greedily: later picks never add more, the first is the best single site (seed ${seed})`, () => {
    const { layers, anywhere } = world(seed);
    const candidates = Array.from({ length: 40 }, anywhere);
    const result = siteBroadcast(layers, { rangeM: 1200, k: 5, candidates });
    for (let i = 1; i < result.picks.length; i++)
      expect(result.picks[i].adds).toBeLessThanOrEqual(result.picks[i - 1].adds);
    const single = candidates.map(
      (c) => siteBroadcast(layers, { rangeM: 1200, k: 1, candidates: [c] }).picks[0]?.adds ?? 0,
    );
    expect(result.picks[0].adds).toBe(Math.max(...single));
    const last = result.picks[result.picks.length - 1];
    const check = broadcastCoverage({
      ...layers,
      broadcast_terminals: [
        ...layers.broadcast_terminals,
        ...result.picks.map((p, i) => point(`pick${i}`, p.position, { status: 'existing', range_m: 1200 })),
      ],
    });
    expect(check.district.covered).toBe(last.total);
  });
});
