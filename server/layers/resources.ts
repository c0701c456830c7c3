import { layerInfo } from '../../catalog/layers.ts';
import {
  boolean,
  integer,
  internal,
  json,
  levels3,
  live,
  manyOf,
  number,
  oneOf,
  plannedStatus,
  text,
} from './field.ts';
import type { LayerDef } from './types.ts';

export const shelters: LayerDef = {
  ...layerInfo('shelters'),
  fields: [
    oneOf('grade', '等级', 'Grade', {
      A: { zh: 'A类', en: 'Grade A' },
      B: { zh: 'B类', en: 'Grade B' },
      C: { zh: 'C类', en: 'Grade C' },
    }),
    oneOf('level', '层级', 'Level', levels3),
    oneOf('kind', '类型', 'Type', {
      emergency: { zh: '紧急避难场所', en: 'Emergency' },
      fixed: { zh: '固定避难场所', en: 'Fixed' },
      central: { zh: '中心避难场所', en: 'Central' },
    }),
    number('effective_area_m2', '有效避难面积', 'Effective area', { min: 0, unit: 'm²' }),
    integer('capacity', '设计容纳人数', 'Design capacity', { min: 0, unit: '人' }),
    integer('free_places', '当前可容纳人数', 'Free places', { min: 0, atMost: 'capacity', unit: '人', ...live }),
    boolean('standardised', '是否规范化建设', 'Standardised', { queryable: true }),
    oneOf(
      'status',
      '开放状态',
      'Status',
      {
        open: { zh: '开放', en: 'Open' },
        closed: { zh: '关闭', en: 'Closed' },
        planned: { zh: '规划', en: 'Planned' },
      },
      live,
    ),
    manyOf('facilities', '配套设施', 'Facilities', {
      water: { zh: '应急供水', en: 'Water' },
      power: { zh: '应急供电', en: 'Power' },
      medical: { zh: '医疗救护', en: 'Medical' },
      toilets: { zh: '应急厕所', en: 'Toilets' },
      broadcast: { zh: '应急广播', en: 'Broadcast' },
      storage: { zh: '物资储备', en: 'Storage' },
    }),
    text('address', '地址', 'Address'),
    boolean('upgrading', '提升改造中', 'Being upgraded', { queryable: true }),
    text('contact_person', '负责人', 'Contact person', internal),
    text('contact_phone', '联系电话', 'Contact phone', internal),
  ],
};

export const depots: LayerDef = {
  ...layerInfo('depots'),
  fields: [
    oneOf('level', '层级', 'Level', levels3),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    oneOf('owner', '权属', 'Owner', {
      government: { zh: '政府', en: 'Government' },
      enterprise: { zh: '企业', en: 'Enterprise' },
      agreement: { zh: '协议', en: 'Agreement' },
      social: { zh: '社会', en: 'Social' },
    }),
    oneOf('reserve_mode', '储备方式', 'Reserve mode', {
      physical: { zh: '实物储备', en: 'Physical' },
      agreement: { zh: '协议储备', en: 'Agreement' },
      capacity: { zh: '产能储备', en: 'Production capacity' },
    }),
    number('area_m2', '库房面积', 'Floor area', { min: 0, unit: 'm²' }),
    text('address', '地址', 'Address'),
    text('manager', '管理人', 'Manager', internal),
    text('phone', '联系电话', 'Phone', internal),
    json('stock', '库存', 'Stock', { ...internal, derived: true }),
    // Which depots hold an item is for staff: anonymous readers see neither stock nor this filter.
    text('item', '储备物资', 'Item held', { ...internal, derived: true, queryable: true }),
  ],
};

export const teams: LayerDef = {
  ...layerInfo('teams'),
  fields: [
    oneOf('kind', '队伍类型', 'Kind', {
      professional: { zh: '专业救援队', en: 'Professional' },
      fire: { zh: '消防救援队', en: 'Fire and rescue' },
      forest: { zh: '森林消防队', en: 'Forest fire' },
      social: { zh: '社会救援力量', en: 'Social' },
      militia: { zh: '民兵应急分队', en: 'Militia' },
      township_composite: { zh: '乡镇综合救援队', en: 'Township composite' },
    }),
    manyOf('specialties', '专长', 'Specialties', {
      water_rescue: { zh: '水域救援', en: 'Water rescue' },
      mountain: { zh: '山岳救援', en: 'Mountain rescue' },
      hazmat: { zh: '危化品处置', en: 'Hazmat' },
      forest_fire: { zh: '森林灭火', en: 'Forest firefighting' },
      earthquake: { zh: '地震救援', en: 'Earthquake' },
      collapse: { zh: '建筑坍塌', en: 'Building collapse' },
      flood: { zh: '抗洪抢险', en: 'Flood fighting' },
      medical: { zh: '医疗救护', en: 'Medical' },
      power: { zh: '电力抢修', en: 'Power repair' },
      traffic: { zh: '道路抢通', en: 'Road clearance' },
    }),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    boolean('on_duty', '是否在岗', 'On duty', { queryable: true }),
    integer('members', '队员人数', 'Members', { ...internal, min: 0 }),
    integer('vehicles', '车辆数', 'Vehicles', { ...internal, min: 0 }),
    text('leader', '队长', 'Leader', internal),
    text('phone', '联系电话', 'Phone', internal),
  ],
};

export const fireStations: LayerDef = {
  ...layerInfo('fire_stations'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      full_time: { zh: '专职消防站', en: 'Full-time' },
      government: { zh: '政府专职消防队', en: 'Government full-time' },
      micro: { zh: '微型消防站', en: 'Micro station' },
    }),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    integer('staff', '消防员人数', 'Firefighters', { ...internal, min: 0 }),
    integer('vehicles', '消防车辆', 'Fire engines', { ...internal, min: 0 }),
    text('phone', '联系电话', 'Phone', internal),
  ],
};
