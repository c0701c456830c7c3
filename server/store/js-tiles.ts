import type { LayerDef } from '../layers/registry.ts';
import { GeoJsonTiles } from '../tiles/geojson-tiles.ts';
import type { Store } from './store.ts';
import { wholeLayer } from './whole-layer.ts';

/**
 * Vector tiles for the embedded backend, whose PostGIS has no ST_AsMVT: each layer is read whole once
 * and cut in JavaScript. The tile index is kept per layer and rebuilt when the layer's change counter
 * moves, as the analysis caches are.
 */
export function jsTiles(reads: Pick<Store, 'listItems' | 'layerVersions'>): Pick<Store, 'tile'> {
  const indexes = new Map<string, { version: number; tiles: Promise<GeoJsonTiles> }>();

  async function tilesOf(layer: LayerDef): Promise<GeoJsonTiles> {
    const version = (await reads.layerVersions())[layer.id] ?? 0;
    const cached = indexes.get(layer.id);
    if (cached?.version === version) return cached.tiles;
    const tiles = wholeLayer(reads, layer, 'internal').then((features) => new GeoJsonTiles(layer, features));
    indexes.set(layer.id, { version, tiles });
    tiles.catch(() => indexes.delete(layer.id));
    return tiles;
  }

  return {
    async tile(layer, address, audience) {
      return (await tilesOf(layer)).tile(address, audience);
    },
  };
}
