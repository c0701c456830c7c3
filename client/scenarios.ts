import type { Feature, FeatureCollection } from 'geojson';
import { getJson, postJson, writeJson } from './api.ts';

/** Scenarios (规划方案) as the API serves them: staff read them, planners write them. */

export type Proposals = Record<string, FeatureCollection>;

export interface ScenarioSummary {
  id: string;
  title: string;
  note: string;
  author: string;
  updated_by: string;
  updated_at: string;
  revision: number;
  counts: Record<string, number>;
  promoted: number;
}

export interface Scenario extends Omit<ScenarioSummary, 'counts' | 'promoted'> {
  proposals: Proposals;
  promoted: { proposal_id: string; layer: string; feature_id: string; status: string }[];
}

export interface ScenarioInput {
  title: string;
  note: string;
  proposals: Proposals;
}

export const listScenarios = () => getJson<{ scenarios: ScenarioSummary[] }>('/scenarios').then((r) => r.scenarios);

export const fetchScenario = (id: string) => getJson<Scenario>(`/scenarios/${id}`);

export const createScenario = (input: ScenarioInput) => postJson<Scenario>('/scenarios', input);

export const saveScenario = (id: string, revision: number, input: ScenarioInput) =>
  writeJson<Scenario>('PUT', `/scenarios/${id}`, revision, input);

/** The proposal becomes a feature of its layer (built, or planned when asked) and leaves the scenario. */
export const promoteProposal = (id: string, revision: number, proposalId: string, planned: boolean) =>
  writeJson<{ feature: Feature; scenario: Scenario }>(
    'POST',
    `/scenarios/${id}/proposals/${proposalId}/promote`,
    revision,
    planned ? { status: 'planned' } : {},
  );

/** Now and each scenario's scorecard, side by side. */
export const compareScenarios = <Card>(ids: string[]) =>
  getJson<{ now: Card; scenarios: { id: string; title: string; scorecard: Card }[] }>(
    `/analysis/scorecard/compare?scenarios=${ids.join(',')}`,
  );

/** A random version-4 UUID; crypto.randomUUID needs a secure context, which a bureau's intranet may not be. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
