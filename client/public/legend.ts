import { RISK_COLOURS, RISK_LABELS } from '../../catalog/palette.ts';
import { h } from './dom.ts';
import { language, t } from './strings.ts';
import { SHELTER_SYMBOLS } from './symbols.ts';

function shelterKey(symbol: (typeof SHELTER_SYMBOLS)['open'], label: string): HTMLElement {
  const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
  dot.style.background = symbol.fill;
  dot.style.borderColor = symbol.stroke;
  return h('li', {}, dot, label);
}

/** The four national colours with their Chinese names, and the open and closed shelter symbols. */
export function renderLegend(element: HTMLElement): void {
  const items = [1, 2, 3, 4].map((level) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = RISK_COLOURS[level];
    return h('li', {}, swatch, RISK_LABELS[level][language()]);
  });
  element.setAttribute('aria-label', t('legend.title'));
  element.replaceChildren(
    h(
      'ul',
      {},
      ...items,
      shelterKey(SHELTER_SYMBOLS.open, t('legend.open')),
      shelterKey(SHELTER_SYMBOLS.closed, t('legend.closed')),
    ),
  );
}
