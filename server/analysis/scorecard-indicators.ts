/**
 * The plan's indicators as data: each with its id (the key of its target in the profile), its label,
 * the unit and the comparison it is judged by when the profile's target does not name them, and a
 * `measure` giving, for each area it speaks of, the value and the facts of what is missing. Figures
 * come from the other analyses, so the scorecard and the coverage maps never disagree; targets,
 * speeds, radii and space per person all come from the profile.
 *
 * Conventions: full-time firefighters are the staff of existing full-time and government full-time
 * stations (micro stations are volunteer); fire response and relief delivery are travel times on the
 * roads where there are roads, straight-line distance at the profile's speed where not (each row says
 * which, `method`), and report the longest time to any village of the area; the
 * per-township camera count applies to townships holding watched forest, and the district row of a
 * per-township count is its smallest township; the shelter-area row also names the people assigned
 * beyond their shelter's capacity, met or not; planned features count only in the facts about cameras
 * and terminals. A null value names why (`why`): no shelters, residents, forest, stations or stocked
 * depots to measure by, no district boundary to measure over, or no townships to count in.
 */

import { isPlanned } from '../layers/planned.ts';
import { firstArrivals } from '../routing/first-arrivals.ts';
import { snap } from '../routing/snap.ts';
import { broadcastCoverage } from './coverage-broadcast.ts';
import { exposure } from './exposure.ts';
import { featuresOf, num, pct, pointOf, str } from './geometry.ts';
import { nearestEach, pointIndex } from './nearest.ts';
import {
  type Area,
  figuresOf,
  meets,
  residentsIn,
  type ScoreInput,
  shortfall,
  stillNeeded,
} from './scorecard-context.ts';
import type { Fact, Shortfall, Unknown } from './scorecard-facts.ts';
import type { AnyFeature, Comparison, Label, LonLat, Method } from './types.ts';

/** One row's worth: the area, its value, and what stands between the value and the target. */
export interface Measured {
  area: Area;
  value: number | null;
  missing: Shortfall[];
  /** Why the value is null, when it is. */
  why?: Unknown;
  /** How it was measured, when that depends on the data (roads or none); else the indicator's own. */
  method?: Method;
}

export interface Indicator {
  id: string;
  label: Label;
  unit: string;
  comparison: Comparison;
  /** How its values are measured, unless a value says otherwise. */
  method: Method;
  measure: (s: ScoreInput) => Measured[];
}

const goalOf = (s: ScoreInput, id: string) => s.profile.targets[id]?.value ?? null;
const residentsAt = (f: AnyFeature) => num(f.properties, 'residents') ?? 0;
const townshipOf = (f: AnyFeature) => (f.properties?.township as string | null | undefined) ?? null;

/** The longest of some times; null when there are none, or one is unknown (nothing reaches it). */
function longest(times: (number | null)[]): number | null {
  const known = times.filter((t): t is number => t !== null);
  return known.length > 0 && known.length === times.length ? Math.max(...known) : null;
}

function sheltersVisualised(s: ScoreInput): Measured[] {
  const shelters = featuresOf(s.input.shelters);
  return s.areas.map((a) => {
    const mine = shelters.filter(a.has);
    const located = mine.filter((f) => pointOf(f) !== null).length;
    const lacking = mine.length - located;
    const facts: Fact[] = lacking > 0 ? [{ kind: 'shelters_unlocated', shelters: lacking }] : [];
    return { area: a, value: pct(located, mine.length), missing: shortfall(a, facts), why: 'no_shelters' };
  });
}

function sheltersStandardised(s: ScoreInput): Measured[] {
  const goal = goalOf(s, 'shelter_standardised');
  const shelters = featuresOf(s.input.shelters);
  return s.areas.map((a) => {
    const mine = shelters.filter(a.has);
    const done = mine.filter((f) => f.properties?.standardised === true).length;
    const needed = stillNeeded(goal === null ? null : (goal / 100) * mine.length, done);
    const facts: Fact[] =
      needed > 0
        ? [{ kind: 'shelters_unstandardised', shelters: mine.length, standardised: done, needed, targetPct: goal ?? 0 }]
        : [];
    return { area: a, value: pct(done, mine.length), missing: shortfall(a, facts), why: 'no_shelters' };
  });
}

