import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import type { Language } from '../i18n/index.ts';

/** What a link reproduces: where the map looks, which layers are on, the language, the open tool and incident. */
export interface ViewState {
  center?: [number, number];
  zoom?: number;
  layers?: string[];
  lang: Language;
  tool?: string;
  /** An incident on record open in the situation panel (staff). */
  incident?: string;
}

export function readViewState(search = window.location.search): ViewState {
  const params = new URLSearchParams(search);
  const center = params.get('c')?.split(',').map(Number);
  const zoom = Number(params.get('z'));
  return {
    center: center?.length === 2 && center.every(Number.isFinite) ? [center[0], center[1]] : undefined,
    zoom: Number.isFinite(zoom) && params.has('z') ? zoom : undefined,
    layers: params.has('l') ? (params.get('l') ?? '').split(',').filter(Boolean) : undefined,
    lang: params.get('lang') === 'en' ? 'en' : 'zh',
    tool: params.get('tool') ?? undefined,
    incident: params.get('incident') ?? undefined,
  };
}

export function writeViewState(state: ViewState): void {
  const params = new URLSearchParams();
  if (state.center) params.set('c', state.center.map((v) => v.toFixed(5)).join(','));
  if (state.zoom !== undefined) params.set('z', state.zoom.toFixed(2));
  if (state.layers) params.set('l', state.layers.join(','));
  if (state.lang !== 'zh') params.set('lang', state.lang);
  if (state.tool) params.set('tool', state.tool);
  if (state.incident) params.set('incident', state.incident);
  window.history.replaceState(null, '', `${window.location.pathname}?${params}`);
}

/** Keeps the URL in step with the map, so the address bar is always a link to what is on screen. */
export function syncViewState(map: OlMap, state: ViewState, visibleLayers: () => string[]): () => void {
  const update = () => {
    const view = map.getView();
    const center = view.getCenter();
    if (center) state.center = toLonLat(center) as [number, number];
    state.zoom = view.getZoom();
    state.layers = visibleLayers();
    writeViewState(state);
  };
  map.on('moveend', update);
  return update;
}
