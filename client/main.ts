import type { Feature as GeoFeature } from 'geojson';
import type { FeatureLike, default as OlFeature } from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlMap from 'ol/Map.js';
import { fromLonLat } from 'ol/proj.js';
import type { Dataset } from '../catalog/datasets.ts';
import { isAreaLayer } from '../catalog/layers.ts';
import {
  type Collection,
  type FieldSchema,
  fetchCollections,
  fetchLanding,
  fetchSchema,
  getJson,
  session,
} from './api.ts';
import { setLanguage, t } from './i18n/index.ts';
import { type FeatureLayer, featureLayer, isTiled, tiledFor } from './layers/feature-layer.ts';
import { townshipNames } from './layers/labels.ts';
import { reload, showStored } from './layers/layer-sync.ts';
import { connectTiles, tiledLayer } from './layers/tiled-layer.ts';
import { addBasemap } from './map/basemap.ts';
import { createMap } from './map/create-map.ts';
import { createOverlay } from './map/overlay.ts';
import { addRelief } from './map/relief.ts';
import { centreAboveSheet } from './map/sheet-padding.ts';
import { readViewState, syncViewState, writeViewState } from './map/url-state.ts';
import { fitExtent } from './map/zoom-to.ts';
import { renderAddFeature } from './panels/add-feature.ts';
import { adminTool } from './panels/admin.ts';
import { viewshedButton } from './panels/camera-viewshed.ts';
import { cameraWhatIfButton } from './panels/camera-what-if.ts';
import { coverageTool } from './panels/coverage.ts';
import type { DistrictState, SetUpReport } from './panels/district-setup.ts';
import { createEditor, liveFields } from './panels/editor.ts';
import { exposureTool } from './panels/exposure.ts';
import { importTool } from './panels/import.ts';
import { incidentTool } from './panels/incident.ts';
import { keyboardAndList } from './panels/keyboard-and-list.ts';
import { renderLayerPanel, updateLayerCounts } from './panels/layer-panel.ts';
import { renderLegend } from './panels/legend.ts';
import { renderMeasure } from './panels/measure.ts';
import { renderPopup } from './panels/popup.ts';
import { publishTool } from './panels/publish.ts';
import { roadClosure } from './panels/road-closure.ts';
import { scorecardTool } from './panels/scorecard.ts';
import { renderSearch } from './panels/search.ts';
import { refreshSession, renderSignIn } from './panels/sign-in.ts';
import { sitingTool } from './panels/siting.ts';
import { situationTool } from './panels/situation.ts';
import { renderTools } from './panels/tools.ts';

