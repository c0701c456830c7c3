/**
 * The plan scorecard (规划指标): every indicator of DOMAIN.md's table the data can support
 * (scorecard-indicators.ts), for the district and each township, against the district profile's
 * targets — value, target, met or not, and the facts of what is missing, which the HTTP edge puts in
 * the reader's language. An indicator whose target is null (规划未设目标值) is shown with `met: null`;
 * a target the data cannot measure (e.g. village information officers: no such layer) is listed under
 * `unsupported` rather than guessed. A row whose value or verdict is null says why (`why`): what the
 * data lacks, or the plan's unset target. A district with no townships yet has its district rows only.
 * Each row says how its value was measured (`method`): travel times by road when a road network is
 * given, by straight line at the profile's speed when not.
 */

import { asBuilt, hasPlanned } from './planned.ts';
import { type Ground, meets, type Scope, scoreInput } from './scorecard-context.ts';
import type { Shortfall, Unknown, Unmeasured } from './scorecard-facts.ts';
import { INDICATORS, type Indicator, type Measured } from './scorecard-indicators.ts';
import type { Basis } from './townships.ts';
import type { Comparison, Label, Layers, Method, Profile, Target } from './types.ts';

interface ScorecardRow {
  id: string;
  label: Label;
  scope: Scope;
  value: number | null;
  unit: string;
  target: number | null;
  comparison: Comparison | null;
  met: boolean | null;
  /** What stands between the value and the target, place by place; empty when nothing is missing. */
  missing: Shortfall[];
  /** Why the value, or else the verdict, is null; null when neither is. */
  why: Unknown | null;
  /** How the value was measured: by road, by straight line, by line of sight or view sector, by count, by overlay. */
  method: Method;
}

interface Scorecard {
  district: string;
  /** Whether the township rows are there: with no townships, the district's rows alone. */
  basis: Basis;
  rows: ScorecardRow[];
  summary: Summary;
  unsupported: { id: string; cause: Unmeasured }[];
}

interface Summary {
  met: number;
  unmet: number;
  unknown: number;
}

/** A scorecard with each row's value and verdict once the planned features are built. */
export interface PlannedScorecard extends Scorecard {
  rows: (ScorecardRow & { with_planned: { value: number | null; met: boolean | null } })[];
  with_planned: { summary: Summary };
}

/** Targets of the profile no indicator measures, and why not. */
const UNMEASURED: Record<string, Unmeasured> = {
  village_information_officers: 'no_officer_layer',
};

/**
 * The scorecard of what exists, with the value and verdict of every row once the planned features are
 * built beside it (`with_planned`), and the summary of both.
 */
export function scorecard(input: Layers, profile: Profile, ground: Ground = {}): PlannedScorecard {
  const now = scorecardOf(input, profile, ground);
  const later = hasPlanned(input) ? scorecardOf(asBuilt(input), profile, ground) : now;
  const laterRows = new Map(later.rows.map((r) => [rowKey(r), r]));
  return {
    ...now,
    rows: now.rows.map((r) => {
      const after = laterRows.get(rowKey(r));
      return { ...r, with_planned: { value: after?.value ?? null, met: after?.met ?? null } };
    }),
    with_planned: { summary: later.summary },
  };
}

const rowKey = (r: ScorecardRow) => `${r.id}@${r.scope.level}:${r.scope.name}`;

/** The profile's target for an indicator, judged by the indicator's own comparison if it names none. */
function targetFor(indicator: Indicator, profile: Profile): Target | undefined {
  const target = profile.targets[indicator.id];
  return target && { ...target, comparison: target.comparison ?? indicator.comparison };
}

function rowOf(
  indicator: Indicator,
  target: Target | undefined,
  { area, value, missing, why, method }: Measured,
): ScorecardRow {
  const met = meets(value, target);
  return {
    id: indicator.id,
    label: indicator.label,
    scope: area.scope,
    value,
    unit: target?.unit ?? indicator.unit,
    target: target?.value ?? null,
    comparison: target?.comparison ?? null,
    met,
    missing,
    why: value === null ? (why ?? null) : met === null ? 'target_not_set' : null,
    method: method ?? indicator.method,
  };
}

/** One scorecard over the layers as given. */
function scorecardOf(all: Layers, profile: Profile, ground: Ground): Scorecard {
  const input = scoreInput(all, profile, ground);
  const rows = INDICATORS.flatMap((indicator) => {
    const target = targetFor(indicator, profile);
    return indicator.measure(input).map((measured) => rowOf(indicator, target, measured));
  });
  const measured = new Set(INDICATORS.map((i) => i.id));
  const unsupported = Object.keys(profile.targets)
    .filter((id) => !measured.has(id))
    .map((id) => ({ id, cause: UNMEASURED[id] ?? 'not_measured' }));
  const summary = {
    met: rows.filter((r) => r.met === true).length,
    unmet: rows.filter((r) => r.met === false).length,
    unknown: rows.filter((r) => r.met === null).length,
  };
  return { district: input.districtName, basis: input.basis, rows: orderRows(rows), summary, unsupported };
}

/** District first, then townships by code, each in indicator order. */
function orderRows(rows: ScorecardRow[]): ScorecardRow[] {
  const ids = INDICATORS.map((i) => i.id);
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (x, y) =>
        (x.row.scope.level === 'district' ? 0 : 1) - (y.row.scope.level === 'district' ? 0 : 1) ||
        (x.row.scope.code ?? '').localeCompare(y.row.scope.code ?? '') ||
        ids.indexOf(x.row.id) - ids.indexOf(y.row.id) ||
        x.i - y.i,
    )
    .map((x) => x.row);
}
