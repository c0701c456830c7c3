/**
 * Every unit a profile's target or a scorecard indicator is measured in is said in English without a
 * Chinese character, and in Chinese as the plan wrote it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitIn } from '../../catalog/units.ts';
import { INDICATORS } from '../../server/analysis/scorecard-indicators.ts';

const PROFILES = 'data/profiles';

function profileUnits(): string[] {
  const units = new Set<string>(INDICATORS.map((i) => i.unit));
  for (const file of readdirSync(PROFILES).filter((f) => f.endsWith('.json'))) {
    const profile = JSON.parse(readFileSync(`${PROFILES}/${file}`, 'utf8'));
    for (const target of Object.values(profile.targets ?? {}) as { unit: string }[]) units.add(target.unit);
  }
  return [...units].sort();
}

describe('units', () => {
  const units = profileUnits();

  it('are found in the profiles', () => {
    expect(units.length).toBeGreaterThan(20);
  });

  it.each(units.map((u) => [u]))('%s is said in English and kept in Chinese', (unit) => {
    expect(unitIn(unit, 'en')).not.toMatch(/\p{Script=Han}/u);
    expect(unitIn(unit, 'zh')).toBe(unit);
  });
});
