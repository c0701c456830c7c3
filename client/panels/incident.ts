import type { Feature as GeoFeature, Point } from 'geojson';
import { type Extent, extend } from 'ol/extent.js';
import Feature from 'ol/Feature.js';
import { circular } from 'ol/geom/Polygon.js';
import type OlMap from 'ol/Map.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { ApiError, getJson, postJson, session } from '../api.ts';
import { fill, type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { besidePanels, fitBesidePanels } from '../map/zoom-to.ts';
import { closedRoads } from './closed-roads.ts';
import { field, formatDistance } from './form.ts';
import {
  type AroundAnswer,
  aroundList,
  minutes,
  type NearestAnswer,
  nearestHeading,
  nearestList,
  type Ranked,
} from './incident-list.ts';
import { type IncidentRecord, newIncidentForm } from './incident-record.ts';

export interface IncidentContext {
  map: OlMap;
  overlay: Overlay;
  titleOf(layerId: string): string;
}

/** The extent of a feature's geometry, in the map's projection. */
function extentOf(feature: GeoFeature): Extent | undefined {
  const g = feature.geometry;
  if (g?.type !== 'Point') return undefined;
  const [x, y] = fromLonLat(g.coordinates);
  return [x, y, x, y];
}

const SPECIALTIES = ['water_rescue', 'mountain', 'hazmat', 'forest_fire', 'earthquake', 'collapse', 'flood', 'medical'];

/**
 * The duty officer's tool: pin an incident (a click, or typed coordinates), see what is around it,
 * and rank the nearest resources for a stated need, with a line to each on the map. The view fits
 * the incident's radius and the resources found, and picking a result rings it there rather than
 * flying off to it: the incident never leaves the screen. By road, the officer may close segments
 * for this answer alone (closed-roads.ts) and see the routes and times without them.
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
    option.textContent = option.value ? t(`specialty.${option.value}` as MessageKey) : '—';
  }
  const showNeedFields = () => {
    const kind = (layer.input as HTMLSelectElement).value;
    item.label.hidden = quantity.label.hidden = kind !== 'depots';
    specialty.label.hidden = kind !== 'teams';
    free.label.hidden = kind !== 'shelters';
  };
  layer.input.addEventListener('change', showNeedFields);
  showNeedFields();
  const closures = closedRoads(ctx.map, ctx.overlay, () => {
    if (at && open) void run();
  });
  // Roads are closed only for an answer by road: in a straight line the picker is hidden and off.
  const showClosures = () => {
    closures.element.hidden = (by.input as HTMLSelectElement).value !== 'road';
    if (closures.element.hidden) closures.stop();
  };
  by.input.addEventListener('change', showClosures);
  showClosures();

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
    if (body.by === 'road' && closures.ids().length > 0) body.closed = closures.ids();
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
    // The question as asked, kept with its answer: the form or the closures may change meanwhile.
    const asked = { from: here, ...need() };
    try {
      const [around, nearest] = await Promise.all([
        postJson<AroundAnswer>('/analysis/around', { at, radius_km: km }),
        postJson<NearestAnswer>('/analysis/nearest', asked),
      ]);
      if (ticket !== latest || !open) return;
      status.textContent = '';
      ctx.overlay.clear();
      closures.draw();
      const ring = circular(here, km * 1000, 96).transform('EPSG:4326', 'EPSG:3857');
      ctx.overlay.source.addFeature(new Feature({ geometry: ring, role: 'radius' }));
      ctx.overlay.add({ type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: {} }, 'incident');
      const lists = { titleOf: ctx.titleOf, pick: (_layer: string, feature: GeoFeature) => pick(here, feature) };
      results.append(nearestList(here, nearest, lists), aroundList(around, km, lists));
      if (session.can('responder')) {
        // Each answer an entry, in the words its list is headed by.
        const seen = [
          {
            text: t('incident.around').replace('{km}', String(km)),
            attachment: { kind: 'around', request: { at: here, radius_km: km }, result: around },
          },
          {
            text: nearestHeading(nearest, ctx.titleOf),
            attachment: { kind: 'nearest', request: asked, result: nearest },
          },
        ];
        results.prepend(recordActions(here, seen));
      }
      // Above all else in the answer: it is not the roads as they are.
      if (nearest.closed?.length) {
        const whatIf = document.createElement('p');
        whatIf.className = 'tool-status what-if';
        whatIf.textContent = fill('closure.applied', { n: nearest.closed.length });
        results.prepend(whatIf);
      }
      drawNearest(here, nearest);
      fitResults(ring.getExtent(), [...nearest.results, ...(nearest.partial ?? [])]);
    } catch (error) {
      if (ticket === latest) status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  /**
   * Staff keep what they saw: as a new incident at this place, or attached to an open one, each
   * answer an assessment (研判) entry holding it exactly as shown.
   */
  function recordActions(here: [number, number], seen: { text: string; attachment: object }[]) {
    const box = document.createElement('div');
    box.className = 'record-actions';
    const note = document.createElement('p');
    note.className = 'tool-status';
    const attach = async (incident: IncidentRecord) => {
      for (const { text, attachment } of seen) {
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

  /** The incident's radius and the resources ranked, all in view. */
  function fitResults(ringExtent: Extent, ranked: Ranked[]) {
    const extent = [...ringExtent] as Extent;
    for (const r of ranked) {
      const at = extentOf(r.feature);
      if (at) extend(extent, at);
    }
    fitBesidePanels(ctx.map, extent);
  }

  /** Rings a picked result; the view moves only as far as it takes to show it beside the incident. */
  function pick(here: [number, number], feature: GeoFeature) {
    ctx.overlay.replace({ type: 'FeatureCollection', features: [feature] }, 'highlight');
    const at = extentOf(feature);
    const size = ctx.map.getSize();
    if (!at || !size) return;
    const incident = fromLonLat(here);
    const both = extend([incident[0], incident[1], incident[0], incident[1]], at);
    // What the responder sees: the map less the panels over it.
    const [top, right, bottom, left] = besidePanels(ctx.map);
    const [x1, y1] = ctx.map.getCoordinateFromPixel([left, size[1] - bottom]);
    const [x2, y2] = ctx.map.getCoordinateFromPixel([size[0] - right, top]);
    if (both[0] >= x1 && both[2] <= x2 && both[1] >= y1 && both[3] <= y2) return;
    fitBesidePanels(ctx.map, extend(both, [x1, y1, x2, y2]));
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
        closures.element,
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
      closures.stop();
      ctx.overlay.clear();
    },
    /** A click on the map while the tool is open places the incident there, or closes a road while picking them. */
    click(coordinate: number[]) {
      if (!panel || panel.hidden) return false;
      if (closures.click(coordinate)) return true;
      place(toLonLat(coordinate) as [number, number]);
      return true;
    },
  };
}
