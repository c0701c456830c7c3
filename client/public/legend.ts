import { type LegendEntry, publicShelterLegend, riskLegend } from '../../catalog/legend.ts';
import { swatch } from '../layers/swatch.ts';
import { h } from './dom.ts';
import { language, t } from './strings.ts';

const item = (entry: LegendEntry, kind: string) =>
  h('li', { 'data-legend': kind }, swatch(entry), entry.label[language()]);

/**
 * The four national colours, each with its level's number and name, and the open and closed
 * shelters, every symbol drawn by the same rules as the map.
 */
export function renderLegend(element: HTMLElement): void {
  element.setAttribute('aria-label', t('legend.title'));
  element.replaceChildren(
    h(
      'ul',
      {},
      ...riskLegend().map((entry) => item(entry, 'risk')),
      ...publicShelterLegend().map((entry) => item(entry, 'shelter')),
    ),
  );
}
