import type { Coordinate } from 'ol/coordinate.js';
import { boundingExtent } from 'ol/extent.js';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import type { Publication } from '../../catalog/publications.ts';
import { clearOfCorner, legendCorner } from '../map/legend-corner.ts';
import {
  fetchBoundaries,
  fetchLanding,
  fetchLive,
  fetchPublications,
  fetchPublishedLayer,
  type Landing,
} from './api.ts';
import { downloadLinks, embedPanel, embedSnippet } from './downloads.ts';
import { keyboardAndList } from './in-view.ts';
import { renderLegend } from './legend.ts';
import { applyLive, createPublicMap, homeExtent, replaceFeatures } from './map.ts';
import { type Masthead, renderFixtures, renderNothingPublished, renderVersion } from './masthead.ts';
import { nearestPanel } from './nearest-panel.ts';
import { createSheet } from './sheet.ts';
import { shelterCard } from './shelter-card.ts';
import { type MessageKey, setLanguage, t } from './strings.ts';
import { publicQuery, pushPublicState, readPublicState } from './url.ts';
import { versionList } from './versions.ts';

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function labelButtons(ids: Record<string, MessageKey>) {
  for (const [id, key] of Object.entries(ids)) element(id).textContent = t(key);
}

/** Adds an online basemap only when the bureau configured one; its code is fetched only then. */
async function addConfiguredBasemap(map: import('ol/Map.js').default, settings: Landing['map']) {
  if (!settings || settings.basemap === 'none') return;
  const { addBasemap } = await import('../map/basemap.ts');
  addBasemap(map, settings);
}

