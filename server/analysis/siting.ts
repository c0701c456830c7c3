/**
 * Siting (选址): the next k sites that add the most coverage — greedy maximal covering. From given
 * candidate points or a regular grid over the district (or over the watched forest, for cameras), each
 * round picks the candidate adding the most not-yet-covered residents (shelters of one kind at the
 * profile's radius, broadcast terminals at a given range) or forest area (cameras with a given view),
 * and reports what it adds and the total after it (cameras in siting-cameras.ts, on their viewsheds
 * where there is a DEM). Coverage only ever shrinks what a candidate can add, so gains are re-evaluated
 * lazily (a stale gain is an upper bound): same picks as the plain greedy, ties to the earlier
 * candidate, a fraction of the work. Greedy is within 1 − 1/e of the best k sites.
 * The grid of candidates lies over the district polygon, or the townships when there is none; a share
 * of nothing (no residents, no forest) is null with its reason.
 */

import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { terminalSources } from './coverage-broadcast.ts';
import { featuresOf, isPolygonal, metresPerDegree, pct, pointOf } from './geometry.ts';
import { pointIndex, within } from './nearest.ts';
import { type Resident, reachedBy, residentsOf, type Source } from './reach.ts';
import { explained, type Why } from './scorecard-facts.ts';
import { TownshipLocator } from './townships.ts';
import type { Layers, LonLat, Profile } from './types.ts';

export interface SitePick {
  /** Index into the candidates. */
  index: number;
  position: LonLat;
  township: string | null;
  /** What this pick adds: residents, or km² of watched forest. */
  adds: number;
  total: number;
  totalPct: number | null;
}

export interface Siting {
  unit: '人' | 'km²';
  /** Covered before any pick, and the whole it is a share of. */
  before: number;
  whole: number;
  beforePct: number | null;
  candidates: number;
  picks: SitePick[];
  /** Why the share before is null: nobody, or no forest, to cover (and then nothing to pick). */
  why?: Why<Pick<Siting, 'beforePct'>>;
}

export interface SitingOptions {
  k: number;
  /** Candidate points; a grid over the district (or the watched forest) when absent. */
  candidates?: LonLat[];
  /** Spacing of the generated grid, m. */
  spacingM?: number;
}

export const DEFAULT_SPACING_M = 1000;

/**
 * Lazy greedy over n candidates: `gain(i)` is what candidate i adds now, `take(i)` commits it.
 * Returns the picks in order; stops early when nothing adds anything.
 */
export function greedy(
  n: number,
  k: number,
  gain: (i: number) => number,
  take: (i: number) => void,
): { index: number; adds: number }[] {
  const bound = Array.from({ length: n }, (_, i) => gain(i));
  const alive = new Uint8Array(n).fill(1);
  const picks: { index: number; adds: number }[] = [];
  const better = (i: number, j: number) => bound[i] > bound[j] || (bound[i] === bound[j] && i < j);
  while (picks.length < k) {
    let best = -1;
    for (let i = 0; i < n; i++) if (alive[i] && (best < 0 || better(i, best))) best = i;
    if (best < 0 || !(bound[best] > 0)) break;
    bound[best] = gain(best);
    let stillBest = true;
    for (let i = 0; i < n && stillBest; i++) if (alive[i] && i !== best && better(i, best)) stillBest = false;
    if (!stillBest) continue;
    if (!(bound[best] > 0)) break;
    take(best);
    alive[best] = 0;
    picks.push({ index: best, adds: bound[best] });
  }
  return picks;
}