function shelterReach(s: ScoreInput): Measured[] {
  const cover = s.shared.shelters();
  return s.areas.flatMap((a) => {
    const figures = figuresOf(a, cover);
    if (!figures) return [];
    const out = cover.uncovered.features.filter((f) => a.holds(townshipOf(f)));
    const people = out.reduce((n, f) => n + residentsAt(f), 0);
    const names = out.sort((x, y) => residentsAt(y) - residentsAt(x)).map((f) => String(f.properties.name));
    const facts: Fact[] =
      out.length > 0 ? [{ kind: 'villages_beyond_shelters', villages: out.length, people, names }] : [];
    return [{ area: a, value: figures.coveredPct, missing: shortfall(a, facts), why: figures.why?.coveredPct }];
  });
}

function shelterAreaPerPerson(s: ScoreInput): Measured[] {
  const cover = s.shared.shelters();
  const goal = s.profile.targets.shelter_area_per_person;
  return s.areas.flatMap((a) => {
    const figures = figuresOf(a, cover);
    if (!figures) return [];
    const perPerson = figures.areaPerPerson;
    const facts: Fact[] = [];
    if (meets(perPerson, goal) === false && goal?.value != null) {
      const shortM2 = Math.ceil(goal.value * a.residents - (perPerson ?? 0) * a.residents);
      facts.push({ kind: 'shelter_area_short', m2PerPerson: perPerson, targetM2: goal.value, shortM2 });
    }
    if (figures.shortfall > 0) facts.push({ kind: 'shelters_over_capacity', people: figures.shortfall });
    return [{ area: a, value: perPerson, missing: shortfall(a, facts), why: figures.why?.areaPerPerson }];
  });
}

/** Existing cameras against the target; what the planned ones would add, and the plan's milestones, in facts. */
function forestVideoCoverage(s: ScoreInput): Measured[] {
  const cams = s.shared.cameras();
  const video = s.profile.targets.forest_video_coverage;
  return s.areas.flatMap((a) => {
    const now = figuresOf(a, cams.existing);
    if (!now) return [];
    const later = figuresOf(a, cams.withPlanned);
    const district = a.scope.level === 'district';
    const facts: Fact[] = [
      {
        kind: 'video_coverage',
        watchedKm2: now.areaKm2,
        seenKm2: now.coveredKm2,
        seenPct: now.coveredPct,
        method: cams.existing.method,
        ...(district ? { cameras: cams.existing.cameras } : {}),
        ...(district && video?.points ? { targetCameras: video.points } : {}),
      },
    ];
    for (const m of district ? (video?.milestones ?? []) : []) {
      facts.push({
        kind: 'video_milestone',
        year: m.year,
        targetPct: m.value,
        reached: (now.coveredPct ?? 0) >= m.value,
      });
    }
    if (later && later.coveredPct !== now.coveredPct)
      facts.push({ kind: 'with_planned_cameras', seenPct: later.coveredPct });
    return [
      {
        area: a,
        value: now.coveredPct,
        missing: meets(now.coveredPct, video) === true ? [] : shortfall(a, facts),
        why: now.why?.coveredPct,
        method: cams.existing.method,
      },
    ];
  });
}

function broadcast(s: ScoreInput): Measured[] {
  const now = broadcastCoverage(s.input);
  const planned = broadcastCoverage(s.all, { includePlanned: true });
  return s.areas.flatMap((a) => {
    const figures = figuresOf(a, now);
    const later = figuresOf(a, planned);
    if (!figures) return [];
    const out = now.uncovered.features.filter((f) => a.holds(townshipOf(f)));
    const people = out.reduce((n, f) => n + residentsAt(f), 0);
    const facts: Fact[] = [];
    if (out.length > 0) {
      facts.push({ kind: 'villages_beyond_broadcast', villages: out.length, people });
      if (later && later.coveredPct !== figures.coveredPct)
        facts.push({ kind: 'with_planned_terminals', coveredPct: later.coveredPct });
    }
    return [{ area: a, value: figures.coveredPct, missing: shortfall(a, facts), why: figures.why?.coveredPct }];
  });
}

