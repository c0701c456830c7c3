/**
 * What stands between an indicator's value and its target, as facts rather than sentences: the
 * analysis counts and names, the HTTP edge says it in the reader's language
 * (server/routes/scorecard-words.ts). A row's `missing` is a list of places, each with its facts.
 * The same holds for a figure that cannot be given at all: the analysis names why (`Unknown`), the
 * edge says it, so no null reaches a reader without its reason.
 */

export type Fact =
  | { kind: 'shelters_unlocated'; shelters: number }
  | { kind: 'shelters_unstandardised'; shelters: number; standardised: number; needed: number; targetPct: number }
  | { kind: 'villages_beyond_shelters'; villages: number; people: number; names: string[] }
  | { kind: 'shelter_area_short'; m2PerPerson: number | null; targetM2: number; shortM2: number }
  | { kind: 'shelters_over_capacity'; people: number }
  | {
      kind: 'video_coverage';
      watchedKm2: number;
      seenKm2: number;
      seenPct: number | null;
      /** Seen over the terrain (viewsheds) or in flat sectors. */
      method: 'viewshed' | 'sector';
      /** District rows only: the cameras there are, and the number the target assumes. */
      cameras?: number;
      targetCameras?: number;
    }
  | { kind: 'video_milestone'; year: number; targetPct: number; reached: boolean }
  | { kind: 'with_planned_cameras'; seenPct: number | null }
  | { kind: 'villages_beyond_broadcast'; villages: number; people: number }
  | { kind: 'with_planned_terminals'; coveredPct: number | null }
  | {
      kind: 'villages_beyond_fire_response';
      villages: number;
      people: number;
      minutes: number;
      speedKmh: number;
      withinPct: number | null;
      /** Measured on the roads; else by straight line at speedKmh. */
      byRoad?: boolean;
    }
  | { kind: 'weather_stations_short'; km2: number; stations: number; needed: number }
  | { kind: 'firefighters_short'; firefighters: number; targetPerMille: number | null; needed: number }
  | {
      kind: 'villages_beyond_relief';
      villages: number;
      hours: number;
      people?: number;
      withinPct?: number | null;
      /** Measured on the roads; else by straight line. */
      byRoad?: boolean;
    }
  | { kind: 'no_composite_team'; teams: number; target: number }
  | { kind: 'cameras_short'; cameras: number; target: number; planned: number }
  | { kind: 'exposed_facility'; name: string; zones: string[] };

/** The facts of one place: the district or a township. */
export interface Shortfall {
  place: string;
  facts: Fact[];
}

/** Why a target of the profile has no row: nothing in the data to count it by, or no measure for it yet. */
export type Unmeasured = 'no_officer_layer' | 'not_measured';

/**
 * Why a figure is null, or a verdict unknown: what the data lacks (townships, the district's boundary,
 * residents, forest areas, cameras, shelters, fire stations, stocked depots), a share of nothing (no
 * camera sees any forest), an area too small to bound its error, or a target the plan does not set;
 * and why a figure was measured in a straight line: no roads to drive.
 */
export type Unknown =
  | 'no_townships'
  | 'no_district_boundary'
  | 'no_population'
  | 'no_forest_areas'
  | 'no_cameras'
  | 'nothing_seen'
  | 'no_shelters'
  | 'no_open_shelters'
  | 'no_fire_stations'
  | 'no_stocked_depots'
  | 'area_below_error'
  | 'target_not_set'
  | 'no_roads';

/** The reason of each null figure of an object, under the figure's own name. */
export type Why<F> = Partial<Record<keyof F, Unknown>>;

/** `{ why }` to spread into an answer when it names any reason; nothing when it names none. */
export function whyIf<W extends Record<string, Unknown | undefined>>(why: W | undefined): { why?: W } {
  return why && Object.values(why).some((v) => v !== undefined) ? { why } : {};
}

/**
 * Figures with `why` naming the reason of each one that is null; the reasons of figures that are not
 * null are dropped, and figures with no null get no `why` at all.
 */
export function explained<F extends object>(figures: F, reasons: Why<F>): F & { why?: Why<F> } {
  const why = Object.fromEntries(
    Object.entries(reasons).filter(([field]) => (figures as Record<string, unknown>)[field] === null),
  ) as Why<F>;
  return Object.keys(why).length > 0 ? { ...figures, why } : figures;
}
