import type Feature from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import { t } from '../i18n/index.ts';
import type { FeatureLayer } from '../layers/feature-layer.ts';

const MAX_RESULTS = 12;

export interface SearchHit {
  layerId: string;
  feature: Feature;
}

/**
 * Finds features by name or township among the layers on the map. Everything shown is already in
 * the browser, so a search is instant and works offline.
 */
export function renderSearch(
  input: HTMLInputElement,
  list: HTMLElement,
  map: OlMap,
  layers: Map<string, FeatureLayer>,
  titleOf: (layerId: string) => string,
  open: (hit: SearchHit) => void,
) {
  input.placeholder = t('search.placeholder');
  const show = () => {
    const query = input.value.trim();
    list.replaceChildren();
    list.hidden = query.length === 0;
    if (!query) return;
    const hits: SearchHit[] = [];
    for (const [layerId, layer] of layers) {
      if (layerId === 'population') continue;
      for (const feature of layer.getSource()?.getFeatures() ?? []) {
        const name = String(feature.get('name') ?? '');
        const township = String(feature.get('township') ?? '');
        if (name.includes(query) || township.includes(query)) hits.push({ layerId, feature });
        if (hits.length >= MAX_RESULTS) break;
      }
      if (hits.length >= MAX_RESULTS) break;
    }
    if (hits.length === 0) {
      const none = document.createElement('li');
      none.textContent = t('search.none');
      list.append(none);
      return;
    }
    for (const hit of hits) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${hit.feature.get('name')} · ${titleOf(hit.layerId)} · ${hit.feature.get('township') ?? ''}`;
      button.addEventListener('click', () => {
        const extent = hit.feature.getGeometry()?.getExtent();
        if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: [80, 80, 80, 80] });
        layers.get(hit.layerId)?.setVisible(true);
        list.hidden = true;
        open(hit);
      });
      item.append(button);
      list.append(item);
    }
  };
  input.addEventListener('input', show);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') (list.querySelector('button') as HTMLButtonElement | null)?.click();
    if (event.key === 'Escape') list.hidden = true;
  });
}
