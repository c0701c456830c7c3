import type { FeatureLike } from 'ol/Feature.js';
import type { FieldSchema } from '../api.ts';
import { language, t } from '../i18n/index.ts';

const HIDDEN = new Set(['geometry', 'lifecycle', 'revision', 'created_at', 'source_crs']);

function display(value: unknown, schema: FieldSchema | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const labels = schema?.['x-value-labels'];
  if (Array.isArray(value)) return value.map((v) => labels?.[String(v)] ?? String(v)).join('、');
  if (typeof value === 'boolean') return value ? t('popup.yes') : t('popup.no');
  if (labels && String(value) in labels) return labels[String(value)];
  if (typeof value === 'object') return JSON.stringify(value);
  if (schema?.format === 'date-time')
    return new Date(String(value)).toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  return schema?.['x-unit'] ? `${value} ${schema['x-unit']}` : String(value);
}

/** A feature's attributes under their Chinese labels, in the order the layer defines them. */
export function renderPopup(
  element: HTMLElement,
  layerTitle: string,
  feature: FeatureLike,
  schema: Record<string, FieldSchema>,
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
    row.insertCell().textContent = display(feature.get(key), field);
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
  element.hidden = false;
}
