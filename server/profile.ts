import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Profile } from './analysis/types.ts';

export const DEFAULT_PROFILE = fileURLToPath(new URL('../data/profiles/hanjiang.json', import.meta.url));

/**
 * The district profile: targets, thresholds and rules of thumb, data rather than code, since every
 * district's plan sets its own (README, configuration).
 */
export function loadProfile(path = DEFAULT_PROFILE): Profile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  for (const key of ['id', 'shelter', 'fire', 'relief', 'targets'] as const) {
    if (!profile[key]) throw new Error(`${path}: the district profile has no "${key}"`);
  }
  return profile;
}
