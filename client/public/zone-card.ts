import type { FeatureLike } from 'ol/Feature.js';
import { RISK_LABELS, type RiskLevel } from '../../catalog/risk-levels.ts';
import { h } from './dom.ts';
import { row } from './shelter-card.ts';
import { language, t } from './strings.ts';

/** A risk zone's level in the national words (重大风险 … 低风险), or nothing for a level it does not know. */
export function levelText(level: unknown): string {
  return RISK_LABELS[Number(level) as RiskLevel]?.[language()] ?? '';
}

/** A published risk zone as the public reads it, opened from the keyboard or the list: its level and township. */
export function zoneCard(feature: FeatureLike): Node[] {
  const facts = h('dl', { class: 'facts' }, row(t('zone.level'), levelText(feature.get('level'))));
  const township = feature.get('township');
  if (township) facts.append(row(t('zone.township'), String(township)));
  return [facts];
}
