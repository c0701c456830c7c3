import type { FeatureCollection } from 'geojson';
import type Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlMap from 'ol/Map.js';
import { getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { type FeatureLayer, isTiled } from '../layers/feature-layer.ts';

const MAX_RESULTS = 12;
/** Typing pauses this long before the API is asked, so a name typed out is one request, not one a key. */
const ASK_AFTER_MS = 250;
const SEARCHED_BY = ['name', 'township'];

export interface SearchHit {
  layerId: string;
  feature: Feature;
}

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

/**
 * How well a feature answers the query, best first: its name is the query, its name holds it, its
 * township does. A road is cut into segments, each named after it, so a township holds hundreds:
 * places and areas come before them at the same match.
 */
function rank(feature: Feature, query: string): number {
  const name = String(feature.get('name') ?? '');
  const match = name === query ? 0 : name.includes(query) ? 2 : 4;
  const type = feature.getGeometry()?.getType();
  return match + (type === 'LineString' || type === 'MultiLineString' ? 1 : 0);
}

/** Hits best first by rank, then by name with its numbers in order (第2段 before 第10段), the layers' order kept otherwise. */
function best(hits: SearchHit[], query: string): SearchHit[] {
  const ranked = hits.map((hit, order) => ({ hit, order, rank: rank(hit.feature, query) }));
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      String(a.hit.feature.get('name') ?? '').localeCompare(String(b.hit.feature.get('name') ?? ''), 'zh', {
        numeric: true,
      }) ||
      a.order - b.order,
  );
  return ranked.map((r) => r.hit);
}

/** Features of the layers holding them in the browser whose name or township contains the query, best first. */
function loadedHits(layers: Map<string, FeatureLayer>, query: string): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const [layerId, layer] of layers) {
    if (layerId === 'population' || isTiled(layer)) continue;
    for (const feature of layer.getSource()?.getFeatures() ?? []) {
      if (SEARCHED_BY.some((field) => String(feature.get(field) ?? '').includes(query))) {
        hits.push({ layerId, feature });
      }
    }
  }
  return best(hits, query).slice(0, MAX_RESULTS);
}

/**
 * Features of the tiled layers, which the browser does not hold, from the API's property filters.
 * Those match whole values: a feature is found by its full name or its township's.
 */
async function tiledHits(layers: Map<string, FeatureLayer>, query: string): Promise<SearchHit[]> {
  const asks = [...layers]
    .filter(([layerId, layer]) => layerId !== 'population' && isTiled(layer))
    .flatMap(([layerId]) =>
      SEARCHED_BY.map(async (field) => {
        const params = new URLSearchParams({ [field]: query, limit: String(MAX_RESULTS) });
        const found = await getJson<FeatureCollection>(`/collections/${layerId}/items?${params}`).catch(() => null);
        return (found?.features ?? []).map((f): SearchHit => ({ layerId, feature: format.readFeature(f) as Feature }));
      }),
    );
  const seen = new Set<string>();
  return (await Promise.all(asks)).flat().filter((hit) => {
    const key = `${hit.layerId}/${hit.feature.getId()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Finds features by name or township among the layers on the map: instantly, and offline, among
 * the features in the browser; through the API for the big layers drawn from tiles.
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
  const tiled = [...layers.values()].some(isTiled);
  /** The hits so far; `final` once nothing more is coming, when "none found" may be said. */
  const render = (hits: SearchHit[], final: boolean) => {
    list.replaceChildren();
    if (hits.length === 0) {
      list.hidden = !final;
      if (!final) return;
      const none = document.createElement('li');
      none.textContent = t('search.none');
      list.append(none);
      return;
    }
    list.hidden = false;
    for (const hit of hits.slice(0, MAX_RESULTS)) {
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
  let asked = 0;
  const show = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    if (!query) {
      list.replaceChildren();
      list.hidden = true;
      return;
    }
    const loaded = loadedHits(layers, query);
    render(loaded, !tiled || loaded.length >= MAX_RESULTS);
    if (!tiled || loaded.length >= MAX_RESULTS) return;
    await new Promise((resolve) => setTimeout(resolve, ASK_AFTER_MS));
    if (mine !== asked) return;
    const more = await tiledHits(layers, query);
    // A later keystroke has its own answer coming; this one is stale.
    if (mine === asked) render(best([...loaded, ...more], query), true);
  };
  input.addEventListener('input', () => void show());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') (list.querySelector('button') as HTMLButtonElement | null)?.click();
    if (event.key === 'Escape') list.hidden = true;
  });
}
