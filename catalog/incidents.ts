import type { Label } from './label.ts';

/**
 * An incident's vocabulary, shared by the API and the duty-room screens: what kind it is, its
 * national response level, and the stages of its timeline in the order a duty officer writes them
 * (接报 → 研判 → 调度 → 续报 → 终报). Only the words live here; the rules are the server's.
 */

export const INCIDENT_KINDS = {
  fire: { zh: '火灾', en: 'Fire' },
  forest_fire: { zh: '森林火灾', en: 'Forest fire' },
  flood: { zh: '洪涝', en: 'Flood' },
  waterlogging: { zh: '城市内涝', en: 'Waterlogging' },
  geohazard: { zh: '地质灾害', en: 'Geohazard' },
  typhoon: { zh: '台风', en: 'Typhoon' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  hazchem: { zh: '危险化学品事故', en: 'Hazardous-chemical accident' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
  production: { zh: '生产安全事故', en: 'Work-safety accident' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;

/** 突发事件分级: Ⅰ 特别重大 … Ⅳ 一般 (《国家突发公共事件总体应急预案》). */
export const INCIDENT_LEVELS: Record<1 | 2 | 3 | 4, Label> = {
  1: { zh: 'Ⅰ级(特别重大)', en: 'Level I (extraordinary)' },
  2: { zh: 'Ⅱ级(重大)', en: 'Level II (major)' },
  3: { zh: 'Ⅲ级(较大)', en: 'Level III (significant)' },
  4: { zh: 'Ⅳ级(一般)', en: 'Level IV (general)' },
};

/** The stages of an incident's timeline, in their order. */
export const INCIDENT_STAGES = ['first_report', 'assessment', 'dispatch', 'follow_up', 'final_report'] as const;

export type IncidentStage = (typeof INCIDENT_STAGES)[number];

export const STAGE_LABELS: Record<IncidentStage, Label> = {
  first_report: { zh: '接报', en: 'First report' },
  assessment: { zh: '研判', en: 'Assessment' },
  dispatch: { zh: '调度', en: 'Dispatch' },
  follow_up: { zh: '续报', en: 'Follow-up' },
  final_report: { zh: '终报', en: 'Final report' },
};

/** How an entry says the bureau reported upward: the deadlines' clocks stop on these. */
export const REPORT_MEANS = ['phone', 'written'] as const;

export type ReportMeans = (typeof REPORT_MEANS)[number];

/** The layers a dispatch may name: the resources a duty officer sends. */
export const DISPATCHABLE_LAYERS = ['teams', 'depots', 'fire_stations', 'shelters'] as const;

/** Where a reporting deadline stands: kept in time, kept late, due and past, or still running. */
export type DeadlineState = 'met' | 'late' | 'overdue' | 'pending';
