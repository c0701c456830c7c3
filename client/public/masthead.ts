import type { Publication } from '../../catalog/publications.ts';
import type { Landing } from './api.ts';
import { h } from './dom.ts';
import { t } from './strings.ts';
import { versionLine } from './versions.ts';

export interface Masthead {
  title: HTMLElement;
  version: HTMLElement;
  demo: HTMLElement;
  notice: HTMLElement;
  reviewNumber: HTMLElement;
}

/** What every view of the map shows: the demo label on demo data, the 审图号 bottom-left when configured. */
export function renderFixtures(m: Masthead, landing: Landing): void {
  if (landing.dataset?.demo) {
    m.demo.textContent = t('demo.badge');
    m.demo.title = landing.dataset.note ?? '';
    m.demo.hidden = false;
  }
  const reviewNumber = landing.map?.reviewNumber;
  if (reviewNumber) {
    m.reviewNumber.textContent = reviewNumber;
    m.reviewNumber.hidden = false;
  }
}

/**
 * The title, version and date of the version shown, and a notice when it is not the latest: withdrawn
 * (with the bureau's reason) or simply older, with a way back to the latest.
 */
export function renderVersion(
  m: Masthead,
  shown: Publication,
  latest: Publication | undefined,
  showLatest: () => void,
  missing?: number,
): void {
  m.title.textContent = shown.title;
  m.version.textContent = versionLine(shown);
  document.title = `${shown.title} · ${t('version.label', { n: shown.version })}`;
  const lines: string[] = [];
  if (missing !== undefined) lines.push(t('version.missing', { n: missing }));
  else if (shown.withdrawn_at) lines.push(t('version.withdrawn', { reason: shown.withdrawn_reason ?? '' }));
  else if (latest && shown.version !== latest.version) lines.push(t('version.notLatest', { n: shown.version }));
  if (lines.length === 0) {
    m.notice.hidden = true;
    return;
  }
  const back = h('a', { href: window.location.pathname }, t('version.showLatest'));
  back.addEventListener('click', (event) => {
    event.preventDefault();
    showLatest();
  });
  m.notice.replaceChildren(h('span', {}, ...lines), ' ', ...(latest && shown.version !== latest.version ? [back] : []));
  m.notice.hidden = false;
}

/** Nothing published yet: a plain message over the district's outline, not an empty or broken map. */
export function renderNothingPublished(m: Masthead, message: HTMLElement): void {
  m.title.textContent = t('app.title');
  m.version.textContent = '';
  document.title = t('version.none');
  message.replaceChildren(h('strong', {}, t('version.none')), h('p', {}, t('version.noneDetail')));
  message.hidden = false;
}
