import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { type Collection, fetchAllItems, fetchCollections, fetchLanding, fetchSchema } from './api.ts';
import { t } from './i18n/index.ts';
import { styleFor } from './layers/styles.ts';
import { createMap } from './map/create-map.ts';
import { renderLayerPanel } from './panels/layer-panel.ts';
import { renderLegend } from './panels/legend.ts';
import { renderPopup } from './panels/popup.ts';

/** Shown when the map opens; the rest wait behind their switch. */
const VISIBLE_AT_START = new Set([
  'admin_areas',
  'risk_zones',
  'forest_areas',
  'shelters',
  'depots',
  'teams',
  'fire_stations',
  'hazards',
]);
/** Drawn bottom to top. */
const DRAW_ORDER = [
  'admin_areas',
  'forest_areas',
  'risk_zones',
  'population',
  'broadcast_terminals',
  'weather_stations',
  'protected_targets',
  'enterprise_risks',
  'hazards',
  'cameras',
  'shelters',
  'depots',
  'teams',
  'fire_stations',
];

const element = (id: string) => document.getElementById(id) as HTMLElement;

async function start() {
  const [landing, collections] = await Promise.all([fetchLanding(), fetchCollections()]);
  if (landing.dataset) element('title').textContent = `OneMap 应急一张图 — ${landing.dataset.name}`;
  if (landing.dataset?.demo) {
    const badge = element('demo-badge');
    badge.hidden = false;
    badge.textContent = t('demo.badge');
    badge.title = landing.dataset.note ?? '';
  }

  const district = collections.find((c) => c.id === 'admin_areas');
  const map = createMap('map', district?.extent.spatial.bbox[0] ?? [118.85, 25.39, 119.24, 25.76]);
  const format = new GeoJSON({ featureProjection: 'EPSG:3857' });
  const layers = new Map<string, VectorLayer>();
  const byId = new Map<string, Collection>(collections.map((c) => [c.id, c]));

  const loading: Promise<void>[] = [];
  for (const id of DRAW_ORDER) {
    if (!byId.has(id)) continue;
    const source = new VectorSource();
    const layer = new VectorLayer({
      source,
      style: styleFor(id),
      visible: VISIBLE_AT_START.has(id),
      properties: { id },
    });
    layers.set(id, layer);
    map.addLayer(layer);
    loading.push(fetchAllItems(id).then((collection) => source.addFeatures(format.readFeatures(collection))));
  }

  renderLayerPanel(element('layers'), collections, layers);
  renderLegend(element('legend'));

  const schemas = new Map<string, Promise<Awaited<ReturnType<typeof fetchSchema>>>>();
  map.on('singleclick', (event) => {
    const hit = map.forEachFeatureAtPixel(
      event.pixel,
      (feature, layer) => ({ feature, id: layer.get('id') as string }),
      { layerFilter: (layer) => layer.get('id') !== 'admin_areas', hitTolerance: 4 },
    );
    const popup = element('popup');
    if (!hit) {
      popup.hidden = true;
      return;
    }
    if (!schemas.has(hit.id)) schemas.set(hit.id, fetchSchema(hit.id));
    schemas
      .get(hit.id)
      ?.then((schema) => renderPopup(popup, byId.get(hit.id)?.titles.zh ?? hit.id, hit.feature, schema));
  });

  // Tests and embedders wait on this rather than on a clock: every layer loaded and drawn.
  const ready = Promise.all(loading).then(
    () =>
      new Promise<void>((resolve) => {
        map.once('rendercomplete', () => resolve());
        map.render();
      }),
  );
  (window as unknown as { onemap: unknown }).onemap = { map, layers, ready };
}

start().catch((error) => {
  element('title').textContent = `OneMap 应急一张图 — 加载失败: ${error.message}`;
});
