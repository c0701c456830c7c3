import { analysisLegend, type LegendEntry, riskLegend } from '../../catalog/legend.ts';
import { language, t } from '../i18n/index.ts';
import { swatch } from '../layers/swatch.ts';

/**
 * The key that must stand beside any risk map: the four levels, each with its number beside its
 * colour; and, folded away until wanted, what the analyses draw over the layers.
 */

function rows(entries: LegendEntry[], kind: string): HTMLElement[] {
  return entries.map((entry) => {
    const row = document.createElement('div');
    row.className = 'legend-row';
    row.dataset.legend = kind;
    row.append(swatch(entry), entry.label[language()]);
    return row;
  });
}

export function renderLegend(element: HTMLElement) {
  const title = document.createElement('strong');
  title.textContent = t('legend.risk');
  const analyses = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = t('legend.analysis');
  analyses.append(summary, ...rows(analysisLegend(), 'analysis'));
  element.setAttribute('aria-label', t('legend.title'));
  element.replaceChildren(title, ...rows(riskLegend(), 'risk'), analyses);
}
