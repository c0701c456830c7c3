import { GeoJsonTiles } from '../tiles/geojson-tiles.ts';
import { LayerCache } from './layer-cache.ts';
import type { Store } from './store.ts';
import { wholeLayer } from './whole-layer.ts';

/**
 * Vector tiles for the embedded backend, whose PostGIS has no ST_AsMVT: each layer is read whole once
 * and cut in JavaScript. The tile index is kept in the layer cache, so it is built again when the
 * layer's change counter moves, as the analyses' indexes are.
 */
export function jsTiles(reads: Pick<Store, 'listItems' | 'layerVersions'>): Pick<Store, 'tile'> {
  const cache = new LayerCache(reads);
  return {
    async tile(layer, address, audience) {
      const tiles = await cache.keep(
        `tiles:${layer.id}`,
        [layer.id],
        async () => new GeoJsonTiles(layer, await wholeLayer(reads, layer, 'internal')),
      );
      return tiles.tile(address, audience);
    },
  };
}
