/**
 * Shelter coverage with capacity: each population point goes to its nearest OPEN shelter among those
 * whose service radius (by shelter kind, from the profile) reaches it, so nobody is counted twice and
 * each shelter's capacity — effective area ÷ m² per person for its kind, from the profile — is set
 * against the people actually assigned to it. Per township and for the district: residents, covered
 * residents and %, capacity ÷ residents and the shortfall (people assigned beyond capacity). Capacity
 * and shortfall belong to the township the shelter stands in, coverage to the one the people live in.
 * Points no open shelter reaches come back as features, with the distance to the nearest open shelter.
 * The district's figures need no townships; with none the per-township table is empty and says why,
 * and a figure per resident where there are no residents is null, saying so.
 */

import type { FeatureCollection, Point } from 'geojson';
import { compareIds, featureId, featuresOf, nameOf, num, pointOf, str, sumOf } from './geometry.ts';
import { nearest, nearestWithinEach, placeCells, pointIndex } from './nearest.ts';
import { residentsOf, tallyPeople, uncoveredFeatures } from './reach.ts';
import { explained, type Unknown, type Why, whyIf } from './scorecard-facts.ts';
import { type Basis, perTownship, TownshipLocator } from './townships.ts';
import type { AnyFeature, Layers, PeopleFigures, Place, Profile, Props } from './types.ts';

export interface ShelterLoad {
  id: string;
  name: string;
  kind: string;
  township: string | null;
  radiusM: number;
  effectiveAreaM2: number;
  /** effective area ÷ m² per person for the shelter's kind. */
  capacity: number;
  assigned: number;
  /** People assigned beyond capacity. */
  shortfall: number;
}

export interface CapacityFigures {
  capacity: number;
  /** capacity ÷ residents (1 = a place for everyone). */
  capacityRatio: number | null;
  /** Effective area of open shelters ÷ residents, m² per person. */
  areaPerPerson: number | null;
  shortfall: number;
}

export type ShelterFigures = PeopleFigures & CapacityFigures & { why?: Why<PeopleFigures & CapacityFigures> };

export interface ShelterCoverage {
  district: ShelterFigures;
  townships: (Place & ShelterFigures)[];
  shelters: ShelterLoad[];
  uncovered: FeatureCollection<Point, Props>;
  /** Open shelters left out because the profile has no rule for their kind. */
  unknownKinds: string[];
  /** What the per-township table is over; with no townships it is empty and `why` says so. */
  basis: Basis;
  /** Why the table is empty, and why the uncovered points have no distance to an open shelter. */
  why?: { townships?: Unknown; nearest_open_shelter_m?: Unknown };
}

/** Capacity of a shelter under the profile: floor(effective area ÷ m² per person of its kind). */
export function shelterCapacity(shelter: AnyFeature, profile: Pick<Profile, 'shelter'>): number | null {
  const rule = profile.shelter[str(shelter.properties, 'kind') ?? ''];
  const area = num(shelter.properties, 'effective_area_m2');
  if (!rule || area === null || !(rule.m2_per_person > 0)) return null;
  return Math.floor(area / rule.m2_per_person);
}

/** People figures with the capacity of some shelters set against their residents; nulls explained. */
function withCapacity(people: PeopleFigures, loads: ShelterLoad[]): ShelterFigures {
  const capacity = sumOf(loads, (l) => l.capacity);
  const area = sumOf(loads, (l) => l.effectiveAreaM2);
  const { residents, covered, coveredPct } = people;
  return explained(
    {
      residents,
      covered,
      coveredPct,
      capacity,
      capacityRatio: residents > 0 ? capacity / residents : null,
      areaPerPerson: residents > 0 ? area / residents : null,
      shortfall: sumOf(loads, (l) => l.shortfall),
    },
    { coveredPct: 'no_population', capacityRatio: 'no_population', areaPerPerson: 'no_population' },
  );
}

