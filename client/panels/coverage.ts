import { ApiError, getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { field, formatPct } from './form.ts';

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

function headline(label: string, pct: number | null, note: string) {
  const p = document.createElement('p');
  p.className = 'headline';
  const big = document.createElement('strong');
  big.textContent = formatPct(pct);
  p.append(`${label} `, big, note ? ` · ${note}` : '');
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

  // Answers can arrive out of order; only the latest request of an open tool may draw.
  let latest = 0;
  let open = false;
  const stale = (ticket: number) => ticket !== latest || !open;

  async function run() {
    const ticket = ++latest;
    const which = (target.input as HTMLSelectElement).value as Target;
    const withPlanned = (planned.input as HTMLInputElement).checked;
    status.textContent = t('tool.working');
    results.replaceChildren();
    overlay.clear();
    try {
      status.textContent = '';
      if (which === 'cameras') {
        const answer = await getJson<{ existing: CameraScenario; withPlanned: CameraScenario }>(
          '/analysis/coverage/cameras',
        );
        const scenario = withPlanned ? answer.withPlanned : answer.existing;
        overlay.add(scenario.sectors, 'sector');
        overlay.add(scenario.blindSpots, 'gap');
        results.append(
          headline(
            t('coverage.forest'),
            scenario.district.coveredPct,
            `${scenario.cameras} ${t('coverage.cameraCount')}`,
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
      const answer = await getJson<PeopleAnswer>(`/analysis/coverage/${which}`);
      if (stale(ticket)) return;
      overlay.add(answer.uncovered, 'uncovered');
      const rows = answer.townships.map((r) => ({
        township: r.township,
        pct: r.coveredPct,
        detail: `${r.covered.toLocaleString()}/${r.residents.toLocaleString()}`,
      }));
      const note =
        which === 'fire_stations' ? `${answer.minutes} min · ${answer.speedKmh} km/h · ${t('incident.straight')}` : '';
      results.append(headline(t('coverage.people'), answer.district.coveredPct, note), table(rows));
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
    void run();
  });
  planned.input.addEventListener('change', () => void run());

  return {
    id: 'coverage',
    render(container: HTMLElement) {
      open = true;
      showPlanned();
      container.append(target.label, planned.label, status, results);
      void run();
    },
    open() {
      open = true;
      void run();
    },
    close() {
      open = false;
      overlay.clear();
    },
  };
}
