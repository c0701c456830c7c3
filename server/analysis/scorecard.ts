/**
 * The plan scorecard (规划指标): every indicator of DOMAIN.md's table the data can support, for the
 * district and each township, against the district profile's targets — value, target, met or not, and
 * what is missing in words a bureau would write. Figures come from the other analyses, so the
 * scorecard and the coverage maps never disagree; targets, speeds, radii and space per person all come
 * from the profile. An indicator whose target is null (规划未设目标值) is shown with `met: null`; a
 * target the data cannot measure (e.g. village information officers: no such layer) is listed under
 * `unsupported` rather than guessed.
 *
 * Conventions: full-time firefighters are the staff of existing full-time and government full-time
 * stations (micro stations are volunteer); fire response and relief delivery use straight-line
 * distance at the profile's speed, and report the longest time to any village of the area; the
 * per-township camera count applies to townships holding watched forest, and the district row of a
 * per-township count is its smallest township; the shelter-area row also names the people assigned
 * beyond their shelter's capacity, met or not.
 */

import { isPlanned } from '../layers/planned.ts';
import { broadcastCoverage } from './coverage-broadcast.ts';
import { cameraScenarios } from './coverage-cameras.ts';
import { shelterCoverage } from './coverage-shelters.ts';
import { exposure } from './exposure.ts';
import { featuresOf, num, pct, pointOf, str } from './geometry.ts';
import { nearestEach, pointIndex } from './nearest.ts';
import { stockOf } from './nearest-depots.ts';
import { asBuilt, existingOnly, hasPlanned } from './planned.ts';
import { residentsOf } from './reach.ts';
import { districtOf, TownshipLocator } from './townships.ts';
import type { AnyFeature, Comparison, Label, Layers, Profile, Target } from './types.ts';

export interface Scope {
  level: 'district' | 'township';
  name: string;
  code: string | null;
}

export interface ScorecardRow {
  id: string;
  label: Label;
  scope: Scope;
  value: number | null;
  unit: string;
  target: number | null;
  comparison: Comparison | null;
  met: boolean | null;
  /** What stands between the value and the target, in Chinese; empty when nothing is missing. */
  missing: string;
}

export interface Scorecard {
  district: string;
  rows: ScorecardRow[];
  summary: Summary;
  unsupported: { id: string; reason: string }[];
}

interface Summary {
  met: number;
  unmet: number;
  unknown: number;
}

/** A scorecard with each row's value and verdict once the planned features are built. */
export interface PlannedScorecard extends Scorecard {
  rows: (ScorecardRow & { with_planned: { value: number | null; met: boolean | null } })[];
  with_planned: { summary: Summary };
}

export const INDICATORS: Record<string, Label> = {
  shelter_visualised: { zh: '避难场所可视化率', en: 'Shelters visualised' },
  shelter_standardised: { zh: '避难场所规范化率', en: 'Shelters standardised' },
  shelter_reach: { zh: '避难场所服务半径内人口比例', en: 'Residents within reach of an open shelter' },
  shelter_area_per_person: { zh: '人均有效避难面积', en: 'Effective shelter area per resident' },
  forest_video_coverage: { zh: '森林防火视频监测覆盖率', en: 'Forest-fire video coverage' },
  broadcast_coverage: { zh: '应急广播覆盖率', en: 'Warning broadcast coverage' },
  fire_response: { zh: '消防最长到场时间(直线估算)', en: 'Longest fire response time (straight line)' },
  weather_station_density: { zh: '气象(雨量)站密度', en: 'Weather-station density' },
  full_time_firefighters: { zh: '专职消防员占常住人口比例', en: 'Full-time firefighters per residents' },
  relief_hours: { zh: '救灾物资最长送达时间(直线估算)', en: 'Longest relief delivery time (straight line)' },
  township_composite_teams: { zh: '乡镇综合应急救援队', en: 'Township composite rescue teams' },
  township_cameras: { zh: '乡镇高位视频监控点', en: 'High-altitude cameras per township' },
  exposed_facilities: {
    zh: '位于红橙或地灾易发区的避难场所与重点保护目标',
    en: 'Shelters and protected targets in red/orange or geohazard zones',
  },
};

const UNSUPPORTED: Record<string, string> = {
  village_information_officers: '数据中没有信息员图层,无法统计',
};

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

const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const listed = (names: string[], max = 5) =>
  names.length > max ? `${names.slice(0, max).join('、')}等 ${names.length} 处` : names.join('、');

/** Per-scope inputs an indicator needs: the district and each township, with its features. */
interface Area {
  scope: Scope;
  has: (f: AnyFeature) => boolean;
  residents: number;
  areaM2: number;
}

/**
 * The scorecard of what exists, with the value and verdict of every row once the planned features are
 * built beside it (`with_planned`), and the summary of both.
 */
