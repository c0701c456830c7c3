import type { Extent } from 'ol/extent.js';
import type { default as Feature, FeatureLike } from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import type RenderFeature from 'ol/render/Feature.js';
import VectorSource from 'ol/source/Vector.js';
import type VectorTileSource from 'ol/source/VectorTile.js';
import { isAreaLayer } from '../../catalog/layers.ts';
import { styleFor } from './styles.ts';

/**
 * Above this many features a point layer comes from the API's vector tiles rather than as every
 * feature. Fetching and drawing every feature does not scale: at 100,000 points loading them takes
 * tens of seconds and a canvas frame of a pan half a second (`npm run bench`), where tiles bring
 * only what is in view, thinned to what a screen can show. Below the threshold the layer keeps
 * every feature in the browser, which search, snapping and editing in place use.
 */
export const TILE_THRESHOLD = 5_000;

export type VectorFeatureLayer = VectorLayer<VectorSource<Feature>>;
export type TiledFeatureLayer = VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>;

/** A layer of features from the API: every feature in the browser, or the layer's vector tiles. */
export type FeatureLayer = VectorFeatureLayer | TiledFeatureLayer;

export function isTiled(layer: FeatureLayer): layer is TiledFeatureLayer {
  return layer instanceof VectorTileLayer;
}

/** Whether a layer is big enough to come from tiles; areas never are, they are few and planners reshape them. */
export function tiledFor(layerId: string, featureCount: number): boolean {
  return featureCount > TILE_THRESHOLD && !isAreaLayer(layerId);
}

/** The layer `id` holding all its features, drawn on canvas; its `id` property says which it is. */
export function featureLayer(
  id: string,
  options: { source?: VectorSource<Feature>; visible?: boolean } = {},
): VectorFeatureLayer {
  const source = options.source ?? new VectorSource<Feature>();
  // Names and risk levels' numbers give way to one another (declutter); the symbols are never hidden.
  return new VectorLayer({
    source,
    style: styleFor(id),
    declutter: true,
    visible: options.visible ?? true,
    properties: { id },
  });
}

/** The features a layer holds within an extent: a tiled layer's from the tiles it has drawn. */
export function featuresWithin(layer: FeatureLayer, extent: Extent): FeatureLike[] {
  return isTiled(layer) ? layer.getFeaturesInExtent(extent) : (layer.getSource()?.getFeaturesInExtent(extent) ?? []);
}
