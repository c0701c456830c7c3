import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { layerNamed } from '../layers/registry.ts';
import { inReadSession } from './read-session.ts';
import type { Store } from './store.ts';
import { wholeLayer } from './whole-layer.ts';

type Props = Record<string, unknown>;
type WholeLayer = FeatureCollection<Geometry, Props>;

interface Entry {
  stamp: string;
  value: Promise<unknown>;
}

/** The versions of the layers a value was built from, as one comparable string. */
const stampOf = (versions: Record<string, number>, ids: readonly string[]) =>
  ids.map((id) => `${id}:${versions[id] ?? 0}`).join(',');

/**
 * The one cache of what is built from layers — whole layers as staff see them and the analyses'
 * indexes and answers, the embedded backend's tile indexes, the public's view of a publication — each
 * value kept until the store's change counter of a layer it was built from moves. Asking the counters
 * is one small query, so every process serving one database stays correct without talking to the
 * others. A value whose building failed is forgotten, so the next request builds it again.
 *
 * A value must never be older than the counters it is stamped with. With read replicas the counters
 * and the features could come from two standbys, one behind the other; so both are read in one read
 * session (read-session.ts), which sends every read of it to the same server, counters first. A
 * standby replays in order, so what is loaded is at least as new as the stamp; at worst newer, and
 * built again once more when the counters catch up.
 */
export class LayerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly store: Pick<Store, 'listItems' | 'layerVersions'>) {}

  /** What `load` gives, kept under `key` until one of the layers `ids` changes. */
  keep<T>(key: string, ids: readonly string[], load: () => Promise<T>): Promise<T> {
    return inReadSession(async () => this.stamped(`kept:${key}`, stampOf(await this.store.layerVersions(), ids), load));
  }

  /** The current features of each layer asked for. */
  get(ids: readonly string[]): Promise<Record<string, WholeLayer>> {
    return inReadSession(async () => {
      const versions = await this.store.layerVersions();
      const entries = await Promise.all(
        ids.map(async (id) => [id, await this.stamped(`layer:${id}`, stampOf(versions, [id]), () => this.load(id))]),
      );
      return Object.fromEntries(entries);
    });
  }

  /** A value built from some whole layers, built again only when one of them has changed. */
  build<T>(key: string, ids: readonly string[], make: (layers: Record<string, WholeLayer>) => T): Promise<T> {
    return this.keep(`built:${key}`, ids, () => this.get(ids).then(make));
  }

  private stamped<T>(key: string, stamp: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached?.stamp === stamp) return cached.value as Promise<T>;
    const value = load();
    this.entries.set(key, { stamp, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  private async load(id: string): Promise<WholeLayer> {
    const layer = layerNamed(id);
    const features = await wholeLayer(this.store, layer, 'internal');
    return { type: 'FeatureCollection', features: features as Feature<Geometry, Props>[] };
  }
}
