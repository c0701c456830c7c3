import type { Label } from './label.ts';
import { type LayerId, layerInfo } from './layers.ts';
import { RISK_LABELS, RISK_LEVELS } from './risk-levels.ts';
import { ROAD_CLASS_VALUES, ROAD_CLASSES } from './road-classes.ts';
import {
  ANALYSIS_LOOKS,
  type FlatStyle,
  type GeometryKind,
  geometryKind,
  layerRules,
  publicShelterRules,
  RISK_ZONE_RULES,
  stylesFor,
} from './symbols.ts';

/**
 * The key to the map: for each layer, the looks a reader meets and what each means. An entry names
 * a feature (its properties and geometry), never a colour: its symbol is whatever the layer's rules
 * draw for that feature, so the legend cannot drift from the map, nor the staff map's from the
 * public map's. The first entry of a layer is the one its row in the layer list shows.
 */

export interface LegendEntry {
  label: Label;
  geometry: GeometryKind;
  styles: FlatStyle[];
}

const STATES: Record<'existing' | 'planned' | 'closed' | 'open' | 'ungraded', Label> = {
  existing: { zh: '已建', en: 'Existing' },
  open: { zh: '开放', en: 'Open' },
  planned: { zh: '规划(虚线)', en: 'Planned (dashed)' },
  closed: { zh: '关闭', en: 'Closed' },
  ungraded: { zh: '未定级', en: 'Not graded' },
};

/** A risk level as the legend says it: its number, its name and its colour's name, 1 重大风险(红). */
const levelLabel = (level: (typeof RISK_LEVELS)[number]): Label => ({
  zh: `${level} ${RISK_LABELS[level].zh}`,
  en: `${level} ${RISK_LABELS[level].en}`,
});

type Sample = [Label, Record<string, unknown>];

function samplesOf(layerId: LayerId): Sample[] {
  const levels = RISK_LEVELS.map((level): Sample => [levelLabel(level), { level }]);
  switch (layerId) {
    case 'admin_areas':
      return [
        [{ zh: '区县界', en: 'District boundary' }, { level: 'district' }],
        [{ zh: '乡镇界', en: 'Township boundary' }, { level: 'township' }],
      ];
    case 'forest_areas':
      return [
        [{ zh: '林区', en: 'Forest' }, {}],
        [{ zh: '景区', en: 'Scenic area' }, { kind: 'scenic' }],
        [{ zh: '工业园区', en: 'Industrial park' }, { kind: 'industrial_park' }],
      ];
    case 'risk_zones':
      return [...levels, [STATES.ungraded, {}]];
    case 'hazards':
    case 'enterprise_risks':
      return [...levels, [STATES.ungraded, {}], [STATES.planned, { status: 'planned' }]];
    case 'roads':
      return [
        ...ROAD_CLASSES.map((roadClass): Sample => [ROAD_CLASS_VALUES[roadClass], { class: roadClass }]),
        [{ zh: '封闭(红色虚线)', en: 'Closed (red, dashed)' }, { status: 'closed' }],
      ];
    case 'shelters':
      return [
        [STATES.open, { status: 'open' }],
        [STATES.closed, { status: 'closed' }],
        [STATES.planned, { status: 'planned' }],
      ];
    default:
      return [
        [STATES.existing, { status: 'existing' }],
        [STATES.planned, { status: 'planned' }],
      ];
  }
}

/** A layer's legend: each look its features take, drawn by the layer's own rules. */
export function layerLegend(layerId: LayerId): LegendEntry[] {
  const geometry = geometryKind(layerInfo(layerId).geometryTypes[0]) ?? 'Point';
  const rules = layerRules(layerId);
  return samplesOf(layerId).map(([label, properties]) => ({
    label,
    geometry,
    styles: stylesFor(rules, properties, geometry),
  }));
}

/** The four levels of the national rule as zones on the staff and the public map. */
export function riskLegend(): LegendEntry[] {
  return RISK_LEVELS.map((level) => ({
    label: levelLabel(level),
    geometry: 'Polygon',
    styles: stylesFor(RISK_ZONE_RULES, { level }, 'Polygon'),
  }));
}

/** The public map's shelters: open, and closed (greyed, since people know the place). */
export function publicShelterLegend(): LegendEntry[] {
  return [
    {
      label: { zh: '开放的避难场所', en: 'Open shelter' },
      geometry: 'Point',
      styles: stylesFor(publicShelterRules(), { status: 'open' }, 'Point'),
    },
    {
      label: { zh: '关闭的避难场所', en: 'Closed shelter' },
      geometry: 'Point',
      styles: stylesFor(publicShelterRules(), { status: 'closed' }, 'Point'),
    },
  ];
}

/**
 * What the analyses draw over the layers: a proposal, an uncovered place, a blind spot, a camera's
 * view, a road closed for one answer.
 */
export function analysisLegend(): LegendEntry[] {
  return [
    { label: { zh: '拟建(方案)', en: 'Proposed' }, geometry: 'Point', styles: [ANALYSIS_LOOKS.proposed] },
    { label: { zh: '未覆盖的村', en: 'Village not covered' }, geometry: 'Point', styles: [ANALYSIS_LOOKS.uncovered] },
    { label: { zh: '监控盲区', en: 'Blind spot' }, geometry: 'Polygon', styles: [ANALYSIS_LOOKS.gap] },
    { label: { zh: '监控视域', en: 'Camera view' }, geometry: 'Polygon', styles: [ANALYSIS_LOOKS.sector] },
    {
      label: { zh: '假设封闭的路段', en: 'Road closed as a what-if' },
      geometry: 'LineString',
      styles: [ANALYSIS_LOOKS.closedRoad],
    },
  ];
}
