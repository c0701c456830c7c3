import type { Feature, Geometry, Position } from 'geojson';
import { LAYER_COLOURS, RISK_COLOURS } from '../../catalog/palette.ts';
import { RISK_LEVEL_VALUES } from '../../catalog/risk-levels.ts';
import { labelledValue } from '../formats/value-labels.ts';
import type { FieldDef, LayerDef } from '../layers/registry.ts';

/**
 * A layer as KML for Google Earth, 奥维 and GIS tools: each feature a placemark with its name, a
 * description listing its attributes under their Chinese labels, the same attributes as
 * ExtendedData (which OneMap's import reads back), and a style — one per risk level for layers
 * graded in the four colours.
 */

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** KML writes colours as alpha, blue, green, red. */
function kmlColour(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((at) => hex.slice(at, at + 2));
  return `${alpha.toString(16).padStart(2, '0')}${b}${g}${r}`.toLowerCase();
}

function style(id: string, hex: string): string {
  return (
    `<Style id="${id}">` +
    `<IconStyle><color>${kmlColour(hex, 255)}</color></IconStyle>` +
    `<LineStyle><color>${kmlColour(hex, 255)}</color><width>2</width></LineStyle>` +
    `<PolyStyle><color>${kmlColour(hex, 0xb3)}</color></PolyStyle>` +
    '</Style>'
  );
}

const gradedByRisk = (layer: LayerDef) =>
  layer.fields.some((f) => f.name === 'level' && f.values === RISK_LEVEL_VALUES);

function styles(layer: LayerDef): string {
  if (gradedByRisk(layer)) {
    return Object.entries(RISK_COLOURS)
      .map(([level, hex]) => style(`level-${level}`, hex))
      .join('');
  }
  return style(layer.id, LAYER_COLOURS[layer.id] ?? '#3366cc');
}

function styleOf(layer: LayerDef, feature: Feature): string {
  const level = feature.properties?.level;
  return gradedByRisk(layer) && level !== null && level !== undefined ? `level-${level}` : layer.id;
}

const coordinates = (positions: Position[]) =>
  `<coordinates>${positions.map((p) => p.join(',')).join(' ')}</coordinates>`;

const polygon = (rings: Position[][]) =>
  '<Polygon>' +
  `<outerBoundaryIs><LinearRing>${coordinates(rings[0])}</LinearRing></outerBoundaryIs>` +
  rings
    .slice(1)
    .map((ring) => `<innerBoundaryIs><LinearRing>${coordinates(ring)}</LinearRing></innerBoundaryIs>`)
    .join('') +
  '</Polygon>';

function geometryKml(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `<Point>${coordinates([geometry.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString>${coordinates(geometry.coordinates)}</LineString>`;
    case 'Polygon':
      return polygon(geometry.coordinates);
    case 'MultiPoint':
      return `<MultiGeometry>${geometry.coordinates.map((p) => `<Point>${coordinates([p])}</Point>`).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${geometry.coordinates.map((l) => `<LineString>${coordinates(l)}</LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${geometry.coordinates.map(polygon).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${geometry.geometries.map(geometryKml).join('')}</MultiGeometry>`;
  }
}

function described(field: FieldDef, value: string): string {
  return field.unit && value !== '' ? `${value} ${field.unit}` : value;
}

function placemark(layer: LayerDef, feature: Feature<Geometry>, fields: FieldDef[]): string {
  const values = fields.map((field) => [field, labelledValue(field, feature.properties?.[field.name])] as const);
  const rows = values
    .filter(([field, value]) => value !== '' && field.name !== 'name')
    .map(([field, value]) => `<tr><th>${xmlText(field.label.zh)}</th><td>${xmlText(described(field, value))}</td></tr>`)
    .join('');
  const data = values
    .filter(([field]) => field.name !== 'name')
    .map(
      ([field, value]) =>
        `<Data name="${field.name}"><displayName>${xmlText(field.label.zh)}</displayName><value>${xmlText(value)}</value></Data>`,
    )
    .join('');
  return (
    '<Placemark>' +
    `<name>${xmlText(String(feature.properties?.name ?? ''))}</name>` +
    `<description>${xmlText(`<table>${rows}</table>`)}</description>` +
    `<styleUrl>#${styleOf(layer, feature)}</styleUrl>` +
    `<ExtendedData>${data}</ExtendedData>` +
    geometryKml(feature.geometry) +
    '</Placemark>'
  );
}

/** The layer's features as one KML document, placemark by placemark, with the reader's visible fields. */
export function kmlWriter(layer: LayerDef, fields: FieldDef[]) {
  return {
    head:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
      `<name>${xmlText(layer.title.zh)}</name>` +
      `<description>${xmlText(layer.description.zh)}</description>` +
      styles(layer),
    feature: (feature: Feature<Geometry>) => placemark(layer, feature, fields),
    separator: '\n',
    tail: '</Document></kml>\n',
  };
}
