import type { Label } from './label.ts';

/**
 * Every layer as both wings know it: its id (the collection id in the API and the table name), its
 * names, its group in the layer list and the geometry its features take, in the order the API lists
 * them. What a layer stores (its fields, their schemas and SQL) is the server's: server/layers.
 */

export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiLineString' | 'MultiPolygon';

type LayerGroup = 'resources' | 'hazards' | 'risk' | 'monitoring' | 'base';

export interface LayerInfo<Id extends string = string> {
  id: Id;
  title: Label;
  description: Label;
  group: LayerGroup;
  /** Geometry types a feature may have (a layer stores points, or lines, or areas). */
  geometryTypes: GeometryType[];
}

export const LAYERS = [
  {
    id: 'shelters',
    title: { zh: '应急避难场所', en: 'Emergency shelters' },
    description: {
      zh: '应急避难场所的位置、等级、类型与容量',
      en: 'Emergency shelters: location, grade, type and capacity',
    },
    group: 'resources',
    geometryTypes: ['Point'],
  },
  {
    id: 'depots',
    title: { zh: '应急物资储备库', en: 'Material depots' },
    description: { zh: '应急物资储备库及其库存', en: 'Emergency material depots and their stock' },
    group: 'resources',
    geometryTypes: ['Point'],
  },
  {
    id: 'teams',
    title: { zh: '应急救援队伍', en: 'Rescue teams' },
    description: {
      zh: '专业与社会应急救援队伍及其专长',
      en: 'Professional and social rescue teams and their specialties',
    },
    group: 'resources',
    geometryTypes: ['Point'],
  },
  {
    id: 'fire_stations',
    title: { zh: '消防站', en: 'Fire stations' },
    description: { zh: '专职、政府专职与微型消防站', en: 'Full-time, government and micro fire stations' },
    group: 'resources',
    geometryTypes: ['Point'],
  },
  {
    id: 'cameras',
    title: { zh: '森林防火视频监控', en: 'Forest-fire cameras' },
    description: { zh: '森林防火视频监控点及其视域', en: 'Forest-fire watch cameras and their field of view' },
    group: 'monitoring',
    geometryTypes: ['Point'],
  },
  {
    id: 'forest_areas',
    title: { zh: '林区与重点区域', en: 'Forest and key areas' },
    description: {
      zh: '林区、森林防火重点区域、景区与工业园区',
      en: 'Forests, key fire-prevention areas, scenic areas and industrial parks',
    },
    group: 'base',
    geometryTypes: ['Polygon', 'MultiPolygon'],
  },
  {
    id: 'hazards',
    title: { zh: '隐患点', en: 'Hazard points' },
    description: { zh: '地质灾害、内涝、危化企业等隐患点及其整治进度', en: 'Hazard points and their rectification' },
    group: 'hazards',
    geometryTypes: ['Point', 'LineString', 'MultiLineString'],
  },
  {
    id: 'risk_zones',
    title: { zh: '风险区', en: 'Risk zones' },
    description: { zh: '红橙黄蓝四色安全风险分区', en: 'Red-orange-yellow-blue risk zones' },
    group: 'risk',
    geometryTypes: ['Polygon', 'MultiPolygon'],
  },
  {
    id: 'enterprise_risks',
    title: { zh: '企业风险点', en: 'Enterprise risk points' },
    description: {
      zh: '企业安全风险点(LEC / 风险矩阵评分)',
      en: 'Enterprise safety risk points (LEC or risk-matrix scores)',
    },
    group: 'risk',
    geometryTypes: ['Point'],
  },
  {
    id: 'broadcast_terminals',
    title: { zh: '应急广播终端', en: 'Warning broadcast terminals' },
    description: { zh: '应急广播大喇叭、警报器与显示屏', en: 'Warning loudspeakers, sirens and screens' },
    group: 'monitoring',
    geometryTypes: ['Point'],
  },
  {
    id: 'weather_stations',
    title: { zh: '气象(雨量)站', en: 'Weather and rain stations' },
    description: { zh: '自动气象站与雨量站', en: 'Automatic weather and rain-gauge stations' },
    group: 'monitoring',
    geometryTypes: ['Point'],
  },
  {
    id: 'roads',
    title: { zh: '道路', en: 'Roads' },
    description: {
      zh: '公路与城市道路:等级、路线编码、单向、桥隧与通行状态',
      en: 'Roads and streets: class, route code, one-way, bridges and tunnels, open or closed',
    },
    group: 'base',
    geometryTypes: ['LineString', 'MultiLineString'],
  },
  {
    id: 'admin_areas',
    title: { zh: '行政区划', en: 'Administrative areas' },
    description: { zh: '区、乡镇(街道)与村(社区)界线', en: 'District, township and village boundaries' },
    group: 'base',
    geometryTypes: ['Polygon', 'MultiPolygon'],
  },
  {
    id: 'population',
    title: { zh: '人口分布', en: 'Population' },
    description: { zh: '村(社区)人口点或人口格网', en: 'Village population points or grid cells' },
    group: 'base',
    geometryTypes: ['Point', 'Polygon', 'MultiPolygon'],
  },
  {
    id: 'protected_targets',
    title: { zh: '重点保护目标', en: 'Protected targets' },
    description: {
      zh: '学校、幼儿园、医院、养老院等重点保护目标',
      en: 'Schools, kindergartens, hospitals, nursing homes and other protected targets',
    },
    group: 'base',
    geometryTypes: ['Point'],
  },
] as const satisfies readonly LayerInfo[];

export type LayerId = (typeof LAYERS)[number]['id'];

const byId = new Map<string, LayerInfo<LayerId>>(LAYERS.map((layer) => [layer.id, layer]));

export function layerInfo(id: LayerId): LayerInfo<LayerId> {
  return byId.get(id) as LayerInfo<LayerId>;
}

const AREAS: ReadonlySet<string> = new Set(
  LAYERS.filter((layer) => layer.geometryTypes.every((type) => type === 'Polygon' || type === 'MultiPolygon')).map(
    (layer) => layer.id,
  ),
);

/** Layers of areas alone: drawn whole, never as tiles of points, and added by drawing their outline. */
export function isAreaLayer(layerId: string): boolean {
  return AREAS.has(layerId);
}
