import type { Feature as GeoFeature } from 'geojson';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { fetchAllItems } from '../api.ts';
import { type FeatureLayer, isTiled } from './feature-layer.ts';
import { refreshTiles } from './tiled-layer.ts';

/** Keeping a layer on the map in step with the store, after a write or an import, whichever way it is drawn. */

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

/** Reads the layer (again): every feature into a layer that holds them, fresh tiles for a tiled one. */
export async function reload(layer: FeatureLayer): Promise<void> {
  if (isTiled(layer)) return refreshTiles(layer);
  const collection = await fetchAllItems(String(layer.get('id')));
  const source = layer.getSource();
  source?.clear();
  source?.addFeatures(format.readFeatures(collection));
}

/**
 * Shows a feature as stored after a write (`saved`; null once deleted). In a layer holding its
 * features the feature is updated in place, so an interaction working on it (a reshape) carries on.
 */
export function showStored(layer: FeatureLayer, featureId: string, saved: GeoFeature | null): void {
  if (isTiled(layer)) {
    void refreshTiles(layer);
    return;
  }
  const source = layer.getSource();
  const shown = source?.getFeatureById(featureId) as OlFeature | null;
  if (!saved) {
    if (shown) source?.removeFeature(shown);
    return;
  }
  const fresh = format.readFeature(saved) as OlFeature;
  if (shown) shown.setProperties(fresh.getProperties());
  else source?.addFeature(fresh);
}