async function start() {
  const state = readPublicState();
  setLanguage(state.lang);
  document.body.classList.toggle('embed', state.embed);
  labelButtons({
    lang: 'lang.switch',
    'open-nearest': 'nearest.open',
    'open-versions': 'versions.title',
    'open-downloads': 'downloads.title',
    'open-embed': 'embed.title',
    'open-list': 'list.open',
  });
  const masthead: Masthead = {
    title: element('title'),
    version: element('version'),
    demo: element('demo'),
    notice: element('notice'),
    reviewNumber: element('review-number'),
  };
  masthead.title.textContent = t('app.title');
  element('lang').lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  const stage = createPublicMap(element('map'), {
    label: t('map.label'),
    zoomIn: t('map.zoomIn'),
    zoomOut: t('map.zoomOut'),
  });
  const { map } = stage;
  renderLegend(element('legend'));
  const sheet = createSheet(element('sheet'));

  const [landing, boundaries, publications] = await Promise.all([
    fetchLanding(),
    fetchBoundaries(),
    fetchPublications(),
  ]);
  renderFixtures(masthead, landing);
  void addConfiguredBasemap(map, landing.map);
  replaceFeatures(stage.boundaries, boundaries);

  const latest = publications.find((p) => !p.withdrawn_at);
  let shown: Publication | undefined;

  const fitHome = () => {
    const extent = homeExtent(stage);
    map.updateSize();
    // The legend sits over the bottom of the map; the district should not sit under it.
    const legend = element('legend').offsetHeight;
    if (extent) map.getView().fit(extent, { padding: [12, 12, legend + 12, 12] });
  };
  /** The places last brought into view, brought again while the sheet grows, until the map is touched. */
  let kept: Coordinate[] | undefined;
  /**
   * Brings places into view clear of the sheet: one is centred above it, several are fitted clear of
   * the legend too, which on a phone stands above the sheet.
   */
  const reveal = (coordinates: Coordinate[]) => {
    kept = coordinates;
    const view = map.getView();
    const size = map.getSize();
    const covered = sheet.height();
    if (coordinates.length === 1 && size) {
      view.centerOn(coordinates[0], size, [size[0] / 2, Math.max(40, (size[1] - covered) / 2)]);
      return;
    }
    const phone = window.matchMedia('(max-width: 699px)').matches;
    const legend = legendCorner(element('map'), element('legend'), phone ? covered + 8 : 0);
    // Room below the legend for the found shelter's ring and the line of its name under it.
    const padding = clearOfCorner([48, 48, covered + 24, 48], size ?? [0, 0], legend, 36);
    view.fit(boundingExtent(coordinates), { padding, maxZoom: 15, duration: 300 });
  };
  // An answer grows the sheet after it was fitted (the walk arrives later): fit it again above the sheet.
  new ResizeObserver(() => {
    if (!sheet.showing()) kept = undefined;
    else if (kept) reveal(kept);
  }).observe(element('sheet'));
  for (const type of ['pointerdown', 'wheel', 'keydown']) {
    map.getViewport()?.addEventListener(type, () => {
      kept = undefined;
    });
  }

  async function refreshLive() {
    if (shown) applyLive(stage.shelters, await fetchLive(shown.version));
  }

  /** Loads a version's layers and its live status; the latest when none is asked for. */
  async function show(version: number | undefined) {
    const asked = version === undefined ? latest : publications.find((p) => p.version === version);
    const publication = asked ?? latest;
    if (!publication) {
      renderNothingPublished(masthead, element('nothing'));
      document.body.classList.add('nothing-published');
      return;
    }
    const [zones, shelters, live] = await Promise.all([
      fetchPublishedLayer(publication.version, 'risk_zones'),
      fetchPublishedLayer(publication.version, 'shelters'),
      fetchLive(publication.version),
    ]);
    shown = publication;
    replaceFeatures(stage.zones, zones);
    replaceFeatures(stage.shelters, shelters);
    applyLive(stage.shelters, live);
    stage.marks.clear();
    sheet.close();
    renderVersion(masthead, publication, latest, () => select(undefined), asked ? undefined : version);
  }

  function select(version: number | undefined) {
    state.version = version;
    pushPublicState(state);
    void show(version);
  }

  await show(state.version);
  fitHome();

  const nearest = nearestPanel({ sheet, shelters: stage.shelters, marks: stage.marks, refreshLive, reveal });
  element('open-nearest').addEventListener('click', () => nearest.open());
  element('open-versions').addEventListener('click', () =>
    sheet.show(
      'versions',
      t('versions.title'),
      versionList(publications, shown?.version ?? 0, (v) => publicQuery({ ...state, version: v }), select),
    ),
  );
  element('open-downloads').addEventListener('click', () => {
    if (shown) sheet.show('downloads', t('downloads.title'), downloadLinks(shown.version));
  });
  element('open-embed').addEventListener('click', () => {
    const page = `${window.location.origin}${window.location.pathname}`;
    sheet.show('embed', t('embed.title'), embedPanel(embedSnippet(page, shown?.title ?? t('app.title'))));
  });
  element('lang').addEventListener('click', () => {
    window.location.search = publicQuery({ ...state, lang: state.lang === 'zh' ? 'en' : 'zh' });
  });
  window.addEventListener('popstate', () => {
    Object.assign(state, readPublicState());
    void show(state.version);
  });

  const clearSelection = () => {
    for (const mark of stage.marks.getFeatures()) if (mark.get('mark') === 'selected') stage.marks.removeFeature(mark);
  };
  /** A shelter's card in the sheet, the shelter ringed and brought clear of the sheet. */
  const openShelter = (hit: Feature) => {
    sheet.show('shelter', String(hit.get('name') ?? ''), shelterCard(hit), clearSelection);
    const at = (hit.getGeometry() as Point).getCoordinates();
    stage.marks.addFeature(new Feature({ geometry: new Point(at), mark: 'selected' }));
    const height = map.getSize()?.[1] ?? 0;
    if (map.getPixelFromCoordinate(at)[1] > height - sheet.height() - 24) reveal([at]);
  };
  /** A tap on a shelter opens its card (a finger is wide: 10 px either way counts); elsewhere closes it. */
  const openShelterAt = (pixel: number[]) => {
    const hit = map.forEachFeatureAtPixel(pixel, (feature) => feature as Feature, {
      layerFilter: (layer) => layer.getSource() === stage.shelters,
      hitTolerance: 10,
    });
    if (hit) openShelter(hit);
    else if (sheet.showing() === 'shelter') sheet.close();
  };
  keyboardAndList({
    stage,
    sheet,
    openShelter,
    reveal: (at) => reveal([at]),
    listButton: element<HTMLButtonElement>('open-list'),
  });
  map.on('singleclick', (event) => {
    if (!nearest.tap(event.coordinate)) openShelterAt(event.pixel);
  });

  // Tests and embedders wait on this rather than on a clock: the version loaded and drawn.
  const ready = new Promise<void>((resolve) => {
    map.once('rendercomplete', () => resolve());
    map.render();
  });
  (window as unknown as { onemap: unknown }).onemap = { map, ready };
}

start().catch((error: Error) => {
  const message = element('nothing');
  message.replaceChildren(t('app.loadFailed'));
  message.hidden = false;
  console.error(error);
});
