import type { Feature as GeoFeature } from 'geojson';
import { toLonLat } from 'ol/proj.js';
import { type FieldSchema, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { newId, type Proposals } from '../scenarios.ts';
import { button } from './form.ts';
import { proposalForm } from './proposal-form.ts';
import { scenarioBar } from './scenario-bar.ts';

/**
 * What a dropped proposal of each layer looks like: typical values a planner then refines. No status:
 * a proposal is measured as built, and given its status only when it is promoted.
 */
const DEFAULTS = {
  shelters: {
    name: '拟建避难场所',
    kind: 'fixed',
    level: 'township',
    grade: 'B',
    effective_area_m2: 5000,
    capacity: 2500,
    // Built to the standard (规范化建设), as a new site would be.
    standardised: true,
  },
  cameras: {
    name: '拟建视频监控点',
    kind: 'thermal_dual',
    range_m: 5000,
    fov_deg: 360,
    heading_deg: 0,
    mast_height_m: 30,
  },
  broadcast_terminals: { name: '拟建应急广播', kind: 'loudspeaker', range_m: 500 },
  fire_stations: { name: '拟建消防站', kind: 'government' },
};

export type ProposableLayer = keyof typeof DEFAULTS;
export const PROPOSABLE_LAYERS = Object.keys(DEFAULTS) as ProposableLayer[];

/** The `proposed` member of an analysis request: the proposals by layer. */
export type ProposedBody = Proposals;

/** What the coverage and scorecard tools are built with. */
export interface AnalysisToolOptions {
  overlay: Overlay;
  titleOf: (layerId: string) => string;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
  /** A proposal was promoted to a feature of this layer: the map reads the layer again. */
  promoted: (layerId: string) => void;
}

export interface ProposalsOptions {
  /** Makes the inputs' ids unique among the tools. */
  idPrefix: string;
  /** The layer the next click proposes into. */
  kind: () => ProposableLayer;
  /** After a drop, an edit, a clear or a scenario opened: the tool computes its figures again. */
  changed: () => void;
  /** A proposal was promoted to a feature of this layer, so the map can show it as stored. */
  promoted: (layerId: string) => void;
  /** Where the proposals are drawn, and found again under a click. */
  overlay: Overlay;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
  titleOf: (layerId: string) => string;
}

/**
 * Proposed facilities on the map: the what-if of the coverage and scorecard tools. Dropped by a click,
 * edited in a small form (click one), and — for staff — saved as a scenario, opened again later, and
 * promoted one by one to features once built. Nothing reaches a layer before a promotion.
 */
export function createProposals(options: ProposalsOptions) {
  const proposed = new Map<string, GeoFeature[]>();
  let selected: string | undefined;
  let dropping = false;
  const drop = button(t('whatif.drop'), 'secondary');
  const discard = button(t('whatif.clear'), 'secondary');
  const bar = document.createElement('div');
  bar.className = 'whatif';
  bar.append(drop, discard);

  const all = () => [...proposed].flatMap(([layer, features]) => features.map((feature) => ({ layer, feature })));
  const find = (id: string) => all().find((p) => p.feature.id === id);
  const update = () => {
    // How many proposals there are, for anyone waiting on a drop to land (tests among them).
    bar.dataset.count = String(all().length);
    drop.setAttribute('aria-pressed', String(dropping));
    discard.hidden = all().length === 0;
  };

  const form = proposalForm({
    idPrefix: options.idPrefix,
    schemaOf: options.schemaOf,
    titleOf: options.titleOf,
    apply(id, properties) {
      const found = find(id);
      if (!found) return;
      found.feature.properties = { ...found.feature.properties, ...properties };
      edited();
    },
    remove(id) {
      for (const [layer, features] of proposed)
        proposed.set(
          layer,
          features.filter((f) => f.id !== id),
        );
      select(undefined);
      edited();
    },
    close: () => select(undefined),
    promoteBlock: () => scenario?.promoteBlock(),
    async promote(id, planned) {
      const layer = find(id)?.layer;
      await scenario?.promote(id, planned);
      if (layer) options.promoted(layer);
    },
  });

  const scenario = session.can('responder')
    ? scenarioBar({
        idPrefix: options.idPrefix,
        proposals: () => body() ?? {},
        count: () => all().length,
        load(proposals) {
          replace(proposals);
          options.changed();
        },
        changed: () => form.refresh(),
      })
    : undefined;

  const element = document.createElement('div');
  element.className = 'proposals';
  element.append(bar, ...(scenario ? [scenario.element] : []), form.element);

  function select(id: string | undefined) {
    selected = id;
    const found = id === undefined ? undefined : find(id);
    if (found) void form.show(found.layer, found.feature);
    else form.hide();
    draw();
  }
  /** The proposals on the map, labelled by name, the one being edited filled in. */
  function draw() {
    options.overlay.replace(
      {
        type: 'FeatureCollection',
        features: all().map(({ layer, feature }) => ({
          ...feature,
          properties: {
            ...feature.properties,
            layer,
            label: feature.properties?.name,
            selected: feature.id === selected,
          },
        })),
      },
      'proposed',
    );
  }
  function replace(proposals: Proposals) {
    proposed.clear();
    for (const [layer, collection] of Object.entries(proposals)) proposed.set(layer, [...collection.features]);
    select(undefined);
    update();
  }
  /** A change by hand: the open scenario needs saving, and the figures are computed again. */
  function edited() {
    scenario?.edited();
    update();
    options.changed();
  }
  /** A proposal dragged to a new place: measured there. */
  function moved(id: string, lonLat: [number, number]) {
    const found = find(id);
    if (!found) return;
    found.feature.geometry = { type: 'Point', coordinates: lonLat };
    edited();
  }
  function body(): ProposedBody | undefined {
    const layers = [...proposed].filter(([, features]) => features.length > 0);
    if (layers.length === 0) return undefined;
    return Object.fromEntries(layers.map(([layer, features]) => [layer, { type: 'FeatureCollection', features }]));
  }

  drop.addEventListener('click', () => {
    dropping = !dropping;
    update();
  });
  discard.addEventListener('click', () => {
    if (scenario) scenario.close();
    else replace({});
    options.changed();
  });
  update();

  return {
    element,
    count: () => all().length,
    /** Draws the proposals on the map again (after the tool cleared it). */
    draw,
    /** The request's `proposed`, or undefined when there is nothing to compare. */
    body,
    /** The tool opened (again): the saved scenarios are read afresh, and a dragged proposal is this tool's. */
    refresh() {
      options.overlay.movable('proposed', moved);
      return scenario?.refresh();
    },
    /**
     * A stored feature taken into the what-if as it is (its own id, so it stands in for the stored one),
     * to be dragged or edited: nothing is written unless a scenario is saved and promoted.
     */
    adopt(layer: ProposableLayer, feature: GeoFeature) {
      const list = (proposed.get(layer) ?? []).filter((f) => f.id !== feature.id);
      list.push({ type: 'Feature', id: feature.id, geometry: feature.geometry, properties: { ...feature.properties } });
      proposed.set(layer, list);
      edited();
      select(String(feature.id));
    },
    /** The saved scenario open in the what-if, if any. */
    scenarioId: () => scenario?.current(),
    /** The tool closed: the next click on the map is the map's again. */
    disarm() {
      dropping = false;
      update();
    },
    /** A click on a proposal edits it; while dropping, a click elsewhere proposes a feature there. */
    click(coordinate: number[]): boolean {
      const hit = options.overlay.hit(coordinate, 'proposed');
      if (hit && find(hit)) {
        select(hit);
        return true;
      }
      if (!dropping) return false;
      const layer = options.kind();
      const [lon, lat] = toLonLat(coordinate).map((v) => Number(v.toFixed(6)));
      const list = proposed.get(layer) ?? [];
      const defaults = DEFAULTS[layer];
      list.push({
        type: 'Feature',
        id: newId(),
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { ...defaults, name: `${defaults.name}${list.length + 1}` },
      });
      proposed.set(layer, list);
      edited();
      return true;
    },
  };
}
