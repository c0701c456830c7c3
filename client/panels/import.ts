import type { Feature } from 'geojson';
import type OlMap from 'ol/Map.js';
import { type Collection, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { zoomToFeature } from '../map/zoom-to.ts';
import { exportSection } from './export-layers.ts';
import { button, field, layerSelect, list } from './form.ts';
import { type MappingRefusal, mappingTable } from './import-mapping.ts';
import { type Report, refusalText, upload } from './import-report.ts';

/**
 * A planner's import: choose a file and a layer, read the report and see the rows on the map before
 * anything is written, choose any column's field, allow positions outside the district if they are
 * meant, then confirm. Every check is a dry run of the real import, so the report the planner reads
 * is the one the confirmation writes by.
 */

function heading(text: string) {
  const h = document.createElement('h3');
  h.textContent = text;
  return h;
}

/** The preview on the map: fine rows, rows with problems, and rows outside the district each in their own style. */
function drawPreview(overlay: Overlay, report: Report): Feature[] {
  overlay.clear();
  const features = report.preview.features;
  const outside = features.filter((f) => f.properties?.outside);
  const ok = features.filter((f) => f.properties?.ok && !f.properties?.outside);
  const bad = features.filter((f) => !f.properties?.ok && !f.properties?.outside);
  overlay.add({ type: 'FeatureCollection', features: ok }, 'proposed');
  overlay.add({ type: 'FeatureCollection', features: bad }, 'uncovered');
  overlay.add({ type: 'FeatureCollection', features: outside }, 'outside');
  return outside;
}

/**
 * Room around the rows when the map is fitted to them, so none lies under a panel: the tools on the
 * left and the layers on the right of a desktop (style.css), the tools' sheet over the lower half of a phone.
 */
function clearOfPanels(): number[] {
  if (window.innerWidth <= 600) return [60, 30, Math.round(window.innerHeight * 0.55) + 30, 30];
  return [70, 290, 50, 400];
}

/** The rows placed outside the district, each a button that brings it into view. */
function outsideList(map: OlMap, rows: Feature[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'import-outside';
  box.append(heading(`${t('import.outside')} (${rows.length})`));
  box.append(
    list(
      rows.slice(0, 50).map((f) => {
        const b = Object.assign(document.createElement('button'), { type: 'button', className: 'result' });
        b.textContent = `${t('import.row')} ${f.properties?.row} · ${f.properties?.name ?? ''}`;
        b.addEventListener('click', () => zoomToFeature(map, f));
        return b;
      }),
    ),
  );
  return box;
}

/** A roads file as a network: its parts, and each island a button that brings it into view. */
function networkBox(map: OlMap, network: NonNullable<Report['network']>): HTMLElement {
  const box = document.createElement('div');
  box.className = 'import-network';
  const line = document.createElement('p');
  line.textContent = t('import.networkLine')
    .replace('{nodes}', String(network.nodes))
    .replace('{edges}', String(network.edges))
    .replace('{components}', String(network.components))
    .replace('{islands}', String(network.islandCount));
  box.append(heading(t('import.network')), line);
  if (network.islands.length === 0) return box;
  box.append(
    list(
      network.islands.map((island) => {
        const b = Object.assign(document.createElement('button'), { type: 'button', className: 'result' });
        b.textContent = `${t('import.island')} · ${island.pieces} · ${island.length_m} m`;
        const at: Feature = { type: 'Feature', geometry: { type: 'Point', coordinates: island.at }, properties: {} };
        b.addEventListener('click', () => zoomToFeature(map, at));
        return b;
      }),
    ),
  );
  return box;
}

function problemLists(report: Report): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (report.problems.length) {
    const problems = list(
      report.problems.slice(0, 100).map((p) => `${t('import.row')} ${p.row} · ${p.column}: ${p.reason}`),
    );
    problems.className = 'import-problems';
    parts.push(heading(`${t('import.problems')} (${report.problems.length})`), problems);
  }
  if (report.duplicates.length) {
    parts.push(
      heading(`${t('import.duplicates')} (${report.duplicates.length})`),
      list(
        report.duplicates
          .slice(0, 50)
          .map((d) => `${t('import.row')} ${d.row} · ${d.name} · ${Math.round(d.distance_m)} m`),
      ),
    );
  }
  return parts;
}

function outcomeLine(report: Report): HTMLElement {
  const r = report.result;
  const outcome = document.createElement('p');
  outcome.className = 'import-outcome';
  outcome.setAttribute('role', 'status');
  outcome.textContent = r.written
    ? `${t('import.written')}: +${r.created} · ${t('import.updated')} ${r.updated} · ${t('import.unchanged')} ${r.unchanged} · ${t('import.skipped')} ${r.skipped}`
    : (r.reason ?? '');
  return outcome;
}

export function importTool(map: OlMap, overlay: Overlay, collections: Collection[], reload: (layer: string) => void) {
  const form = document.createElement('form');
  form.className = 'import-form';
  const file = field('text', 'import-file', t('import.file'));
  const fileInput = file.input as HTMLInputElement;
  fileInput.type = 'file';
  fileInput.accept = '.csv,.xlsx,.geojson,.json,.zip,.kml,.kmz,.gpkg';
  const layer = layerSelect('import-layer', t('import.layer'), collections);
  const crs = field('text', 'import-crs', t('import.crs'), { placeholder: 'EPSG:4549' });
  const offset = field('select', 'import-offset', t('import.offset'), {}, ['', 'gcj02', 'bd09']);
  const skipBad = field('checkbox', 'import-skip', t('import.skipBad'));
  const outside = field('checkbox', 'import-outside', t('import.allowOutside'));
  const check = button(t('import.check'), 'secondary');
  const confirm = button(t('import.confirm'), 'primary', 'submit');
  confirm.hidden = true;
  const status = document.createElement('p');
  status.className = 'tool-status';
  status.setAttribute('role', 'alert');
  // The server reads, checks and writes in one request, so progress is shown as work under way.
  const working = document.createElement('progress');
  working.hidden = true;
  const results = document.createElement('div');
  results.className = 'tool-results import-report';
  results.setAttribute('aria-live', 'polite');
  let chosen: Record<string, string> = {};
  let last: Report | undefined;
  let fitted = false;

  const checked = (f: { input: HTMLElement }) => (f.input as HTMLInputElement).checked;
  const options = (dryRun: boolean) => {
    const o: Record<string, string> = { dry_run: String(dryRun) };
    const code = (crs.input as HTMLInputElement).value.trim();
    if (code) o.crs = code;
    const shift = (offset.input as HTMLSelectElement).value;
    if (shift) o[shift] = 'true';
    if (checked(skipBad)) o.skip_bad = 'true';
    if (checked(outside)) o.allow_outside_district = 'true';
    const pairs = Object.entries(chosen).map(([column, target]) => `${column}=${target}`);
    if (pairs.length) o.map = pairs.join(',');
    return o;
  };

  function show(report: Report, refusal?: MappingRefusal) {
    last = report;
    results.replaceChildren();
    const away = drawPreview(overlay, report);
    if (!fitted && report.preview.features.length) {
      fitted = true;
      const extent = overlay.source.getExtent();
      if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: clearOfPanels() });
    }
    const summary = document.createElement('p');
    summary.className = 'headline';
    summary.textContent = `${report.file} · ${report.format} · ${report.crs.name} — ${t('import.rowsOk')} ${report.rows.ok} / ${report.rows.total}`;
    results.append(summary, list(report.decisions));
    if (report.warnings.length) {
      const warnings = list(report.warnings);
      warnings.className = 'import-warnings';
      results.append(heading(t('import.warnings')), warnings);
    }
    if (away.length) results.append(outsideList(map, away));
    if (report.network) results.append(networkBox(map, report.network));
    results.append(heading(t('import.mapping')), mappingTable(report, chosen, remap, refusal));
    results.append(...problemLists(report), outcomeLine(report));
    confirm.hidden = report.result.written || (report.rows.withProblems > 0 && !checked(skipBad));
  }

  function remap(column: string, target: string) {
    chosen = { ...chosen, [column]: target };
    void run(true, column);
  }

  /** One request: a dry run (a check) or the import itself; a refusal after a column's change is shown at that column. */
  async function run(dryRun: boolean, changed?: string) {
    const picked = fileInput.files?.[0];
    if (!picked) {
      status.textContent = t('import.pick');
      return;
    }
    status.textContent = t('tool.working');
    working.hidden = false;
    const target = (layer.input as HTMLSelectElement).value;
    try {
      const report = await upload(picked, target, options(dryRun));
      status.textContent = '';
      show(report);
      if (report.result.written) reload(target);
    } catch (error) {
      const text = refusalText(error);
      if (changed && last) {
        status.textContent = '';
        show(last, { column: changed, text });
      } else {
        status.textContent = text;
        results.replaceChildren();
        overlay.clear();
      }
      confirm.hidden = true;
    } finally {
      working.hidden = true;
    }
  }

  const fresh = () => {
    chosen = {};
    last = undefined;
    fitted = false;
    void run(true);
  };
  check.addEventListener('click', () => void run(true));
  // Enter anywhere in the form confirms once the check allows it, and checks again before that.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(confirm.hidden === true);
  });
  fileInput.addEventListener('change', fresh);
  layer.input.addEventListener('change', fresh);
  for (const f of [skipBad, outside, offset]) f.input.addEventListener('change', () => void run(true));

  return {
    id: 'import',
    render(container: HTMLElement) {
      // Exports are anyone's (with the fields the reader may see); imports are the planners'.
      const exports = exportSection(collections);
      if (!session.can('planner')) {
        container.append(t('import.signIn'), exports);
        return;
      }
      // Enter confirms from any control of the panel, the column choices too (a select does not submit by itself).
      container.addEventListener('keydown', (event) => {
        const at = event.target as HTMLElement;
        const elsewhere = at instanceof HTMLButtonElement || (at as HTMLInputElement).type === 'file';
        if (event.key !== 'Enter' || elsewhere || at.closest('.export-layers')) return;
        event.preventDefault();
        form.requestSubmit();
      });
      const actions = document.createElement('div');
      actions.className = 'import-actions';
      actions.append(check, confirm);
      form.append(file.label, layer.label, crs.label, offset.label, skipBad.label, outside.label, actions, working);
      container.append(form, status, results, exports);
    },
    close: () => overlay.clear(),
  };
}
