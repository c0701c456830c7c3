/**
 * The scorecard's facts said as a bureau writes them: each kind of fact in Chinese (the wording the
 * scorecard has always used) and in English, and a row's places and facts joined into one line.
 */
import { describe, expect, it } from 'vitest';
import type { PlannedScorecard } from '../../server/analysis/scorecard.ts';
import type { Fact, Shortfall } from '../../server/analysis/scorecard-facts.ts';
import { missingInWords, scorecardInWords, withReasons } from '../../server/routes/scorecard-words.ts';

const at = (fact: Fact): Shortfall[] => [{ place: '新县镇', facts: [fact] }];

describe('the scorecard in words', () => {
  it.each<[Fact, string, string]>([
    [{ kind: 'shelters_unlocated', shelters: 2 }, '2 处避难场所缺少有效坐标', '2 shelters without valid coordinates'],
    [
      { kind: 'shelters_unstandardised', shelters: 245, standardised: 208, needed: 13, targetPct: 90 },
      '245 处中已规范化 208 处,还需 13 处达到 90%',
      '208 of 245 shelters standardised, 13 more needed to reach 90%',
    ],
    [
      {
        kind: 'villages_beyond_shelters',
        villages: 7,
        people: 1200,
        names: ['甲', '乙', '丙', '丁', '戊', '己', '庚'],
      },
      '7 个村(居)共 1200 人不在开放避难场所服务半径内(甲、乙、丙、丁、戊等 7 处)',
      '7 villages with 1200 residents beyond the service radius of an open shelter (甲, 乙, 丙, 丁, 戊 and 2 more)',
    ],
    [
      { kind: 'shelter_area_short', m2PerPerson: 1.234, targetM2: 1.5, shortM2: 320 },
      '人均有效避难面积 1.23 m²,未超过 1.5 m²,约缺 320 m²',
      'effective shelter area 1.23 m² per resident, not above 1.5 m², about 320 m² short',
    ],
    [
      { kind: 'shelters_over_capacity', people: 1 },
      '1 人被分配到已超出容量的场所',
      '1 resident assigned to shelters already over capacity',
    ],
    [
      {
        kind: 'video_coverage',
        watchedKm2: 458.12,
        seenKm2: 142.34,
        seenPct: 31.07,
        method: 'viewshed',
        cameras: 6,
        targetCameras: 10,
      },
      '林区及重点区域 458.1 km² 中视频可见 142.3 km²(31.1%,按地形视域),现有监控点 6 个,目标 10 个',
      '142.3 km² of 458.1 km² of forest and key areas seen on video (31.1%, line of sight over the terrain), 6 cameras now, 10 in the target',
    ],
    [
      { kind: 'video_coverage', watchedKm2: 0, seenKm2: 0, seenPct: null, method: 'sector' },
      '林区及重点区域 0.0 km² 中视频可见 0.0 km²(—%,按平面扇区估算,未计地形遮挡)',
      '0.0 km² of 0.0 km² of forest and key areas seen on video (—%, flat sectors, hills not counted)',
    ],
    [
      { kind: 'video_milestone', year: 2023, targetPct: 30, reached: true },
      '2023 年目标 30%已达到',
      '2023 target of 30% reached',
    ],
    [{ kind: 'with_planned_cameras', seenPct: 49.94 }, '含规划监控点可达 49.9%', '49.9% with the planned cameras'],
    [
      { kind: 'villages_beyond_broadcast', villages: 1, people: 300 },
      '1 个村(居)共 300 人不在应急广播覆盖范围内',
      '1 village with 300 residents out of reach of warning broadcast',
    ],
    [{ kind: 'with_planned_terminals', coveredPct: 90.21 }, '含规划终端可达 90.2%', '90.2% with the planned terminals'],
    [
      { kind: 'villages_beyond_fire_response', villages: 3, people: 900, minutes: 5, speedKmh: 30, withinPct: 88.88 },
      '3 个村(居)共 900 人在 5 分钟(30 km/h 直线估算)外,5 分钟内人口占 88.9%',
      '3 villages with 900 residents beyond 5 minutes (straight line at 30 km/h), 88.9% of residents within 5 minutes',
    ],
    [
      {
        kind: 'villages_beyond_fire_response',
        villages: 3,
        people: 900,
        minutes: 5,
        speedKmh: 30,
        withinPct: 88.88,
        byRoad: true,
      },
      '3 个村(居)共 900 人在 5 分钟(按道路行程)外,5 分钟内人口占 88.9%',
      '3 villages with 900 residents beyond 5 minutes (by road), 88.9% of residents within 5 minutes',
    ],
    [
      { kind: 'villages_beyond_relief', villages: 2, hours: 10, people: 700, withinPct: 99.5, byRoad: true },
      '2 个村(居)共 700 人无法在 10 小时内送达(按道路行程),10 小时内送达人口占 99.5%',
      '2 villages with 700 residents that relief cannot reach within 10 hours (by road), 99.5% of residents within 10 hours',
    ],
    [
      { kind: 'villages_beyond_relief', villages: 1, hours: 8, people: 50, withinPct: null, byRoad: false },
      '1 个村(居)共 50 人无法在 8 小时内送达(直线估算),8 小时内送达人口占 —%',
      '1 village with 50 residents that relief cannot reach within 8 hours (straight line), —% of residents within 8 hours',
    ],
    [
      { kind: 'weather_stations_short', km2: 45.67, stations: 1, needed: 2 },
      '45.7 km² 内有 1 个站,还需 2 个',
      '1 station in 45.7 km², 2 more needed',
    ],
    [
      { kind: 'firefighters_short', firefighters: 12, targetPerMille: 0.4, needed: 5 },
      '专职消防员 12 人,按 0.4‰ 还需 5 人',
      '12 full-time firefighters, 5 more needed for 0.4‰',
    ],
    [
      { kind: 'villages_beyond_relief', villages: 2, hours: 10 },
      '2 个村(居)无法在 10 小时内送达',
      '2 villages that relief cannot reach within 10 hours',
    ],
    [
      { kind: 'no_composite_team', teams: 0, target: 1 },
      '未建乡镇综合应急救援队(0/1)',
      'no township composite rescue team (0/1)',
    ],
    [
      { kind: 'cameras_short', cameras: 1, target: 3, planned: 1 },
      '3 个高位视频监控点中仅有 1 个(另规划 1 个)',
      'only 1 of 3 high-altitude cameras (1 more planned)',
    ],
    [
      { kind: 'cameras_short', cameras: 0, target: 3, planned: 0 },
      '3 个高位视频监控点中仅有 0 个',
      'only 0 of 3 high-altitude cameras',
    ],
    [
      { kind: 'exposed_facility', name: '和浦村村委会广场', zones: ['和浦地质灾害易发区', '木兰溪洪涝风险区'] },
      '和浦村村委会广场(和浦地质灾害易发区、木兰溪洪涝风险区)',
      '和浦村村委会广场 (和浦地质灾害易发区, 木兰溪洪涝风险区)',
    ],
  ])('says %j', (fact, zh, en) => {
    expect(missingInWords(at(fact), 'zh')).toBe(`新县镇: ${zh}`);
    expect(missingInWords(at(fact), 'en')).toBe(`新县镇: ${en}`);
  });

  it('joins the facts of a place, and the places, in the way of each language', () => {
    const missing: Shortfall[] = [
      {
        place: '涵江区',
        facts: [
          { kind: 'villages_beyond_broadcast', villages: 2, people: 500 },
          { kind: 'with_planned_terminals', coveredPct: 95 },
        ],
      },
      { place: '大洋乡', facts: [{ kind: 'no_composite_team', teams: 0, target: 1 }] },
    ];
    expect(missingInWords(missing, 'zh')).toBe(
      '涵江区: 2 个村(居)共 500 人不在应急广播覆盖范围内;含规划终端可达 95.0%;大洋乡: 未建乡镇综合应急救援队(0/1)',
    );
    expect(missingInWords(missing, 'en')).toBe(
      '涵江区: 2 villages with 500 residents out of reach of warning broadcast; 95.0% with the planned terminals; ' +
        '大洋乡: no township composite rescue team (0/1)',
    );
    expect(missingInWords([], 'zh')).toBe('');
  });

  it.each([
    [
      'zh',
      {
        no_population: '没有常住人口数据',
        no_townships: '尚无乡镇(街道)边界:按全区统计,无分乡镇数据',
        target_not_set: '规划未设目标值',
      },
    ],
    [
      'en',
      {
        no_population: 'no population data (no residents)',
        no_townships: 'no township boundaries yet: figures are for the whole district, none per township',
        target_not_set: 'the plan sets no target',
      },
    ],
  ] as const)('words in %s each reason an answer names under `why`, and no other', (language, words) => {
    const answer = {
      district: { residents: 0, coveredPct: null, why: { coveredPct: 'no_population' } },
      townships: [],
      why: { townships: 'no_townships' },
      rows: [
        { id: 'relief_hours', value: 8, met: null, why: 'target_not_set' },
        { id: 'x', why: null },
      ],
      // A feature's own properties are data, not reasons.
      uncovered: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { why: 'no_shelters' } }] },
    };
    expect(withReasons(answer, language).reasons).toEqual(words);
    expect(withReasons({ district: { coveredPct: 50 } }, language).reasons).toEqual({});
  });

  it.each([
    ['zh', { road: '按道路', straight: '直线估算' }],
    ['en', { road: 'by road', straight: 'straight-line estimate' }],
  ] as const)('words in %s how each row was measured, the methods the rows use and no other', (language, words) => {
    const row = (id: string, method: string) => ({ id, method, missing: [], why: null });
    const card = {
      rows: [row('fire_response', 'road'), row('relief_hours', 'road'), row('broadcast_coverage', 'straight')],
      unsupported: [],
    } as unknown as PlannedScorecard;
    expect(scorecardInWords(card, language).methods).toEqual(words);
  });
});
