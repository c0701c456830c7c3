import type { Feature as GeoFeature } from 'geojson';
import type { FieldSchema } from '../api.ts';
import { t } from '../i18n/index.ts';
import { display } from './popup.ts';

/** How one feature changed, field by field, under the layer's labels: the publisher's review and the audit read it alike. */

// Moved on by every save, so they say nothing about what the user changed.
const BOOKKEEPING = new Set(['revision', 'created_at', 'updated_at', 'updated_by']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The properties whose value differs, by name, `geometry` first when the shape moved. */
export function changedFields(before: GeoFeature, after: GeoFeature): string[] {
  const names = new Set([...Object.keys(before.properties ?? {}), ...Object.keys(after.properties ?? {})]);
  const changed = [...names]
    .filter((name) => !BOOKKEEPING.has(name) && !same(before.properties?.[name], after.properties?.[name]))
    .sort();
  return same(before.geometry, after.geometry) ? changed : ['geometry', ...changed];
}

/** "风险等级: 一般风险 → 低风险", or for the shape, that it moved. */
function changeLine(name: string, before: GeoFeature, after: GeoFeature, schema: Record<string, FieldSchema>) {
  if (name === 'geometry') return `${t('edit.shape')}: ${t('publish.reshaped')}`;
  const field = schema[name];
  return `${field?.title ?? name}: ${display(before.properties?.[name], field)} → ${display(after.properties?.[name], field)}`;
}

/** The named fields as a list, each with its label and its value before → after. */
export function fieldChanges(
  names: string[],
  before: GeoFeature,
  after: GeoFeature,
  schema: Record<string, FieldSchema>,
): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'review-changes';
  for (const name of names) {
    list.append(Object.assign(document.createElement('li'), { textContent: changeLine(name, before, after, schema) }));
  }
  return list;
}
