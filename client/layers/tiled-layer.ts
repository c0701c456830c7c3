import MVT from 'ol/format/MVT.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import type RenderFeature from 'ol/render/Feature.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import type Tile from 'ol/Tile.js';
import TileState from 'ol/TileState.js';
import type VectorTile from 'ol/VectorTile.js';
import type { TiledFeatureLayer } from './feature-layer.ts';
import { styleFor } from './styles.ts';

/** What the client reads of a layer's TileJSON (GET /tiles/{layer}.json). */
interface TileJson {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
}

/**
 * Tiles are read as the public reads them, by staff too. A point's symbol depends on public fields
 * alone, and a click fetches the whole feature with the reader's token anyway (a depot's stock is
 * never in a tile), so the internal fields of thousands of features are not sent just to draw dots;
 * and public tiles are the ones the browser and shared caches may keep (`max-age=60`).
 */
const ANONYMOUS: RequestInit = { credentials: 'omit' };

/**
 * Sources this browser has written to, with how many times: their tiles are revalidated rather than
 * taken from its cache.
 */
const written = new WeakMap<VectorTileSource<RenderFeature>, number>();

/** Fetches a tile as MVT bytes; 204 (nothing in the tile) reads as no features. */
function tileLoader(revalidate: () => boolean) {
  return (tile: Tile, url: string) => {
    const vectorTile = tile as VectorTile<RenderFeature>;
    vectorTile.setLoader((extent, _resolution, projection) => {
      fetch(url, { ...ANONYMOUS, cache: revalidate() ? 'no-cache' : 'default' })
        .then(async (response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const bytes = await response.arrayBuffer();
          vectorTile.setFeatures(vectorTile.getFormat().readFeatures(bytes, { extent, featureProjection: projection }));
        })
        .catch(() => vectorTile.setState(TileState.ERROR));
    });
  };
}

/**
 * The layer `id` drawn from the API's vector tiles, on canvas in the same symbols as a layer of all
 * its features. Its source comes with `connectTiles`, once the layer's TileJSON is read.
 */
export function tiledLayer(id: string, { visible = true } = {}): TiledFeatureLayer {
  // The tile cache grows to what the view needs whatever its size; any size above 0 also keeps the
  // tiles of the URL before a refresh (refreshTiles), drawn until their successors arrive.
  return new VectorTileLayer({ style: styleFor(id), visible, properties: { id }, cacheSize: 2 });
}

/**
 * Gives the layer its tiles from the URL and zoom range its TileJSON declares. Each tile feature
 * carries the feature's UUID in its `id` property (an MVT id must be an integer); it becomes the
 * feature's id, by which a click asks the API for the whole feature.
 */
export async function connectTiles(layer: TiledFeatureLayer): Promise<void> {
  const id = String(layer.get('id'));
  const response = await fetch(`/tiles/${id}.json`, ANONYMOUS);
  if (!response.ok) throw new Error(`/tiles/${id}.json: HTTP ${response.status}`);
  const tileJson = (await response.json()) as TileJson;
  const source: VectorTileSource<RenderFeature> = new VectorTileSource({
    format: new MVT({ layers: [id], idProperty: 'id' }),
    url: tileJson.tiles[0],
    minZoom: tileJson.minzoom,
    maxZoom: tileJson.maxzoom,
    tileLoadFunction: tileLoader(() => written.has(source)),
  });
  layer.setSource(source);
}

/**
 * Reloads the layer's tiles after a write, so a feature moved, edited, added or deleted shows as
 * stored. The browser may keep a public tile for a minute, so from now on this layer's tiles are
 * revalidated with the server (a 304 while the layer is unchanged). The URLs get a new fragment,
 * which the server never sees: to OpenLayers they are new tiles, and it keeps drawing the old ones
 * until they arrive, where `refresh()` would blank the layer meanwhile.
 */
export function refreshTiles(layer: TiledFeatureLayer): void {
  const source = layer.getSource();
  const [url] = source?.getUrls() ?? [];
  if (!source || !url) return;
  const writes = (written.get(source) ?? 0) + 1;
  written.set(source, writes);
  source.setUrl(`${url.split('#')[0]}#${writes}`);
}
