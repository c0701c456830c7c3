import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection } from 'geojson';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import type { LayerSnapshot } from '../store/publications.ts';
import { wholeLayer } from '../store/whole-layer.ts';

/** What the bureau approves and publishes: the risk map and the shelter map. */
export const PUBLISHED_LAYERS = ['risk_zones', 'shelters'] as const;

// Bookkeeping that moves with every save, even one that changes nothing the public sees.
const BOOKKEEPING = new Set(['revision', 'created_at', 'updated_at']);

/**
 * The public view of a layer as it would be published: public fields only, live fields (a shelter's
 * status and free places) left out because the public map reads them live, ordered by id. What is
 * planned is not published: the public is never sent to a shelter that is not built.
 */
export async function draftFeatures(store: Store, layer: LayerDef): Promise<Feature[]> {
  const features = (await wholeLayer(store, layer, 'public')).filter((f) => !isPlanned(f));
  const live = new Set(layer.fields.filter((f) => f.live).map((f) => f.name));
  return features.map((feature) => ({
    type: 'Feature',
    id: feature.id,
    geometry: feature.geometry,
    properties: Object.fromEntries(
      Object.entries(feature.properties ?? {}).filter(([name]) => !BOOKKEEPING.has(name) && !live.has(name)),
    ),
  }));
}

export function toSnapshot(layer: string, features: Feature[]): LayerSnapshot {
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  const geojson = JSON.stringify(collection);
  return { layer, feature_count: features.length, geojson, sha256: createHash('sha256').update(geojson).digest('hex') };
}

export async function draftSnapshots(store: Store): Promise<Map<string, Feature[]>> {
  const drafts = new Map<string, Feature[]>();
  for (const id of PUBLISHED_LAYERS) drafts.set(id, await draftFeatures(store, findLayer(id) as LayerDef));
  return drafts;
}
