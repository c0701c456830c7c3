import type { RiskLevel } from './risk-levels.ts';

/** The national four-colour rule (安委办〔2016〕11号): level 1–4 = red, orange, yellow, blue, one palette everywhere. */
export const RISK_COLOURS: Record<RiskLevel, string> = {
  1: '#E60012',
  2: '#FF9900',
  3: '#FFE100',
  4: '#0070C0',
};

/**
 * The edge each level's symbol is drawn with. Orange and yellow on white fall short of the 3:1 that
 * WCAG 1.4.11 asks of a graphic (2.1:1 and 1.3:1), so their marks are ringed in a darker shade of
 * the same hue; red and blue pass as they are.
 */
export const RISK_OUTLINES: Record<RiskLevel, string> = {
  1: '#E60012',
  2: '#b85c00',
  3: '#8f7400',
  4: '#0070C0',
};

/** One colour per point layer, chosen to stay apart from the four risk colours. */
export const LAYER_COLOURS: Record<string, string> = {
  shelters: '#1a9850',
  depots: '#8c510a',
  teams: '#5e3c99',
  fire_stations: '#b2182b',
  cameras: '#01665e',
  hazards: '#d6604d',
  enterprise_risks: '#7f3b08',
  broadcast_terminals: '#4393c3',
  weather_stations: '#35978f',
  population: '#878787',
  protected_targets: '#c51b7d',
  roads: '#868e96',
};
