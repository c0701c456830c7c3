import type { FeatureCollection } from 'geojson';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import type { Extent } from 'ol/extent.js';
import type Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import OlMap from 'ol/Map.js';
import VectorSource from 'ol/source/Vector.js';
import View from 'ol/View.js';
import { townshipNames } from '../layers/labels.ts';
import { styleFor } from '../layers/styles.ts';
import { keyboardMap, type MapWords } from '../map/keyboard-map.ts';
import type { LiveShelter } from './api.ts';
import { markStyle, opensOnTop, shelterStyle } from './symbols.ts';

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

export interface PublicMap {
  map: OlMap;
  boundaries: VectorSource;
  zones: VectorSource;
  shelters: VectorSource;
  /** The line to the nearest shelter and its ends, or the ring around a tapped shelter. */
  marks: VectorSource;
}

const levelOf = (feature: { get(key: string): unknown }) => Number(feature.get('level'));

/** The map with the township boundaries as its background: it needs no network beyond this server. */
export function createPublicMap(target: HTMLElement, words: MapWords): PublicMap {
  const boundaries = new VectorSource();
  const zones = new VectorSource();
  const shelters = new VectorSource();
  const marks = new VectorSource();
  const areas = new VectorLayer({ source: boundaries, style: styleFor('admin_areas') });
  const map = new OlMap({
    target,
    controls: defaultControls({ rotate: false, attributionOptions: { collapsible: true } }),
    view: new View({ center: [0, 0], zoom: 2, maxZoom: 18 }),
    layers: [
      areas,
      new VectorLayer({
        source: zones,
        style: styleFor('risk_zones'),
        declutter: true,
        // The gravest level is drawn last, so where zones overlap its colour shows, as on the map sheet.
        renderOrder: (a, b) => levelOf(b) - levelOf(a),
      }),
      new VectorLayer({ source: shelters, style: shelterStyle, renderOrder: opensOnTop, declutter: true }),
      townshipNames(areas),
      // Last, as embedders and tests find it: the marks of the nearest-shelter tool.
      new VectorLayer({ source: marks, style: markStyle }),
    ],
  });
  keyboardMap(map, words);
  return { map, boundaries, zones, shelters, marks };
}

export function replaceFeatures(source: VectorSource, collection: FeatureCollection): void {
  source.clear(true);
  source.addFeatures(format.readFeatures(collection) as Feature[]);
}

/** The live fields set on the published shelters; one retired since publication reads as closed. */
export function applyLive(shelters: VectorSource, live: LiveShelter[]): void {
  const byId = new Map(live.map((s) => [String(s.id), s]));
  for (const feature of shelters.getFeatures()) {
    const status = byId.get(String(feature.getId()));
    feature.setProperties({
      status: status?.status ?? null,
      free_places: status?.free_places ?? null,
      updated_at: status?.updated_at ?? null,
    });
  }
}

/** Where the map should look: the district when its boundaries are known, otherwise what was published. */
export function homeExtent({ boundaries, zones, shelters }: PublicMap): Extent | undefined {
  for (const source of [boundaries, zones, shelters]) {
    if (source.getFeatures().length > 0) return source.getExtent() ?? undefined;
  }
  return undefined;
}
