import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Props } from '../analysis/types.ts';
import { findLayer } from '../layers/registry.ts';
import type { Store } from './store.ts';
import { wholeLayer } from './whole-layer.ts';

interface Entry<T> {
  versions: string;
  value: Promise<T>;
}

/**
 * Whole layers (as staff see them) and what is built from them — point indexes, township lookups —
 * held in memory and rebuilt when the store's per-layer counter moves. Asking the counters is one
 * small query, so every process serving one database stays correct without talking to the others.
 */
export class LayerCache {
  private readonly layers = new Map<string, Entry<FeatureCollection<Geometry, Props>>>();
  private readonly derived = new Map<string, Entry<unknown>>();

  constructor(private readonly store: Store) {}

  /** The current features of each layer asked for. */
  async get(ids: readonly string[]): Promise<Record<string, FeatureCollection<Geometry, Props>>> {
    const versions = await this.store.layerVersions();
    const entries = await Promise.all(ids.map(async (id) => [id, await this.load(id, versions[id] ?? 0)] as const));
    return Object.fromEntries(entries) as Record<string, FeatureCollection<Geometry, Props>>;
  }

  /** A value built from some layers, rebuilt only when one of them has changed. */
  async build<T>(
    key: string,
    ids: readonly string[],
    make: (layers: Record<string, FeatureCollection<Geometry, Props>>) => T,
  ): Promise<T> {
    const versions = await this.store.layerVersions();
    const stamp = ids.map((id) => `${id}:${versions[id] ?? 0}`).join(',');
    const cached = this.derived.get(key);
    if (cached?.versions === stamp) return cached.value as Promise<T>;
    const value = this.get(ids).then(make);
    this.derived.set(key, { versions: stamp, value });
    value.catch(() => this.derived.delete(key));
    return value;
  }

  private load(id: string, version: number): Promise<FeatureCollection<Geometry, Props>> {
    const stamp = String(version);
    const cached = this.layers.get(id);
    if (cached?.versions === stamp) return cached.value;
    const layer = findLayer(id);
    if (!layer) throw new Error(`unknown layer ${id}`);
    const value = wholeLayer(this.store, layer, 'internal').then(
      (features): FeatureCollection<Geometry, Props> => ({
        type: 'FeatureCollection',
        features: features as Feature<Geometry, Props>[],
      }),
    );
    this.layers.set(id, { versions: stamp, value });
    value.catch(() => this.layers.delete(id));
    return value;
  }
}
