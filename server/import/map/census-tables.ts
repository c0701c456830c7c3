/**
 * The national risk census (第一次全国自然灾害综合风险普查) names its tables by code; a file named
 * after one tells the layer, and for shared layers the kind of feature.
 */
const CENSUS_TABLES: Array<{ code: string; layer: string; title: string; defaults?: Record<string, string> }> = [
  { code: 'zhjzzy_zfzhjzzy_yjbncs', layer: 'shelters', title: '应急避难场所' },
  { code: 'zhjzzy_zfzhjzzy_jzwzcbkd', layer: 'depots', title: '救灾物资储备库(点)' },
  { code: 'zrzhczt_ggfwss_ylwsjg', layer: 'protected_targets', title: '医疗卫生机构', defaults: { kind: 'hospital' } },
  { code: 'zrzhczt_ggfwss_xx', layer: 'protected_targets', title: '学校', defaults: { kind: 'school' } },
];

export function censusTable(filename: string) {
  const name = filename.toLowerCase();
  return CENSUS_TABLES.find(({ code }) => new RegExp(`(^|[^a-z0-9])${code}($|[^a-z0-9])`).test(name));
}