/**
 * Minutes from the first existing station to each village: by road where there are roads (the gap
 * between a station or a village and its road crossed at the crew's assumed speed, as the coverage by
 * road does), else by straight line at that speed.
 */
function fireMinutes(s: ScoreInput): { minutes: (number | null)[]; method: Method } {
  const speed = s.profile.fire.speed_kmh;
  const stations = featuresOf(s.input.fire_stations);
  if (!s.roads) {
    const rows = nearestEach(
      pointIndex(stations),
      s.residents.map((r) => r.feature),
    );
    return {
      minutes: rows.map((row) => (row.nearest ? row.nearest.distanceM / 1000 / (speed / 60) : null)),
      method: 'straight',
    };
  }
  const { graph } = s.roads;
  const at = stations.map(pointOf).filter((p): p is LonLat => p !== null);
  const first = firstArrivals(
    graph,
    at.map((p) => snap(graph, p, speed)),
    s.residents.map((r) => snap(graph, r.position, speed)),
  );
  return { minutes: [...first.seconds].map((x) => (Number.isFinite(x) ? x / 60 : null)), method: 'road' };
}

/** The longest time from the first existing station to any village of the area. */
function fireResponse(s: ScoreInput): Measured[] {
  const { response_minutes: limit, speed_kmh: speed } = s.profile.fire;
  const { minutes, method } = fireMinutes(s);
  return s.areas.map((a) => {
    const villages = residentsIn(s, a);
    const late = villages.filter((i) => minutes[i] === null || (minutes[i] as number) > limit);
    const people = late.reduce((n, i) => n + s.residents[i].residents, 0);
    const withinPct = pct(a.residents - people, a.residents);
    const facts: Fact[] =
      late.length > 0
        ? [
            {
              kind: 'villages_beyond_fire_response',
              villages: late.length,
              people,
              minutes: limit,
              speedKmh: speed,
              withinPct,
              byRoad: method === 'road',
            },
          ]
        : [];
    const why: Unknown = villages.length === 0 ? 'no_population' : 'no_fire_stations';
    return { area: a, value: longest(villages.map((i) => minutes[i])), missing: shortfall(a, facts), why, method };
  });
}

/** Weather (rain) stations per 100 km². */
function weatherStationDensity(s: ScoreInput): Measured[] {
  const goal = goalOf(s, 'weather_station_density');
  const stations = featuresOf(s.input.weather_stations);
  return s.areas.map((a) => {
    const count = stations.filter(a.has).length;
    const km2 = a.areaM2 / 1e6;
    const needed = stillNeeded(goal === null ? null : (goal * km2) / 100, count);
    const facts: Fact[] = needed > 0 ? [{ kind: 'weather_stations_short', km2, stations: count, needed }] : [];
    const why: Unknown = a.scope.level === 'district' ? 'no_district_boundary' : 'area_below_error';
    return { area: a, value: km2 > 0 ? (count / km2) * 100 : null, missing: shortfall(a, facts), why };
  });
}

const FULL_TIME = ['full_time', 'government'];

/** Full-time firefighters per thousand residents. */
function fullTimeFirefighters(s: ScoreInput): Measured[] {
  const goal = goalOf(s, 'full_time_firefighters');
  const stations = featuresOf(s.input.fire_stations).filter((f) => FULL_TIME.includes(str(f.properties, 'kind') ?? ''));
  return s.areas.map((a) => {
    const staff = stations.filter(a.has).reduce((n, f) => n + (num(f.properties, 'staff') ?? 0), 0);
    const needed = stillNeeded(goal === null ? null : (goal / 1000) * a.residents, staff);
    const facts: Fact[] =
      needed > 0 ? [{ kind: 'firefighters_short', firefighters: staff, targetPerMille: goal, needed }] : [];
    const value = a.residents > 0 ? (staff / a.residents) * 1000 : null;
    return { area: a, value, missing: shortfall(a, facts), why: 'no_population' };
  });
}

