/**
 * The scorecard's facts of what is missing, said in the reader's language (Simplified Chinese unless
 * the client asks for English, as everywhere in the API): the analysis counts and names, this file
 * writes the sentences a bureau would. A row's `missing` goes out as one line — each place with its
 * facts (`新县镇: 3 个高位视频监控点中仅有 1 个`) — and a target no indicator measures gets its reason.
 * Every answer with a null figure names its reason by code under `why`; `reasons` says each code the
 * answer uses in the reader's language, so the code stays stable for programs and the words for people.
 * Each row's `method` (by road, straight-line estimate…) is worded the same way, under `methods`.
 */
import { unitIn } from '../../catalog/units.ts';
import type { PlannedScorecard } from '../analysis/scorecard.ts';
import type { Fact, Shortfall, Unknown, Unmeasured } from '../analysis/scorecard-facts.ts';
import type { Method } from '../analysis/types.ts';
import type { Label } from '../layers/registry.ts';

type Language = keyof Label;

const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** At most five names, and how many there are in all when there are more. */
const listed: Record<Language, (names: string[]) => string> = {
  zh: (names) => (names.length > 5 ? `${names.slice(0, 5).join('、')}等 ${names.length} 处` : names.join('、')),
  en: (names) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')),
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function inChinese(fact: Fact): string {
  switch (fact.kind) {
    case 'shelters_unlocated':
      return `${fact.shelters} 处避难场所缺少有效坐标`;
    case 'shelters_unstandardised':
      return `${fact.shelters} 处中已规范化 ${fact.standardised} 处,还需 ${fact.needed} 处达到 ${fact.targetPct}%`;
    case 'villages_beyond_shelters':
      return `${fact.villages} 个村(居)共 ${fact.people} 人不在开放避难场所服务半径内(${listed.zh(fact.names)})`;
    case 'shelter_area_short':
      return `人均有效避难面积 ${f2(fact.m2PerPerson)} m²,未超过 ${fact.targetM2} m²,约缺 ${fact.shortM2} m²`;
    case 'shelters_over_capacity':
      return `${fact.people} 人被分配到已超出容量的场所`;
    case 'video_coverage':
      return (
        `林区及重点区域 ${f1(fact.watchedKm2)} km² 中视频可见 ${f1(fact.seenKm2)} km²(${f1(fact.seenPct)}%,${fact.method === 'viewshed' ? '按地形视域' : '按平面扇区估算,未计地形遮挡'})` +
        (fact.cameras === undefined ? '' : `,现有监控点 ${fact.cameras} 个`) +
        (fact.targetCameras === undefined ? '' : `,目标 ${fact.targetCameras} 个`)
      );
    case 'video_milestone':
      return `${fact.year} 年目标 ${fact.targetPct}%${fact.reached ? '已达到' : '未达到'}`;
    case 'with_planned_cameras':
      return `含规划监控点可达 ${f1(fact.seenPct)}%`;
    case 'villages_beyond_broadcast':
      return `${fact.villages} 个村(居)共 ${fact.people} 人不在应急广播覆盖范围内`;
    case 'with_planned_terminals':
      return `含规划终端可达 ${f1(fact.coveredPct)}%`;
    case 'villages_beyond_fire_response':
      return (
        `${fact.villages} 个村(居)共 ${fact.people} 人在 ${fact.minutes} 分钟` +
        `(${fact.byRoad ? '按道路行程' : `${fact.speedKmh} km/h 直线估算`})外,` +
        `${fact.minutes} 分钟内人口占 ${f1(fact.withinPct)}%`
      );
    case 'weather_stations_short':
      return `${f1(fact.km2)} km² 内有 ${fact.stations} 个站,还需 ${fact.needed} 个`;
    case 'firefighters_short':
      return `专职消防员 ${fact.firefighters} 人,按 ${fact.targetPerMille}‰ 还需 ${fact.needed} 人`;
    case 'villages_beyond_relief':
      return (
        `${fact.villages} 个村(居)` +
        (fact.people === undefined ? '' : `共 ${fact.people} 人`) +
        `无法在 ${fact.hours} 小时内送达` +
        (fact.byRoad === undefined ? '' : `(${fact.byRoad ? '按道路行程' : '直线估算'})`) +
        (fact.withinPct === undefined ? '' : `,${fact.hours} 小时内送达人口占 ${f1(fact.withinPct)}%`)
      );
    case 'no_composite_team':
      return `未建乡镇综合应急救援队(${fact.teams}/${fact.target})`;
    case 'cameras_short':
      return (
        `${fact.target} 个高位视频监控点中仅有 ${fact.cameras} 个` +
        (fact.planned > 0 ? `(另规划 ${fact.planned} 个)` : '')
      );
    case 'exposed_facility':
      return `${fact.name}(${fact.zones.join('、')})`;
  }
}

function inEnglish(fact: Fact): string {
  switch (fact.kind) {
    case 'shelters_unlocated':
      return `${plural(fact.shelters, 'shelter')} without valid coordinates`;
    case 'shelters_unstandardised':
      return `${fact.standardised} of ${plural(fact.shelters, 'shelter')} standardised, ${fact.needed} more needed to reach ${fact.targetPct}%`;
    case 'villages_beyond_shelters':
      return `${plural(fact.villages, 'village')} with ${plural(fact.people, 'resident')} beyond the service radius of an open shelter (${listed.en(fact.names)})`;
    case 'shelter_area_short':
      return `effective shelter area ${f2(fact.m2PerPerson)} m² per resident, not above ${fact.targetM2} m², about ${fact.shortM2} m² short`;
    case 'shelters_over_capacity':
      return `${plural(fact.people, 'resident')} assigned to shelters already over capacity`;
    case 'video_coverage':
      return (
        `${f1(fact.seenKm2)} km² of ${f1(fact.watchedKm2)} km² of forest and key areas seen on video (${f1(fact.seenPct)}%, ${fact.method === 'viewshed' ? 'line of sight over the terrain' : 'flat sectors, hills not counted'})` +
        (fact.cameras === undefined ? '' : `, ${plural(fact.cameras, 'camera')} now`) +
        (fact.targetCameras === undefined ? '' : `, ${fact.targetCameras} in the target`)
      );
    case 'video_milestone':
      return `${fact.year} target of ${fact.targetPct}% ${fact.reached ? 'reached' : 'not reached'}`;
    case 'with_planned_cameras':
      return `${f1(fact.seenPct)}% with the planned cameras`;
    case 'villages_beyond_broadcast':
      return `${plural(fact.villages, 'village')} with ${plural(fact.people, 'resident')} out of reach of warning broadcast`;
    case 'with_planned_terminals':
      return `${f1(fact.coveredPct)}% with the planned terminals`;
    case 'villages_beyond_fire_response':
      return (
        `${plural(fact.villages, 'village')} with ${plural(fact.people, 'resident')} beyond ${fact.minutes} minutes ` +
        `(${fact.byRoad ? 'by road' : `straight line at ${fact.speedKmh} km/h`}), ` +
        `${f1(fact.withinPct)}% of residents within ${fact.minutes} minutes`
      );
    case 'weather_stations_short':
      return `${plural(fact.stations, 'station')} in ${f1(fact.km2)} km², ${fact.needed} more needed`;
    case 'firefighters_short':
      return `${plural(fact.firefighters, 'full-time firefighter')}, ${fact.needed} more needed for ${fact.targetPerMille}‰`;
    case 'villages_beyond_relief':
      return (
        `${plural(fact.villages, 'village')}` +
        (fact.people === undefined ? '' : ` with ${plural(fact.people, 'resident')}`) +
        ` that relief cannot reach within ${fact.hours} hours` +
        (fact.byRoad === undefined ? '' : ` (${fact.byRoad ? 'by road' : 'straight line'})`) +
        (fact.withinPct === undefined ? '' : `, ${f1(fact.withinPct)}% of residents within ${fact.hours} hours`)
      );
    case 'no_composite_team':
      return `no township composite rescue team (${fact.teams}/${fact.target})`;
    case 'cameras_short':
      return (
        `only ${fact.cameras} of ${fact.target} high-altitude cameras` +
        (fact.planned > 0 ? ` (${fact.planned} more planned)` : '')
      );
    case 'exposed_facility':
      return `${fact.name} (${fact.zones.join(', ')})`;
  }
}

const SAY: Record<Language, { fact: (fact: Fact) => string; separator: string }> = {
  zh: { fact: inChinese, separator: ';' },
  en: { fact: inEnglish, separator: '; ' },
};

const UNMEASURED: Record<Language, Record<Unmeasured, string>> = {
  zh: { no_officer_layer: '数据中没有信息员图层,无法统计', not_measured: '暂不支持该指标的计算' },
  en: {
    no_officer_layer: 'the data has no layer of information officers to count',
    not_measured: 'this indicator is not computed yet',
  },
};

const REASONS: Record<Language, Record<Unknown, string>> = {
  zh: {
    no_townships: '尚无乡镇(街道)边界:按全区统计,无分乡镇数据',
    no_district_boundary: '尚无区县边界,无法计算面积',
    no_population: '没有常住人口数据',
    no_forest_areas: '没有林区或重点防火区数据',
    no_cameras: '没有视频监控点',
    nothing_seen: '视频监控点未看到任何林区',
    no_shelters: '没有避难场所数据',
    no_open_shelters: '没有开放的避难场所',
    no_fire_stations: '没有消防站数据',
    no_stocked_depots: '没有登记库存的物资储备库',
    area_below_error: '面积小于网格误差,无法计算比例',
    target_not_set: '规划未设目标值',
    no_roads: '尚无道路图层:按直线距离和假定车速估算',
  },
  en: {
    no_townships: 'no township boundaries yet: figures are for the whole district, none per township',
    no_district_boundary: 'no district boundary yet, so no area can be measured',
    no_population: 'no population data (no residents)',
    no_forest_areas: 'no forest or key fire-prevention areas in the data',
    no_cameras: 'no fire-watch cameras',
    nothing_seen: 'the cameras see no forest',
    no_shelters: 'no shelters in the data',
    no_open_shelters: 'no open shelter',
    no_fire_stations: 'no fire stations in the data',
    no_stocked_depots: 'no depot with stock recorded',
    area_below_error: 'the area is smaller than the grid can measure',
    target_not_set: 'the plan sets no target',
    no_roads: 'no roads layer yet: estimated by straight-line distance at an assumed speed',
  },
};

/** How a row was measured, as a small note beside it. */
const METHODS: Record<Language, Record<Method, string>> = {
  zh: {
    road: '按道路',
    straight: '直线估算',
    viewshed: '按地形视域',
    sector: '按平面扇区(未计地形)',
    count: '按数量统计',
    overlay: '按空间叠加',
  },
  en: {
    road: 'by road',
    straight: 'straight-line estimate',
    viewshed: 'by line of sight over the terrain',
    sector: 'by flat view sector (terrain not counted)',
    count: 'by count',
    overlay: 'by overlay',
  },
};

/** Every reason code under a `why` of an answer (a code, or codes by figure), skipping GeoJSON. */
function reasonCodes(value: unknown, found: Set<Unknown>): Set<Unknown> {
  if (Array.isArray(value)) for (const item of value) reasonCodes(item, found);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'FeatureCollection' || o.type === 'Feature') return found;
    for (const [key, v] of Object.entries(o)) {
      if (key !== 'why') reasonCodes(v, found);
      else if (typeof v === 'string') found.add(v as Unknown);
      else if (v && typeof v === 'object')
        for (const code of Object.values(v)) if (typeof code === 'string') found.add(code as Unknown);
    }
  }
  return found;
}

