import type { Publication } from '../../catalog/publications.ts';
import { h } from './dom.ts';
import { t } from './strings.ts';

/** "第3版 · 2026-11-20", as the header and the list both say it. */
export const versionLine = (p: Publication) => `${t('version.label', { n: p.version })} · ${p.map_date}`;

/**
 * Every published version, newest first, each a link that reproduces it (?v=3); withdrawn ones are
 * marked with the bureau's reason and still open, so an old link keeps working.
 */
export function versionList(
  publications: Publication[],
  shown: number,
  hrefOf: (version: number) => string,
  select: (version: number) => void,
): Node[] {
  const latest = publications.find((p) => !p.withdrawn_at)?.version;
  const items = publications.map((p) => {
    const tags: Node[] = [];
    if (p.version === latest) tags.push(h('span', { class: 'tag latest' }, t('versions.latest')));
    if (p.version === shown) tags.push(h('span', { class: 'tag shown' }, t('versions.shown')));
    if (p.withdrawn_at) tags.push(h('span', { class: 'tag withdrawn' }, t('versions.withdrawn')));
    const link = h(
      'a',
      { href: hrefOf(p.version), 'data-version': String(p.version) },
      h('span', { class: 'line' }, versionLine(p), ...tags),
      h('span', { class: 'title' }, p.title),
    );
    if (p.version === shown) link.setAttribute('aria-current', 'true');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      select(p.version);
    });
    const item = h('li', { class: p.withdrawn_at ? 'withdrawn' : '' }, link);
    if (p.withdrawn_reason)
      item.append(h('p', { class: 'reason' }, t('version.withdrawn', { reason: p.withdrawn_reason })));
    return item;
  });
  return [h('ul', { class: 'versions' }, ...items)];
}
