import type { LayerId } from './layers.ts';
import { LAYER_COLOURS, RISK_COLOURS, RISK_OUTLINES } from './palette.ts';
import { RISK_LEVELS, type RiskLevel } from './risk-levels.ts';
import type { RoadClass } from './road-classes.ts';

/**
 * What every layer looks like, written once as OpenLayers flat-style rules (ol/style/flat): the web
 * map and the public page hand them to OpenLayers, the map-sheet painter reads the same values onto
 * paper. Only the part of the flat-style language used here is typed, so each reader can rely on
 * literals: no expression but the filters below, and a rule applies where its filter holds or, with
 * `else`, where no rule before it applied (OpenLayers' own reading of a rule list).
 */

export type GeometryKind = 'Point' | 'LineString' | 'Polygon';

/** A property equal to a value, or the feature's geometry of a kind (multi-geometries count as their kind). */
type Filter = ['==', ['get', string], string | number] | ['==', ['geometry-type'], GeometryKind];

export interface FlatStyle {
  'fill-color'?: string;
  'stroke-color'?: string;
  'stroke-width'?: number;
  'stroke-line-dash'?: number[];
  'circle-radius'?: number;
  'circle-fill-color'?: string;
  'circle-stroke-color'?: string;
  'circle-stroke-width'?: number;
  'circle-stroke-line-dash'?: number[];
  'circle-declutter-mode'?: 'none';
  'shape-points'?: number;
  'shape-radius'?: number;
  'shape-radius2'?: number;
  'shape-angle'?: number;
  'shape-fill-color'?: string;
  'shape-stroke-color'?: string;
  'shape-stroke-width'?: number;
  'shape-stroke-line-dash'?: number[];
  'shape-declutter-mode'?: 'none';
  'text-value'?: string;
  'text-font'?: string;
  'text-fill-color'?: string;
  'text-stroke-color'?: string;
  'text-stroke-width'?: number;
  'text-offset-x'?: number;
  'text-align'?: 'left' | 'center';
}

export interface Rule {
  filter?: Filter;
  else?: boolean;
  style: FlatStyle;
}

const is = (name: string, value: string | number): Filter => ['==', ['get', name], value];

const translucent = (hex: string, alpha: number) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/** The pale fill of the townships: with no basemap, the background every symbol is seen against. */
export const BACKGROUND = '#fbfbf8';

/** Dark ink for what is drawn over colour: a risk level's number, the edge of a risk point. */
const INK = '#1f2933';

/**
 * A risk level's number beside or inside its colour, so the level reads without telling red from
 * orange (WCAG 1.4.1: colour is never the only cue), haloed in white to stay legible on any fill.
 */
function levelNumber(level: RiskLevel, beside = false): FlatStyle {
  return {
    'text-value': String(level),
    'text-font': 'bold 11px sans-serif',
    'text-fill-color': INK,
    'text-stroke-color': '#ffffff',
    'text-stroke-width': 3,
    ...(beside && { 'text-offset-x': 9, 'text-align': 'left' as const }),
  };
}

/** The district's outline strong, townships and villages as a pale background that needs no basemap. */
const ADMIN_RULES: Rule[] = [
  { filter: is('level', 'district'), style: { 'stroke-color': '#12355b', 'stroke-width': 2.5 } },
  {
    else: true,
    style: { 'fill-color': BACKGROUND, 'stroke-color': '#7b8794', 'stroke-width': 1, 'stroke-line-dash': [4, 3] },
  },
];

const UNGRADED = '#767676';

/** On screen a zone is see-through in its level's colour, so the townships and points beneath still show. */
export const RISK_ZONE_RULES: Rule[] = [
  ...RISK_LEVELS.map((level) => ({
    filter: is('level', level),
    style: {
      'fill-color': translucent(RISK_COLOURS[level], 0.45),
      'stroke-color': RISK_OUTLINES[level],
      'stroke-width': 2,
      ...levelNumber(level),
    },
  })),
  { else: true, style: { 'fill-color': translucent(UNGRADED, 0.45), 'stroke-color': UNGRADED, 'stroke-width': 1.5 } },
];

/** On paper a zone is filled solid in the national colour, so a print matches its legend exactly. */
export const PRINTED_ZONE_RULES: Rule[] = [
  ...RISK_LEVELS.map((level) => ({
    filter: is('level', level),
    style: { 'fill-color': RISK_COLOURS[level], 'stroke-color': '#ffffff', 'stroke-width': 0.5 },
  })),
  { else: true, style: { 'fill-color': UNGRADED, 'stroke-color': '#ffffff', 'stroke-width': 0.5 } },
];

/**
 * Forest a grey green and scenic areas an olive one, both edged in full colour so an area's limit
 * stands 3:1 off the background, and both far enough from the shelters' green to be told apart.
 */
const FOREST_COLOURS: Record<string, string> = { industrial_park: '#8d6e63', scenic: '#558b2f' };
const FOREST = '#4f8254';

const forestStyle = (colour: string): FlatStyle => ({
  'fill-color': translucent(colour, 0.18),
  'stroke-color': colour,
  'stroke-width': 1,
});

