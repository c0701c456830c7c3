import type { Geometry } from 'geojson';
import OlCollection from 'ol/Collection.js';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlGeometry from 'ol/geom/Geometry.js';
import Draw from 'ol/interaction/Draw.js';
import type Interaction from 'ol/interaction/Interaction.js';
import Modify from 'ol/interaction/Modify.js';
import Snap from 'ol/interaction/Snap.js';
import type OlMap from 'ol/Map.js';
import type VectorSource from 'ol/source/Vector.js';

/** Drawing and reshaping areas on the map: OpenLayers interactions, with the shape handed over as GeoJSON. */

const format = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

/** A shape as the API takes it: longitude/latitude, counter-clockwise outer rings, 7 decimals (about 1 cm). */
export function geometryOf(feature: OlFeature): Geometry {
  return format.writeGeometryObject(feature.getGeometry() as OlGeometry, {
    decimals: 7,
    rightHanded: true,
  }) as Geometry;
}

/** Adds interactions; Snap last, as it must see pointer events after those it serves. Returns their removal. */
function use(map: OlMap, interactions: Interaction[]): () => void {
  for (const interaction of interactions) map.addInteraction(interaction);
  return () => {
    for (const interaction of interactions) map.removeInteraction(interaction);
  };
}

export interface Reshaping {
  /** Whether a vertex moved since the shape was last stored. */
  changed(): boolean;
  /** The shape on the map now. */
  geometry(): Geometry;
  /** What is on the map is now what is stored. */
  stored(): void;
  /** Ends the editing; a shape that was never stored goes back to the stored one. */
  stop(): void;
}

/**
 * Lets the planner drag a polygon's vertices, add one by dragging an edge and remove one with
 * Alt+click; vertices snap to the features of `snapTo`, so neighbouring zones can share a border.
 */
export function reshape(map: OlMap, feature: OlFeature, snapTo: VectorSource): Reshaping {
  let stored = (feature.getGeometry() as OlGeometry).clone();
  let changed = false;
  const modify = new Modify({ features: new OlCollection([feature]) });
  modify.on('modifyend', () => {
    changed = true;
  });
  const remove = use(map, [modify, new Snap({ source: snapTo })]);
  return {
    changed: () => changed,
    geometry: () => geometryOf(feature),
    stored() {
      stored = (feature.getGeometry() as OlGeometry).clone();
      changed = false;
    },
    stop() {
      remove();
      if (changed) feature.setGeometry(stored);
      changed = false;
    },
  };
}

/**
 * Draws one polygon into `sketches`: a click per corner, a double-click (or a click on the first
 * corner) closes it and hands it to `done`. Corners snap to the features of `snapTo`. Returns a
 * function that stops drawing.
 */
export function drawPolygon(
  map: OlMap,
  sketches: VectorSource,
  snapTo: VectorSource,
  done: (feature: OlFeature) => void,
): () => void {
  // stopClick: the clicks that place corners are the drawing's, not the map's (no popup, no double-click zoom).
  const draw = new Draw({ source: sketches, type: 'Polygon', stopClick: true });
  const remove = use(map, [draw, new Snap({ source: snapTo })]);
  draw.once('drawend', (event) => {
    remove();
    done(event.feature);
  });
  return remove;
}
