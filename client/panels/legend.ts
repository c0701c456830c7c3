import { RISK_COLOURS } from '../../catalog/palette.ts';
import { RISK_LABELS, RISK_LEVELS } from '../../catalog/risk-levels.ts';
import { language, t } from '../i18n/index.ts';

/** The four-colour legend that must stand beside any risk map. */
export function renderLegend(element: HTMLElement) {
  const title = document.createElement('strong');
  title.textContent = t('legend.risk');
  element.replaceChildren(title);
  for (const level of RISK_LEVELS) {
    const row = document.createElement('div');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = RISK_COLOURS[level];
    row.append(swatch, RISK_LABELS[level][language()]);
    element.append(row);
  }
}