export function shelterCoverage(input: Layers, profile: Pick<Profile, 'shelter'>): ShelterCoverage {
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const unknownKinds = new Set<string>();
  const loads = new Map<AnyFeature, ShelterLoad>();
  for (const s of featuresOf(input.shelters)) {
    const p = pointOf(s);
    if (!p || s.properties?.status !== 'open') continue;
    const kind = str(s.properties, 'kind') ?? '';
    const rule = profile.shelter[kind];
    const capacity = shelterCapacity(s, profile);
    if (!rule || capacity === null) {
      unknownKinds.add(kind);
      continue;
    }
    loads.set(s, {
      id: featureId(s),
      name: nameOf(s),
      kind,
      township: locator.at(p)?.name ?? null,
      radiusM: rule.radius_m,
      effectiveAreaM2: num(s.properties, 'effective_area_m2') ?? 0,
      capacity,
      assigned: 0,
      shortfall: 0,
    });
  }
  // One index per service radius: within each, the nearest shelter is the only one that can win.
  const radii = [...new Set([...loads.values()].map((l) => l.radiusM))];
  const groups = radii.map((radiusM) => {
    const index = pointIndex([...loads].filter(([, l]) => l.radiusM === radiusM).map(([s]) => s));
    return { radiusM, index, loads: index.features.map((s) => loads.get(s) as ShelterLoad) };
  });
  // Every open shelter, for the distance to the nearest one from a point none reaches.
  const open = pointIndex([...loads.keys()]);

  const residents = residentsOf(input.population ?? [], locator);
  const covered: boolean[] = new Array(residents.length).fill(false);
  const nearestOpenM: number[] = new Array(residents.length).fill(Infinity);
  const cells = placeCells(residents.map((r) => r.position));
  const nearestIn = groups.map((g) => nearestWithinEach(g.index, cells, g.radiusM));
  for (let i = 0; i < residents.length; i++) {
    const r = residents[i];
    // The nearest of each group's nearest, ties by id, then by group order (as a stable sort would).
    let winner: ShelterLoad | null = null;
    let winnerM = Infinity;
    let winnerFeature: AnyFeature | null = null;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k];
      const j = nearestIn[k].nearest[i];
      if (j < 0) continue;
      const feature = g.index.features[j] as AnyFeature;
      const d = nearestIn[k].distanceM[i];
      if (winnerFeature === null || (d - winnerM || compareIds(feature, winnerFeature)) < 0) {
        winner = g.loads[j];
        winnerM = d;
        winnerFeature = feature;
      }
    }
    if (winner === null) {
      // The nearest of all open shelters is the nearest of the groups' nearest.
      if (groups.length > 0) nearestOpenM[i] = nearest(open, r.position, { k: 1 })[0]?.distanceM ?? Infinity;
      continue;
    }
    covered[i] = true;
    winner.assigned += r.residents;
  }
  const shelters = [...loads.values()];
  for (const l of shelters) l.shortfall = Math.max(0, l.assigned - l.capacity);

  const people = tallyPeople(residents, covered, locator);
  const townships = perTownship(locator, (t) => {
    const p = people.townships.find((x) => x.township === t.name) as PeopleFigures;
    return withCapacity(
      p,
      shelters.filter((l) => l.township === t.name),
    );
  });
  return {
    district: withCapacity(people.district, shelters),
    townships,
    basis: people.basis,
    ...whyIf({
      ...people.why,
      ...(loads.size === 0 && covered.includes(false) ? { nearest_open_shelter_m: 'no_open_shelters' as const } : {}),
    }),
    shelters,
    uncovered: uncoveredFeatures(residents, covered, (_, i) => ({
      nearest_open_shelter_m: Number.isFinite(nearestOpenM[i]) ? Math.round(nearestOpenM[i]) : null,
    })),
    unknownKinds: [...unknownKinds].sort(),
  };
}
