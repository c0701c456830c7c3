import type { Feature as GeoFeature } from 'geojson';
import { createEmpty, type Extent, extend, isEmpty } from 'ol/extent.js';
import type OlMap from 'ol/Map.js';
import { ApiError, getJson, postJson } from '../api.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { fitBesidePanels } from '../map/zoom-to.ts';
import { coverageBar, type Goal, goalOf, shareText } from './coverage-goal.ts';
import { field, formatPct } from './form.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { type AnalysisToolOptions, createProposals, type ProposableLayer } from './proposals.ts';

/** The layer a proposal for each coverage goes into. */
const PROPOSED_LAYER: Record<Target, ProposableLayer> = {
  shelters: 'shelters',
  cameras: 'cameras',
  broadcast: 'broadcast_terminals',
  fire_stations: 'fire_stations',
};

interface WhatIf<T> {
  before: T;
  after: T;
}

/** Reason codes by the name of the figure that is null; the answer's `reasons` words them. */
type Why = Record<string, string | undefined>;

interface PeopleRow {
  township: string;
  residents: number;
  covered: number;
  coveredPct: number | null;
  why?: Why;
}

interface WatchRow {
  township: string;
  areaKm2: number;
  coveredKm2: number;
  coveredPct: number | null;
  why?: Why;
}

/** What every coverage answer says of its nulls: the per-township table's reason, and the words of each code. */
interface Explained {
  why?: Why;
  reasons?: Record<string, string>;
}

type Target = 'shelters' | 'cameras' | 'broadcast' | 'fire_stations';

interface View {
  type: 'Feature';
  properties: { camera_id: string | null };
}

interface CameraScenario extends Explained {
  cameras: number;
  method: 'viewshed' | 'sector';
  district: { coveredPct: number | null; coveredKm2: number; why?: Why };
  townships: WatchRow[];
  sectors: { type: 'FeatureCollection'; features: View[] };
  blindSpots: object;
  /** The polygons the public is not given (traced on the DEM). */
  withheld?: string[];
}

interface PeopleAnswer extends Explained {
  district: { coveredPct: number | null; why?: Why };
  townships: PeopleRow[];
  uncovered: object;
  minutes?: number;
  speedKmh?: number;
  /** Fire stations: measured on the roads, or by straight line where there are none (`why.method` says why). */
  method?: 'road' | 'straight';
  /** By road: each station's reach as polygons, and what two stations or more reach. */
  reach?: object;
  overlap?: { areaKm2: number | null; residents: number };
}

/** The words of the reason a figure is null, or nothing when it is not. */
function reasonOf(why: Why | undefined, figure: string, reasons: Record<string, string> = {}): string {
  const code = why?.[figure];
  return code ? (reasons[code] ?? code) : '';
}

/**
 * A per-township table with a bar for each share, worst first: where the plan falls short, each bar
 * judged against the plan's target. With no rows, the reason there are none (no townships yet).
 */
function table(rows: Array<{ township: string; pct: number | null; detail: string }>, empty = '', goal?: Goal) {
  if (rows.length === 0 && empty) {
    const note = document.createElement('p');
    note.className = 'coverage-note';
    note.textContent = empty;
    return note;
  }
  const tableElement = document.createElement('table');
  tableElement.className = 'coverage-table';
  for (const row of [...rows].sort((a, b) => (a.pct ?? 101) - (b.pct ?? 101))) {
    const tr = tableElement.insertRow();
    tr.insertCell().textContent = row.township;
    const bar = tr.insertCell();
    bar.append(coverageBar(row.pct, goal));
    bar.className = 'bar-cell';
    tr.insertCell().textContent = shareText(row.pct, goal);
    tr.insertCell().textContent = row.detail;
  }
  return tableElement;
}

/** The watched area seen, before → after a what-if. */
function areaChange(before: number, after: number) {
  const p = document.createElement('p');
  p.className = 'area-change';
  const change = after - before;
  p.textContent = `${t('coverage.seenArea')} ${before.toFixed(2)} → ${after.toFixed(2)} km²(${change >= 0 ? '+' : ''}${change.toFixed(2)})`;
  return p;
}

