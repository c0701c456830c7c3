import type { DeadlineState, ReportMeans } from '../../catalog/incidents.ts';
import type { ReportTimes } from '../store/incidents.ts';

/**
 * A duty officer is judged on reporting deadlines: the first report upward by phone within so many
 * minutes of the bureau hearing of an incident, a written one within so many more. The minutes are
 * the district profile's (`reporting`); this says, for one incident at one moment, when each is due
 * and whether it was kept, kept late, is overdue or is still running. A written report also counts
 * as the first report, since it informs as a call does.
 */

/** The profile's reporting block: minutes from the first report received to each report upward. */
export interface ReportingRule {
  phone_minutes: number;
  written_minutes: number;
}

interface Deadline {
  report: ReportMeans;
  minutes: number;
  due_at: string;
  /** When the report was made, if it was. */
  done_at: string | null;
  state: DeadlineState;
}

const MINUTE = 60_000;

function deadline(report: ReportMeans, minutes: number, from: number, done: string | null, now: number): Deadline {
  const due = from + minutes * MINUTE;
  const state: DeadlineState = done ? (Date.parse(done) <= due ? 'met' : 'late') : now > due ? 'overdue' : 'pending';
  return { report, minutes, due_at: new Date(due).toISOString().replace('.000Z', 'Z'), done_at: done, state };
}

/** The incident's deadlines under `rule`, as they stand at `now`. */
export function reportingDeadlines(
  reportedAt: string,
  reports: ReportTimes,
  rule: ReportingRule,
  now: Date = new Date(),
): Deadline[] {
  const from = Date.parse(reportedAt);
  return [
    deadline('phone', rule.phone_minutes, from, reports.phone, now.getTime()),
    deadline('written', rule.written_minutes, from, reports.written, now.getTime()),
  ];
}
