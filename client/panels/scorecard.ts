import { ApiError, getJson } from '../api.ts';
import { language, t } from '../i18n/index.ts';
import { field } from './form.ts';

interface Row {
  id: string;
  label: { zh: string; en: string };
  scope: { level: 'district' | 'township'; name: string };
  value: number | null;
  unit: string;
  target: number | null;
  comparison: string | null;
  met: boolean | null;
  missing: string;
}

function format(value: number | null, unit: string): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString() : String(Math.round(value * 100) / 100);
  return `${rounded}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** Progress towards a target: full when met; for "at most" targets, how close to the limit the value is. */
function progress(row: Row): number {
  if (row.value === null || row.target === null || row.target === 0) return row.met ? 100 : 0;
  const ratio = row.comparison?.startsWith('<') ? row.target / row.value : row.value / row.target;
  return Math.max(0, Math.min(100, ratio * 100));
}

/** The plan's indicators against the district profile's targets: met or not, how far, and what is missing. */
export function scorecardTool() {
  const scope = field('select', 'scorecard-scope', t('scorecard.scope'));
  const status = document.createElement('p');
  status.className = 'tool-status';
  const rowsElement = document.createElement('div');
  rowsElement.className = 'scorecard-rows';
  let rows: Row[] = [];

  const show = () => {
    const name = (scope.input as HTMLSelectElement).value;
    rowsElement.replaceChildren();
    for (const row of rows.filter((r) => (name ? r.scope.name === name : r.scope.level === 'district'))) {
      const item = document.createElement('div');
      item.className = `score ${row.met === true ? 'met' : row.met === false ? 'unmet' : 'unknown'}`;
      const title = document.createElement('div');
      title.className = 'score-title';
      title.textContent = `${row.met === true ? '✓' : row.met === false ? '✗' : '·'} ${row.label[language()]}`;
      const figures = document.createElement('div');
      figures.className = 'score-figures';
      figures.textContent = `${format(row.value, row.unit)}${row.target !== null ? ` / ${t('scorecard.target')} ${row.comparison ?? ''}${format(row.target, row.unit)}` : ''}`;
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = progress(row);
      item.append(title, figures, bar);
      if (row.missing) {
        const missing = document.createElement('div');
        missing.className = 'score-missing';
        missing.textContent = row.missing;
        item.append(missing);
      }
      rowsElement.append(item);
    }
  };
  scope.input.addEventListener('change', show);

  return {
    id: 'scorecard',
    async render(container: HTMLElement) {
      container.append(scope.label, status, rowsElement);
      status.textContent = t('tool.working');
      try {
        const answer = await getJson<{ rows: Row[]; summary: { met: number; unmet: number } }>('/analysis/scorecard');
        rows = answer.rows;
        status.textContent = `${t('scorecard.met')} ${answer.summary.met} · ${t('scorecard.unmet')} ${answer.summary.unmet}`;
        const select = scope.input as HTMLSelectElement;
        const townships = [...new Set(rows.filter((r) => r.scope.level === 'township').map((r) => r.scope.name))];
        for (const [value, text] of [['', t('scorecard.district')], ...townships.map((n) => [n, n])]) {
          const option = document.createElement('option');
          option.value = value;
          option.textContent = text;
          select.append(option);
        }
        show();
      } catch (error) {
        status.textContent = error instanceof ApiError ? error.message : String(error);
      }
    },
  };
}
