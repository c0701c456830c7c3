/**
 * The page `scripts/bench/render.ts` drives, served by the API it reads: a bare map of the district
 * with no controls or interactions, to which one layer of points is added by the client's own layer
 * factories: the big layer from the API's vector tiles (client/layers/tiled-layer.ts), or a canvas
 * layer holding every feature (client/layers/feature-layer.ts).
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import OlMap from 'ol/Map.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import View from 'ol/View.js';
import { fetchAllItems } from '../../../client/api.ts';
import { type FeatureLayer, featureLayer, isTiled } from '../../../client/layers/feature-layer.ts';
import { connectTiles, tiledLayer } from '../../../client/layers/tiled-layer.ts';

export interface Points {
  /** lon, lat, lon, lat, … */
  lonLat: number[];
  status: string[];
}

export interface PanSamples {
  /** Between one animation frame and the next: what the user sees, painting included. */
  frameMs: number[];
  /** The map's synchronous render of each frame, on the main thread. */
  renderMs: number[];
}

const map = new OlMap({ target: 'map', controls: [], interactions: [], view: new View() });

function features(points: Points): Feature[] {
  const all: Feature[] = [];
  for (let i = 0; i < points.status.length; i++) {
    const at = fromLonLat([points.lonLat[2 * i], points.lonLat[2 * i + 1]]);
    all.push(new Feature({ geometry: new Point(at), status: points.status[i] }));
  }
  return all;
}

const renderComplete = () => new Promise<void>((resolve) => map.once('rendercomplete', () => resolve()));
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

let layer: FeatureLayer | undefined;

/**
 * Adds the layer `layerId` and waits for the map to say it is drawn; the milliseconds that took.
 * Without `points`, from tiles: the TileJSON and every tile in view fetched from the API, read and
 * drawn. With them, on canvas: the points, already in the page, added and drawn.
 */
async function show(layerId: string, points?: Points): Promise<number> {
  const ready = points ? features(points) : undefined;
  const start = performance.now();
  if (ready) {
    const drawn = renderComplete();
    layer = featureLayer(layerId, { source: new VectorSource({ features: ready }) });
    map.addLayer(layer);
    await drawn;
  } else {
    const tiled = tiledLayer(layerId);
    layer = tiled;
    map.addLayer(tiled);
    await connectTiles(tiled);
    // Only now: before its source is set the layer has nothing to wait for, and the map may say it is done.
    await renderComplete();
  }
  return performance.now() - start;
}

/** Fewer frames than this make no p99 worth printing, whatever the time budget says. */
const MIN_FRAMES = 8;

/**
 * Pans as a drag does (the view told it is being interacted with) along one circle of `radiusPx`,
 * for `frames` animation frames or until `budgetMs` has passed, whichever comes first.
 */
async function pan(frames: number, budgetMs: number, radiusPx = 200): Promise<PanSamples> {
  const view = map.getView();
  const [x, y] = view.getCenter() ?? [0, 0];
  const radius = radiusPx * (view.getResolution() ?? 1);
  const samples: PanSamples = { frameMs: [], renderMs: [] };
  view.beginInteraction();
  const started = performance.now();
  let last = await nextFrame();
  for (let i = 1; i <= frames && (i <= MIN_FRAMES || performance.now() - started < budgetMs); i++) {
    const now = await nextFrame();
    samples.frameMs.push(now - last);
    last = now;
    const angle = (2 * Math.PI * i) / frames;
    view.setCenter([x + radius * Math.sin(angle), y + radius * (1 - Math.cos(angle))]);
    const start = performance.now();
    map.renderSync();
    samples.renderMs.push(performance.now() - start);
  }
  view.endInteraction();
  view.setCenter([x, y]);
  await renderComplete();
  return samples;
}

/** How many points the tiles in view hold: every point, thinned where a tile is full. */
function pointsInView(): number {
  if (!layer || !isTiled(layer)) return 0;
  const held = layer.getFeaturesInExtent(map.getView().calculateExtent(map.getSize()));
  // A point near a tile's edge is in its neighbour's buffer too.
  return new Set(held.map((feature) => feature.getId())).size;
}

function clear(): void {
  if (!layer) return;
  map.removeLayer(layer);
  layer.dispose();
  layer = undefined;
}

function fit(extent: number[]): void {
  map.updateSize();
  map.getView().fit(transformExtent(extent, 'EPSG:4326', 'EPSG:3857'));
}

/** The former way in: every feature of the layer paged through the items API; milliseconds and count. */
async function fetchEverything(layerId: string): Promise<{ ms: number; features: number }> {
  const start = performance.now();
  const all = await fetchAllItems(layerId);
  return { ms: performance.now() - start, features: all.features.length };
}

const bench = { fit, show, pan, pointsInView, clear, fetchEverything };
export type RenderBench = typeof bench;
(window as unknown as { bench: RenderBench }).bench = bench;
