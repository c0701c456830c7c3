import type { Feature as GeoFeature, LineString, Point } from 'geojson';
import { CONTACT_PERSON_FIELDS, CONTACT_PHONE_FIELDS, firstValue } from '../../catalog/contacts.ts';
import { navigationLinks } from '../../catalog/navigation.ts';
import { type MessageKey, midSentence, t } from '../i18n/index.ts';
import { formatDistance, list } from './form.ts';

/**
 * The responder's list of an incident's answers: each result a line to pick (it is ringed on the map,
 * the incident stays in view) with its time by road and links to 高德 and 百度 to drive there, and whom
 * to call beneath it, the number a `tel:` link a phone dials; what no road reaches listed apart; the
 * protected targets with their people and the villages with their residents, by name.
 */

export interface Ranked {
  id: string;
  name: string;
  township: string | null;
  /** Along the roads when the answer is by road; in a straight line otherwise. */
  distance_m: number;
  feature: GeoFeature;
  lacking?: { item: string; short: number }[];
  duration_s?: number;
  route?: LineString;
}

interface Unreached {
  id: string;
  name: string;
  township: string | null;
  straight_m: number;
  feature: GeoFeature;
}

export interface NearestAnswer {
  layer: string;
  method: 'road' | 'straight';
  /** Why a road answer could not be given, or gave nothing: `no_roads`, `all_roads_closed`. */
  reason?: string;
  travel?: 'to' | 'from';
  /** The segments the question closed as a what-if (by road). */
  closed?: string[];
  results: Ranked[];
  partial?: Ranked[];
  unreachable?: Unreached[];
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
    for (const other of button.closest('.tool-results')?.querySelectorAll('.picked') ?? [])
      other.classList.remove('picked');
    row.classList.add('picked');
    ctx.pick(layerId, feature);
  });
  row.append(button);
  const contact = contactLine(feature.properties);
  if (contact) row.append(contact);
  return row;
}

export const minutes = (seconds: number) =>
  t('incident.minutes').replace('{n}', String(Math.max(1, Math.round(seconds / 60))));

/** 高德 and 百度 links for a result: a team drives from its base to the incident, people go from it to a shelter. */
function navigation(here: [number, number], r: Ranked, travel: 'to' | 'from'): HTMLElement {
  const incident = { at: here, name: t('incident.there') };
  const place = { at: (r.feature.geometry as Point).coordinates, name: r.name };
  const links = travel === 'from' ? navigationLinks(incident, place, 'walk') : navigationLinks(place, incident, 'car');
  const box = document.createElement('span');
  box.className = 'navigation';
  for (const [app, href] of [
    ['amap', links.amap],
    ['baidu', links.baidu],
  ]) {
    const a = Object.assign(document.createElement('a'), {
      href,
      textContent: t(`incident.${app}` as MessageKey),
      target: '_blank',
      rel: 'noopener',
    });
    a.dataset.app = app;
    box.append(a);
  }
  return box;
}

/** What no road reaches: listed apart, with the straight distance for reference. */
function unreachableList(layerId: string, unreachable: Unreached[], ctx: ListContext): HTMLElement[] {
  const note = document.createElement('p');
  note.className = 'tool-status';
  note.textContent = t('incident.unreachableHint');
  const rows = unreachable.map((u) => {
    const words = `${u.name} · ${t('incident.unreachable')} · ${formatDistance(u.straight_m)} · ${u.township ?? ''}`;
    const row = resultRow(layerId, u.feature, words, ctx);
    row.className = 'unreachable-row';
    row.querySelector('button')?.classList.add('unreachable');
    row.dataset.id = u.id;
    return row;
  });
  return [note, list(rows)];
}

/** What a nearest answer is, in words: 最近的 应急救援队伍 · 道路行程. */
export function nearestHeading(answer: NearestAnswer, titleOf: (layerId: string) => string): string {
  return `${t('incident.nearest')} ${midSentence(titleOf(answer.layer))} · ${t(answer.method === 'road' ? 'incident.road' : 'incident.straight')}`;
}

/** How many a group of an around answer holds as listed under it: its villages are counted apart, with their residents. */
export function groupCount(groups: AroundAnswer['groups'] | undefined, group: string): number {
  let count = 0;
  for (const [layerId, found] of Object.entries(groups?.[group] ?? {})) {
    if (layerId !== 'population') count += found?.count ?? 0;
  }
  return count;
}

export function nearestList(here: [number, number], answer: NearestAnswer, ctx: ListContext): HTMLElement {
  const { layer: layerId, results: ranked, partial = [], unreachable = [] } = answer;
  const road = answer.method === 'road';
  const section = document.createElement('div');
  section.className = 'nearest';
  section.dataset.method = answer.method;
  const heading = document.createElement('h3');
  heading.textContent = nearestHeading(answer, ctx.titleOf);
  section.append(heading);
  if (answer.reason === 'no_roads' || answer.reason === 'all_roads_closed') {
    const note = document.createElement('p');
    note.className = 'tool-status';
    note.textContent = t(answer.reason === 'no_roads' ? 'incident.noRoads' : 'incident.allClosed');
    section.append(note);
  }
  if (ranked.length === 0) section.append(list([t('incident.none')]));
  const rows = [...ranked, ...partial].map((r, i) => {
    const lacking = r.lacking?.length
      ? ` · ${t('incident.lacks')} ${r.lacking.map((l) => `${l.item}×${l.short}`).join('、')}`
      : '';
    const time = road && r.duration_s !== undefined ? `${minutes(r.duration_s)} · ` : '';
    const words = `${i + 1}. ${r.name} · ${time}${formatDistance(r.distance_m)} · ${r.township ?? ''}${lacking}`;
    const row = resultRow(layerId, r.feature, words, ctx);
    row.classList.add('nearest-row');
    row.dataset.id = r.id;
    if (road) row.querySelector('button')?.after(navigation(here, r, answer.travel ?? 'to'));
    return row;
  });
  section.append(list(rows));
  if (unreachable.length > 0) section.append(...unreachableList(layerId, unreachable, ctx));
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
    summary.textContent = `${t(`around.${group}` as MessageKey)}: ${groupCount(answer.groups, group)}`;
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