/** Shown when the map opens unless the link says otherwise; the rest wait behind their switch. */
const VISIBLE_AT_START = [
  'admin_areas',
  'risk_zones',
  'forest_areas',
  'shelters',
  'depots',
  'teams',
  'fire_stations',
  'hazards',
];
/** Drawn bottom to top. */
const DRAW_ORDER = [
  'admin_areas',
  'forest_areas',
  'risk_zones',
  'roads',
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

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The bar's title: the district the store is set up for, and the demo's badge while it is the demo. */
function showDataset(dataset: Dataset | null): void {
  const title = t('app.title');
  element('title').querySelector('.brand')?.replaceChildren(title);
  element('district').textContent = dataset?.name ?? '';
  document.title = dataset ? `${title} — ${dataset.name}` : title;
  const badge = element('demo-badge');
  badge.hidden = !dataset?.demo;
  badge.textContent = t('demo.badge');
  badge.title = dataset?.note ?? '';
}

/** An administrator meets the district's set-up first while the store has no district of its own. */
async function isFirstRun(): Promise<boolean> {
  if (!session.can('admin')) return false;
  return getJson<DistrictState>('/district').then(
    (state) => !state.setUp,
    () => false,
  );
}

/** After a set-up: the title names the district, the map shows it, and every layer is read again. */
function districtFollower(map: OlMap, layers: Map<string, FeatureLayer>, refreshCounts: () => void) {
  return async (report: SetUpReport) => {
    fitExtent(map, report.district.extent);
    const [landing] = await Promise.all([fetchLanding(), ...[...layers.values()].map((layer) => reload(layer))]);
    showDataset(landing.dataset);
    refreshCounts();
    return landing.dataset;
  };
}

async function start() {
  const state = readViewState();
  setLanguage(state.lang);
  const lang = state.lang;
  element('lang').textContent = t('lang.switch');
  element('lang').addEventListener('click', () => {
    writeViewState({ ...state, lang: lang === 'zh' ? 'en' : 'zh' });
    window.location.reload();
  });
  await refreshSession();
  renderSignIn(element<HTMLButtonElement>('sign-in'));
  const panel = element('layers');
  element('layers-toggle').textContent = t('panel.toggle');
  element('layers-toggle').addEventListener('click', () => panel.classList.toggle('open'));

  const [landing, collections, firstRun] = await Promise.all([fetchLanding(), fetchCollections(), isFirstRun()]);
  let dataset = landing.dataset;
  showDataset(dataset);

  const district = collections.find((c) => c.id === 'admin_areas');
  const map = createMap('map', district?.extent.spatial.bbox[0] ?? [118.85, 25.39, 119.24, 25.76], state);
  addBasemap(map, landing.map ?? { basemap: 'none' });
  if (landing.map?.reviewNumber) {
    const review = element('review-number');
    review.textContent = landing.map.reviewNumber;
    review.hidden = false;
  }
  const format = new GeoJSON({ featureProjection: 'EPSG:3857' });
  const layers = new Map<string, FeatureLayer>();
  const byId = new Map<string, Collection>(collections.map((c) => [c.id, c]));
  const titleOf = (id: string) => byId.get(id)?.titles[lang] ?? id;
  const visibleAtStart = new Set(state.layers ?? VISIBLE_AT_START);

  const loading: Promise<void>[] = [];
  for (const id of DRAW_ORDER) {
    const collection = byId.get(id);
    if (!collection) continue;
    const visible = visibleAtStart.has(id);
    const layer = tiledFor(id, collection.featureCount) ? tiledLayer(id, { visible }) : featureLayer(id, { visible });
    layers.set(id, layer);
    map.addLayer(layer);
    if (id === 'admin_areas' && !isTiled(layer)) map.addLayer(townshipNames(layer));
    loading.push(isTiled(layer) ? connectTiles(layer) : reload(layer));
  }

  // The relief shades the area fills beneath the risk zones; the layers above it stay pure.
  const relief = addRelief(map, layers.get('risk_zones'));
  const visibleLayers = () => [...layers].filter(([, layer]) => layer.getVisible()).map(([id]) => id);
  const saveView = syncViewState(map, state, visibleLayers);
  for (const layer of layers.values()) layer.on('change:visible', saveView);

  renderLayerPanel(panel, collections, layers, lang);
  renderLegend(element('legend'));
  const measuring = renderMeasure(element('measure'), map);

  let adder: ReturnType<typeof renderAddFeature> | undefined;
  const schemas = new Map<string, Promise<Record<string, FieldSchema>>>();
  const schemaOf = (id: string) => {
    if (!schemas.has(id)) schemas.set(id, fetchSchema(id));
    return schemas.get(id) as Promise<Record<string, FieldSchema>>;
  };
  const popup = element('popup');
  const refreshCounts = () => void fetchCollections().then((fresh) => updateLayerCounts(panel, fresh));
  const editor = createEditor({ map, popup, layers, titleOf, schemaOf, stored: refreshCounts });
  const openFeature = (id: string, feature: FeatureLike) => {
    editor.close();
    return schemaOf(id).then((schema) => {
      const featureId = feature.getId();
      const liveOnly = !session.can('planner') && Object.keys(liveFields(schema)).length > 0;
      const edit =
        featureId !== undefined && (session.can('planner') || (liveOnly && session.can('responder')))
          ? () => editor.edit(id, String(featureId), { liveOnly })
          : undefined;
      renderPopup(popup, titleOf(id), feature, schema, edit);
      if (id === 'cameras' && featureId !== undefined && session.can('responder'))
        popup.append(
          viewshedButton(String(featureId), overlay),
          cameraWhatIfButton(String(featureId), (camera) => {
            popup.hidden = true;
            tools.show('coverage');
            coverage.adoptCamera(camera);
            // On a phone it may lie under the tool's sheet, where it could not be dragged.
            if (camera.geometry?.type === 'Point') sheet.bringIntoView(fromLonLat(camera.geometry.coordinates));
          }),
        );
      if (id === 'roads' && featureId !== undefined && session.can('responder')) {
        const name = String(feature.get('name') ?? featureId);
        popup.append(
          roadClosure(String(featureId), name, feature.get('status'), (road) => {
            const layer = layers.get('roads');
            if (layer) showStored(layer, String(featureId), road);
            openFeature('roads', format.readFeature(road) as OlFeature);
          }),
        );
      }
    });
  };
  if (session.can('planner')) {
    const adding = document.createElement('div');
    adding.className = 'add-feature';
    panel.append(adding);
    // Areas are drawn: the layers of areas alone.
    const areaLayers = collections.filter((c) => isAreaLayer(c.id)).map((c) => c.id);
    adder = renderAddFeature(adding, titleOf, areaLayers, editor.draw, (layerId, created) => {
      const layer = layers.get(layerId);
      layer?.setVisible(true);
      if (layer) showStored(layer, String(created.id), created);
      refreshCounts();
      void editor.edit(layerId, String(created.id));
    });
  }
  /** Zooms to a feature an analysis returned and opens it as the layer's own feature would open. */
  const show = (layerId: string, geojson: GeoFeature) => {
    const feature = format.readFeature(geojson) as OlFeature;
    const extent = feature.getGeometry()?.getExtent();
    if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: [80, 80, 80, 80] });
    openFeature(layerId, feature);
  };
  renderSearch(element<HTMLInputElement>('search'), element('search-results'), map, layers, titleOf, (hit) =>
    openFeature(hit.layerId, hit.feature),
  );

  const overlay = createOverlay(map);
  /** After an import or a promotion the layer is read again, so the map shows what is stored. */
  const reloadLayer = (id: string) => {
    const layer = layers.get(id);
    layer?.setVisible(true);
    if (layer) void reload(layer);
    refreshCounts();
  };
  /** An alert or a dispatched resource opens on its layer, switched on if it was off. */
  const showOn = (layerId: string, geojson: GeoFeature) => {
    layers.get(layerId)?.setVisible(true);
    show(layerId, geojson);
  };
  const situation = session.can('responder')
    ? situationTool({
        overlay,
        titleOf,
        show: showOn,
        opened: (id) => {
          state.incident = id;
          writeViewState(state);
        },
        focus: (at) => map.getView().animate({ center: fromLonLat(at), duration: 300 }),
      })
    : undefined;
  const incident = incidentTool({ map, overlay, titleOf });
  const showLayer = (layerId: string) => layers.get(layerId)?.setVisible(true);
  const coverage = coverageTool({ map, showLayer, overlay, titleOf, schemaOf, promoted: reloadLayer });
  const scorecard = scorecardTool({ overlay, titleOf, schemaOf, promoted: reloadLayer });
  const publish = session.can('planner')
    ? [publishTool({ map, overlay, district: () => dataset?.name ?? '', titleOf, schemaOf })]
    : [];
  const follow = districtFollower(map, layers, refreshCounts);
  const setUp = async (report: SetUpReport) => {
    dataset = await follow(report);
  };
  // A link that names a tool opens that tool as it is; the first run opens the set-up only on a plain link.
  const firstView = firstRun && !state.tool ? 'district' : undefined;
  const admin = session.can('admin')
    ? [adminTool({ map, overlay, collections, titleOf, schemaOf, setUp, firstView })]
    : [];
  const list = keyboardAndList({
    map,
    layers,
    popup,
    titleOf,
    schemaOf,
    // A tile's feature is fetched whole first, as a click fetches it.
    open: (layerId, feature) => wholeFeature(layerId, feature).then((whole) => openFeature(layerId, whole)),
    close: () => {
      editor.close();
      popup.hidden = true;
    },
  });
  const tools = renderTools(
    element('tools'),
    [
      list,
      ...(situation ? [situation] : []),
      incident,
      coverage,
      scorecard,
      exposureTool({ map, overlay }),
      sitingTool({ map, overlay, schemaOf }),
      importTool(map, overlay, collections, reloadLayer),
      ...publish,
      ...admin,
    ],
    // A link to an incident opens it in the situation panel; an administrator's first run, the set-up.
    situation && state.incident ? 'situation' : (state.tool ?? (firstRun ? 'admin' : undefined)),
    (tool) => {
      state.tool = tool;
      writeViewState(state);
    },
  );

  const sheet = centreAboveSheet(map, element('tools'));
  if (situation && state.incident) void situation.openIncident(state.incident);

  /** A tile's feature carries the public fields, lists as text: a popup shows the whole stored feature. */
  const wholeFeature = async (layerId: string, feature: FeatureLike): Promise<FeatureLike> => {
    const layer = layers.get(layerId);
    if (!layer || !isTiled(layer)) return feature;
    return format.readFeature(
      await getJson<GeoFeature>(`/collections/${layerId}/items/${feature.getId()}`),
    ) as OlFeature;
  };
  let clicks = 0;
  map.on('singleclick', (event) => {
    if (measuring() || editor.busy()) return;
    if (adder?.armed()) {
      void adder.place(event.coordinate);
      return;
    }
    if (tools.active() === 'situation' && situation?.click(event.coordinate)) return;
    if (tools.active() === 'incident' && incident.click(event.coordinate)) return;
    if (tools.active() === 'coverage' && coverage.click(event.coordinate)) return;
    if (tools.active() === 'scorecard' && scorecard.click(event.coordinate)) return;
    const hit = map.forEachFeatureAtPixel(
      event.pixel,
      (feature, layer) => ({ feature, id: layer?.get('id') as string }),
      {
        layerFilter: (layer) => Boolean(layer.get('id')) && !['admin_areas', 'analysis'].includes(layer.get('id')),
        hitTolerance: 4,
      },
    );
    const click = ++clicks;
    if (!hit) {
      popup.hidden = true;
      return;
    }
    // A density cell of a full tile is many features: a click zooms in towards them.
    if (hit.feature.get('count') !== undefined) {
      const view = map.getView();
      view.animate({ center: event.coordinate, zoom: (view.getZoom() ?? 10) + 2, duration: 300 });
      return;
    }
    // Only the last click opens its feature, however long an earlier one took to fetch.
    void wholeFeature(hit.id, hit.feature).then(
      (feature) => {
        if (click === clicks) void openFeature(hit.id, feature);
      },
      () => {
        popup.hidden = true;
      },
    );
  });

  // Tests and embedders wait on this rather than on a clock: every layer loaded and drawn.
  const ready = Promise.all(loading).then(
    () =>
      new Promise<void>((resolve) => {
        map.once('rendercomplete', () => resolve());
        map.render();
      }),
  );
  (window as unknown as { onemap: unknown }).onemap = { map, layers, ready, relief };
}

start().catch((error) => {
  element('title').textContent = `${t('app.title')} — ${t('app.loadFailed')}: ${error.message}`;
});
