import type { LayerId } from './layers.ts';
import { LAYER_COLOURS, RISK_COLOURS } from './palette.ts';
import { RISK_LEVELS } from './risk-levels.ts';
import type { RoadClass } from './road-classes.ts';

/**
 * What every layer looks like, written once as OpenLayers flat-style rules (ol/style/flat): the web
 * map and the public page hand them to OpenLayers, the map-sheet painter reads the same values onto
 * paper. Only the part of the flat-style language used here is typed, so each reader can rely on
 * literals: no expression but the filters below, and a rule applies where its filter holds or, with
 * `else`, where no rule before it applied (OpenLayers' own reading of a rule list).
 */

type GeometryKind = 'Point' | 'LineString' | 'Polygon';

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
  'shape-angle'?: number;
  'shape-fill-color'?: string;
  'shape-stroke-color'?: string;
  'shape-stroke-width'?: number;
  'shape-stroke-line-dash'?: number[];
  'shape-declutter-mode'?: 'none';
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

/** The district's outline strong, townships and villages as a pale background that needs no basemap. */
const ADMIN_RULES: Rule[] = [
  { filter: is('level', 'district'), style: { 'stroke-color': '#12355b', 'stroke-width': 2.5 } },
  {
    else: true,
    style: { 'fill-color': '#fbfbf8', 'stroke-color': '#9aa5b1', 'stroke-width': 1, 'stroke-line-dash': [4, 3] },
  },
];

const UNGRADED = '#999999';

/** On screen a zone is see-through in its level's colour, so the townships and points beneath still show. */
const ZONE_RULES: Rule[] = [
  ...RISK_LEVELS.map((level) => ({
    filter: is('level', level),
    style: {
      'fill-color': translucent(RISK_COLOURS[level], 0.45),
      'stroke-color': RISK_COLOURS[level],
      'stroke-width': 1.5,
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

const FOREST_COLOURS: Record<string, string> = { industrial_park: '#8d6e63', scenic: '#66bb6a' };
const FOREST = '#2e7d32';

const forestStyle = (colour: string): FlatStyle => ({
  'fill-color': translucent(colour, 0.18),
  'stroke-color': translucent(colour, 0.6),
  'stroke-width': 1,
});

const FOREST_RULES: Rule[] = [
  ...Object.entries(FOREST_COLOURS).map(([kind, colour]) => ({ filter: is('kind', kind), style: forestStyle(colour) })),
  { else: true, style: forestStyle(FOREST) },
];

/** Roads by class, widest for the expressway; tracks thin and dashed, as a map legend draws them. */
const ROAD_LOOKS: Record<RoadClass, FlatStyle> = {
  expressway: { 'stroke-color': '#2b8a3e', 'stroke-width': 4 },
  national: { 'stroke-color': '#e67700', 'stroke-width': 3.5 },
  provincial: { 'stroke-color': '#f08c00', 'stroke-width': 3 },
  county: { 'stroke-color': '#d9a400', 'stroke-width': 2.5 },
  township: { 'stroke-color': '#868e96', 'stroke-width': 2 },
  village: { 'stroke-color': '#a5abb1', 'stroke-width': 1.5 },
  urban: { 'stroke-color': '#5c636a', 'stroke-width': 2 },
  track: { 'stroke-color': '#a5abb1', 'stroke-width': 1, 'stroke-line-dash': [3, 3] },
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

/** A point layer on the staff map: every status, each in its look. */
function pointRules(layerId: string): Rule[] {
  return [
    // Hazards may add a few lines (an embankment section, a stretch of road) to their points.
    {
      filter: ['==', ['geometry-type'], 'LineString'],
      style: { 'stroke-color': pointSymbol(layerId).colour, 'stroke-width': 3 },
    },
    { else: true, filter: is('status', 'planned'), style: pointStyle(layerId, 'planned') },
    { else: true, filter: is('status', 'closed'), style: pointStyle(layerId, 'hollow') },
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

/** The rules each layer is drawn by on the web map. */
export function layerRules(layerId: LayerId | string): Rule[] {
  if (layerId === 'admin_areas') return ADMIN_RULES;
  if (layerId === 'risk_zones') return ZONE_RULES;
  if (layerId === 'forest_areas') return FOREST_RULES;
  if (layerId === 'roads') return ROAD_RULES;
  return pointRules(layerId);
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
