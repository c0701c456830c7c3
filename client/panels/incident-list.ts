import type { Feature as GeoFeature } from 'geojson';
import { CONTACT_PERSON_FIELDS, CONTACT_PHONE_FIELDS, firstValue } from '../../catalog/contacts.ts';
import { t } from '../i18n/index.ts';
import { formatDistance, list } from './form.ts';

/**
 * The responder's list of an incident's answers: each result a line to pick (it is ringed on the map,
 * the incident stays in view) with whom to call beneath it, the number a `tel:` link a phone dials;
 * the protected targets with their people and the villages with their residents, by name.
 */

export interface Ranked {
  id: string;
  name: string;
  township: string | null;
  distance_m: number;
  feature: GeoFeature;
  lacking?: { item: string; short: number }[];
}

interface AroundItem {
  feature: GeoFeature;
  distanceM: number;
  inside: boolean;
}

export interface AroundAnswer {
  counts: Record<string, number>;
  residents: number;
  groups: Record<string, Record<string, { count: number; items: AroundItem[] } | undefined>>;
}

interface ListContext {
  titleOf(layerId: string): string;
  /** A result was picked: ring it on the map without leaving the incident. */
  pick(layerId: string, feature: GeoFeature): void;
}

/** Lines listed per layer; the count says how many there are in all. */
const SHOWN = 20;

/** Whom to call about a feature: the person and the number, the number a link a phone dials. */
function contactLine(props: Record<string, unknown> | null): HTMLElement | undefined {
  const person = firstValue(props, CONTACT_PERSON_FIELDS);
  const phone = firstValue(props, CONTACT_PHONE_FIELDS);
  if (!person && !phone) return undefined;
  const line = document.createElement('small');
  line.className = 'contact';
  line.append(person ? `${person} ` : '');
  if (phone) {
    const link = Object.assign(document.createElement('a'), { href: `tel:${phone.replace(/[\s-]/g, '')}` });
    link.textContent = phone;
    line.append(link);
  }
  return line;
}

/** One result: a button that picks it, and its contact beneath. */
function resultRow(layerId: string, feature: GeoFeature, words: string, ctx: ListContext): HTMLElement {
  const row = document.createElement('div');
  row.className = 'result-row';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'result';
  button.textContent = words;
  button.addEventListener('click', () => {
    for (const other of button.closest('.tool-results')?.querySelectorAll('.result-row.picked') ?? [])
      other.classList.remove('picked');
    row.classList.add('picked');
    ctx.pick(layerId, feature);
  });
  row.append(button);
  const contact = contactLine(feature.properties);
  if (contact) row.append(contact);
  return row;
}

export function nearestList(layerId: string, ranked: Ranked[], partial: Ranked[], ctx: ListContext): HTMLElement {
  const section = document.createElement('div');
  section.className = 'nearest';
  const heading = document.createElement('h3');
  heading.textContent = `${t('incident.nearest')} ${ctx.titleOf(layerId)} · ${t('incident.straight')}`;
  section.append(heading);
  if (ranked.length === 0) section.append(list([t('incident.none')]));
  const rows = [...ranked, ...partial].map((r, i) => {
    const lacking = r.lacking?.length
      ? ` · ${t('incident.lacks')} ${r.lacking.map((l) => `${l.item}×${l.short}`).join('、')}`
      : '';
    const words = `${i + 1}. ${r.name} · ${formatDistance(r.distance_m)} · ${r.township ?? ''}${lacking}`;
    return resultRow(layerId, r.feature, words, ctx);
  });
  section.append(list(rows));
  return section;
}

/** How far, and for protected targets and villages how many people. */
function aroundWords(layerId: string, item: AroundItem): string {
  const props = item.feature.properties ?? {};
  const where = item.inside ? t('incident.inside') : formatDistance(item.distanceM);
  const people =
    layerId === 'protected_targets' && props.people != null
      ? ` · ${props.people} ${t('incident.people')}`
      : layerId === 'population'
        ? ` · ${props.residents ?? 0} ${t('incident.people')}`
        : '';
  return `${props.name ?? ''} · ${where}${people}`;
}

/** A layer's lines under its title and count. */
function layerList(layerId: string, found: { count: number; items: AroundItem[] }, ctx: ListContext): HTMLElement[] {
  const title = document.createElement('h4');
  title.textContent = `${ctx.titleOf(layerId)} (${found.count})`;
  const rows = found.items
    .slice(0, SHOWN)
    .map((item) => resultRow(layerId, item.feature, aroundWords(layerId, item), ctx));
  return [title, list(rows)];
}

/** Risks and resources folded, protected targets and villages open: whom to warn and move comes first. */
export function aroundList(answer: AroundAnswer, km: number, ctx: ListContext): HTMLElement {
  const section = document.createElement('div');
  section.className = 'around';
  const heading = document.createElement('h3');
  heading.textContent = t('incident.around').replace('{km}', String(km));
  section.append(heading);
  for (const group of ['protected', 'risks', 'resources']) {
    const details = document.createElement('details');
    details.className = `around-${group}`;
    details.open = group === 'protected';
    const summary = document.createElement('summary');
    summary.textContent = `${t(`around.${group}`)}: ${answer.counts[group] ?? 0}`;
    details.append(summary);
    for (const [layerId, found] of Object.entries(answer.groups[group] ?? {})) {
      if (!found || found.count === 0 || layerId === 'population') continue;
      details.append(...layerList(layerId, found, ctx));
    }
    section.append(details);
  }
  const villages = answer.groups.protected?.population;
  const people = document.createElement('details');
  people.className = 'around-villages';
  people.open = true;
  const summary = document.createElement('summary');
  summary.textContent = `${t('incident.villages')}: ${villages?.count ?? 0} · ${t('incident.residents')} ${answer.residents.toLocaleString()}`;
  people.append(summary);
  if (villages && villages.count > 0) people.append(...layerList('population', villages, ctx));
  section.append(people);
  return section;
}
