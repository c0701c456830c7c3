import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { isPlanned } from '../layers/planned.ts';
import type { LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { LayerCache } from '../store/layer-cache.ts';
import type { ItemsPage, ItemsQuery, PropertyFilter } from '../store/store.ts';
import { wholeLayer } from '../store/whole-layer.ts';
import { GeoJsonTiles } from '../tiles/geojson-tiles.ts';
import { publishedFeatures } from './publish.ts';
import { PUBLISHED_LAYERS } from './snapshot.ts';

/**
 * The bureau approves its risk map and shelter map before the public sees them. An anonymous reader of
 * a published layer — items, one feature, tiles, exports — gets the latest publication that is not
 * withdrawn (nothing before the first), with a shelter's live fields as they are now, as the public map
 * shows them; staff read the drafts. `withPublishedReads` wraps a store so the routes need not know.
 * Each process keeps the view of a layer in the layer cache until the layer's change counter moves,
 * which an edit of the drafts (live fields), a publication and a withdrawal all do.
 */

interface View {
  features: Feature<Geometry>[];
  tiles?: GeoJsonTiles;
}

const isPublished = (layer: LayerDef) => (PUBLISHED_LAYERS as readonly string[]).includes(layer.id);

async function publishedView(store: Store, layer: LayerDef): Promise<View> {
  const latest = await store.publications.latest();
  if (!latest) return { features: [] };
  const features = (await publishedFeatures(store, latest.version, layer.id)) as Feature<Geometry>[];
  // A shelter's fields that change by the hour are read now, with when they changed, not as published.
  const live = layer.fields.filter((f) => f.live).map((f) => f.name);
  if (live.length === 0) return { features };
  live.push('updated_at');
  const now = new Map(
    (await wholeLayer(store, layer, 'public')).filter((f) => !isPlanned(f)).map((f) => [String(f.id), f.properties]),
  );
  return {
    features: features.map((f) => {
      const current = now.get(String(f.id));
      return {
        ...f,
        properties: { ...f.properties, ...Object.fromEntries(live.map((n) => [n, current?.[n] ?? null])) },
      };
    }),
  };
}

function matchesFilter(feature: Feature, filter: PropertyFilter): boolean {
  const value = feature.properties?.[filter.field.name];
  if (filter.field.type === 'enum[]') return Array.isArray(value) && value.some((v) => filter.values.includes(v));
  return filter.values.includes(value);
}

/** The items query on features in memory, as the SQL of the store answers it. */
function listFrom(features: Feature<Geometry>[], query: ItemsQuery): ItemsPage {
  const filters = query.filters.some((f) => f.field.name === 'lifecycle')
    ? query.filters
    : [...query.filters, { field: { name: 'lifecycle', type: 'enum' } as PropertyFilter['field'], values: ['active'] }];
  const box = query.bbox ? bboxPolygon(query.bbox) : null;
  const matched = features.filter(
    (f) => filters.every((filter) => matchesFilter(f, filter)) && (!box || booleanIntersects(f, box)),
  );
  return { features: matched.slice(query.offset, query.offset + query.limit), numberMatched: matched.length };
}

export function withPublishedReads(store: Store): Store {
  const views = new LayerCache(store);
  const viewOf = (layer: LayerDef): Promise<View> =>
    views.keep(`published:${layer.id}`, [layer.id], () => publishedView(store, layer));

  return {
    ...store,
    async listItems(layer, query) {
      if (query.audience !== 'public' || !isPublished(layer)) return store.listItems(layer, query);
      return listFrom((await viewOf(layer)).features, query);
    },
    async getItem(layer, id, audience) {
      if (audience !== 'public' || !isPublished(layer)) return store.getItem(layer, id, audience);
      return (await viewOf(layer)).features.find((f) => f.id === id);
    },
    async tile(layer, address, audience) {
      if (audience !== 'public' || !isPublished(layer)) return store.tile(layer, address, audience);
      const view = await viewOf(layer);
      view.tiles ??= new GeoJsonTiles(layer, view.features);
      return view.tiles.tile(address, audience);
    },
  };
}
