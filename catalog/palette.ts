import type { RiskLevel } from './risk-levels.ts';

/** The national four-colour rule (安委办〔2016〕11号): level 1–4 = red, orange, yellow, blue, one palette everywhere. */
export const RISK_COLOURS: Record<RiskLevel, string> = {
  1: '#E60012',
  2: '#FF9900',
  3: '#FFE100',
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