/** The longest delivery from the nearest stocked depot to any village of the area, by road where there are roads. */
function reliefHours(s: ScoreInput): Measured[] {
  const { hours, method, limitHours: limit } = s.shared.relief();
  return s.areas.map((a) => {
    const villages = residentsIn(s, a);
    const late = villages.filter((i) => hours[i] === null || (hours[i] as number) > limit);
    const people = late.reduce((n, i) => n + s.residents[i].residents, 0);
    const facts: Fact[] =
      late.length > 0
        ? [
            {
              kind: 'villages_beyond_relief',
              villages: late.length,
              hours: limit,
              people,
              withinPct: pct(a.residents - people, a.residents),
              byRoad: method === 'road',
            },
          ]
        : [];
    const why: Unknown = villages.length === 0 ? 'no_population' : 'no_stocked_depots';
    return { area: a, value: longest(villages.map((i) => hours[i])), missing: shortfall(a, facts), why, method };
  });
}

interface TownshipCount {
  count: (a: Area) => number;
  fact: (a: Area, count: number, target: number) => Fact;
  /** The townships the target applies to; all when absent. */
  applies?: (a: Area) => boolean;
  /** Why no township is counted when there are townships but the target applies to none. */
  noneApply?: Unknown;
}

/** A count every township should reach; the district's row is its smallest township, with every one short. */
function perTownship(id: string, counting: (s: ScoreInput) => TownshipCount) {
  return (s: ScoreInput): Measured[] => {
    const { count, fact, applies = () => true, noneApply } = counting(s);
    const goal = goalOf(s, id) ?? 0;
    const townships = s.areas.filter((a) => a.scope.level === 'township' && applies(a));
    const counts = townships.map(count);
    const missing = (a: Area, i: number) => (counts[i] < goal ? shortfall(a, [fact(a, counts[i], goal)]) : []);
    const why = s.basis !== 'townships' ? 'no_townships' : noneApply;
    return [
      {
        area: s.areas[0],
        value: counts.length > 0 ? Math.min(...counts) : null,
        missing: townships.flatMap(missing),
        why,
      },
      ...townships.map((a, i) => ({ area: a, value: counts[i], missing: missing(a, i) })),
    ];
  };
}

const compositeTeams = perTownship('township_composite_teams', (s) => {
  const teams = featuresOf(s.input.teams).filter((t) => t.properties?.kind === 'township_composite');
  return {
    count: (a) => teams.filter(a.has).length,
    fact: (_a, teamCount, target) => ({ kind: 'no_composite_team', teams: teamCount, target }),
  };
});

/** Existing cameras in townships holding watched forest; the planned ones are named beside them. */
const townshipCameras = perTownship('township_cameras', (s) => {
  const cameras = featuresOf(s.input.cameras);
  const planned = featuresOf(s.all.cameras).filter(isPlanned);
  const watched = s.shared.cameras().existing.townships.filter((t) => t.areaKm2 > 0);
  const forested = new Set(watched.map((t) => t.township));
  return {
    count: (a) => cameras.filter(a.has).length,
    fact: (a, cameraCount, target) => ({
      kind: 'cameras_short',
      cameras: cameraCount,
      target,
      planned: planned.filter(a.has).length,
    }),
    applies: (a) => forested.has(a.scope.name),
    noneApply: 'no_forest_areas',
  };
});

/**
 * Shelters and protected targets inside red/orange or geohazard zones, which should be none: the
 * zones and the facilities alone, not the residents and hazards the other figures of exposure place.
 */
