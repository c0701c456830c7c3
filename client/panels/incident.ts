import type { Feature as GeoFeature, LineString, Point } from 'geojson';
import Feature from 'ol/Feature.js';
import { circular } from 'ol/geom/Polygon.js';
import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import { navigationLinks } from '../../catalog/navigation.ts';
import { ApiError, getJson, postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { field, formatDistance, list } from './form.ts';
import { fill, type IncidentRecord, newIncidentForm } from './incident-record.ts';

interface Ranked {
  id: string;
  name: string;
  township: string | null;
  /** Along the roads when the answer is by road; in a straight line otherwise. */
  distance_m: number;
  bearing_deg: number;
  feature: GeoFeature;
  lacking?: { item: string; short: number }[];
  duration_s?: number;
  route?: LineString;
}

interface Unreached {
  id: string;
  name: string;
  township: string | null;
  straight_m: number;
  feature: GeoFeature;
}

interface NearestAnswer {
  layer: string;
  method: 'road' | 'straight';
  /** Why a road answer could not be given, or gave nothing: `no_roads`, `all_roads_closed`. */
  reason?: string;
  travel?: 'to' | 'from';
  results: Ranked[];
  partial?: Ranked[];
  unreachable?: Unreached[];
}

interface AroundItem {
  feature: GeoFeature;
  distanceM: number;
  inside: boolean;
}

interface AroundAnswer {
  counts: Record<string, number>;
  residents: number;
  groups: Record<string, Record<string, { count: number; items: AroundItem[] }>>;
}

export interface IncidentContext {
  map: OlMap;
  overlay: Overlay;
  titleOf(layerId: string): string;
  /** Zooms to a feature of a layer and opens its popup. */
  show(layerId: string, feature: GeoFeature): void;
}

const SPECIALTIES = ['water_rescue', 'mountain', 'hazmat', 'forest_fire', 'earthquake', 'collapse', 'flood', 'medical'];

/**
 * The duty officer's tool: pin an incident (a click, or typed coordinates), see what is around it,
 * and rank the nearest resources for a stated need, with a line to each on the map.
 */
export function incidentTool(ctx: IncidentContext) {
  let at: [number, number] | undefined;
  let panel: HTMLElement | undefined;

  const lon = field('number', 'incident-lon', t('incident.lon'), { step: 'any' });
  const lat = field('number', 'incident-lat', t('incident.lat'), { step: 'any' });
  const radius = field('select', 'incident-radius', t('incident.radius'), {}, ['1', '3', '5', '10']);
  (radius.input as HTMLSelectElement).value = '3';
  const layer = field('select', 'incident-layer', t('incident.need'), {}, [
    'depots',
    'teams',
    'shelters',
    'fire_stations',
  ]);
  const item = field('text', 'incident-item', t('incident.item'), { placeholder: '帐篷' });
  const quantity = field('number', 'incident-quantity', t('incident.quantity'), { min: '1', value: '100' });
  const specialty = field('select', 'incident-specialty', t('incident.specialty'), {}, ['', ...SPECIALTIES]);
  const free = field('number', 'incident-free', t('incident.free'), { min: '1' });
  // By road unless asked otherwise: with no roads the server answers in a straight line and says so.
  const by = field('select', 'incident-by', t('incident.by'), {}, ['road', 'straight']);
  for (const option of (by.input as HTMLSelectElement).options)
    option.textContent = t(option.value === 'road' ? 'incident.byRoad' : 'incident.byStraight');
  const status = document.createElement('p');
  status.className = 'tool-status';
  const results = document.createElement('div');
  results.className = 'tool-results';

  for (const option of (layer.input as HTMLSelectElement).options) option.textContent = ctx.titleOf(option.value);
  for (const option of (specialty.input as HTMLSelectElement).options) {
    option.textContent = option.value ? t(`specialty.${option.value}`) : '—';
  }
  const showNeedFields = () => {
    const kind = (layer.input as HTMLSelectElement).value;
    item.label.hidden = quantity.label.hidden = kind !== 'depots';
    specialty.label.hidden = kind !== 'teams';
    free.label.hidden = kind !== 'shelters';
  };
  layer.input.addEventListener('change', showNeedFields);
  showNeedFields();

  const need = () => {
    const kind = (layer.input as HTMLSelectElement).value;
    const body: Record<string, unknown> = { layer: kind, k: 5, by: (by.input as HTMLSelectElement).value };
    const itemName = (item.input as HTMLInputElement).value.trim();
    if (kind === 'depots' && itemName) {
      body.items = [{ item: itemName, quantity: Number((quantity.input as HTMLInputElement).value || 1) }];
    }
    const wanted = (specialty.input as HTMLSelectElement).value;
    if (kind === 'teams' && wanted) body.specialties = [wanted];
    const places = Number((free.input as HTMLInputElement).value);
    if (kind === 'shelters' && places > 0) body.free_places = places;
    return body;
  };

  // Only the latest request of an open tool may draw: answers can arrive out of order.
  let latest = 0;
  let open = false;

  async function run() {
    const ticket = ++latest;
    if (!at) {
      status.textContent = t('incident.pick');
      return;
    }
    const here = at;
    status.textContent = t('tool.working');
    results.replaceChildren();
    const km = Number((radius.input as HTMLSelectElement).value);
    try {
      const [around, nearest] = await Promise.all([
        postJson<AroundAnswer>('/analysis/around', { at, radius_km: km }),
        postJson<NearestAnswer>('/analysis/nearest', {
          from: at,
          ...need(),
        }),
      ]);
      if (ticket !== latest || !open) return;
      status.textContent = '';
      ctx.overlay.clear();
      const ring = circular(here, km * 1000, 96).transform('EPSG:4326', 'EPSG:3857');
      ctx.overlay.source.addFeature(new Feature({ geometry: ring, role: 'radius' }));
      ctx.overlay.add({ type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: {} }, 'incident');
      results.append(nearestList(here, nearest), aroundSummary(around, km));
      if (session.can('responder')) {
        const seen = {
          around: { kind: 'around', request: { at: here, radius_km: km }, result: around },
          nearest: { kind: 'nearest', request: { from: here, ...need() }, result: nearest },
        };
        results.prepend(recordActions(here, seen));
      }
      drawNearest(here, nearest);
    } catch (error) {
      if (ticket === latest) status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  /**
   * Staff keep what they saw: as a new incident at this place, or attached to an open one, each
   * answer an assessment (研判) entry holding it exactly as shown.
   */
  function recordActions(here: [number, number], seen: { around: object; nearest: object }) {
    const box = document.createElement('div');
    box.className = 'record-actions';
    const note = document.createElement('p');
    note.className = 'tool-status';
    const attach = async (incident: IncidentRecord) => {
      for (const [kind, attachment] of Object.entries(seen)) {
        const text = kind === 'around' ? t('incident.around').replace('{km}', '') : t('incident.nearest');
        await postJson(`/incidents/${incident.id}/entries`, { stage: 'assessment', text, attachment });
      }
      note.textContent = fill('incident.saved', { title: incident.title });
    };
    const failed = (error: unknown) => {
      note.textContent = error instanceof ApiError ? error.message : String(error);
    };
    const save = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'secondary',
      textContent: t('incident.save'),
    });
    const form = document.createElement('div');
    save.addEventListener('click', () =>
      form.replaceChildren(
        newIncidentForm(here, (created) => {
          form.replaceChildren();
          if (created) attach(created).catch(failed);
        }),
      ),
    );
    const target = field('select', 'incident-attach-to', t('incident.attachTo'));
    let openIncidents: IncidentRecord[] = [];
    const attachButton = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'secondary',
      textContent: t('incident.attach'),
    });
    attachButton.addEventListener('click', () => {
      const chosen = openIncidents.find((i) => i.id === (target.input as HTMLSelectElement).value);
      if (chosen) attach(chosen).catch(failed);
    });
    getJson<{ incidents: IncidentRecord[] }>('/incidents?status=open').then(({ incidents }) => {
      openIncidents = incidents;
      for (const i of incidents) {
        const option = Object.assign(document.createElement('option'), { value: i.id, textContent: i.title });
        target.input.append(option);
      }
      target.label.hidden = attachButton.hidden = incidents.length === 0;
    }, failed);
    box.append(save, target.label, attachButton, form, note);
    return box;
  }

  /**
   * A line to each result — its route by road, or the straight line; dashed where no road goes — and
   * its rank and time written at the resource's end, where the lines to the incident no longer crowd.
   */
  function drawNearest(here: [number, number], answer: NearestAnswer) {
    // A label alone: the overlay draws no symbol for this role, only the words.
    const label = (id: string, at: number[], text: string) =>
      ctx.overlay.add(
        { type: 'Feature', id, geometry: { type: 'Point', coordinates: at }, properties: { label: text } },
        'label',
      );
    [...answer.results, ...(answer.partial ?? [])].forEach((r, i) => {
      const to = (r.feature.geometry as Point).coordinates;
      const byRoad = r.route && r.duration_s !== undefined;
      const geometry = byRoad ? r.route : { type: 'LineString', coordinates: [here, to] };
      const text = byRoad ? `${i + 1}. ${minutes(r.duration_s as number)}` : formatDistance(r.distance_m);
      ctx.overlay.add({ type: 'Feature', id: `route-${r.id}`, geometry, properties: {} }, byRoad ? 'route' : 'reach');
      label(`label-${r.id}`, to, text);
    });
    for (const u of answer.unreachable ?? []) {
      const to = (u.feature.geometry as Point).coordinates;
      const geometry = { type: 'LineString', coordinates: [here, to] };
      ctx.overlay.add({ type: 'Feature', id: `unreachable-${u.id}`, geometry, properties: {} }, 'unreachable');
      label(`label-${u.id}`, to, t('incident.unreachable'));
    }
  }

  const minutes = (seconds: number) =>
    t('incident.minutes').replace('{n}', String(Math.max(1, Math.round(seconds / 60))));

  /** 高德 and 百度 links for a result: a team drives from its base to the incident, people go from it to a shelter. */
  function navigation(here: [number, number], r: Ranked, travel: 'to' | 'from') {
    const incident = { at: here, name: t('incident.there') };
    const place = { at: (r.feature.geometry as Point).coordinates, name: r.name };
    const links =
      travel === 'from' ? navigationLinks(incident, place, 'walk') : navigationLinks(place, incident, 'car');
    const box = document.createElement('span');
    box.className = 'navigation';
    for (const [key, href] of [
      ['incident.amap', links.amap],
      ['incident.baidu', links.baidu],
    ]) {
      const a = Object.assign(document.createElement('a'), {
        href,
        textContent: t(key),
        target: '_blank',
        rel: 'noopener',
      });
      a.dataset.app = key === 'incident.amap' ? 'amap' : 'baidu';
      box.append(a);
    }
    return box;
  }

  function nearestList(here: [number, number], answer: NearestAnswer) {
    const { layer: layerId, results: ranked, partial = [], unreachable = [] } = answer;
    const road = answer.method === 'road';
    const section = document.createElement('div');
    section.className = 'nearest';
    section.dataset.method = answer.method;
    const heading = document.createElement('h3');
    heading.textContent = `${t('incident.nearest')} ${ctx.titleOf(layerId)} · ${t(road ? 'incident.road' : 'incident.straight')}`;
    section.append(heading);
    if (answer.reason === 'no_roads' || answer.reason === 'all_roads_closed') {
      const note = document.createElement('p');
      note.className = 'tool-status';
      note.textContent = t(answer.reason === 'no_roads' ? 'incident.noRoads' : 'incident.allClosed');
      section.append(note);
    }
    if (ranked.length === 0) section.append(list([t('incident.none')]));
    const rows = [...ranked, ...partial].map((r, i) => {
      const row = document.createElement('div');
      row.className = 'nearest-row';
      row.dataset.id = r.id;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'result';
      const lacking = r.lacking?.length
        ? ` · ${t('incident.lacks')} ${r.lacking.map((l) => `${l.item}×${l.short}`).join('、')}`
        : '';
      const time = road && r.duration_s !== undefined ? `${minutes(r.duration_s)} · ` : '';
      button.textContent = `${i + 1}. ${r.name} · ${time}${formatDistance(r.distance_m)} · ${r.township ?? ''}${lacking}`;
      button.addEventListener('click', () => ctx.show(layerId, r.feature));
      row.append(button);
      if (road) row.append(navigation(here, r, answer.travel ?? 'to'));
      return row;
    });
    section.append(list(rows));
    if (unreachable.length > 0) {
      const note = document.createElement('p');
      note.className = 'tool-status';
      note.textContent = t('incident.unreachableHint');
      const cut = unreachable.map((u) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'result unreachable';
        button.dataset.id = u.id;
        button.textContent = `${u.name} · ${t('incident.unreachable')} · ${formatDistance(u.straight_m)} · ${u.township ?? ''}`;
        button.addEventListener('click', () => ctx.show(layerId, u.feature));
        return button;
      });
      section.append(note, list(cut));
    }
    return section;
  }

  function aroundSummary(answer: AroundAnswer, km: number) {
    const section = document.createElement('div');
    section.className = 'around';
    const heading = document.createElement('h3');
    heading.textContent = t('incident.around').replace('{km}', String(km));
    section.append(heading);
    for (const group of ['risks', 'resources', 'protected']) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `${t(`around.${group}`)}: ${answer.counts[group] ?? 0}`;
      details.append(summary);
      for (const [layerId, found] of Object.entries(answer.groups[group] ?? {})) {
        if (!found || found.count === 0 || layerId === 'population') continue;
        const rows = found.items.slice(0, 20).map((item) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'result';
          const where = item.inside ? t('incident.inside') : formatDistance(item.distanceM);
          button.textContent = `${item.feature.properties?.name ?? ''} · ${where}`;
          button.addEventListener('click', () => ctx.show(layerId, item.feature));
          return button;
        });
        const title = document.createElement('h4');
        title.textContent = `${ctx.titleOf(layerId)} (${found.count})`;
        details.append(title, list(rows));
      }
      section.append(details);
    }
    const people = document.createElement('p');
    people.textContent = `${t('incident.residents')}: ${answer.residents.toLocaleString()}`;
    section.append(people);
    return section;
  }

  const place = (position: [number, number]) => {
    at = [Number(position[0].toFixed(6)), Number(position[1].toFixed(6))];
    (lon.input as HTMLInputElement).value = String(at[0]);
    (lat.input as HTMLInputElement).value = String(at[1]);
    void run();
  };

  return {
    id: 'incident',
    render(container: HTMLElement) {
      open = true;
      panel = container;
      const hint = document.createElement('p');
      hint.textContent = t('incident.pick');
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'primary';
      go.textContent = t('incident.run');
      go.addEventListener('click', () => {
        const typed: [number, number] = [
          Number((lon.input as HTMLInputElement).value),
          Number((lat.input as HTMLInputElement).value),
        ];
        if (typed.every(Number.isFinite) && (lon.input as HTMLInputElement).value !== '') place(typed);
        else void run();
      });
      container.append(
        hint,
        lon.label,
        lat.label,
        radius.label,
        layer.label,
        by.label,
        item.label,
        quantity.label,
        specialty.label,
        free.label,
        go,
        status,
        results,
      );
    },
    open() {
      open = true;
      void run();
    },
    close() {
      open = false;
      ctx.overlay.clear();
    },
    /** A click on the map while the tool is open places the incident there. */
    click(coordinate: number[]) {
      if (!panel || panel.hidden) return false;
      place(toLonLat(coordinate) as [number, number]);
      return true;
    },
  };
}
