import type { FeatureLike } from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Point from 'ol/geom/Point.js';
import Translate from 'ol/interaction/Translate.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style.js';
import { ANALYSIS_LOOKS, type FlatStyle } from '../../catalog/symbols.ts';
import { styleOf } from '../layers/styles.ts';

/** What analyses draw on the map — incident, reach lines, view sectors, gaps, changes under review — on top. */

/**
 * The publisher's review: what publishing would add, remove or change, as outlines and rings so the
 * risk colours underneath still read; a removed area, gone from its layer, keeps a faint fill, and a
 * changed area's old shape is drawn faint beneath the new one.
 */
function reviewStyle(colour: string, zIndex: number, lineDash?: number[], fill?: string): Style {
  const stroke = new Stroke({ color: colour, width: 3, lineDash });
  return new Style({
    fill: fill ? new Fill({ color: fill }) : undefined,
    stroke,
    image: new Circle({ radius: 10, fill: new Fill({ color: 'rgba(255, 255, 255, 0.35)' }), stroke }),
    zIndex,
  });
}

/** An analysis look of the catalog (the legend draws the same), above what is drawn beneath it. */
function analysisStyle(flat: FlatStyle, zIndex?: number): Style {
  const style = styleOf(flat).clone();
  if (zIndex !== undefined) style.setZIndex(zIndex);
  return style;
}

export const REVIEW_COLOURS = { added: '#1b9e3e', removed: '#d7191c', changed: '#f57c00' } as const;

const styles: Record<string, Style> = {
  incident: new Style({
    image: new Circle({
      radius: 9,
      fill: new Fill({ color: '#111111' }),
      stroke: new Stroke({ color: '#fff', width: 3 }),
    }),
  }),
  radius: new Style({ stroke: new Stroke({ color: '#111111', width: 1.5, lineDash: [6, 6] }) }),
  // A result picked from the incident's list: a wide ring around it, the incident left where it is.
  highlight: new Style({
    image: new Circle({ radius: 14, stroke: new Stroke({ color: '#111111', width: 4 }) }),
    stroke: new Stroke({ color: '#111111', width: 4 }),
    zIndex: 20,
  }),
  proposed: analysisStyle(ANALYSIS_LOOKS.proposed, 10),
  // The proposal being edited: filled, so the planner sees which one the form changes.
  proposedSelected: new Style({
    image: new Circle({
      radius: 10,
      fill: new Fill({ color: '#12355b' }),
      stroke: new Stroke({ color: '#ffffff', width: 3 }),
    }),
    zIndex: 11,
  }),
  reach: new Style({ stroke: new Stroke({ color: '#12355b', width: 2 }) }),
  // A fire station's reach by road: green, apart from the risk colours and the analyses' black.
  stationReach: new Style({
    fill: new Fill({ color: 'rgba(27, 120, 55, 0.3)' }),
    stroke: new Stroke({ color: 'rgba(27, 120, 55, 0.9)', width: 1 }),
  }),
  // A route by road: thicker than a straight reach line, following the roads.
  route: new Style({ stroke: new Stroke({ color: '#12355b', width: 4 }), zIndex: 5 }),
  // No road goes there: a thin grey dashed line, the straight line for reference only.
  unreachable: new Style({ stroke: new Stroke({ color: '#52606d', width: 1.5, lineDash: [2, 6] }) }),
  // A road the duty officer closed for one answer, above the roads and under the routes round it.
  closedRoad: analysisStyle(ANALYSIS_LOOKS.closedRoad, 4),
  sector: analysisStyle(ANALYSIS_LOOKS.sector),
  gap: analysisStyle(ANALYSIS_LOOKS.gap),
  uncovered: analysisStyle(ANALYSIS_LOOKS.uncovered),
  // A shelter or protected target standing where the plan says none may: a thick dark ring around it.
  exposed: new Style({
    image: new Circle({ radius: 12, stroke: new Stroke({ color: '#111111', width: 3 }) }),
    zIndex: 9,
  }),
  // What one camera sees over the terrain, asked for from its popup.
  viewshed: new Style({
    fill: new Fill({ color: 'rgba(1, 102, 94, 0.3)' }),
    stroke: new Stroke({ color: 'rgba(1, 102, 94, 0.9)', width: 1.5 }),
  }),
  // A siting's pick, numbered in the order picked (the number drawn inside), and what the pick would see.
  sitePick: new Style({
    image: new Circle({
      radius: 11,
      fill: new Fill({ color: '#12355b' }),
      stroke: new Stroke({ color: '#fff', width: 2 }),
    }),
    zIndex: 13,
  }),
  siteView: new Style({
    fill: new Fill({ color: 'rgba(18, 53, 91, 0.18)' }),
    stroke: new Stroke({ color: 'rgba(18, 53, 91, 0.6)', width: 1 }),
  }),
  // An import's row placed outside the district: a black dashed diamond, unlike any layer's symbol,
  // so a position in the wrong place (or the wrong coordinate system) stands out before it is written.
  outside: new Style({
    image: new RegularShape({
      points: 4,
      radius: 10,
      fill: new Fill({ color: '#ffffff' }),
      stroke: new Stroke({ color: '#111111', width: 3, lineDash: [3, 2] }),
    }),
    stroke: new Stroke({ color: '#111111', width: 3, lineDash: [3, 2] }),
    zIndex: 12,
  }),
  added: reviewStyle(REVIEW_COLOURS.added, 1),
  changed: reviewStyle(REVIEW_COLOURS.changed, 2),
  removed: reviewStyle(REVIEW_COLOURS.removed, 3, [8, 5], 'rgba(215, 25, 28, 0.12)'),
  before: new Style({
    fill: new Fill({ color: 'rgba(82, 96, 109, 0.08)' }),
    stroke: new Stroke({ color: 'rgba(82, 96, 109, 0.6)', width: 1.5, lineDash: [4, 4] }),
    image: new Circle({ radius: 6, stroke: new Stroke({ color: 'rgba(82, 96, 109, 0.6)', width: 1.5 }) }),
    zIndex: 0,
  }),
};

