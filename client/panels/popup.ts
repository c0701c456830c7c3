import type { FeatureLike } from 'ol/Feature.js';
import { chinaMinute } from '../../catalog/china-time.ts';
import type { FieldSchema } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button } from './form.ts';

const HIDDEN = new Set(['geometry', 'lifecycle', 'revision', 'created_at', 'source_crs']);

/** A value as staff read it: its label, yes/no, a time in China, or the number with its unit. */
export function display(value: unknown, schema: FieldSchema | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const labels = schema?.['x-value-labels'];
  if (Array.isArray(value)) return value.map((v) => labels?.[String(v)] ?? String(v)).join('、');
  if (typeof value === 'boolean') return value ? t('popup.yes') : t('popup.no');
  if (labels && String(value) in labels) return labels[String(value)];
  if (typeof value === 'object') return JSON.stringify(value);
  if (schema?.format === 'date-time') return chinaMinute(String(value));
  return schema?.['x-unit'] ? `${value} ${schema['x-unit']}` : String(value);
}

interface StockRow {
  item: string;
  quantity: number;
  unit: string;
  expires_on: string | null;
}

/** A depot's stock as the responder reads it: item, quantity with its unit, expiry. */
function stockTable(rows: StockRow[]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'stock';
  for (const row of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = row.item;
    tr.insertCell().textContent = `${row.quantity.toLocaleString()} ${row.unit}`;
    tr.insertCell().textContent = row.expires_on ?? '';
  }
  return table;
}

/**
 * A feature's attributes under their Chinese labels, in the order the layer defines them. With
 * `edit`, a signed-in planner gets a button that opens the editor in place.
 */
export function renderPopup(
  element: HTMLElement,
  layerTitle: string,
  feature: FeatureLike,
  schema: Record<string, FieldSchema>,
  edit?: () => void,
) {
  const heading = document.createElement('h3');
  heading.textContent = String(feature.get('name') ?? layerTitle);
  const kind = document.createElement('div');
  kind.textContent = layerTitle;
  kind.style.color = '#52606d';
  const table = document.createElement('table');
  for (const [key, field] of Object.entries(schema)) {
    if (HIDDEN.has(key) || key === 'name') continue;
    const row = table.insertRow();
    const th = document.createElement('th');
    th.textContent = field.title;
    row.append(th);
    const value = feature.get(key);
    if (key === 'stock' && Array.isArray(value)) row.insertCell().append(stockTable(value as StockRow[]));
    else row.insertCell().textContent = display(value, field);
  }
  const close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', t('popup.close'));
  close.addEventListener('click', () => {
    element.hidden = true;
  });
  element.replaceChildren(close, heading, kind, table);
  if (edit) {
    const open = button(t('edit.open'), 'primary');
    open.addEventListener('click', edit);
    element.append(open);
  }
  element.hidden = false;
}
