/**
 * Village (社区/村) population points: the denominator of every people-coverage figure. Urban
 * streets get a few large communities, mountain towns many small villages, so the south is dense.
 */
import type { Feature } from 'geojson';
import { LayerOutput } from '../feature.ts';
import { shortName, TOWNSHIPS } from '../geography.ts';
import { distanceM, type LonLat, randomPointIn, roundPoint } from '../geometry.ts';
import { PlaceNames } from '../names.ts';
import type { Profile } from '../profile.ts';
import { type Random, stream } from '../random.ts';
import type { Township } from './district.ts';

export interface Village {
  name: string;
  code: string;
  township: Township;
  point: LonLat;
  residents: number;
  /** The township's seat village, where its government and central facilities are. */
  isSeat: boolean;
}

/** Urban streets are all communities; towns have a community at the seat and villages elsewhere. */
function villageName(township: Township, stem: string, isSeat: boolean, rng: Random): string {
  if (isSeat) return `${shortName(township.name)}社区`;
  if (township.terrain === 'urban') return `${stem}社区`;
  if (township.terrain === 'plain' && rng.chance(0.15)) return `${stem}社区`;
  return `${stem}村`;
}

/** Scattered over the township, but never two villages closer than a fraction of the mean spacing. */
function villagePoints(township: Township, rng: Random): LonLat[] {
  const spacing = 0.45 * Math.sqrt((township.areaKm2 * 1e6) / township.villages);
  const points: LonLat[] = [township.seed];
  while (points.length < township.villages) {
    points.push(randomPointIn(township.area, rng, (p) => points.every((q) => distanceM(p, q) > spacing)));
  }
  return points;
}

/** Skewed sizes, the seat three times the typical village; scaled to the township's share of the profile total. */
function villageSizes(township: Township, total: number, rng: Random): number[] {
  const weights = Array.from({ length: township.villages }, (_, i) => rng.skewed(1, 0.45) * (i === 0 ? 3 : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(60, Math.round((w / sum) * total)));
}

export function placeVillages(townships: Township[], profile: Profile): Village[] {
  const rng = stream('population');
  const names = new PlaceNames(stream('village-names'));
  const specTotal = TOWNSHIPS.reduce((sum, t) => sum + t.residents, 0);
  const villages: Village[] = [];
  for (const township of townships) {
    // A small per-township wobble keeps the total near, not exactly on, the profile's round figure.
    const total = (township.residents / specTotal) * profile.residents * rng.between(0.995, 1.005);
    const sizes = villageSizes(township, total, rng);
    let communities = 0;
    let ruralVillages = 0;
    villagePoints(township, rng).forEach((point, i) => {
      const name = villageName(township, names.stem(), i === 0, rng);
      // National village codes: 001–199 for communities (居委会), 200–399 for villages (村委会).
      const serial = name.endsWith('社区') ? 1 + communities++ : 200 + ruralVillages++;
      const code = `${township.code}${String(serial).padStart(3, '0')}`;
      villages.push({ name, code, township, point, residents: sizes[i], isSeat: i === 0 });
    });
  }
  return villages;
}

export function populationLayer(villages: Village[]): Feature[] {
  const out = new LayerOutput('population');
  for (const v of villages) {
    out.add(
      v.name,
      { type: 'Point', coordinates: roundPoint(v.point) },
      {
        kind: 'village',
        residents: v.residents,
        village_code: v.code,
      },
    );
  }
  return out.features;
}
