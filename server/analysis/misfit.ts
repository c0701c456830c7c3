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
  return leftOutOf(
    features.map((feature) => ({ feature, count: 1 })),
    misfit,
  );
}

/** `leftOut` over groups of candidates alike in what the need reads, each standing for `count` of them. */
export function leftOutOf(groups: readonly { feature: PointFeature; count: number }[], misfit: Misfit) {
  const counts: Record<string, number> = {};
  for (const { feature, count } of groups) {
    const reason = misfit(feature);
    if (reason) counts[reason] = (counts[reason] ?? 0) + count;
  }
  return counts;
}

/** The asked names not in a known list: what the caller should refuse. */
export function unknownOf(asked: string[], known: string[]): string[] {
  const set = new Set(known);
  return asked.filter((a) => !set.has(a));
}