function noteLine(text: string) {
  const p = document.createElement('p');
  p.className = 'coverage-note';
  p.textContent = text;
  return p;
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

/** How fire-station reach was measured: by road with what two stations reach, or the straight line and why. */
function fireNote(answer: PeopleAnswer): string {
  if (answer.method === 'road') {
    const overlap = answer.overlap;
    const twice = overlap ? ` · ${t('coverage.overlap')} ${overlap.residents.toLocaleString()}` : '';
    return `${answer.minutes} min · ${t('coverage.byRoad')}${twice}`;
  }
  const why = reasonOf(answer.why, 'method', answer.reasons);
  return [`${answer.minutes} min · ${answer.speedKmh} km/h · ${t('incident.straight')}`, why]
    .filter(Boolean)
    .join(' · ');
}

/** What the overlay drew in these roles, as one extent (the map's projection). */
function drawnExtent(overlay: Overlay, roles: string[]): Extent {
  const extent = createEmpty();
  for (const feature of overlay.source.getFeatures()) {
    const drawn = feature.getGeometry();
    if (drawn && roles.includes(feature.get('role'))) extend(extent, drawn.getExtent());
  }
  return extent;
}

/** What the coverage tool needs beyond the other analyses: the map to fit, and a layer switch. */
interface CoverageToolOptions extends AnalysisToolOptions {
  map: OlMap;
  /** Switches a layer on, as its box in the layer list would. */
  showLayer: (layerId: string) => void;
}

/**
 * Coverage of shelters, cameras, broadcast terminals and fire stations, drawn on the map with its
 * gaps, before → after the proposals of the what-if or of a saved scenario. Fire stations' reach is
 * drawn by road, station by station, where there are roads. Camera coverage switches the cameras on
 * and, when first shown, brings the forest it watches into view beside the panel.
 */
export function coverageTool({ map, showLayer, overlay, titleOf, schemaOf, promoted }: CoverageToolOptions) {
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
  for (const option of (target.input as HTMLSelectElement).options)
    option.textContent = t(`coverage.${option.value}` as MessageKey);

  const proposals = createProposals({
    idPrefix: 'coverage',
    kind: () => PROPOSED_LAYER[(target.input as HTMLSelectElement).value as Target],
    changed: () => void run(),
    promoted,
    overlay,
    schemaOf,
    titleOf,
  });

  // Answers can arrive out of order; only the latest request of an open tool may draw.
  let latest = 0;
  let open = false;
  const stale = (ticket: number) => ticket !== latest || !open;
  // The forest is fitted once when camera coverage is shown, not again at each change of the what-if.
  let fitWanted = false;

  /** The stored coverage, or with the proposals laid over it: then the figures before come too. */
  async function figures<T>(which: Target): Promise<{ answer: T; before?: T }> {
    const proposed = proposals.body();
    if (!proposed) return { answer: await getJson<T>(`/analysis/coverage/${which}`) };
    const { before, after } = await postJson<WhatIf<T>>(`/analysis/coverage/${which}`, { proposed });
    return { answer: after, before };
  }

  /**
   * A proposed camera's view after, over the rest, and — for a stored camera moved or raised in the
   * what-if — what it saw before, faint and dashed beneath.
   */
  function drawMoved(before: CameraScenario | undefined, after: CameraScenario) {
    const ids = new Set((proposals.body()?.cameras?.features ?? []).map((f) => String(f.id)));
    const mine = (s: CameraScenario) => s.sectors.features.filter((f) => ids.has(String(f.properties.camera_id)));
    if (before) overlay.add({ type: 'FeatureCollection', features: mine(before) }, 'before');
    overlay.add({ type: 'FeatureCollection', features: mine(after) }, 'viewshed');
  }

  const run = oneAtATime(compute);
  async function compute() {
    const ticket = ++latest;
    const which = (target.input as HTMLSelectElement).value as Target;
    const withPlanned = (planned.input as HTMLInputElement).checked;
    status.textContent = t('tool.working');
    results.replaceChildren();
    overlay.clear();
    try {
      status.textContent = '';
      proposals.draw();
      const goal = await goalOf(which);
      if (which === 'cameras') {
        const { answer, before } = await figures<{ existing: CameraScenario; withPlanned: CameraScenario }>(which);
        if (stale(ticket)) return;
        const pick = (a: { existing: CameraScenario; withPlanned: CameraScenario }) =>
          withPlanned ? a.withPlanned : a.existing;
        const scenario = pick(answer);
        const reasons = (answer as Explained).reasons;
        overlay.add(scenario.sectors, 'sector');
        overlay.add(scenario.blindSpots, 'gap');
        showLayer('cameras');
        const watched = drawnExtent(overlay, ['sector', 'gap']);
        if (fitWanted && !isEmpty(watched)) fitBesidePanels(map, watched);
        fitWanted = false;
        if (before) drawMoved(before ? pick(before) : undefined, scenario);
        const unknown = reasonOf(scenario.district.why, 'coveredPct', reasons);
        const was = before && pick(before).district;
        results.append(
          headline(
            t('coverage.forest'),
            scenario.district.coveredPct,
            [`${scenario.cameras} ${t('coverage.cameraCount')}`, t(`coverage.method.${scenario.method}`), unknown]
              .filter(Boolean)
              .join(' · '),
            was?.coveredPct,
          ),
          ...(was ? [areaChange(was.coveredKm2, scenario.district.coveredKm2)] : []),
          ...(scenario.withheld ? [noteLine(t('coverage.withheld'))] : []),
          table(
            scenario.townships
              .filter((r) => r.areaKm2 > 0)
              .map((r) => ({
                township: r.township,
                pct: r.coveredPct,
                detail: `${r.coveredKm2.toFixed(1)}/${r.areaKm2.toFixed(1)} km²`,
              })),
            reasonOf(scenario.why, 'townships', reasons),
            goal,
          ),
        );
        return;
      }
      const { answer, before } = await figures<PeopleAnswer>(which);
      if (stale(ticket)) return;
      if (answer.reach) overlay.add(answer.reach, 'stationReach');
      overlay.add(answer.uncovered, 'uncovered');
      const reasons = answer.reasons;
      const rows = answer.townships.map((r) => ({
        township: r.township,
        pct: r.coveredPct,
        detail: [
          `${r.covered.toLocaleString()}/${r.residents.toLocaleString()}`,
          reasonOf(r.why, 'coveredPct', reasons),
        ]
          .filter(Boolean)
          .join(' · '),
      }));
      const note = [
        which === 'fire_stations' ? fireNote(answer) : '',
        reasonOf(answer.district.why, 'coveredPct', reasons),
      ]
        .filter(Boolean)
        .join(' · ');
      results.append(
        headline(t('coverage.people'), answer.district.coveredPct, note, before?.district.coveredPct),
        table(rows, reasonOf(answer.why, 'townships', reasons), goal),
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
    fitWanted = true;
    void run();
  });
  planned.input.addEventListener('change', () => void run());

  return {
    id: 'coverage',
    render(container: HTMLElement) {
      open = true;
      fitWanted = true;
      showPlanned();
      container.append(target.label, planned.label, proposals.element, status, results);
      void proposals.refresh();
      void run();
    },
    open() {
      open = true;
      fitWanted = true;
      void proposals.refresh();
      void run();
    },
    close() {
      open = false;
      proposals.disarm();
      overlay.clear();
    },
    /** A stored camera taken into the what-if, to be dragged or raised: the figures before → after. */
    adoptCamera(feature: GeoFeature) {
      (target.input as HTMLSelectElement).value = 'cameras';
      // The view stays on the camera taken, not on the whole forest.
      fitWanted = false;
      showPlanned();
      proposals.adopt('cameras', feature);
    },
    /** While dropping, a click on the map proposes a feature there and shows what it would change. */
    click: (coordinate: number[]) => open && proposals.click(coordinate),
  };
}
