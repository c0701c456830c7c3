import type { Feature as GeoFeature } from 'geojson';
import { toLonLat } from 'ol/proj.js';
import { RISK_LEVELS } from '../../catalog/risk-levels.ts';
import { ApiError, getJson } from '../api.ts';
import { fill, type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { clock, fetchIncident, type IncidentRecord, newIncidentForm, renderIncident } from './incident-record.ts';

/**
 * The situation home (态势) for signed-in staff: the day's key figures, the alerts that need someone
 * to act (a click opens the feature on the map), and the open incidents with their reporting clocks
 * (a click opens the incident's timeline). A new incident is reported by a click on the map.
 */

interface Alert {
  kind: string;
  layer: string;
  id: string;
  name: string | null;
  position: [number, number];
  detail: Record<string, string | number | undefined>;
}

interface SituationAnswer {
  as_of: string;
  figures: {
    risks: { zones_by_level: Record<string, number>; hazards_by_stage: Record<string, number> };
    resources: { depots: number; teams: number; fire_stations: number };
    shelters: { open: number; free_places: number };
    teams: { on_duty: number };
  };
  alerts: Alert[];
  incidents: IncidentRecord[];
}

export interface SituationContext {
  overlay: Overlay;
  titleOf(layerId: string): string;
  /** Zooms to a feature of a layer, turning the layer on, and opens it. */
  show(layerId: string, feature: GeoFeature): void;
  /** The incident open in the panel, for the address bar; undefined when none is. */
  opened(id: string | undefined): void;
  /** Brings a place into the middle of the view, at the zoom the reader chose. */
  focus(at: number[]): void;
}

function alertText(alert: Alert): string {
  const d = alert.detail;
  return fill(`alert.${alert.kind}` as MessageKey, {
    name: alert.name ?? '',
    date: d.rectify_by ?? d.expires_on ?? '',
    days: d.days_overdue ?? '',
    pct: d.load_pct ?? '',
    item: d.item ?? '',
    quantity: d.quantity ?? '',
    unit: d.unit ?? '',
    stored: d.stored_level ?? '',
    implied: d.implied_level ?? '',
    year: d.due_year ?? '',
  });
}

function figure(label: string, value: string | number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'figure';
  const number = document.createElement('strong');
  number.textContent = String(value);
  const caption = document.createElement('span');
  caption.className = 'figure-caption';
  caption.textContent = label;
  box.append(number, caption);
  return box;
}

function figures(answer: SituationAnswer): HTMLElement {
  const { risks, resources, shelters, teams } = answer.figures;
  const grid = document.createElement('div');
  grid.className = 'figures';
  const zones = RISK_LEVELS.map((level) => risks.zones_by_level[String(level)] ?? 0).join('/');
  const hazards = Object.values(risks.hazards_by_stage).reduce((a, b) => a + b, 0);
  grid.append(
    figure(t('situation.zones'), zones),
    figure(t('situation.hazardsOpen'), hazards),
    figure(t('situation.sheltersOpen'), shelters.open),
    figure(t('situation.freePlaces'), shelters.free_places.toLocaleString()),
    figure(t('situation.depots'), resources.depots),
    figure(t('situation.teamsOnDuty'), `${teams.on_duty}/${resources.teams}`),
    figure(t('situation.stations'), resources.fire_stations),
  );
  return grid;
}

export function situationTool(ctx: SituationContext) {
  let panel: HTMLElement | undefined;
  const home = document.createElement('div');
  home.className = 'situation-home';
  const record = document.createElement('div');
  record.className = 'incident-record';
  const status = document.createElement('p');
  status.className = 'tool-status';
  /** Waiting for a click on the map to place a new incident. */
  let placing = false;
  let latest = 0;

  const alertButton = (alert: Alert) => {
    const item = document.createElement('button');
    item.type = 'button';
    item.className = `result alert alert-${alert.kind}`;
    item.dataset.layer = alert.layer;
    item.dataset.id = alert.id;
    item.textContent = alertText(alert);
    item.addEventListener('click', async () => {
      const feature = await getJson<GeoFeature>(`/collections/${alert.layer}/items/${alert.id}`);
      ctx.show(alert.layer, feature);
    });
    return item;
  };

  const incidentButton = (incident: IncidentRecord) => {
    const item = document.createElement('button');
    item.type = 'button';
    item.className = 'result incident';
    item.dataset.id = incident.id;
    const name = document.createElement('span');
    name.textContent = incident.title;
    item.append(name, ...incident.deadlines.map(clock));
    item.addEventListener('click', () => void openIncident(incident.id));
    return item;
  };

  const section = (title: string, rows: HTMLElement[], empty: string) => {
    const box = document.createElement('section');
    const heading = document.createElement('h3');
    heading.textContent = title;
    const items = document.createElement('div');
    items.className = 'rows';
    if (rows.length) items.append(...rows);
    else items.textContent = empty;
    box.append(heading, items);
    return box;
  };

  async function refresh() {
    const ticket = ++latest;
    status.textContent = t('tool.working');
    try {
      const answer = await getJson<SituationAnswer>('/situation');
      if (ticket !== latest) return;
      status.textContent = fill('situation.asOf', { date: answer.as_of });
      const report = document.createElement('button');
      report.type = 'button';
      report.className = 'primary report-incident';
      report.textContent = t('situation.report');
      report.addEventListener('click', () => {
        placing = true;
        status.textContent = t('situation.pickPlace');
      });
      home.replaceChildren(
        report,
        figures(answer),
        section(
          fill('situation.alerts', { n: answer.alerts.length }),
          answer.alerts.map(alertButton),
          t('situation.noAlerts'),
        ),
        section(
          fill('situation.incidents', { n: answer.incidents.length }),
          answer.incidents.map(incidentButton),
          t('situation.noIncidents'),
        ),
      );
    } catch (error) {
      if (ticket === latest) status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  const showIncident = (incident: IncidentRecord) => {
    ctx.overlay.replace(
      { type: 'Feature', geometry: incident.geometry, properties: { label: incident.title } },
      'incident',
    );
    renderIncident(record, incident, {
      titleOf: ctx.titleOf,
      show: ctx.show,
      changed: (after) => {
        showIncident(after);
        void refresh();
      },
    });
    ctx.opened(incident.id);
  };

  async function openIncident(id: string) {
    const incident = await fetchIncident(id);
    if (!incident) {
      record.textContent = t('incidents.notFound');
      return;
    }
    showIncident(incident);
    ctx.focus(incident.geometry.coordinates);
  }

  return {
    id: 'situation',
    render(container: HTMLElement) {
      panel = container;
      container.append(status, record, home);
      void refresh();
    },
    open() {
      void refresh();
    },
    close() {
      placing = false;
      ctx.overlay.clear();
      record.replaceChildren();
      ctx.opened(undefined);
    },
    /** Opens an incident from a link. */
    openIncident,
    /** While a new incident is being placed, a click on the map places it and opens its form. */
    click(coordinate: number[]) {
      if (!panel || panel.hidden || !placing) return false;
      placing = false;
      const lonLat = toLonLat(coordinate);
      const at: [number, number] = [Number(lonLat[0].toFixed(6)), Number(lonLat[1].toFixed(6))];
      ctx.overlay.replace(
        { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: {} },
        'incident',
      );
      record.replaceChildren(
        newIncidentForm(at, (created) => {
          if (created) {
            showIncident(created);
            void refresh();
          } else record.replaceChildren();
        }),
      );
      return true;
    },
  };
}
