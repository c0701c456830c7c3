/**
 * Scores that agree with a level: every LEC triple or L×S pair whose band (from the profile) is the
 * wanted level. Deriving them from the profile keeps the demo consistent if the bands change.
 */
import { type Bands, levelFromScore } from '../profile.ts';
import type { Random } from '../random.ts';

/** The usual LEC tables: likelihood L, exposure frequency E, consequence C. */
const LEC_L = [0.1, 0.2, 0.5, 1, 3, 6, 10];
const LEC_E = [0.5, 1, 2, 3, 6, 10];
const LEC_C = [1, 3, 7, 15, 40, 100];

export type Level = 1 | 2 | 3 | 4;

export interface LecScore {
  l: number;
  e: number;
  c: number;
  score: number;
}

export interface MatrixScore {
  l: number;
  s: number;
  score: number;
}

/** Products like 0.1 × 0.5 × 7 carry binary noise; two decimals is what an assessor writes. */
export function product(...factors: number[]): number {
  return Math.round(factors.reduce((a, b) => a * b, 1) * 100) / 100;
}

export function lecFor(level: Level, bands: Bands, rng: Random): LecScore {
  const options: LecScore[] = [];
  for (const l of LEC_L)
    for (const e of LEC_E)
      for (const c of LEC_C) {
        const score = product(l, e, c);
        if (levelFromScore(score, bands) === level) options.push({ l, e, c, score });
      }
  return rng.pick(options);
}

export function matrixFor(level: Level, bands: Bands & { scale: number }, rng: Random): MatrixScore {
  const options: MatrixScore[] = [];
  for (let l = 1; l <= bands.scale; l++)
    for (let s = 1; s <= bands.scale; s++) {
      if (levelFromScore(l * s, bands) === level) options.push({ l, s, score: l * s });
    }
  return rng.pick(options);
}
