import { language, t } from '../i18n/index.ts';

/**
 * The scorecard's rows as the API sends them, and how one is read: value, target, met or not, the
 * change, and beside a null value or verdict the reason the API gives for it, never a bare dash; beside
 * the title, how the value was measured (按道路, 直线估算) unless it is a plain count.
 */

export interface Row {
  id: string;
  label: { zh: string; en: string };
  scope: { level: 'district' | 'township'; name: string };
  value: number | null;
  unit: string;
  target: number | null;
  comparison: string | null;
  met: boolean | null;
  missing: string;
  /** The code of the reason the value, or else the verdict, is null. */
  why?: string | null;
  /** The value and verdict once the planned features are built. */
  with_planned?: { value: number | null; met: boolean | null };
  /** How the value was measured: road, straight, sector, count or overlay. */
  method?: string;
}

export interface Scorecard {
  rows: Row[];
  summary: { met: number; unmet: number };
  /** Each reason code the answer names, in the reader's language. */
  reasons?: Record<string, string>;
  /** Each method the rows use, in the reader's language. */
  methods?: Record<string, string>;
}

export function format(value: number | null, unit: string): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString() : String(Math.round(value * 100) / 100);
  return `${rounded}${unit === '%' ? '%' : ` ${unit}`}`;
}

/** A change with its sign, in the indicator's unit; nothing when the figure did not move. */
export function formatChange(before: number | null, after: number | null, unit: string): string {
  if (before === null || after === null || Math.abs(after - before) < 0.005) return '';
  return `${after > before ? '+' : '−'}${format(Math.abs(after - before), unit)}`;
}

export const mark = (met: boolean | null) => (met === true ? '✓' : met === false ? '✗' : '·');
export const metWord = (met: boolean | null) =>
  met === true ? t('scorecard.met') : met === false ? t('scorecard.unmet') : '—';
export const keyOf = (row: Row) => `${row.id}@${row.scope.name}`;
export const metClass = (met: boolean | null) => (met === true ? 'met' : met === false ? 'unmet' : 'unknown');

/** The rows of one scope: a township by name, or the district when the name is empty. */
export const inScope = (rows: Row[], name: string) =>
  rows.filter((r) => (name ? r.scope.name === name : r.scope.level === 'district'));

/** Progress towards a target: full when met; for "at most" targets, how close to the limit the value is. */
function progress(row: Row): number {
  if (row.value === null || row.target === null || row.target === 0) return row.met ? 100 : 0;
  const ratio = row.comparison?.startsWith('<') ? row.target / row.value : row.value / row.target;
  return Math.max(0, Math.min(100, ratio * 100));
}

/** A small note of how a row was measured (按道路 / 直线估算); nothing for a plain count. */
function methodNote(row: Row, methods: Record<string, string>): HTMLElement | null {
  if (!row.method || row.method === 'count') return null;
  const note = document.createElement('span');
  note.className = 'score-method';
  note.dataset.method = row.method;
  note.textContent = methods[row.method] ?? row.method;
  return note;
}

/**
 * One indicator: value against target, how it was measured, and with proposals, the value before →
 * after and the change.
 */
export function indicator(
  row: Row,
  before: Row | undefined,
  reasons: Record<string, string> = {},
  methods: Record<string, string> = {},
): HTMLElement {
  const item = document.createElement('div');
  item.className = `score ${metClass(row.met)}`;
  item.dataset.indicator = row.id;
  const title = document.createElement('div');
  title.className = 'score-title';
  title.textContent = `${mark(row.met)} ${row.label[language()]}`;
  const note = methodNote(row, methods);
  if (note) title.append(' ', note);
  const figures = document.createElement('div');
  figures.className = 'score-figures';
  const was = before ? `${format(before.value, row.unit)} → ` : '';
  const goal =
    row.target !== null ? ` / ${t('scorecard.target')} ${row.comparison ?? ''}${format(row.target, row.unit)}` : '';
  const reason = row.why ? (reasons[row.why] ?? row.why) : '';
  figures.textContent = `${was}${format(row.value, row.unit)}${goal}${reason ? ` (${reason})` : ''}`;
  if (reason) figures.dataset.why = row.why ?? '';
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
