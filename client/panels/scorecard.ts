import { ApiError, getJson, postJson } from '../api.ts';
import { language, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { field } from './form.ts';
import { createProposals, PROPOSABLE_LAYERS, type ProposableLayer } from './proposals.ts';

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
  /** The value and verdict once the planned features are built. */
  with_planned?: { value: number | null; met: boolean | null };
}

interface Scorecard {
  rows: Row[];
  summary: { met: number; unmet: number };
}

function format(value: number | null, unit: string): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString() : String(Math.round(value * 100) / 100);
  return `${rounded}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** A change with its sign, in the indicator's unit; nothing when the figure did not move. */
function formatChange(before: number | null, after: number | null, unit: string): string {
  if (before === null || after === null || Math.abs(after - before) < 0.005) return '';
  return `${after > before ? '+' : '−'}${format(Math.abs(after - before), unit)}`;
}

const mark = (met: boolean | null) => (met === true ? '✓' : met === false ? '✗' : '·');
const metWord = (met: boolean | null) =>
  met === true ? t('scorecard.met') : met === false ? t('scorecard.unmet') : '—';
const keyOf = (row: Row) => `${row.id}@${row.scope.name}`;

/** Progress towards a target: full when met; for "at most" targets, how close to the limit the value is. */
function progress(row: Row): number {
  if (row.value === null || row.target === null || row.target === 0) return row.met ? 100 : 0;
  const ratio = row.comparison?.startsWith('<') ? row.target / row.value : row.value / row.target;
  return Math.max(0, Math.min(100, ratio * 100));
}

/** One indicator: value against target, and with proposals, the value before → after and the change. */
function indicator(row: Row, before: Row | undefined): HTMLElement {
  const item = document.createElement('div');
  item.className = `score ${row.met === true ? 'met' : row.met === false ? 'unmet' : 'unknown'}`;
  item.dataset.indicator = row.id;
  const title = document.createElement('div');
  title.className = 'score-title';
  title.textContent = `${mark(row.met)} ${row.label[language()]}`;
  const figures = document.createElement('div');
  figures.className = 'score-figures';
  const was = before ? `${format(before.value, row.unit)} → ` : '';
  const goal =
    row.target !== null ? ` / ${t('scorecard.target')} ${row.comparison ?? ''}${format(row.target, row.unit)}` : '';
  figures.textContent = `${was}${format(row.value, row.unit)}${goal}`;
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = progress(row);
  item.append(title, figures);
  if (before) {
    const change = formatChange(before.value, row.value, row.unit);
    const flipped = before.met !== row.met;
    if (change || flipped) {
      item.classList.add('changed');
      const delta = document.createElement('div');
      delta.className = 'score-delta';
      const words = flipped ? [`${metWord(before.met)} → ${metWord(row.met)}`] : [];
      delta.textContent = [change && `${t('scorecard.change')} ${change}`, ...words].filter(Boolean).join(' · ');
      item.append(delta);
    }
  }
  item.append(bar);
  const planned = row.with_planned;
  if (planned && formatChange(row.value, planned.value, row.unit)) {
    const line = document.createElement('div');
    line.className = 'score-planned';
    line.textContent = `${t('scorecard.withPlanned')} ${format(planned.value, row.unit)} · ${metWord(planned.met)}`;
    item.append(line);
  }
  if (row.missing) {
    const missing = document.createElement('div');
    missing.className = 'score-missing';
    missing.textContent = row.missing;
    item.append(missing);
  }
  return item;
}

/**
 * The plan's indicators against the district profile's targets: met or not, how far, and what is
 * missing. A planner drops proposed facilities on the map and reads every indicator before → after;
 * `saved` hears of proposals stored as features.
 */
export function scorecardTool(
  overlay: Overlay,
  titleOf: (layerId: string) => string,
  saved: (layerId: string) => void,
) {
  const scope = field('select', 'scorecard-scope', t('scorecard.scope'));
  const kind = field('select', 'scorecard-propose', t('scorecard.propose'), {}, PROPOSABLE_LAYERS);
  for (const option of (kind.input as HTMLSelectElement).options) option.textContent = titleOf(option.value);
  const status = document.createElement('p');
  status.className = 'tool-status';
  const rowsElement = document.createElement('div');
  rowsElement.className = 'scorecard-rows';
  let answer: Scorecard | undefined;
  let before: Map<string, Row> | undefined;
  let open = false;
  let latest = 0;

  const proposals = createProposals({
    kind: () => (kind.input as HTMLSelectElement).value as ProposableLayer,
    changed: () => void run(),
    saved,
  });

  const show = () => {
    const name = (scope.input as HTMLSelectElement).value;
    const rows = (answer?.rows ?? []).filter((r) => (name ? r.scope.name === name : r.scope.level === 'district'));
    rowsElement.replaceChildren(...rows.map((row) => indicator(row, before?.get(keyOf(row)))));
  };
  scope.input.addEventListener('change', show);

  const fillScopes = (rows: Row[]) => {
    const select = scope.input as HTMLSelectElement;
    if (select.options.length > 0) return;
    const townships = [...new Set(rows.filter((r) => r.scope.level === 'township').map((r) => r.scope.name))];
    for (const [value, text] of [['', t('scorecard.district')], ...townships.map((n) => [n, n])]) {
      select.append(new Option(text, value));
    }
  };

  const summary = (now: Scorecard, was: Scorecard | undefined) => {
    const count = (key: 'met' | 'unmet') =>
      was && was.summary[key] !== now.summary[key] ? `${was.summary[key]} → ${now.summary[key]}` : now.summary[key];
    const pending = was ? ` · ${t('whatif.pending').replace('{n}', String(proposals.count()))}` : '';
    return `${t('scorecard.met')} ${count('met')} · ${t('scorecard.unmet')} ${count('unmet')}${pending}`;
  };

  /** The stored scorecard, or with the proposals laid over it, so each indicator shows before → after. */
  async function run() {
    const ticket = ++latest;
    status.textContent = t('tool.working');
    overlay.clear();
    overlay.add(proposals.features(), 'proposed');
    try {
      const proposed = proposals.body();
      const reply = proposed
        ? await postJson<{ before: Scorecard; after: Scorecard }>('/analysis/scorecard', { proposed })
        : { before: undefined, after: await getJson<Scorecard>('/analysis/scorecard') };
      if (ticket !== latest || !open) return;
      answer = reply.after;
      before = reply.before && new Map(reply.before.rows.map((r) => [keyOf(r), r]));
      fillScopes(answer.rows);
      status.textContent = summary(reply.after, reply.before);
      show();
    } catch (error) {
      if (ticket !== latest || !open) return;
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  return {
    id: 'scorecard',
    render(container: HTMLElement) {
      open = true;
      container.append(scope.label, kind.label, proposals.bar, status, rowsElement);
      void run();
    },
    open() {
      open = true;
      void run();
    },
    close() {
      open = false;
      proposals.disarm();
      overlay.clear();
    },
    /** While dropping, a click on the map proposes a facility there and the indicators are computed again. */
    click: (coordinate: number[]) => open && proposals.click(coordinate),
  };
}