/**
 * A label alone (a route's rank and minutes, an unreachable resource's note), drawn on a layer of its
 * own above the overlay: decluttered with the layers' names (OpenLayers' default group), and higher
 * in the stack, so it keeps its place and a facility's name that would print over it waits for a
 * closer zoom. Its white box keeps it readable over lines and the townships' names beneath.
 */
const labelText = (text: string) =>
  new Style({
    text: new Text({
      text,
      font: 'bold 12px "Noto Sans CJK SC", sans-serif',
      offsetY: -16,
      fill: new Fill({ color: '#12355b' }),
      backgroundFill: new Fill({ color: 'rgba(255, 255, 255, 0.9)' }),
      backgroundStroke: new Stroke({ color: '#12355b', width: 1 }),
      padding: [1, 3, 1, 3],
    }),
  });

function labelStyle(feature: FeatureLike): Style | undefined {
  const label = feature.get('label');
  return feature.get('role') === 'label' && label ? labelText(String(label)) : undefined;
}

function style(feature: FeatureLike): Style | undefined {
  const role = String(feature.get('role'));
  if (role === 'label') return undefined;
  const base =
    role === 'proposed' && feature.get('selected') ? styles.proposedSelected : (styles[role] ?? styles.reach);
  const label = feature.get('label');
  if (!label) return base;
  const labelled = base.clone();
  if (role === 'sitePick') {
    labelled.setText(
      new Text({ text: String(label), font: 'bold 12px sans-serif', fill: new Fill({ color: '#fff' }) }),
    );
    return labelled;
  }
  labelled.setText(
    new Text({
      text: String(label),
      font: '12px sans-serif',
      offsetY: -14,
      // An area's name shows even when it is wider than the area: a reviewer needs to know which one it is.
      overflow: true,
      fill: new Fill({ color: '#12355b' }),
      stroke: new Stroke({ color: '#fff', width: 3 }),
    }),
  );
  return labelled;
}

export interface Overlay {
  source: VectorSource;
  /** Adds GeoJSON (lon/lat) features, each tagged with the role that picks its style. */
  add(geojson: object, role: string): void;
  /** Redraws one role alone, leaving what the others drew. */
  replace(geojson: object, role: string): void;
  /** The id of the feature of this role drawn at a map coordinate (within a few pixels), if any. */
  hit(coordinate: number[], role: string): string | undefined;
  /** Features of this role may be dragged; `moved` hears where one was dropped (lon/lat), the last caller's alone. */
  movable(role: string, moved: (id: string, lonLat: [number, number]) => void): void;
  clear(): void;
}

export function createOverlay(map: OlMap): Overlay {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, style, zIndex: 50, properties: { id: 'analysis' } });
  map.addLayer(layer);
  map.addLayer(new VectorLayer({ source, style: labelStyle, declutter: true, zIndex: 51 }));
  const format = new GeoJSON({ featureProjection: 'EPSG:3857' });
  const movers = new Map<string, (id: string, lonLat: [number, number]) => void>();
  const drag = new Translate({
    filter: (feature, l) => l === layer && movers.has(String(feature.get('role'))),
    hitTolerance: 6,
  });
  drag.on('translateend', (event) => {
    // A click on a feature is a drag that went nowhere (or a hand's tremor of a pixel or two): not a move.
    const [x0, y0] = map.getPixelFromCoordinate(event.startCoordinate);
    const [x1, y1] = map.getPixelFromCoordinate(event.coordinate);
    if (Math.hypot(x1 - x0, y1 - y0) < 3) return;
    for (const feature of event.features.getArray()) {
      const geometry = feature.getGeometry();
      const id = feature.getId();
      if (!(geometry instanceof Point) || id === undefined) continue;
      const [lon, lat] = toLonLat(geometry.getCoordinates()).map((v) => Number(v.toFixed(6)));
      movers.get(String(feature.get('role')))?.(String(id), [lon, lat]);
    }
  });
  map.addInteraction(drag);
  return {
    source,
    add(geojson, role) {
      const features = format.readFeatures(geojson);
      for (const f of features) f.set('role', role);
      source.addFeatures(features);
    },
    replace(geojson, role) {
      for (const f of source.getFeatures()) if (f.get('role') === role) source.removeFeature(f);
      this.add(geojson, role);
    },
    hit(coordinate, role) {
      const id = map.forEachFeatureAtPixel(
        map.getPixelFromCoordinate(coordinate),
        (feature) => (feature.get('role') === role ? feature.getId() : undefined),
        { layerFilter: (l) => l === layer, hitTolerance: 6 },
      );
      return id === undefined ? undefined : String(id);
    },
    movable: (role, moved) => void movers.set(role, moved),
    clear: () => source.clear(),
  };
}