const FOREST_RULES: Rule[] = [
  ...Object.entries(FOREST_COLOURS).map(([kind, colour]) => ({ filter: is('kind', kind), style: forestStyle(colour) })),
  { else: true, style: forestStyle(FOREST) },
];

/**
 * Roads by class, widest for the expressway; tracks thin and dashed, as a map legend draws them. The
 * orange and yellow of the usual road map are taken a shade darker, so every class stands 3:1 off
 * the background.
 */
const ROAD_LOOKS: Record<RoadClass, FlatStyle> = {
  expressway: { 'stroke-color': '#2b8a3e', 'stroke-width': 4 },
  national: { 'stroke-color': '#c25e00', 'stroke-width': 3.5 },
  provincial: { 'stroke-color': '#b87400', 'stroke-width': 3 },
  county: { 'stroke-color': '#9c7a00', 'stroke-width': 2.5 },
  township: { 'stroke-color': '#868e96', 'stroke-width': 2 },
  village: { 'stroke-color': '#8a8f96', 'stroke-width': 1.5 },
  urban: { 'stroke-color': '#5c636a', 'stroke-width': 2 },
  track: { 'stroke-color': '#8a8f96', 'stroke-width': 1, 'stroke-line-dash': [3, 3] },
};

/** A closed road: red and dashed over everything else, so a duty officer sees it at once. */
const CLOSED_ROAD: FlatStyle = { 'stroke-color': '#e03131', 'stroke-width': 4, 'stroke-line-dash': [8, 5] };

const ROAD_RULES: Rule[] = [
  { filter: is('status', 'closed'), style: CLOSED_ROAD },
  ...Object.entries(ROAD_LOOKS).map(([roadClass, style]) => ({ else: true, filter: is('class', roadClass), style })),
  { else: true, style: ROAD_LOOKS.village },
];

/** A point layer's mark: its colour, and the corners of a regular shape (a circle when absent). */
interface PointSymbol {
  colour: string;
  points?: number;
  radius: number;
  angle: number;
}

function pointSymbol(layerId: string): PointSymbol {
  const colour = LAYER_COLOURS[layerId] ?? '#333333';
  if (layerId === 'hazards' || layerId === 'enterprise_risks') return { colour, points: 3, radius: 7, angle: 0 };
  if (layerId === 'depots' || layerId === 'fire_stations') return { colour, points: 4, radius: 7, angle: Math.PI / 4 };
  const small = layerId === 'population' || layerId === 'broadcast_terminals';
  return { colour, radius: small ? 3.5 : 5.5, angle: 0 };
}

/**
 * How a point is filled and ringed. Solid: the layer's colour with a white edge. Hollow (a closed
 * shelter on the staff map): white inside a ring of the layer's colour. Planned: hollow inside a
 * dashed ring, so nobody mistakes a plan for a place that exists. Greyed (a closed shelter on the
 * public map): not hidden, since people know the place and it may open again.
 */
type PointLook = 'solid' | 'hollow' | 'planned' | 'greyed';

function paintOf(look: PointLook, colour: string) {
  switch (look) {
    case 'solid':
      return { fill: colour, stroke: '#ffffff', width: 1.2 };
    case 'hollow':
      return { fill: '#ffffff', stroke: colour, width: 2 };
    case 'planned':
      return { fill: '#ffffff', stroke: colour, width: 2, dash: [3, 2] };
    case 'greyed':
      return { fill: '#aab3bc', stroke: '#5f6b76', width: 1.2 };
  }
}

/**
 * A point layer's mark in one look, `scale` times its size on the web map. No mark is decluttered:
 * saying so lets a click find a point on a vector tile layer too, whose hit detection (OpenLayers
 * 10.11) otherwise counts a symbol as hit only once it is decluttered.
 */
export function pointStyle(layerId: string, look: PointLook, scale = 1): FlatStyle {
  const { colour, points, radius, angle } = pointSymbol(layerId);
  const paint = paintOf(look, colour);
  const width = paint.width * scale;
  if (points === undefined) {
    return {
      'circle-radius': radius * scale,
      'circle-fill-color': paint.fill,
      'circle-stroke-color': paint.stroke,
      'circle-stroke-width': width,
      ...(paint.dash && { 'circle-stroke-line-dash': paint.dash }),
      'circle-declutter-mode': 'none',
    };
  }
  return {
    'shape-points': points,
    'shape-radius': radius * scale,
    'shape-angle': angle,
    'shape-fill-color': paint.fill,
    'shape-stroke-color': paint.stroke,
    'shape-stroke-width': width,
    ...(paint.dash && { 'shape-stroke-line-dash': paint.dash }),
    'shape-declutter-mode': 'none',
  };
}

/** Layers whose points carry a risk level: drawn in the level's colour, ringed dark, the number beside. */
const LEVELLED_POINTS: ReadonlySet<string> = new Set(['hazards', 'enterprise_risks']);