function exposedFacilities(s: ScoreInput): Measured[] {
  const { risk_zones, shelters, protected_targets } = s.input;
  const exposed = exposure({ risk_zones, shelters, protected_targets });
  const facilities = [...exposed.exposedShelters, ...exposed.exposedTargets];
  return s.areas.map((a) => {
    const mine = facilities.filter((e) => a.has(e.feature));
    const facts = mine.map(
      (e): Fact => ({
        kind: 'exposed_facility',
        name: String(e.feature.properties?.name),
        zones: e.zones.map((z) => z.name),
      }),
    );
    return { area: a, value: mine.length, missing: shortfall(a, facts) };
  });
}

/** In the order the scorecard lists them. */
export const INDICATORS: readonly Indicator[] = [
  {
    id: 'shelter_visualised',
    label: { zh: '避难场所可视化率', en: 'Shelters visualised' },
    unit: '%',
    comparison: '>=',
    method: 'count',
    measure: sheltersVisualised,
  },
  {
    id: 'shelter_standardised',
    label: { zh: '避难场所规范化率', en: 'Shelters standardised' },
    unit: '%',
    comparison: '>=',
    method: 'count',
    measure: sheltersStandardised,
  },
  {
    id: 'shelter_reach',
    label: { zh: '避难场所服务半径内人口比例', en: 'Residents within reach of an open shelter' },
    unit: '%',
    comparison: '>=',
    method: 'straight',
    measure: shelterReach,
  },
  {
    id: 'shelter_area_per_person',
    label: { zh: '人均有效避难面积', en: 'Effective shelter area per resident' },
    unit: 'm²/人',
    comparison: '>',
    method: 'straight',
    measure: shelterAreaPerPerson,
  },
  {
    id: 'forest_video_coverage',
    label: { zh: '森林防火视频监测覆盖率', en: 'Forest-fire video coverage' },
    unit: '%',
    comparison: '>=',
    method: 'sector',
    measure: forestVideoCoverage,
  },
  {
    id: 'broadcast_coverage',
    label: { zh: '应急广播覆盖率', en: 'Warning broadcast coverage' },
    unit: '%',
    comparison: '>=',
    method: 'straight',
    measure: broadcast,
  },
  {
    id: 'fire_response',
    label: { zh: '消防最长到场时间', en: 'Longest fire response time' },
    unit: '分钟',
    comparison: '<=',
    method: 'straight',
    measure: fireResponse,
  },
  {
    id: 'weather_station_density',
    label: { zh: '气象(雨量)站密度', en: 'Weather-station density' },
    unit: '个/100km²',
    comparison: '>=',
    method: 'count',
    measure: weatherStationDensity,
  },
  {
    id: 'full_time_firefighters',
    label: { zh: '专职消防员占常住人口比例', en: 'Full-time firefighters per residents' },
    unit: '‰',
    comparison: '>=',
    method: 'count',
    measure: fullTimeFirefighters,
  },
  {
    id: 'relief_hours',
    label: { zh: '救灾物资最长送达时间', en: 'Longest relief delivery time' },
    unit: '小时',
    comparison: '<=',
    method: 'straight',
    measure: reliefHours,
  },
  {
    id: 'township_composite_teams',
    label: { zh: '乡镇综合应急救援队', en: 'Township composite rescue teams' },
    unit: '支/乡镇',
    comparison: '>=',
    method: 'count',
    measure: compositeTeams,
  },
  {
    id: 'township_cameras',
    label: { zh: '乡镇高位视频监控点', en: 'High-altitude cameras per township' },
    unit: '个/乡镇',
    comparison: '>=',
    method: 'count',
    measure: townshipCameras,
  },
  {
    id: 'exposed_facilities',
    label: {
      zh: '位于红橙或地灾易发区的避难场所与重点保护目标',
      en: 'Shelters and protected targets in red/orange or geohazard zones',
    },
    unit: '处',
    comparison: '<=',
    method: 'overlay',
    measure: exposedFacilities,
  },
];
