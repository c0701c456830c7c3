import { type IncidentStage, STAGE_LABELS } from '../../catalog/incidents.ts';

/**
 * The order of an incident's timeline, one rule for the store to hold inside its transaction: the
 * first entry is the first report (接报), which comes once; assessments, dispatches and follow-ups
 * come after it in any number and order, as the response unfolds; the final report (终报) closes the
 * incident, and nothing follows it. Why an entry is refused is said in the stage's own words.
 */

/** Why an entry of `stage` may not follow `written` (the stages already on record, in order), or undefined. */
export function stageRefusal(written: readonly IncidentStage[], stage: IncidentStage): string | undefined {
  const name = (s: IncidentStage) => `${STAGE_LABELS[s].zh} ${s}`;
  if (written.includes('final_report')) {
    return `the incident was closed by its ${name('final_report')}: nothing follows it`;
  }
  if (written.length === 0 && stage !== 'first_report') {
    return `${name(stage)} cannot come before the ${name('first_report')}`;
  }
  if (written.length > 0 && stage === 'first_report') {
    return `the incident has its ${name('first_report')} already: write a ${name('follow_up')}`;
  }
  return undefined;
}
