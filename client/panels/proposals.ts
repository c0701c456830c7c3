import type { FeatureCollection, Feature as GeoFeature } from 'geojson';
import { toLonLat } from 'ol/proj.js';
import { ApiError, postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button } from './form.ts';

/** What a dropped, unsaved feature of each layer looks like: typical values a planner then refines. */
const DEFAULTS = {
  shelters: {
    name: '拟建避难场所',
    kind: 'fixed',
    level: 'township',
    grade: 'B',
    status: 'open',
    effective_area_m2: 5000,
    capacity: 2500,
    free_places: 2500,
  },
  cameras: {
    name: '拟建视频监控点',
    kind: 'thermal_dual',
    status: 'existing',
    range_m: 5000,
    fov_deg: 360,
    heading_deg: 0,
    mast_height_m: 30,
  },
  broadcast_terminals: { name: '拟建应急广播', kind: 'loudspeaker', status: 'existing', range_m: 500 },
  fire_stations: { name: '拟建消防站', kind: 'government', status: 'existing' },
};

export type ProposableLayer = keyof typeof DEFAULTS;
export const PROPOSABLE_LAYERS = Object.keys(DEFAULTS) as ProposableLayer[];

/** The `proposed` member of an analysis request: the unsaved features by layer. */
export type ProposedBody = Partial<Record<ProposableLayer, FeatureCollection>>;

interface Options {
  /** The layer the next click proposes into. */
  kind: () => ProposableLayer;
  /** After a drop, a clear or a save: the tool computes its figures again. */
  changed: () => void;
  /** Proposals were stored as features of this layer, so the map can show them as such. */
  saved: (layerId: ProposableLayer) => void;
}

/**
 * Proposed, unsaved features dropped on the map: the what-if of the coverage and scorecard tools. A
 * bar of buttons arms dropping, clears the proposals, and lets a signed-in planner store them as
 * real features; nothing is written before that.
 */
export function createProposals({ kind, changed, saved }: Options) {
  const proposed = new Map<ProposableLayer, GeoFeature[]>();
  let dropping = false;
  const drop = button(t('whatif.drop'), 'secondary');
  const keep = button(t('whatif.save'), 'secondary');
  const discard = button(t('whatif.clear'), 'secondary');
  const message = document.createElement('p');
  message.className = 'form-message whatif-message';
  const say = (text: string, ok = false) => {
    message.textContent = text;
    message.classList.toggle('ok', ok);
  };
  const bar = document.createElement('div');
  bar.className = 'whatif';
  bar.append(drop, keep, discard, message);

  const all = () => [...proposed.values()].flat();
  const update = () => {
    drop.setAttribute('aria-pressed', String(dropping));
    keep.hidden = all().length === 0 || !session.can('planner');
    discard.hidden = all().length === 0;
  };
  const clear = () => {
    proposed.clear();
    say('');
    update();
  };
  drop.addEventListener('click', () => {
    dropping = !dropping;
    update();
  });
  discard.addEventListener('click', () => {
    clear();
    changed();
  });
  keep.addEventListener('click', async () => {
    try {
      for (const [layerId, features] of proposed) {
        // Stored as planned: a plan until built, never a place a responder or the public is sent to.
        const stored = features.map((f) => ({ ...f, properties: { ...f.properties, status: 'planned' } }));
        await postJson(`/collections/${layerId}/items`, { type: 'FeatureCollection', features: stored });
        proposed.delete(layerId);
        saved(layerId);
      }
      say(t('whatif.saved'), true);
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error));
    }
    update();
    changed();
  });
  update();

  return {
    bar,
    count: () => all().length,
    /** Every proposal, for drawing on the map. */
    features: (): FeatureCollection => ({ type: 'FeatureCollection', features: all() }),
    /** The request's `proposed`, or undefined when there is nothing to compare. */
    body(): ProposedBody | undefined {
      if (proposed.size === 0) return undefined;
      return Object.fromEntries(
        [...proposed].map(([layerId, features]) => [layerId, { type: 'FeatureCollection', features }]),
      );
    },
    clear,
    /** The tool closed: the next click on the map is the map's again. */
    disarm() {
      dropping = false;
      update();
    },
    /** While dropping, a click on the map proposes a feature there; false when the click is not ours. */
    click(coordinate: number[]): boolean {
      if (!dropping) return false;
      const layerId = kind();
      const [lon, lat] = toLonLat(coordinate).map((v) => Number(v.toFixed(6)));
      const list = proposed.get(layerId) ?? [];
      list.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { ...DEFAULTS[layerId] },
      });
      proposed.set(layerId, list);
      say('');
      update();
      changed();
      return true;
    },
  };
}
