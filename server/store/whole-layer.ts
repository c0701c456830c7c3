import type { Feature, Geometry } from 'geojson';
import type { LayerDef, Visibility } from '../layers/registry.ts';
import type { Store } from './store.ts';

/** A limit no layer reaches: for readers that need every feature, not a page of them. */
export const WHOLE_LAYER = 1_000_000_000;

/** Every active feature of a layer with the fields `audience` may read, ordered by id. */
export async function wholeLayer(
  store: Pick<Store, 'listItems'>,
  layer: LayerDef,
  audience: Visibility,
): Promise<Feature<Geometry>[]> {
  const { features } = await store.listItems(layer, { audience, filters: [], limit: WHOLE_LAYER, offset: 0 });
  return features;
}
