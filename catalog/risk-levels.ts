import type { Label } from './label.ts';

/**
 * The four risk levels of the national rule, from gravest to least, with the one wording every
 * screen, sheet and export uses (重大/较大/一般/低风险). Their colours are the palette's.
 */

export const RISK_LEVELS = [1, 2, 3, 4] as const;

export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LABELS: Record<RiskLevel, Label> = {
  1: { zh: '重大风险', en: 'Major' },
  2: { zh: '较大风险', en: 'Significant' },
  3: { zh: '一般风险', en: 'General' },
  4: { zh: '低风险', en: 'Low' },
};

const COLOUR_NAMES: Record<RiskLevel, Label> = {
  1: { zh: '红', en: 'red' },
  2: { zh: '橙', en: 'orange' },
  3: { zh: '黄', en: 'yellow' },
  4: { zh: '蓝', en: 'blue' },
};

/**
 * A risk-level field's values as tables and forms list them: the level's name and its colour,
 * 重大风险(红). An import reads any part back (重大风险, 重大, 红).
 */
export const RISK_LEVEL_VALUES: Record<string, Label> = Object.fromEntries(
  RISK_LEVELS.map((level) => [
    String(level),
    {
      zh: `${RISK_LABELS[level].zh}(${COLOUR_NAMES[level].zh})`,
      en: `${RISK_LABELS[level].en} (${COLOUR_NAMES[level].en})`,
    },
  ]),
);
