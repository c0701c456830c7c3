/**
 * ONEMAP_COUNTY, read from the environment: a county's six-digit code, a province view by its prefix
 * or `all`, or unset for a database of one district; anything else stops the start, naming the variable.
 */
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';

describe('ONEMAP_COUNTY', () => {
  it.each([
    ['350303', { kind: 'county', code: '350303' }],
    ['3503', { kind: 'province', prefix: '3503' }],
    ['35', { kind: 'province', prefix: '35' }],
    ['all', { kind: 'province', prefix: '' }],
    [' 350322 ', { kind: 'county', code: '350322' }],
  ])('%s is %o, and the demo is not loaded', (value, scope) => {
    const config = configFromEnv({ ONEMAP_COUNTY: value });
    expect(config.store.county).toEqual(scope);
    expect(config.loadDemo).toBe(false);
  });

  it('unset or empty leaves the database one district, the demo loaded', () => {
    for (const env of [{}, { ONEMAP_COUNTY: '' }]) {
      expect(configFromEnv(env).store.county).toBeUndefined();
      expect(configFromEnv(env).loadDemo).toBe(true);
    }
  });

  it.each(['35030', '3503031', '035030', '350', 'ALL', '35-03', '0'])('refuses %s, naming the variable', (value) => {
    expect(() => configFromEnv({ ONEMAP_COUNTY: value })).toThrow(/^ONEMAP_COUNTY must be .*, got /);
  });
});
