import type { Feature as GeoFeature } from 'geojson';
import OlCollection from 'ol/Collection.js';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type Point from 'ol/geom/Point.js';
import Translate from 'ol/interaction/Translate.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { type FieldSchema, getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { type FeatureLayer, isTiled } from '../layers/feature-layer.ts';
import { showStored as showStoredOn } from '../layers/layer-sync.ts';
import { styleFor } from '../layers/styles.ts';
import { drawPolygon, geometryOf, type Reshaping, reshape } from '../map/shape-editing.ts';
import { renderEditForm } from './edit-form.ts';

/** A drawn area not yet stored: dashed, so it is not mistaken for a stored zone. */
const SKETCH = new Style({
  fill: new Fill({ color: 'rgba(18, 53, 91, 0.15)' }),
  stroke: new Stroke({ color: '#12355b', width: 2, lineDash: [6, 4] }),
});

/** The fields a responder may set: those that change by the hour in an emergency. */
export function liveFields(schema: Record<string, FieldSchema>): Record<string, FieldSchema> {
  return Object.fromEntries(Object.entries(schema).filter(([, field]) => field['x-live']));
}

interface EditorOptions {
  map: OlMap;
  popup: HTMLElement;
  layers: Map<string, FeatureLayer>;
  titleOf: (layerId: string) => string;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
  /** A feature was stored or deleted: counts shown elsewhere are stale. */
  stored: () => void;
}

/**
 * The planner's editor, in the popup: a stored feature's form, a point dragged to a new place, an
 * area reshaped or drawn anew. The layer on the map shows what is stored after each save; closing
 * the editor puts back a shape that was never saved.
 */
export function createEditor({ map, popup, layers, titleOf, schemaOf, stored }: EditorOptions) {
  const format = new GeoJSON({ featureProjection: 'EPSG:3857' });
  const sketches = new VectorSource();
  map.addLayer(new VectorLayer({ source: sketches, style: SKETCH, zIndex: 60 }));
  /** What the open editor has running on the map: drawing or reshaping. */
  let stopOnMap: (() => void) | undefined;
  let drawing = false;
  let reshaping: Reshaping | undefined;
  /** A tiled layer's point the planner moves, drawn above its tiles. */
  let moving: OlFeature | undefined;

  const close = () => {
    stopOnMap?.();
    stopOnMap = undefined;
    reshaping?.stop();
    reshaping = undefined;
    drawing = false;
    moving = undefined;
    sketches.clear();
  };

  /** The popup as the editor's frame: a heading and a close button that also ends any drawing. */
  const frame = (title: string) => {
    const heading = document.createElement('h3');
    heading.textContent = title;
    const shut = Object.assign(document.createElement('button'), { type: 'button', className: 'close' });
    shut.textContent = '×';
    shut.setAttribute('aria-label', t('popup.close'));
    shut.addEventListener('click', () => {
      close();
      popup.hidden = true;
    });
    popup.replaceChildren(shut, heading);
    popup.hidden = false;
  };

  /** The features a layer holds in the browser; a tiled layer holds none to edit in place. */
  const featuresOf = (layerId: string): VectorSource<OlFeature> | undefined => {
    const layer = layers.get(layerId);
    return layer && !isTiled(layer) ? (layer.getSource() ?? undefined) : undefined;
  };

  /** Keeps the layer showing the stored feature; a deleted one closes the editor. */
  const showStored = (layerId: string, featureId: string, saved: GeoFeature | null) => {
    const layer = layers.get(layerId);
    if (layer) showStoredOn(layer, featureId, saved);
    stored();
    if (!saved) {
      close();
      popup.hidden = true;
      return;
    }
    moving?.setGeometry((format.readFeature(saved) as OlFeature).getGeometry());
  };

  /** Starts reshaping a feature, as the form asks; the editor stops it when it closes. */
  const reshapeOn = (layerId: string, feature: () => OlFeature | null) => () => {
    const source = featuresOf(layerId) as VectorSource;
    reshaping = reshape(map, feature() as OlFeature, source);
    const handle = reshaping;
    return {
      ...handle,
      stop() {
        handle.stop();
        if (reshaping === handle) reshaping = undefined;
      },
    };
  };

  /**
   * The point a planner drags: the layer's own feature, or over a tiled layer a copy of the stored
   * one in the layer's symbol, drawn where it is stored until the editor closes.
   */
  const movable = (layerId: string, stored: GeoFeature): OlFeature | null => {
    const source = featuresOf(layerId);
    if (source) return source.getFeatureById(String(stored.id)) as OlFeature | null;
    if (!moving) {
      moving = format.readFeature(stored) as OlFeature;
      moving.setStyle(styleFor(layerId));
      sketches.addFeature(moving);
    }
    return moving;
  };

  const moveOn = (layerId: string, stored: GeoFeature) => (place: (lonLat: number[]) => void) => {
    const feature = movable(layerId, stored);
    if (!feature) return;
    const translate = new Translate({ features: new OlCollection([feature]) });
    map.addInteraction(translate);
    translate.once('translateend', () => {
      map.removeInteraction(translate);
      place(toLonLat((feature.getGeometry() as Point).getCoordinates()));
    });
  };

  return {
    /** Whether a click on the map belongs to the editor (a shape being drawn or reshaped), not to popups. */
    busy: () => drawing || reshaping !== undefined,
    close,

    /**
     * Opens the form on the stored feature. With `liveOnly` (a responder on duty) it offers the live
     * fields alone — a shelter's status and free places — and neither moving nor deleting.
     */
    async edit(layerId: string, featureId: string, { liveOnly = false } = {}) {
      close();
      const [schema, stored] = await Promise.all([
        schemaOf(layerId),
        getJson<GeoFeature>(`/collections/${layerId}/items/${featureId}`),
      ]);
      frame(`${t(liveOnly ? 'edit.live' : 'edit.open')} · ${stored.properties?.name ?? ''}`);
      const type = stored.geometry?.type;
      const fields = liveOnly ? liveFields(schema) : schema;
      renderEditForm(popup, layerId, stored, fields, (saved) => showStored(layerId, featureId, saved), {
        move: type === 'Point' && !liveOnly ? moveOn(layerId, stored) : undefined,
        reshape:
          (type === 'Polygon' || type === 'MultiPolygon') && !liveOnly
            ? reshapeOn(layerId, () => featuresOf(layerId)?.getFeatureById(featureId) as OlFeature | null)
            : undefined,
        deletable: !liveOnly,
      });
    },

    /** Draws a new area of a layer, then opens the form that creates it. */
    draw(layerId: string) {
      close();
      const layer = layers.get(layerId);
      layer?.setVisible(true);
      const schema = schemaOf(layerId);
      frame(`${t('add.title')} · ${titleOf(layerId)}`);
      const hint = Object.assign(document.createElement('p'), { className: 'tool-status', textContent: t('add.draw') });
      popup.append(hint);
      drawing = true;
      stopOnMap = drawPolygon(map, sketches, featuresOf(layerId) as VectorSource, async (sketch) => {
        drawing = false;
        stopOnMap = undefined;
        hint.remove();
        let storedId: string | undefined;
        const start: GeoFeature = { type: 'Feature', geometry: geometryOf(sketch), properties: {} };
        renderEditForm(
          popup,
          layerId,
          start,
          await schema,
          (saved) => {
            storedId = String(saved?.id);
            sketches.clear();
            showStored(layerId, storedId, saved);
          },
          {
            reshape: reshapeOn(layerId, () =>
              storedId ? (featuresOf(layerId)?.getFeatureById(storedId) as OlFeature | null) : sketch,
            ),
          },
        );
      });
    },
  };
}
