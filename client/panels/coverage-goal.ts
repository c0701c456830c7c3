import { getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { formatPct } from './form.ts';
import type { Scorecard } from './scorecard-rows.ts';

/**
 * A coverage share read against the plan's target, so a bar says met or not met rather than being
 * green whatever it shows: the bar in the verdict's colour, a tick where the target lies, and a ✓
 * or ✗ beside the figure so the colour is never the only cue. The target is the district's plan
 * indicator for that coverage, read from the scorecard; with none, the bar claims nothing.
 */

export interface Goal {
  target: number;
  comparison: string;
}

/** The plan indicator each coverage is judged by. */
const INDICATOR: Record<string, string> = {
  cameras: 'forest_video_coverage',
  broadcast: 'broadcast_coverage',
  shelters: 'shelter_reach',
};

let scorecard: Promise<Scorecard | undefined> | undefined;

/** The district's target for a coverage, when its plan sets one. */
export async function goalOf(coverage: string): Promise<Goal | undefined> {
  scorecard ??= getJson<Scorecard>('/analysis/scorecard').catch(() => undefined);
  const row = (await scorecard)?.rows.find((r) => r.id === INDICATOR[coverage] && r.scope.level === 'district');
  return row?.target == null ? undefined : { target: row.target, comparison: row.comparison ?? '>=' };
}

const meets = (pct: number, { target, comparison }: Goal) =>
  comparison.startsWith('<') ? pct <= target : pct >= target;

/** The verdict on one share: met, unmet, or unknown without a figure or a target. */
export function verdict(pct: number | null, goal: Goal | undefined): 'met' | 'unmet' | 'unknown' {
  if (pct === null || !goal) return 'unknown';
  return meets(pct, goal) ? 'met' : 'unmet';
}

/** The bar of a share: filled to it in the verdict's colour, with the target marked. */
export function coverageBar(pct: number | null, goal: Goal | undefined): HTMLElement {
  const track = document.createElement('span');
  track.className = 'coverage-track';
  const fill = document.createElement('span');
  fill.className = `coverage-bar ${verdict(pct, goal)}`;
  fill.style.width = `${Math.max(0, Math.min(100, pct ?? 0))}%`;
  track.append(fill);
  if (goal) {
    const tick = document.createElement('span');
    tick.className = 'coverage-target';
    tick.style.left = `${Math.max(0, Math.min(100, goal.target))}%`;
    track.title = `${t('scorecard.target')} ${goal.comparison}${formatPct(goal.target)}`;
    track.append(tick);
  }
  return track;
}

/** The share as text, with ✓ or ✗ when it is judged. */
export function shareText(pct: number | null, goal: Goal | undefined): string {
  const mark = { met: '✓ ', unmet: '✗ ', unknown: '' }[verdict(pct, goal)];
  return `${mark}${formatPct(pct)}`;
}
