import type { Feature as GeoFeature } from 'geojson';
import { toLonLat } from 'ol/proj.js';
import { ApiError, getJson, postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { button, field, formatPct } from './form.ts';

/** What a dropped, unsaved feature of each kind looks like: typical values a planner then refines. */
const PROPOSAL: Record<Target, { layer: string; properties: Record<string, unknown> }> = {
  shelters: {
    layer: 'shelters',
    properties: {
      name: '拟建避难场所',
      kind: 'fixed',
      level: 'township',
      grade: 'B',
      status: 'open',
      effective_area_m2: 5000,
      capacity: 2500,
      free_places: 2500,
    },
  },
  cameras: {
    layer: 'cameras',
    properties: {
      name: '拟建视频监控点',
      kind: 'thermal_dual',
      status: 'existing',
      range_m: 5000,
      fov_deg: 360,
      heading_deg: 0,
      mast_height_m: 30,
    },
  },
  broadcast: {
    layer: 'broadcast_terminals',
    properties: { name: '拟建应急广播', kind: 'loudspeaker', status: 'existing', range_m: 500 },
  },
  fire_stations: { layer: 'fire_stations', properties: { name: '拟建消防站', kind: 'government', status: 'existing' } },
};

interface WhatIf<T> {
  before: T;
  after: T;
}

interface PeopleRow {
  township: string;
  residents: number;
  covered: number;
  coveredPct: number | null;
}

interface WatchRow {
  township: string;
  areaKm2: number;
  coveredKm2: number;
  coveredPct: number | null;
}

type Target = 'shelters' | 'cameras' | 'broadcast' | 'fire_stations';

interface CameraScenario {
  cameras: number;
  district: { coveredPct: number | null };
  townships: WatchRow[];
  sectors: object;
  blindSpots: object;
}

interface PeopleAnswer {
  district: { coveredPct: number | null };
  townships: PeopleRow[];
  uncovered: object;
  minutes?: number;
  speedKmh?: number;
}

/** A per-township table with a bar for each share, worst first: where the plan falls short. */
function table(rows: Array<{ township: string; pct: number | null; detail: string }>) {
  const tableElement = document.createElement('table');
  tableElement.className = 'coverage-table';
  for (const row of [...rows].sort((a, b) => (a.pct ?? 101) - (b.pct ?? 101))) {
    const tr = tableElement.insertRow();
    tr.insertCell().textContent = row.township;
    const bar = tr.insertCell();
    const fill = document.createElement('span');
    fill.className = 'coverage-bar';
    fill.style.width = `${Math.max(0, Math.min(100, row.pct ?? 0))}%`;
    bar.append(fill);
    bar.className = 'bar-cell';
    tr.insertCell().textContent = formatPct(row.pct);
    tr.insertCell().textContent = row.detail;
  }
  return tableElement;
}

function headline(label: string, pct: number | null, note: string, before?: number | null) {
  const p = document.createElement('p');
  p.className = 'headline';
  const big = document.createElement('strong');
  big.textContent = formatPct(pct);
  const was = before === undefined ? '' : `${formatPct(before)} → `;
  p.append(`${label} ${was}`, big, note ? ` · ${note}` : '');
  return p;
}

/** Coverage of shelters, cameras, broadcast terminals and fire stations, drawn on the map with its gaps. */
export function coverageTool(overlay: Overlay) {
  const target = field('select', 'coverage-target', t('coverage.target'), {}, [
    'shelters',
    'cameras',
    'broadcast',
    'fire_stations',
  ]);
  const planned = field('checkbox', 'coverage-planned', t('coverage.planned'));
  const status = document.createElement('p');
  status.className = 'tool-status';
  const results = document.createElement('div');
  results.className = 'tool-results';
  for (const option of (target.input as HTMLSelectElement).options) option.textContent = t(`coverage.${option.value}`);

  const proposed: GeoFeature[] = [];
  let dropping = false;
  const drop = button(t('whatif.drop'), 'secondary');
  const keep = button(t('whatif.save'), 'secondary');
  const discard = button(t('whatif.clear'), 'secondary');
  const whatIfBar = document.createElement('div');
  whatIfBar.className = 'whatif';
  whatIfBar.append(drop, keep, discard);
  const updateButtons = () => {
    drop.setAttribute('aria-pressed', String(dropping));
    keep.hidden = proposed.length === 0 || !session.token();
    discard.hidden = proposed.length === 0;
  };
  drop.addEventListener('click', () => {
    dropping = !dropping;
    updateButtons();
  });
  discard.addEventListener('click', () => {
    proposed.length = 0;
    updateButtons();
    void run();
  });
  keep.addEventListener('click', async () => {
    const which = (target.input as HTMLSelectElement).value as Target;
    const { layer } = PROPOSAL[which];
    const features = proposed.map((f) => ({
      ...f,
      // Cameras, terminals and stations are saved as planned: a plan until built. Shelters have no such
      // state; the planner saves what they proposed.
      properties: which === 'shelters' ? f.properties : { ...f.properties, status: 'planned' },
    }));
    try {
      await postJson(`/collections/${layer}/items`, { type: 'FeatureCollection', features });
      status.textContent = t('whatif.saved');
      proposed.length = 0;
      updateButtons();
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  });

  // Answers can arrive out of order; only the latest request of an open tool may draw.
  let latest = 0;
  let open = false;
  const stale = (ticket: number) => ticket !== latest || !open;

  /** The stored coverage, or with the proposals laid over it: then the figures before come too. */
  async function figures<T>(which: Target): Promise<{ answer: T; before?: T }> {
    if (proposed.length === 0) return { answer: await getJson<T>(`/analysis/coverage/${which}`) };
    const body = { proposed: { [PROPOSAL[which].layer]: { type: 'FeatureCollection', features: proposed } } };
    const { before, after } = await postJson<WhatIf<T>>(`/analysis/coverage/${which}`, body);
    return { answer: after, before };
  }

  async function run() {
    const ticket = ++latest;
    const which = (target.input as HTMLSelectElement).value as Target;
    const withPlanned = (planned.input as HTMLInputElement).checked;
    status.textContent = t('tool.working');
    results.replaceChildren();
    overlay.clear();
    try {
      status.textContent = '';
      overlay.add({ type: 'FeatureCollection', features: proposed }, 'proposed');
      if (which === 'cameras') {
        const { answer, before } = await figures<{ existing: CameraScenario; withPlanned: CameraScenario }>(which);
        if (stale(ticket)) return;
        const pick = (a: { existing: CameraScenario; withPlanned: CameraScenario }) =>
          withPlanned ? a.withPlanned : a.existing;
        const scenario = pick(answer);
        overlay.add(scenario.sectors, 'sector');
        overlay.add(scenario.blindSpots, 'gap');
        results.append(
          headline(
            t('coverage.forest'),
            scenario.district.coveredPct,
            `${scenario.cameras} ${t('coverage.cameraCount')}`,
            before && pick(before).district.coveredPct,
          ),
          table(
            scenario.townships
              .filter((r) => r.areaKm2 > 0)
              .map((r) => ({
                township: r.township,
                pct: r.coveredPct,
                detail: `${r.coveredKm2.toFixed(1)}/${r.areaKm2.toFixed(1)} km²`,
              })),
          ),
        );
        return;
      }
      const { answer, before } = await figures<PeopleAnswer>(which);
      if (stale(ticket)) return;
      overlay.add(answer.uncovered, 'uncovered');
      const rows = answer.townships.map((r) => ({
        township: r.township,
        pct: r.coveredPct,
        detail: `${r.covered.toLocaleString()}/${r.residents.toLocaleString()}`,
      }));
      const note =
        which === 'fire_stations' ? `${answer.minutes} min · ${answer.speedKmh} km/h · ${t('incident.straight')}` : '';
      results.append(
        headline(t('coverage.people'), answer.district.coveredPct, note, before?.district.coveredPct),
        table(rows),
      );
    } catch (error) {
      if (stale(ticket)) return;
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  const showPlanned = () => {
    planned.label.hidden = (target.input as HTMLSelectElement).value !== 'cameras';
  };
  target.input.addEventListener('change', () => {
    showPlanned();
    proposed.length = 0;
    updateButtons();
    void run();
  });
  planned.input.addEventListener('change', () => void run());

  return {
    id: 'coverage',
    render(container: HTMLElement) {
      open = true;
      showPlanned();
      updateButtons();
      container.append(target.label, planned.label, whatIfBar, status, results);
      void run();
    },
    open() {
      open = true;
      void run();
    },
    close() {
      open = false;
      dropping = false;
      overlay.clear();
    },
    /** While dropping, a click on the map proposes a feature there and shows what it would change. */
    click(coordinate: number[]) {
      if (!open || !dropping) return false;
      const which = (target.input as HTMLSelectElement).value as Target;
      const [lon, lat] = toLonLat(coordinate).map((v) => Number(v.toFixed(6)));
      proposed.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { ...PROPOSAL[which].properties },
      });
      updateButtons();
      void run();
      return true;
    },
  };
}