/** Points spaced `spacingM` apart (east and north) inside any of the areas. */
export function candidateGrid(areas: (Polygon | MultiPolygon)[], spacingM = DEFAULT_SPACING_M): LonLat[] {
  if (!(spacingM > 0)) throw new RangeError('spacingM must be positive');
  if (areas.length === 0) return [];
  const [w, s, e, n] = turf.bbox(turf.featureCollection(areas.map((a) => turf.feature(a))));
  const m = metresPerDegree((s + n) / 2);
  const dLon = spacingM / m.lon;
  const dLat = spacingM / m.lat;
  const out: LonLat[] = [];
  for (let lat = s + dLat / 2; lat < n; lat += dLat)
    for (let lon = w + dLon / 2; lon < e; lon += dLon) {
      const p = [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
      if (areas.some((a) => turf.booleanPointInPolygon(p, a))) out.push(p);
    }
  return out;
}

function districtAreas(input: Layers): (Polygon | MultiPolygon)[] {
  const admin = featuresOf(input.admin_areas).filter((f) => isPolygonal(f.geometry));
  const district = admin.filter((f) => f.properties?.level === 'district');
  const chosen = district.length > 0 ? district : admin.filter((f) => f.properties?.level === 'township');
  return chosen.map((f) => f.geometry as Polygon | MultiPolygon);
}

/** Greedy covering of residents by new sites of one radius, on top of what existing sources reach. */
function sitePeople(input: Layers, existing: Source[], radiusM: number, options: SitingOptions): Siting {
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError('k must be a positive integer');
  if (!(radiusM > 0)) throw new RangeError('radius must be positive');
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const residents: Resident[] = residentsOf(input.population ?? [], locator);
  const candidates = options.candidates ?? candidateGrid(districtAreas(input), options.spacingM);
  const covered = reachedBy(residents, existing);
  const whole = residents.reduce((n, r) => n + r.residents, 0);
  const before = residents.reduce((n, r, i) => n + (covered[i] ? r.residents : 0), 0);
  // Which residents each candidate would reach.
  const index = pointIndex(
    residents.map((r, i) => ({
      type: 'Feature' as const,
      id: i,
      geometry: { type: 'Point' as const, coordinates: r.position },
      properties: { i },
    })),
  );
  const reach = candidates.map((c) => within(index, c, radiusM).map((h) => h.feature.properties.i));
  const gain = (j: number) => reach[j].reduce((n, i) => n + (covered[i] ? 0 : residents[i].residents), 0);
  const take = (j: number) => {
    for (const i of reach[j]) covered[i] = true;
  };
  let total = before;
  const picks = greedy(candidates.length, options.k, gain, take).map(({ index, adds }) => {
    total += adds;
    const position = candidates[index];
    return { index, position, township: locator.at(position)?.name ?? null, adds, total, totalPct: pct(total, whole) };
  });
  const figures = {
    unit: '人' as const,
    before,
    whole,
    beforePct: pct(before, whole),
    candidates: candidates.length,
    picks,
  };
  return explained(figures, { beforePct: 'no_population' });
}

/** Next shelters of a kind (its radius from the profile), adding the most residents not yet within reach of an open shelter. */
export function siteShelters(
  input: Layers,
  profile: Pick<Profile, 'shelter'>,
  options: SitingOptions & { kind: string },
): Siting {
  const rule = profile.shelter[options.kind];
  if (!rule) throw new RangeError(`the profile has no shelter kind ${options.kind}`);
  const existing: Source[] = featuresOf(input.shelters)
    .filter((s) => s.properties?.status === 'open')
    .map((s) => ({ position: pointOf(s), radiusM: profile.shelter[String(s.properties?.kind)]?.radius_m ?? 0 }))
    .filter((s): s is Source => s.position !== null && s.radiusM > 0);
  return sitePeople(input, existing, rule.radius_m, options);
}

/** Next broadcast terminals of a range, adding the most residents out of reach of existing (and planned, if asked) terminals. */
export function siteBroadcast(
  input: Layers,
  options: SitingOptions & { rangeM: number; includePlanned?: boolean },
): Siting {
  return sitePeople(
    input,
    terminalSources(input.broadcast_terminals ?? [], options.includePlanned ?? false),
    options.rangeM,
    options,
  );
}
