import type { FeatureLike } from 'ol/Feature.js';
import MVT from 'ol/format/MVT.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import type RenderFeature from 'ol/render/Feature.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import type Tile from 'ol/Tile.js';
import TileState from 'ol/TileState.js';
import type VectorTile from 'ol/VectorTile.js';
import { LAYER_COLOURS } from '../../catalog/palette.ts';
import { getPublicJson } from '../api.ts';
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
 * and public tiles are the ones the browser and shared caches may keep.
 */
const ANONYMOUS: RequestInit = { credentials: 'omit' };

/**
 * Fetches a tile as MVT bytes; 204 (nothing in the tile) reads as no features. A tile URL names the
 * layer's version, so the browser keeps each one as long as it likes: an edit moves the version.
 */
function loadTile(tile: Tile, url: string) {
  const vectorTile = tile as VectorTile<RenderFeature>;
  vectorTile.setLoader((extent, _resolution, projection) => {
    fetch(url, ANONYMOUS)
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const bytes = await response.arrayBuffer();
        vectorTile.setFeatures(vectorTile.getFormat().readFeatures(bytes, { extent, featureProjection: projection }));
      })
      .catch(() => vectorTile.setState(TileState.ERROR));
  });
}

/**
 * The layer `id` drawn from the API's vector tiles, on canvas in the same symbols as a layer of all
 * its features. Its source comes with `connectTiles`, once the layer's TileJSON is read.
 */
export function tiledLayer(id: string, { visible = true } = {}): TiledFeatureLayer {
  const symbol = styleFor(id);
  const dense = densityStyle(id);
  const style = (feature: FeatureLike, resolution: number) =>
    feature.get('count') === undefined ? symbol(feature, resolution) : dense(feature);
  // The tile cache grows to what the view needs whatever its size; any size above 0 also keeps the
  // tiles of the URL before a refresh (refreshTiles), drawn until their successors arrive.
  return new VectorTileLayer({ style, visible, properties: { id }, cacheSize: 2 });
}

/**
 * A tile too full for its points carries their density (server/tiles/rules.ts): a point per cell with
 * its `count`. Drawn in the layer's colour, larger as the count grows, ten or more written on it,
 * so a crowd of shelters reads as a crowd and as how many; a click zooms in to them.
 */
function densityStyle(layerId: string): (feature: FeatureLike) => Style {
  const colour = LAYER_COLOURS[layerId] ?? '#52606d';
  const kept = new Map<number, Style>();
  return (feature) => {
    const count = Number(feature.get('count'));
    let style = kept.get(count);
    if (!style) {
      style = new Style({
        // A cell is 16 pixels wide: the largest circle fills it, so neighbours never overlap.
        image: new Circle({
          radius: Math.min(8, 3 + 1.5 * Math.log2(count)),
          fill: new Fill({ color: colour }),
          stroke: new Stroke({ color: '#ffffff', width: 1.5 }),
        }),
        text:
          count >= 10
            ? new Text({ text: String(count), font: 'bold 9px sans-serif', fill: new Fill({ color: '#ffffff' }) })
            : undefined,
      });
      kept.set(count, style);
    }
    return style;
  };
}

/**
 * The layer's TileJSON, read as the public reads it and, after a write, at least as new as the write
 * (read-your-writes), so its tile URL names the version the write made.
 */
const tileJsonOf = (layer: TiledFeatureLayer) => getPublicJson<TileJson>(`/tiles/${String(layer.get('id'))}.json`);

/**
 * Gives the layer its tiles from the URL and zoom range its TileJSON declares. Each tile feature
 * carries the feature's UUID in its `id` property (an MVT id must be an integer); it becomes the
 * feature's id, by which a click asks the API for the whole feature.
 */
export async function connectTiles(layer: TiledFeatureLayer): Promise<void> {
  const tileJson = await tileJsonOf(layer);
  const source: VectorTileSource<RenderFeature> = new VectorTileSource({
    format: new MVT({ layers: [String(layer.get('id'))], idProperty: 'id' }),
    url: tileJson.tiles[0],
    minZoom: tileJson.minzoom,
    maxZoom: tileJson.maxzoom,
    tileLoadFunction: loadTile,
  });
  layer.setSource(source);
}

/**
 * Reloads the layer's tiles after a write, so a feature moved, edited, added or deleted shows as
 * stored: the TileJSON names the layer's new version, and so new tile URLs. To OpenLayers they are new
 * tiles, and it keeps drawing the old ones until they arrive, where `refresh()` would blank the layer
 * meanwhile.
 */
export async function refreshTiles(layer: TiledFeatureLayer): Promise<void> {
  const source = layer.getSource();
  if (!source) return;
  const [url] = (await tileJsonOf(layer)).tiles;
  if (url !== source.getUrls()?.[0]) source.setUrl(url);
}
