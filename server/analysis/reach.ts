/**
 * Residents within range of at least one source (a broadcast terminal's range, a fire station's
 * straight-line reach, a candidate site's radius): the denominator is every population point's
 * residents, the numerator those whose point lies within some source's own radius by Turf's haversine.
 * Sources go into a k-d tree once; each population point asks it for the sources within the largest
 * range (a box query) and checks each one's own range, so the work grows with the sources nearby,
 * not with all of them.
 */

import type { Feature, FeatureCollection, Point } from 'geojson';
import { anchorOf, featuresOf, num, pct } from './geometry.ts';
import { pointIndex, someWithin } from './nearest.ts';
import { explained, type Unknown, whyIf } from './scorecard-facts.ts';
import { type Basis, basisWhy, perTownship, type TownshipLocator } from './townships.ts';
import type { AnyFeature, Layer, LonLat, PeopleFigures, Place, Props } from './types.ts';

export interface Source {
  position: LonLat;
  radiusM: number;
}

/** A population point as the people analyses use it: where, how many, in which township. */
export interface Resident {
  feature: AnyFeature;
  position: LonLat;
  residents: number;
  township: string | null;
}

export function residentsOf(population: Layer, locator: TownshipLocator): Resident[] {
  const out: Resident[] = [];
  for (const feature of featuresOf(population)) {
    const position = anchorOf(feature);
    if (!position) continue;
    out.push({
      feature,
      position,
      residents: num(feature.properties, 'residents') ?? 0,
      township: locator.at(position)?.name ?? null,
    });
  }
  return out;
}

/** Which residents some source reaches, one flag per resident. */
export function reachedBy(residents: Resident[], sources: Source[]): boolean[] {
  const usable = sources.filter((s) => s.radiusM > 0);
  if (usable.length === 0) return residents.map(() => false);
  const index = pointIndex(
    usable.map((s, i) => ({
      type: 'Feature' as const,
      id: i,
      geometry: { type: 'Point' as const, coordinates: s.position },
      properties: s,
    })),
  );
  let maxRadiusM = 0;
  for (const s of usable) if (s.radiusM > maxRadiusM) maxRadiusM = s.radiusM;
  const reaches = (i: number, distanceM: number) => distanceM <= index.features[i].properties.radiusM;
  return residents.map((r) => someWithin(index, r.position, maxRadiusM, reaches));
}

export interface PeopleTally {
  district: PeopleFigures;
  townships: (Place & PeopleFigures)[];
  /** What the per-township table is over; with no townships it is empty and `why` says so. */
  basis: Basis;
  why?: { townships: Unknown };
}

/** People figures, the share explained when there is nobody to cover. */
function peopleFigures(x: { residents: number; covered: number }): PeopleFigures {
  return explained({ ...x, coveredPct: pct(x.covered, x.residents) }, { coveredPct: 'no_population' });
}

/**
 * District and per-township residents and covered residents from one flag per resident. The district's
 * figures count every resident, so they need no townships.
 */
export function tallyPeople(residents: Resident[], covered: boolean[], locator: TownshipLocator): PeopleTally {
  const byTownship = new Map<string, { residents: number; covered: number }>();
  const district = { residents: 0, covered: 0 };
  residents.forEach((r, i) => {
    const add = covered[i] ? r.residents : 0;
    district.residents += r.residents;
    district.covered += add;
    if (r.township === null) return;
    const t = byTownship.get(r.township) ?? { residents: 0, covered: 0 };
    t.residents += r.residents;
    t.covered += add;
    byTownship.set(r.township, t);
  });
  const why = basisWhy(locator.basis);
  return {
    district: peopleFigures(district),
    townships: perTownship(locator, (t) => peopleFigures(byTownship.get(t.name) ?? { residents: 0, covered: 0 })),
    basis: locator.basis,
    ...whyIf(why),
  };
}

/** The population features a flag marks as not covered, each told its township. */
export function uncoveredFeatures(
  residents: Resident[],
  covered: boolean[],
  extra?: (r: Resident, i: number) => Props,
): FeatureCollection<Point, Props> {
  const features: Feature<Point, Props>[] = [];
  residents.forEach((r, i) => {
    if (covered[i]) return;
    features.push({
      type: 'Feature',
      id: r.feature.id,
      geometry: { type: 'Point', coordinates: r.position },
      properties: { ...r.feature.properties, township: r.township, ...extra?.(r, i) },
    });
  });
  return { type: 'FeatureCollection', features };
}
