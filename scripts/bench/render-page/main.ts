/**
 * The page `scripts/bench/render.ts` drives: a bare map of the district with no controls or
 * interactions, to which one layer of points is added, drawn by the client's own layer factory
 * (client/layers/feature-layer.ts) with the canvas or the WebGL renderer.
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import OlMap from 'ol/Map.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import View from 'ol/View.js';
import { type FeatureLayer, featureLayer, type Renderer } from '../../../client/layers/feature-layer.ts';

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

/** Adds the layer with its features and waits for the map to say it is drawn; the milliseconds that took. */
async function show(renderer: Renderer, points: Points): Promise<number> {
  const ready = features(points);
  const drawn = renderComplete();
  const start = performance.now();
  layer = featureLayer('shelters', renderer, { source: new VectorSource({ features: ready }) });
  map.addLayer(layer);
  await drawn;
  return performance.now() - start;
}

/** Fewer frames than this make no p99 worth printing, whatever the time budget says. */
const MIN_FRAMES = 8;

/**
 * Pans as a drag does (the view told it is being interacted with, so neither renderer rebuilds its
 * batches mid-gesture) along one circle of `radiusPx`, for `frames` animation frames or until
 * `budgetMs` has passed, whichever comes first: a software-rendered frame can take seconds.
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

function clear(): void {
  if (!layer) return;
  map.removeLayer(layer);
  // A WebGL layer holds its context until disposed.
  layer.dispose();
  layer = undefined;
}

/** What the browser draws WebGL with: in a headless browser, SwiftShader on the CPU. */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL 2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

function fit(extent: number[]): void {
  map.updateSize();
  map.getView().fit(transformExtent(extent, 'EPSG:4326', 'EPSG:3857'));
}

const bench = { fit, show, pan, clear, webglRenderer };
export type RenderBench = typeof bench;
(window as unknown as { bench: RenderBench }).bench = bench;
