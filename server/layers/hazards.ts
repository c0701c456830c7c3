import { layerInfo } from '../../catalog/layers.ts';
import { RISK_LEVEL_VALUES } from '../../catalog/risk-levels.ts';
import { date, integer, internal, number, oneOf, text } from './field.ts';
import type { LayerDef } from './types.ts';

/** A risk level 1–4 (catalog/risk-levels.ts), drawn red/orange/yellow/blue: the national four-colour rule. */
const riskLevel = (name: string, zh: string, en: string, required = false) =>
  integer(name, zh, en, { min: 1, max: 4, queryable: true, values: RISK_LEVEL_VALUES, required });

export const hazards: LayerDef = {
  ...layerInfo('hazards'),
  fields: [
    oneOf('kind', '隐患类型', 'Kind', {
      landslide: { zh: '滑坡/崩塌/泥石流', en: 'Landslide / collapse / debris flow' },
      waterlogging: { zh: '内涝点', en: 'Waterlogging' },
      flood_prone: { zh: '洪涝易发点', en: 'Flood-prone' },
      reservoir: { zh: '水库/山塘', en: 'Reservoir / dam' },
      embankment: { zh: '堤防险段', en: 'Embankment section' },
      hazchem: { zh: '危险化学品企业', en: 'Hazardous-chemical enterprise' },
      major_hazard: { zh: '重大危险源', en: 'Major hazard source' },
      crowded_place: { zh: '人员密集场所', en: 'Crowded place' },
      road: { zh: '道路交通隐患', en: 'Road hazard' },
    }),
    oneOf('stage', '整治阶段', 'Stage', {
      found: { zh: '发现', en: 'Found' },
      listed: { zh: '挂牌督办', en: 'Listed' },
      rectifying: { zh: '整改中', en: 'Rectifying' },
      closed: { zh: '已销号', en: 'Closed' },
    }),
    integer('threatened_people', '威胁人数', 'People threatened', { min: 0, unit: '人' }),
    number('threatened_property_wan', '威胁财产', 'Property threatened', { min: 0, unit: '万元' }),
    date('found_on', '发现日期', 'Found on'),
    date('listed_on', '挂牌日期', 'Listed on'),
    date('rectify_by', '整改期限', 'Rectify by'),
    date('rectifying_on', '开始整改日期', 'Rectification started'),
    date('closed_on', '销号日期', 'Closed on'),
    text('responsible_person', '责任人', 'Responsible person', internal),
    text('phone', '联系电话', 'Phone', internal),
  ],
};

export const riskZones: LayerDef = {
  ...layerInfo('risk_zones'),
  fields: [
    riskLevel('level', '风险等级', 'Risk level', true),
    oneOf('hazard_type', '风险类型', 'Hazard type', {
      geohazard: { zh: '地质灾害易发区', en: 'Geohazard-prone' },
      flood: { zh: '洪涝', en: 'Flood' },
      forest_fire: { zh: '森林火灾', en: 'Forest fire' },
      hazchem: { zh: '危险化学品', en: 'Hazardous chemicals' },
      industrial: { zh: '工贸企业', en: 'Industrial' },
      crowded_place: { zh: '人员密集场所', en: 'Crowded places' },
      typhoon: { zh: '台风风暴潮', en: 'Typhoon and storm surge' },
    }),
    number('score', '风险评分', 'Score', { min: 0 }),
    text('method', '评估方法', 'Method'),
    text('control_measures', '管控措施', 'Control measures'),
    text('responsible_unit', '责任单位', 'Responsible unit'),
    date('reviewed_on', '评估日期', 'Reviewed on'),
  ],
};

export const enterpriseRisks: LayerDef = {
  ...layerInfo('enterprise_risks'),
  fields: [
    text('enterprise', '企业名称', 'Enterprise', { queryable: true }),
    oneOf('method', '评价方法', 'Method', {
      LEC: { zh: 'LEC法', en: 'LEC' },
      LS: { zh: '风险矩阵(L×S)', en: 'Risk matrix (L×S)' },
    }),
    number('l', '可能性L', 'Likelihood L', { min: 0 }),
    number('e', '暴露频率E', 'Exposure E', { min: 0 }),
    number('c', '后果C', 'Consequence C', { min: 0 }),
    number('s', '严重性S', 'Severity S', { min: 0 }),
    number('score', '风险值', 'Score', { min: 0 }),
    riskLevel('level', '风险等级', 'Risk level'),
    riskLevel('inherent_level', '固有风险等级', 'Inherent level'),
    riskLevel('residual_level', '剩余风险等级', 'Residual level'),
    text('controls', '管控措施', 'Controls'),
    text('contact_person', '安全负责人', 'Safety officer', internal),
    text('phone', '联系电话', 'Phone', internal),
  ],
};
