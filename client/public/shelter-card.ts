import type { FeatureLike } from 'ol/Feature.js';
import { chinaMinute } from '../../catalog/china-time.ts';
import { h } from './dom.ts';
import { formatPeople } from './format.ts';
import { type MessageKey, t } from './strings.ts';

/** One fact of a card: its label and its value. */
export function row(label: string, value: string, className = ''): HTMLElement {
  return h('div', { class: `row ${className}`.trim() }, h('dt', {}, label), h('dd', {}, value));
}

export function statusText(status: unknown): string {
  return status === 'open' ? t('shelter.open') : status === 'closed' ? t('shelter.closed') : t('shelter.unknown');
}

/**
 * A shelter as the public reads it: what was published (name, type, address, capacity) and what is
 * live (open or closed, free places, when the bureau last updated them).
 */
export function shelterCard(feature: FeatureLike): Node[] {
  const p = feature.getProperties();
  const facts = h('dl', { class: 'facts' });
  if (p.kind) facts.append(row(t('shelter.kind'), t(`kind.${p.kind}` as MessageKey)));
  if (p.address) facts.append(row(t('shelter.address'), String(p.address)));
  if (typeof p.capacity === 'number') facts.append(row(t('shelter.capacity'), formatPeople(p.capacity)));
  facts.append(row(t('shelter.status'), statusText(p.status), `status-${p.status ?? 'unknown'}`));
  if (typeof p.free_places === 'number') facts.append(row(t('shelter.free'), formatPeople(p.free_places)));
  const nodes: Node[] = [facts];
  if (p.updated_at) {
    nodes.push(h('p', { class: 'updated' }, t('shelter.updated', { time: chinaMinute(String(p.updated_at)) })));
  }
  return nodes;
}
