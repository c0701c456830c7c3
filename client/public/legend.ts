import { RISK_COLOURS } from '../../catalog/palette.ts';
import { RISK_LABELS, RISK_LEVELS } from '../../catalog/risk-levels.ts';
import { pointStyle } from '../../catalog/symbols.ts';
import { h } from './dom.ts';
import { language, t } from './strings.ts';

function shelterKey(look: 'solid' | 'greyed', label: string): HTMLElement {
  const symbol = pointStyle('shelters', look);
  const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
  dot.style.background = symbol['circle-fill-color'] ?? '';
  dot.style.borderColor = symbol['circle-stroke-color'] ?? '';
  return h('li', {}, dot, label);
}

/** The four national colours with their Chinese names, and the open and closed shelter symbols the map draws. */
export function renderLegend(element: HTMLElement): void {
  const items = RISK_LEVELS.map((level) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = RISK_COLOURS[level];
    return h('li', {}, swatch, RISK_LABELS[level][language()]);
  });
  element.setAttribute('aria-label', t('legend.title'));
  element.replaceChildren(
    h('ul', {}, ...items, shelterKey('solid', t('legend.open')), shelterKey('greyed', t('legend.closed'))),
  );
}