function riskPointStyle(layerId: string, level: RiskLevel): FlatStyle {
  const { points, radius, angle } = pointSymbol(layerId);
  return {
    'shape-points': points,
    'shape-radius': radius + 1,
    'shape-angle': angle,
    'shape-fill-color': RISK_COLOURS[level],
    'shape-stroke-color': INK,
    'shape-stroke-width': 1.2,
    'shape-declutter-mode': 'none',
    ...levelNumber(level, true),
  };
}

const levelRules = (layerId: string): Rule[] =>
  LEVELLED_POINTS.has(layerId)
    ? RISK_LEVELS.map((level) => ({ else: true, filter: is('level', level), style: riskPointStyle(layerId, level) }))
    : [];

/** A point layer on the staff map: every status, each in its look; risk points by their level. */
function pointRules(layerId: string): Rule[] {
  return [
    // Hazards may add a few lines (an embankment section, a stretch of road) to their points.
    {
      filter: ['==', ['geometry-type'], 'LineString'],
      style: { 'stroke-color': pointSymbol(layerId).colour, 'stroke-width': 3 },
    },
    { else: true, filter: is('status', 'planned'), style: pointStyle(layerId, 'planned') },
    { else: true, filter: is('status', 'closed'), style: pointStyle(layerId, 'hollow') },
    ...levelRules(layerId),
    { else: true, style: pointStyle(layerId, 'solid') },
  ];
}

/**
 * The public map's shelters, `scale` times their size on the staff map: an open one solid, any other
 * (closed, or retired since the map was published) greyed.
 */
export function publicShelterRules(scale = 1): Rule[] {
  return [
    { filter: is('status', 'open'), style: pointStyle('shelters', 'solid', scale) },
    { else: true, style: pointStyle('shelters', 'greyed', scale) },
  ];
}

/**
 * What analyses draw over the layers, in looks no layer has: a planner must never read a village
 * left uncovered as a rescue team, nor a blind spot as a risk level. Uncovered places are a black
 * cross, blind spots a black veil (black is no layer's colour and no text's), a proposed facility a white dot in a dashed navy ring, a camera's
 * view the cameras' own teal.
 */
const ANALYSIS_INK = '#000000';

export const ANALYSIS_LOOKS = {
  uncovered: {
    'shape-points': 4,
    'shape-radius': 6,
    'shape-radius2': 0,
    'shape-angle': Math.PI / 4,
    'shape-stroke-color': ANALYSIS_INK,
    'shape-stroke-width': 3,
  },
  gap: { 'fill-color': translucent(ANALYSIS_INK, 0.25), 'stroke-color': ANALYSIS_INK, 'stroke-width': 1.5 },
  proposed: {
    'circle-radius': 8,
    'circle-fill-color': '#ffffff',
    'circle-stroke-color': '#12355b',
    'circle-stroke-width': 3,
    'circle-stroke-line-dash': [3, 2],
  },
  // A road closed for one answer (a what-if): a stored closed road's red, wider, in shorter dashes.
  closedRoad: { 'stroke-color': '#e03131', 'stroke-width': 6, 'stroke-line-dash': [4, 5] },
  sector: {
    'fill-color': translucent(LAYER_COLOURS.cameras, 0.18),
    'stroke-color': translucent(LAYER_COLOURS.cameras, 0.7),
    'stroke-width': 1,
  },
} as const satisfies Record<string, FlatStyle>;

/** The rules each layer is drawn by on the web map. */
export function layerRules(layerId: LayerId | string): Rule[] {
  if (layerId === 'admin_areas') return ADMIN_RULES;
  if (layerId === 'risk_zones') return RISK_ZONE_RULES;
  if (layerId === 'forest_areas') return FOREST_RULES;
  if (layerId === 'roads') return ROAD_RULES;
  return pointRules(layerId);
}

/**
 * The properties a layer's rules read, with its name (the map labels features by it): all a vector
 * tile needs to carry for its features to be drawn; a click asks the API for the rest.
 */
export function drawnFields(layerId: string): string[] {
  const fields = new Set(['name']);
  for (const { filter } of layerRules(layerId)) {
    const subject = filter?.[1];
    if (subject?.[0] === 'get') fields.add(subject[1]);
  }
  return [...fields];
}

function holds(filter: Filter, properties: Record<string, unknown>, geometry: GeometryKind | undefined): boolean {
  const [, subject, value] = filter;
  return subject[0] === 'geometry-type' ? geometry === value : properties[subject[1]] === value;
}

/** The styles that apply to a feature, read as OpenLayers reads a rule list. */
export function stylesFor(rules: Rule[], properties: Record<string, unknown>, geometry?: GeometryKind): FlatStyle[] {
  const styles: FlatStyle[] = [];
  for (const rule of rules) {
    if (rule.else && styles.length > 0) continue;
    if (rule.filter && !holds(rule.filter, properties, geometry)) continue;
    styles.push(rule.style);
  }
  return styles;
}

/** A geometry type as a filter sees it: a MultiPolygon is a Polygon. */
export function geometryKind(type: string | undefined): GeometryKind | undefined {
  const simple = type?.replace(/^Multi/, '');
  return simple === 'Point' || simple === 'LineString' || simple === 'Polygon' ? simple : undefined;
}
