/**
 * Why a candidate is left out of a nearest answer, in a word a client can translate (`off_duty`,
 * `full`), and how many were left out for each: an answer says something about those it does not
 * name. Also the asked names no candidate could fit, for the caller to refuse.
 */
import type { PointFeature } from './types.ts';

/** Why a candidate is not in an answer; null when it fits. */
export type Misfit = (feature: PointFeature) => string | null;

export const fits =
  (misfit: Misfit) =>
  (feature: PointFeature): boolean =>
    misfit(feature) === null;

/** How many candidates were left out, by reason. */
export function leftOut(features: readonly PointFeature[], misfit: Misfit): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of features) {
    const reason = misfit(f);
    if (reason) counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

/** The asked names not in a known list: what the caller should refuse. */
export function unknownOf(asked: string[], known: string[]): string[] {
  const set = new Set(known);
  return asked.filter((a) => !set.has(a));
}
