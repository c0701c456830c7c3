import type { Label } from './label.ts';

/**
 * The units the plans measure their targets in, as a Chinese plan writes them (the profiles keep
 * them so) and in English: a scorecard read in English says "12 min", not "12 分钟". A unit no row
 * names is said as written.
 */
const UNITS: Readonly<Record<string, Label>> = {
  '%': { zh: '%', en: '%' },
  '%(较2019年下降)': { zh: '%(较2019年下降)', en: '% (fall since 2019)' },
  '%(较基数下降)': { zh: '%(较基数下降)', en: '% (fall from the baseline)' },
  'm²': { zh: 'm²', en: 'm²' },
  'm²/人': { zh: 'm²/人', en: 'm²/resident' },
  '‰': { zh: '‰', en: '‰' },
  个: { zh: '个', en: '' },
  '个/100km²': { zh: '个/100km²', en: 'per 100 km²' },
  '个/乡镇': { zh: '个/乡镇', en: 'per township' },
  个乡镇: { zh: '个乡镇', en: 'townships' },
  '人/万台': { zh: '人/万台', en: 'deaths per 10,000 vehicles' },
  '人/亿元': { zh: '人/亿元', en: 'deaths per 100 million yuan of GDP' },
  '人/十万人': { zh: '人/十万人', en: 'per 100,000 residents' },
  '人/年': { zh: '人/年', en: 'people a year' },
  '人/村': { zh: '人/村', en: 'people per village' },
  '人/百万人': { zh: '人/百万人', en: 'per million residents' },
  '人次/十万人': { zh: '人次/十万人', en: 'person-times per 100,000 residents' },
  分钟: { zh: '分钟', en: 'min' },
  处: { zh: '处', en: 'sites' },
  家: { zh: '家', en: 'enterprises' },
  小时: { zh: '小时', en: 'h' },
  年一遇: { zh: '年一遇', en: 'year return period' },
  座: { zh: '座', en: '' },
  '支/乡镇': { zh: '支/乡镇', en: 'teams per township' },
  '支/有林乡镇': { zh: '支/有林乡镇', en: 'teams per forested township' },
  '支/村': { zh: '支/村', en: 'teams per village' },
  '站/村': { zh: '站/村', en: 'stations per village' },
  起: { zh: '起', en: 'incidents' },
  '部/有林乡镇': { zh: '部/有林乡镇', en: 'sets per forested township' },
  '面/有林村': { zh: '面/有林村', en: 'per forested village' },
};

/** A unit in the reader's language. */
export function unitIn(unit: string, language: keyof Label): string {
  return UNITS[unit]?.[language] ?? unit;
}
