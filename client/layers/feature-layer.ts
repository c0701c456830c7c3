import type Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import WebGLVectorLayer from 'ol/layer/WebGLVector.js';
import VectorSource from 'ol/source/Vector.js';
import { styleFor } from './styles.ts';
import { AREA_LAYERS } from './symbols.ts';
import { flatStyleFor } from './webgl-styles.ts';

/**
 * Above this many features a point layer is drawn with WebGL. The canvas renderer replays every
 * symbol on every frame of a pan, so its frame time grows with the points in view: `npm run bench`
 * measures 40–100 ms a frame at 10,000 points on a busy 2-core server, about half that at 5,000:
 * past the 16 ms of a smooth frame. WebGL draws from buffers built once, off the main thread. Below the
 * threshold the canvas keeps what WebGL lacks: a hit tolerance around small symbols, and no WebGL
 * context of its own (a browser allows a page only a few).
 */
export const WEBGL_THRESHOLD = 5_000;

export type Renderer = 'canvas' | 'webgl';

/** A layer of features from the API, whichever renderer draws it. */
export type FeatureLayer = VectorLayer<VectorSource<Feature>> | WebGLVectorLayer<VectorSource<Feature>>;

let webgl: boolean | undefined;

/** Whether this browser gives WebGL at all (not on some locked-down or GPU-less machines). */
function webglAvailable(): boolean {
  if (webgl === undefined) {
    const context = document.createElement('canvas').getContext('webgl');
    webgl = context !== null;
    // Give the probe's context back at once rather than when it is collected.
    context?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return webgl;
}

export function rendererFor(layerId: string, featureCount: number): Renderer {
  const large = featureCount > WEBGL_THRESHOLD && !AREA_LAYERS.includes(layerId);
  return large && webglAvailable() ? 'webgl' : 'canvas';
}

/** The layer `id` drawn by `renderer`; its `id` and `renderer` properties say which it is. */
export function featureLayer(
  id: string,
  renderer: Renderer,
  options: { source?: VectorSource<Feature>; visible?: boolean } = {},
): FeatureLayer {
  const source = options.source ?? new VectorSource<Feature>();
  const properties = { id, renderer };
  const visible = options.visible ?? true;
  return renderer === 'webgl'
    ? new WebGLVectorLayer({ source, style: flatStyleFor(id), visible, properties })
    : new VectorLayer({ source, style: styleFor(id), visible, properties });
}