export function scorecard(input: Layers, profile: Profile): PlannedScorecard {
  const now = scorecardOf(input, profile);
  const later = hasPlanned(input) ? scorecardOf(asBuilt(input), profile) : now;
  const laterRows = new Map(later.rows.map((r) => [rowKey(r), r]));
  return {
    ...now,
    rows: now.rows.map((r) => {
      const after = laterRows.get(rowKey(r));
      return { ...r, with_planned: { value: after?.value ?? null, met: after?.met ?? null } };
    }),
    with_planned: { summary: later.summary },
  };
}

const rowKey = (r: ScorecardRow) => `${r.id}@${r.scope.level}:${r.scope.name}`;

/** One scorecard over the layers as given; planned features count only in the words about cameras. */
function scorecardOf(all: Layers, profile: Profile): Scorecard {
  const input = existingOnly(all);
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const district = districtOf(input.admin_areas ?? []);
  const districtName = district.name || profile.name.zh;
  const residents = residentsOf(input.population ?? [], locator);
  const areas: Area[] = [
    {
      scope: { level: 'district', name: districtName, code: district.code },
      has: () => true,
      residents: residents.reduce((n, r) => n + r.residents, 0),
      areaM2: district.areaM2,
    },
    ...locator.townships.map((t) => ({
      scope: { level: 'township' as const, name: t.name, code: t.code },
      has: (f: AnyFeature) => locator.of(f) === t.name,
      residents: residents.filter((r) => r.township === t.name).reduce((n, r) => n + r.residents, 0),
      areaM2: t.areaM2,
    })),
  ];
  /** The population features in the order of `residents`, for the many-to-one nearest searches. */
  const villages = residents.map((r) => r.feature);
  const inArea = (a: Area, township: string | null) => a.scope.level === 'district' || township === a.scope.name;

  const rows: ScorecardRow[] = [];
  const add = (id: string, a: Area, value: number | null, missing: string) => {
    const target = profile.targets[id];
    rows.push({
      id,
      label: INDICATORS[id],
      scope: a.scope,
      value,
      unit: target?.unit ?? '',
      target: target?.value ?? null,
      comparison: target?.comparison ?? null,
      met: meets(value, target),
      missing,
    });
  };
  const targetOf = (id: string) => profile.targets[id]?.value ?? null;
  const shelters = featuresOf(input.shelters);

  // Shelters visualised and standardised.
  for (const a of areas) {
    const mine = shelters.filter(a.has);
    const located = mine.filter((s) => pointOf(s) !== null);
    const lacking = mine.length - located.length;
    add(
      'shelter_visualised',
      a,
      pct(located.length, mine.length),
      lacking > 0 ? `${a.scope.name}: ${lacking} 处避难场所缺少有效坐标` : '',
    );
    const done = mine.filter((s) => s.properties?.standardised === true).length;
    const goal = targetOf('shelter_standardised');
    const need = goal === null ? 0 : Math.max(0, Math.ceil((goal / 100) * mine.length - 1e-9) - done);
    add(
      'shelter_standardised',
      a,
      pct(done, mine.length),
      need > 0 ? `${a.scope.name}: ${mine.length} 处中已规范化 ${done} 处,还需 ${need} 处达到 ${goal}%` : '',
    );
  }

  // Reach and capacity of open shelters.
  const cover = shelterCoverage(input, profile);
  for (const a of areas) {
    const figures =
      a.scope.level === 'district' ? cover.district : cover.townships.find((t) => t.township === a.scope.name);
    if (!figures) continue;
    const out = cover.uncovered.features.filter((f) => inArea(a, f.properties.township as string | null));
    const outPeople = out.reduce((n, f) => n + (num(f.properties, 'residents') ?? 0), 0);
    const names = out
      .sort((x, y) => (num(y.properties, 'residents') ?? 0) - (num(x.properties, 'residents') ?? 0))
      .map((f) => String(f.properties.name));
    add(
      'shelter_reach',
      a,
      figures.coveredPct,
      out.length > 0
        ? `${a.scope.name}: ${out.length} 个村(居)共 ${outPeople} 人不在开放避难场所服务半径内(${listed(names)})`
        : '',
    );
    const perPerson = figures.areaPerPerson;
    const goal = profile.targets.shelter_area_per_person;
    const words: string[] = [];
    if (meets(perPerson, goal) === false && goal?.value != null)
      words.push(
        `人均有效避难面积 ${f2(perPerson)} m²,未超过 ${goal.value} m²,约缺 ${Math.ceil(goal.value * a.residents - (perPerson ?? 0) * a.residents)} m²`,
      );
    if (figures.shortfall > 0) words.push(`${figures.shortfall} 人被分配到已超出容量的场所`);
    add('shelter_area_per_person', a, perPerson, words.length > 0 ? `${a.scope.name}: ${words.join(';')}` : '');
  }

  // Forest-fire video coverage, existing cameras against the target; planned ones in words.
  const cams = cameraScenarios(all, { blindSpots: false });
  const video = profile.targets.forest_video_coverage;
  for (const a of areas) {
    const now =
      a.scope.level === 'district'
        ? cams.existing.district
        : cams.existing.townships.find((t) => t.township === a.scope.name);
    if (!now) continue;
    const later =
      a.scope.level === 'district'
        ? cams.withPlanned.district
        : cams.withPlanned.townships.find((t) => t.township === a.scope.name);
    let words = `${a.scope.name}: 林区及重点区域 ${f1(now.areaKm2)} km² 中视频可见 ${f1(now.coveredKm2)} km²(${f1(now.coveredPct)}%)`;
    if (a.scope.level === 'district') {
      words += `,现有监控点 ${cams.existing.cameras} 个`;
      if (video?.points) words += `,目标 ${video.points} 个`;
      for (const m of video?.milestones ?? [])
        words += `;${m.year} 年目标 ${m.value}%${(now.coveredPct ?? 0) >= m.value ? '已达到' : '未达到'}`;
    }
    if (later && later.coveredPct !== now.coveredPct) words += `;含规划监控点可达 ${f1(later.coveredPct)}%`;
    add('forest_video_coverage', a, now.coveredPct, meets(now.coveredPct, video) === true ? '' : words);
  }

  // Warning broadcast.
  const broadcast = broadcastCoverage(input);
  const broadcastPlanned = broadcastCoverage(all, { includePlanned: true });
  for (const a of areas) {
    const now =
      a.scope.level === 'district' ? broadcast.district : broadcast.townships.find((t) => t.township === a.scope.name);
    const later =
      a.scope.level === 'district'
        ? broadcastPlanned.district
        : broadcastPlanned.townships.find((t) => t.township === a.scope.name);
    if (!now) continue;
    const out = broadcast.uncovered.features.filter((f) => inArea(a, f.properties.township as string | null));
    const people = out.reduce((n, f) => n + (num(f.properties, 'residents') ?? 0), 0);
    const plan = later && later.coveredPct !== now.coveredPct ? `;含规划终端可达 ${f1(later.coveredPct)}%` : '';
    add(
      'broadcast_coverage',
      a,
      now.coveredPct,
      out.length > 0 ? `${a.scope.name}: ${out.length} 个村(居)共 ${people} 人不在应急广播覆盖范围内${plan}` : '',
    );
  }

  // Fire response: the longest straight-line time from an existing station to any village.
  const stations = pointIndex(featuresOf(input.fire_stations));
  const fireLimit = profile.fire.response_minutes;
  const minutes = nearestEach(stations, villages).map((row) =>
    row.nearest ? row.nearest.distanceM / 1000 / (profile.fire.speed_kmh / 60) : null,
  );
  for (const a of areas) {
    const idx = residents.map((r, i) => (inArea(a, r.township) ? i : -1)).filter((i) => i >= 0);
    const times = idx.map((i) => minutes[i]).filter((m): m is number => m !== null);
    const late = idx.filter((i) => minutes[i] === null || (minutes[i] as number) > fireLimit);
    const latePeople = late.reduce((n, i) => n + residents[i].residents, 0);
    const share = pct(a.residents - latePeople, a.residents);
    const value = times.length > 0 && times.length === idx.length ? Math.max(...times) : null;
    add(
      'fire_response',
      a,
      value,
      late.length > 0
        ? `${a.scope.name}: ${late.length} 个村(居)共 ${latePeople} 人在 ${fireLimit} 分钟(${profile.fire.speed_kmh} km/h 直线估算)外,${fireLimit} 分钟内人口占 ${f1(share)}%`
        : '',
    );
  }

  // Weather-station density per 100 km².
  const weather = featuresOf(input.weather_stations);
  for (const a of areas) {
    const count = weather.filter(a.has).length;
    const km2 = a.areaM2 / 1e6;
    const value = km2 > 0 ? (count / km2) * 100 : null;
    const goal = targetOf('weather_station_density');
    const need = goal === null ? 0 : Math.max(0, Math.ceil((goal * km2) / 100 - 1e-9) - count);
    add(
      'weather_station_density',
      a,
      value,
      need > 0 ? `${a.scope.name}: ${f1(km2)} km² 内有 ${count} 个站,还需 ${need} 个` : '',
    );
  }

  // Full-time firefighters per residents (‰).
  const fullTime = featuresOf(input.fire_stations).filter((s) =>
    ['full_time', 'government'].includes(str(s.properties, 'kind') ?? ''),
  );
  for (const a of areas) {
    const staff = fullTime.filter(a.has).reduce((n, s) => n + (num(s.properties, 'staff') ?? 0), 0);
    const value = a.residents > 0 ? (staff / a.residents) * 1000 : null;
    const goal = targetOf('full_time_firefighters');
    const need = goal === null ? 0 : Math.max(0, Math.ceil((goal / 1000) * a.residents - 1e-9) - staff);
    add(
      'full_time_firefighters',
      a,
      value,
      need > 0 ? `${a.scope.name}: 专职消防员 ${staff} 人,按 ${goal}‰ 还需 ${need} 人` : '',
    );
  }

  // Relief within hours: the longest straight-line delivery from the nearest stocked depot.
  const depots = pointIndex(featuresOf(input.depots).filter((d) => stockOf(d).size > 0));
  const hours = nearestEach(depots, villages).map((row) =>
    row.nearest ? row.nearest.distanceM / 1000 / profile.relief.speed_kmh : null,
  );
  for (const a of areas) {
    const idx = residents.map((r, i) => (inArea(a, r.township) ? i : -1)).filter((i) => i >= 0);
    const known = idx.map((i) => hours[i]).filter((h): h is number => h !== null);
    const value = known.length > 0 && known.length === idx.length ? Math.max(...known) : null;
    const late = idx.filter((i) => hours[i] === null || (hours[i] as number) > profile.relief.limit_hours);
    add(
      'relief_hours',
      a,
      value,
      late.length > 0 ? `${a.scope.name}: ${late.length} 个村(居)无法在 ${profile.relief.limit_hours} 小时内送达` : '',
    );
  }

  // Per-township completeness: composite teams, and cameras where there is forest.
  const composite = featuresOf(input.teams).filter((t) => t.properties?.kind === 'township_composite');
  const cameras = featuresOf(input.cameras);
  const plannedCameras = featuresOf(all.cameras).filter(isPlanned);
  const forested = new Set(cams.existing.townships.filter((t) => t.areaKm2 > 0).map((t) => t.township));
  completeness(
    'township_composite_teams',
    (a) => composite.filter(a.has).length,
    (a, n, goal) => `${a.scope.name}: 未建乡镇综合应急救援队(${n}/${goal})`,
  );
  completeness(
    'township_cameras',
    (a) => cameras.filter(a.has).length,
    (a, n, goal) => {
      const planned = plannedCameras.filter(a.has).length;
      return `${a.scope.name}: ${goal} 个高位视频监控点中仅有 ${n} 个${planned > 0 ? `(另规划 ${planned} 个)` : ''}`;
    },
    (a) => forested.has(a.scope.name),
  );

  // Exposure check.
  const exposed = exposure(input);
  const facilities = [...exposed.exposedShelters, ...exposed.exposedTargets];
  for (const a of areas) {
    const mine = facilities.filter((e) => a.has(e.feature));
    const names = mine.map((e) => `${e.feature.properties?.name}(${e.zones.map((z) => z.name).join('、')})`);
    add('exposed_facilities', a, mine.length, mine.length > 0 ? `${a.scope.name}: ${names.join(';')}` : '');
  }

  function completeness(
    id: string,
    count: (a: Area) => number,
    words: (a: Area, n: number, goal: number) => string,
    applies: (a: Area) => boolean = () => true,
  ) {
    const goal = targetOf(id) ?? 0;
    const townships = areas.filter((a) => a.scope.level === 'township' && applies(a));
    const counts = townships.map(count);
    const short = townships.filter((_, i) => counts[i] < goal);
    add(
      id,
      areas[0],
      counts.length > 0 ? Math.min(...counts) : null,
      short.map((a) => words(a, count(a), goal)).join(';'),
    );
    townships.forEach((a, i) => {
      add(id, a, counts[i], counts[i] < goal ? words(a, counts[i], goal) : '');
    });
  }

  const supported = new Set([...Object.keys(INDICATORS)]);
  const unsupported = Object.keys(profile.targets)
    .filter((id) => !supported.has(id))
    .map((id) => ({ id, reason: UNSUPPORTED[id] ?? '暂不支持该指标的计算' }));
  const summary = {
    met: rows.filter((r) => r.met === true).length,
    unmet: rows.filter((r) => r.met === false).length,
    unknown: rows.filter((r) => r.met === null).length,
  };
  return { district: districtName, rows: orderRows(rows), summary, unsupported };
}

/** District first, then townships by code, each in indicator order. */
function orderRows(rows: ScorecardRow[]): ScorecardRow[] {
  const ids = Object.keys(INDICATORS);
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (x, y) =>
        (x.row.scope.level === 'district' ? 0 : 1) - (y.row.scope.level === 'district' ? 0 : 1) ||
        (x.row.scope.code ?? '').localeCompare(y.row.scope.code ?? '') ||
        ids.indexOf(x.row.id) - ids.indexOf(y.row.id) ||
        x.i - y.i,
    )
    .map((x) => x.row);
}
