import type { Feature as GeoFeature } from 'geojson';
import Feature from 'ol/Feature.js';
import { circular } from 'ol/geom/Polygon.js';
import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import { ApiError, getJson, postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { field, formatDistance, list } from './form.ts';
import { fill, type IncidentRecord, newIncidentForm } from './incident-record.ts';

interface Ranked {
  id: string;
  name: string;
  township: string | null;
  distance_m: number;
  bearing_deg: number;
  feature: GeoFeature;
  lacking?: { item: string; short: number }[];
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
    const body: Record<string, unknown> = { layer: kind, k: 5 };
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
        postJson<{ results: Ranked[]; partial?: Ranked[]; layer: string }>('/analysis/nearest', {
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
      results.append(nearestList(nearest.layer, nearest.results, nearest.partial), aroundSummary(around, km));
      if (session.can('responder')) {
        const seen = {
          around: { kind: 'around', request: { at: here, radius_km: km }, result: around },
          nearest: { kind: 'nearest', request: { from: here, ...need() }, result: nearest },
        };
        results.prepend(recordActions(here, seen));
      }
      for (const r of nearest.results) {
        const to = (r.feature.geometry as GeoJSON.Point).coordinates;
        ctx.overlay.add(
          {
            type: 'Feature',
            geometry: { type: 'LineString', coordinates: [here, to] },
            properties: { label: formatDistance(r.distance_m) },
          },
          'reach',
        );
      }
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

  function nearestList(layerId: string, ranked: Ranked[], partial: Ranked[] = []) {
    const section = document.createElement('div');
    section.className = 'nearest';
    const heading = document.createElement('h3');
    heading.textContent = `${t('incident.nearest')} ${ctx.titleOf(layerId)} · ${t('incident.straight')}`;
    section.append(heading);
    if (ranked.length === 0) section.append(list([t('incident.none')]));
    const rows = [...ranked, ...partial].map((r, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'result';
      const lacking = r.lacking?.length
        ? ` · ${t('incident.lacks')} ${r.lacking.map((l) => `${l.item}×${l.short}`).join('、')}`
        : '';
      button.textContent = `${i + 1}. ${r.name} · ${formatDistance(r.distance_m)} · ${r.township ?? ''}${lacking}`;
      button.addEventListener('click', () => ctx.show(layerId, r.feature));
      return button;
    });
    section.append(list(rows));
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
