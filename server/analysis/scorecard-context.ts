/**
 * What every scorecard measure reads: the layers (as given, and what exists of them), the profile,
 * the areas a row speaks of (the district, then each township, with its residents and area), and the
 * figures two indicators share, computed once per scorecard.
 */
import type { TerrainViews } from './camera-views.ts';
import { cameraScenarios } from './coverage-cameras.ts';
import { type ShelterCoverage, shelterCoverage } from './coverage-shelters.ts';
import { existingOnly } from './planned.ts';
import { type Resident, residentsOf } from './reach.ts';
import { type ReliefReach, reliefReach } from './relief-reach.ts';
import type { Roads } from './roads.ts';
import type { Fact, Shortfall } from './scorecard-facts.ts';
import { type Basis, districtOf, TownshipLocator } from './townships.ts';
import type { AnyFeature, Layers, Profile, Target } from './types.ts';

export interface Scope {
  level: 'district' | 'township';
  name: string;
  code: string | null;
}

/** The district or one township: which features and residents are its own. */
export interface Area {
  scope: Scope;
  has: (f: AnyFeature) => boolean;
  /** Whether a place found in township `township` (null: in none) lies in this area. */
  holds: (township: string | null) => boolean;
  residents: number;
  areaM2: number;
}

export interface ScoreInput {
  /** The layers as given, planned features included. */
  all: Layers;
  /** What exists of them: what the values measure. */
  input: Layers;
  profile: Profile;
  districtName: string;
  /** Townships, or the district polygon alone, or neither: what the area rows can speak of. */
  basis: Basis;
  /** The district first, then each township. */
  areas: Area[];
  residents: Resident[];
  /** The road network travel times are measured on; none, and they are straight-line estimates. */
  roads?: Roads;
  /** Figures two indicators read, each computed on first use. */
  shared: {
    shelters: () => ShelterCoverage;
    cameras: () => ReturnType<typeof cameraScenarios>;
    relief: () => ReliefReach;
  };
}

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: compute() };
    return value.v;
  };
}

/**
 * What the ground adds to the layers, when the store has it: the road network (fire response and relief
 * by road) and the cameras' viewsheds on the DEM (video coverage by line of sight).
 */
export interface Ground {
  roads?: Roads;
  terrain?: TerrainViews;
}

export function scoreInput(all: Layers, profile: Profile, { roads, terrain }: Ground = {}): ScoreInput {
  const input = existingOnly(all);
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const district = districtOf(input.admin_areas ?? []);
  const districtName = district.name || profile.name.zh;
  const residents = residentsOf(input.population ?? [], locator);
  const sum = (rs: Resident[]) => rs.reduce((n, r) => n + r.residents, 0);
  const areas: Area[] = [
    {
      scope: { level: 'district', name: districtName, code: district.code },
      has: () => true,
      holds: () => true,
      residents: sum(residents),
      areaM2: district.areaM2,
    },
    ...locator.townships.map((t) => ({
      scope: { level: 'township' as const, name: t.name, code: t.code },
      has: (f: AnyFeature) => locator.of(f) === t.name,
      holds: (township: string | null) => township === t.name,
      residents: sum(residents.filter((r) => r.township === t.name)),
      areaM2: t.areaM2,
    })),
  ];
  return {
    all,
    input,
    profile,
    districtName,
    basis: locator.basis,
    areas,
    residents,
    roads,
    shared: {
      shelters: once(() => shelterCoverage(input, profile)),
      cameras: once(() => cameraScenarios(all, { blindSpots: false, terrain })),
      relief: once(() => reliefReach(input.depots ?? [], residents, profile, roads)),
    },
  };
}

/** An area's own figures from an analysis that reports the district and each township. */
export function figuresOf<D, T extends { township: string }>(
  a: Area,
  figures: { district: D; townships: T[] },
): D | T | undefined {
  return a.scope.level === 'district' ? figures.district : figures.townships.find((t) => t.township === a.scope.name);
}

/** The indexes of the residents (population points) living in an area. */
export const residentsIn = (s: ScoreInput, a: Area) =>
  s.residents.map((r, i) => (a.holds(r.township) ? i : -1)).filter((i) => i >= 0);

/** An area's facts as its `missing`: nothing when there are none. */
export const shortfall = (a: Area, facts: Fact[]): Shortfall[] =>
  facts.length > 0 ? [{ place: a.scope.name, facts }] : [];

/** How many more are needed to reach `required` (not a whole number, as a share of something), given `have`. */
export function stillNeeded(required: number | null, have: number): number {
  return required === null ? 0 : Math.max(0, Math.ceil(required - 1e-9) - have);
}

export function meets(value: number | null, target: Target | undefined): boolean | null {
  if (value === null || !target || target.value === null) return null;
  switch (target.comparison) {
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
  }
}
