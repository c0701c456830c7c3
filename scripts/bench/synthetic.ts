/**
 * Seeded synthetic shelters over the district's extent. Real shelters crowd around town centres, and
 * that matters here: a bbox over a town returns hundreds of rows where a uniform spread would return a
 * handful, so most points are clustered. The same seed gives the same features on every machine, and
 * the first n features of a larger set are the smaller set.
 */

import type { Feature, Point } from 'geojson';
import { mulberry32 } from '../../catalog/random.ts';
import type { BBox } from '../../server/store/store.ts';

/** 涵江区's extent, lon/lat. */
export const DISTRICT: BBox = [118.85, 25.39, 119.24, 25.76];

/** Approximate town centres; weight is the share of clustered shelters, spread the σ of the cluster. */
export const TOWNS = [
  { name: '涵东', lon: 119.105, lat: 25.455, weight: 0.4, spreadKm: 1.5 },
  { name: '江口', lon: 119.195, lat: 25.49, weight: 0.2, spreadKm: 1.2 },
  { name: '梧塘', lon: 119.065, lat: 25.505, weight: 0.15, spreadKm: 1.2 },
  { name: '萩芦', lon: 118.955, lat: 25.555, weight: 0.15, spreadKm: 1.5 },
  { name: '白沙', lon: 118.92, lat: 25.63, weight: 0.1, spreadKm: 2 },
] as const;

export const CLUSTERED_SHARE = 0.7;
const SEED = 20250630;

export const KM_PER_DEG_LAT = 110.9;
export const kmPerDegLon = (lat: number) => 111.32 * Math.cos((lat * Math.PI) / 180);

/** A square box of `sizeKm` on a side, centred on a point. */
export function boxAround(lon: number, lat: number, sizeKm: number): BBox {
  const dLon = sizeKm / 2 / kmPerDegLon(lat);
  const dLat = sizeKm / 2 / KM_PER_DEG_LAT;
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return [r(lon - dLon), r(lat - dLat), r(lon + dLon), r(lat + dLat)];
}

export function inBox([x0, y0, x1, y1]: BBox, [x, y]: number[]): boolean {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/** Boxes over the densest town, as a map zoomed to a neighbourhood and to a town would ask for. */
export const QUERY_BOXES = {
  small: { label: '2 km', bbox: boxAround(TOWNS[0].lon, TOWNS[0].lat, 2) },
  large: { label: '10 km', bbox: boxAround(TOWNS[0].lon, TOWNS[0].lat, 10) },
};

// Grades come with the kind, level and size that go with them in the national standard (GB 21734).
const GRADES = [
  { grade: 'A', share: 0.1, kind: 'central', level: 'district', capacity: [5000, 20000] },
  { grade: 'B', share: 0.3, kind: 'fixed', level: 'township', capacity: [1000, 5000] },
  { grade: 'C', share: 0.6, kind: 'emergency', level: 'village', capacity: [100, 1000] },
] as const;
const FACILITIES = ['water', 'power', 'medical', 'toilets', 'broadcast', 'storage'];
const SITES = ['学校', '公园', '广场', '体育场', '村委会', '礼堂'];

/** A v4-shaped UUID from the stream, so ids, and therefore `ORDER BY id` pages, repeat between runs. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Picks with probability proportional to weight. */
export function weighted<T>(random: () => number, items: readonly T[], weight: (item: T) => number): T {
  let target = random() * items.reduce((sum, item) => sum + weight(item), 0);
  for (const item of items) {
    target -= weight(item);
    if (target < 0) return item;
  }
  return items[items.length - 1];
}

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function position(random: () => number): { lon: number; lat: number; town?: string } {
  const [x0, y0, x1, y1] = DISTRICT;
  if (random() >= CLUSTERED_SHARE) return { lon: x0 + (x1 - x0) * random(), lat: y0 + (y1 - y0) * random() };
  const town = weighted(random, TOWNS, (t) => t.weight);
  // Redraw what falls outside the district rather than clamping, which would pile points on its edge.
  for (;;) {
    const lon = town.lon + (gaussian(random) * town.spreadKm) / kmPerDegLon(town.lat);
    const lat = town.lat + (gaussian(random) * town.spreadKm) / KM_PER_DEG_LAT;
    if (inBox(DISTRICT, [lon, lat])) return { lon, lat, town: town.name };
  }
}

export function syntheticShelters(n: number, seed = SEED): Feature<Point>[] {
  const random = mulberry32(seed);
  const between = (min: number, max: number) => Math.round(min + (max - min) * random());
  const features: Feature<Point>[] = [];
  for (let i = 0; i < n; i++) {
    const id = uuid(random);
    const { lon, lat, town } = position(random);
    const g = weighted(random, GRADES, (x) => x.share);
    const capacity = between(g.capacity[0], g.capacity[1]);
    const site = SITES[Math.floor(random() * SITES.length)];
    features.push({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] },
      properties: {
        name: `${town ?? '乡村'}${site}避难场所${i + 1}号`,
        external_id: `bench-${i + 1}`,
        source: 'bench',
        grade: g.grade,
        level: g.level,
        kind: g.kind,
        capacity,
        free_places: between(0, capacity),
        effective_area_m2: capacity * 2,
        standardised: random() < 0.6,
        status: random() < 0.9 ? 'open' : 'closed',
        facilities: FACILITIES.filter(() => random() < 0.5),
        address: `${town ?? '山区'}第${between(1, 200)}号`,
        upgrading: random() < 0.1,
        contact_person: `联系人${(i % 97) + 1}`,
        contact_phone: `0594-${String(between(0, 9_999_999)).padStart(7, '0')}`,
      },
    });
  }
  return features;
}
