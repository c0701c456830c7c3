import type { FeatureCollection } from 'geojson';
import { ApiError, type Collection, session } from '../api.ts';
import { language, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { button, field, list } from './form.ts';

interface Report {
  file: string;
  format: string;
  decisions: string[];
  warnings: string[];
  mapping: { column: string; target: string }[];
  crs: { code: string; name: string };
  rows: { total: number; ok: number; withProblems: number };
  problems: { row: number; column: string; reason: string }[];
  duplicates: { row: number; name: string; distance_m: number }[];
  preview: FeatureCollection;
  result: { written: boolean; created: number; updated: number; unchanged: number; skipped: number; reason?: string };
}

async function upload(file: File, layer: string, options: Record<string, string>): Promise<Report> {
  const query = new URLSearchParams({ filename: file.name, ...options });
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': language() };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/import/${layer}?${query}`, { method: 'POST', headers, body: file });
  const body = await response.json();
  // A refused import (422) still carries its report: that is what the planner needs to read.
  if (response.status === 422 && body.report) return body.report as Report;
  if (!response.ok) throw new ApiError(response.status, body);
  return body as Report;
}

/**
 * A planner's import: choose a file and a layer, read the report and see the rows on the map before
 * anything is written, correct the column mapping if need be, then confirm.
 */
export function importTool(overlay: Overlay, collections: Collection[], reload: (layer: string) => void) {
  const file = field('text', 'import-file', t('import.file'));
  (file.input as HTMLInputElement).type = 'file';
  (file.input as HTMLInputElement).accept = '.csv,.xlsx,.geojson,.json,.zip,.kml,.kmz';
  const layer = field(
    'select',
    'import-layer',
    t('import.layer'),
    {},
    collections.map((c) => c.id),
  );
  for (const option of (layer.input as HTMLSelectElement).options) {
    option.textContent = collections.find((c) => c.id === option.value)?.titles[language()] ?? option.value;
  }
  const crs = field('text', 'import-crs', t('import.crs'), { placeholder: 'EPSG:4549' });
  const offset = field('select', 'import-offset', t('import.offset'), {}, ['', 'gcj02', 'bd09']);
  const skipBad = field('checkbox', 'import-skip', t('import.skipBad'));
  const check = button(t('import.check'), 'primary');
  const confirm = button(t('import.confirm'), 'primary');
  confirm.hidden = true;
  const status = document.createElement('p');
  status.className = 'tool-status';
  // The server reads, checks and writes in one request, so progress is shown as work under way.
  const working = document.createElement('progress');
  working.hidden = true;
  const results = document.createElement('div');
  results.className = 'tool-results import-report';
  let overrides: Record<string, string> = {};

  const options = (dryRun: boolean) => {
    const o: Record<string, string> = { dry_run: String(dryRun) };
    const code = (crs.input as HTMLInputElement).value.trim();
    if (code) o.crs = code;
    const shift = (offset.input as HTMLSelectElement).value;
    if (shift) o[shift] = 'true';
    if ((skipBad.input as HTMLInputElement).checked) o.skip_bad = 'true';
    const map = Object.entries(overrides).map(([column, target]) => `${column}=${target}`);
    if (map.length) o.map = map.join(',');
    return o;
  };

  function show(report: Report) {
    results.replaceChildren();
    overlay.clear();
    const ok = report.preview.features.filter((f) => f.properties?.ok);
    const bad = report.preview.features.filter((f) => !f.properties?.ok);
    overlay.add({ type: 'FeatureCollection', features: ok }, 'proposed');
    overlay.add({ type: 'FeatureCollection', features: bad }, 'uncovered');
    const summary = document.createElement('p');
    summary.className = 'headline';
    summary.textContent = `${report.file} · ${report.format} · ${report.crs.name} — ${t('import.rowsOk')} ${report.rows.ok} / ${report.rows.total}`;
    results.append(summary, list(report.decisions));
    if (report.warnings.length) results.append(heading(t('import.warnings')), list(report.warnings));
    results.append(heading(t('import.mapping')), mappingTable(report));
    if (report.problems.length) {
      results.append(
        heading(`${t('import.problems')} (${report.problems.length})`),
        list(report.problems.slice(0, 100).map((p) => `${t('import.row')} ${p.row} · ${p.column}: ${p.reason}`)),
      );
    }
    if (report.duplicates.length) {
      results.append(
        heading(`${t('import.duplicates')} (${report.duplicates.length})`),
        list(
          report.duplicates
            .slice(0, 50)
            .map((d) => `${t('import.row')} ${d.row} · ${d.name} · ${Math.round(d.distance_m)} m`),
        ),
      );
    }
    const r = report.result;
    const outcome = document.createElement('p');
    outcome.className = 'import-outcome';
    outcome.textContent = r.written
      ? `${t('import.written')}: +${r.created} · ${t('import.updated')} ${r.updated} · ${t('import.unchanged')} ${r.unchanged} · ${t('import.skipped')} ${r.skipped}`
      : (r.reason ?? '');
    results.append(outcome);
    confirm.hidden = r.written || (report.rows.withProblems > 0 && !(skipBad.input as HTMLInputElement).checked);
  }

  function heading(text: string) {
    const h = document.createElement('h3');
    h.textContent = text;
    return h;
  }

  /** Each column and the field it fills; changing one checks the file again with that mapping. */
  function mappingTable(report: Report) {
    const table = document.createElement('table');
    table.className = 'coverage-table';
    for (const { column, target } of report.mapping) {
      const row = table.insertRow();
      row.insertCell().textContent = column;
      const select = document.createElement('select');
      select.dataset.column = column;
      const fields = new Set([target, ...report.mapping.map((m) => m.target)]);
      for (const name of fields) select.append(new Option(name, name, false, name === target));
      select.addEventListener('change', () => {
        overrides = { ...overrides, [column]: select.value };
        void run(true);
      });
      row.insertCell().append(select);
    }
    return table;
  }

  async function run(dryRun: boolean) {
    const chosen = (file.input as HTMLInputElement).files?.[0];
    if (!chosen) {
      status.textContent = t('import.pick');
      return;
    }
    status.textContent = t('tool.working');
    working.hidden = false;
    const target = (layer.input as HTMLSelectElement).value;
    try {
      const report = await upload(chosen, target, options(dryRun));
      status.textContent = '';
      show(report);
      if (report.result.written) reload(target);
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
      confirm.hidden = true;
    } finally {
      working.hidden = true;
    }
  }

  check.addEventListener('click', () => void run(true));
  confirm.addEventListener('click', () => void run(false));
  file.input.addEventListener('change', () => {
    overrides = {};
    void run(true);
  });

  return {
    id: 'import',
    render(container: HTMLElement) {
      if (!session.can('planner')) {
        container.append(t('import.signIn'));
        return;
      }
      container.append(
        file.label,
        layer.label,
        crs.label,
        offset.label,
        skipBad.label,
        check,
        confirm,
        working,
        status,
        results,
      );
    },
    close: () => overlay.clear(),
  };
}