/** An answer with `reasons`: the words, in the reader's language, of each reason code it names. */
export function withReasons<T extends object>(answer: T, language: Language): T & { reasons: Record<string, string> } {
  const codes = [...reasonCodes(answer, new Set())].sort();
  return { ...answer, reasons: Object.fromEntries(codes.map((code) => [code, REASONS[language][code] ?? code])) };
}

/** A row's `missing` as one line: each place, then its facts; empty when nothing is missing. */
export function missingInWords(missing: Shortfall[], language: Language): string {
  const { fact, separator } = SAY[language];
  return missing.map((s) => `${s.place}: ${s.facts.map(fact).join(separator)}`).join(separator);
}

type Row = PlannedScorecard['rows'][number];

/** A scorecard as the API sends it. */
type ScorecardInWords = Omit<PlannedScorecard, 'rows' | 'unsupported'> & {
  rows: (Omit<Row, 'missing'> & { missing: string })[];
  unsupported: { id: string; reason: string }[];
  reasons: Record<string, string>;
  /** The words of each row's `method`. */
  methods: Partial<Record<Method, string>>;
};

/**
 * A scorecard as the API sends it: `missing`, each row's unit and `unsupported[].reason` in the reader's
 * language, and the words of each row's `why` and `method`.
 */
export function scorecardInWords(card: PlannedScorecard, language: Language): ScorecardInWords {
  const used = [...new Set(card.rows.map((row) => row.method))].sort();
  return withReasons(
    {
      ...card,
      rows: card.rows.map((row) => ({
        ...row,
        unit: unitIn(row.unit, language),
        missing: missingInWords(row.missing, language),
      })),
      unsupported: card.unsupported.map(({ id, cause }) => ({ id, reason: UNMEASURED[language][cause] })),
      methods: Object.fromEntries(used.map((m) => [m, METHODS[language][m]])),
    },
    language,
  );
}
