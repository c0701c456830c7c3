/**
 * The district profile is data (data/profiles/hanjiang.json): the generator reads its thresholds
 * from there so the demo can never disagree with what the product scores against.
 */
import { readFileSync } from 'node:fs';

export type ShelterKind = 'emergency' | 'fixed' | 'central';

/** A score above a colour's threshold takes that colour; at or below yellow's it is blue. */
export interface Bands {
  red: number;
  orange: number;
  yellow: number;
}

export interface Profile {
  id: string;
  residents: number;
  extent: [number, number, number, number];
  area_km2: number;
  lec: Bands;
  matrix: Bands & { scale: number };
  shelter: Record<ShelterKind, { radius_m: number; m2_per_person: number }>;
}

const PROFILE_URL = new URL('../../data/profiles/hanjiang.json', import.meta.url);

export function loadProfile(): Profile {
  return JSON.parse(readFileSync(PROFILE_URL, 'utf8')) as Profile;
}

/** Level 1 (red) … 4 (blue) from a score and the profile's bands. */
export function levelFromScore(score: number, bands: Bands): 1 | 2 | 3 | 4 {
  if (score > bands.red) return 1;
  if (score > bands.orange) return 2;
  if (score > bands.yellow) return 3;
  return 4;
}
