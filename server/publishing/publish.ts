import type { Feature, FeatureCollection } from 'geojson';
import type { Publication } from '../../catalog/publications.ts';
import type { Store } from '../store/index.ts';
import { diffLayer, isEmpty, type LayerDiff } from './diff.ts';
import { draftSnapshots, toSnapshot } from './snapshot.ts';

export async function publishedFeatures(store: Store, version: number, layer: string): Promise<Feature[]> {
  const stored = await store.publications.layer(version, layer);
  return stored ? (JSON.parse(stored.geojson) as FeatureCollection).features : [];
}

/** The drafts (the live layers) against the latest publication: what publishing now would change. */
export async function draftDiff(store: Store) {
  const base = await store.publications.latest();
  const drafts = await draftSnapshots(store);
  const layers: Record<string, LayerDiff> = {};
  for (const [layer, draft] of drafts) {
    layers[layer] = diffLayer(base ? await publishedFeatures(store, base.version, layer) : [], draft);
  }
  return { base, drafts, layers };
}

export class NothingToPublish extends Error {
  constructor(readonly version: number) {
    super(`Nothing has changed since version ${version}: there is nothing to publish.`);
  }
}

/** Publishes the drafts as the next version; refuses when they are what the public sees already. */
export async function publishDrafts(
  store: Store,
  meta: { title: string; map_date: string; note: string },
  by: string,
): Promise<Publication> {
  const { base, drafts, layers } = await draftDiff(store);
  if (base && Object.values(layers).every(isEmpty)) throw new NothingToPublish(base.version);
  return store.publications.publish({
    ...meta,
    published_by: by,
    layers: [...drafts].map(([layer, features]) => toSnapshot(layer, features)),
  });
}
