/**
 * Each district profile on the demo store, on both backends: the scorecard answers with the profile's
 * targets (those the plan does not set shown, not judged) and lists its unmeasured targets as
 * unsupported; a profile that is not the stored district's (涵江区, 350303) is named with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../../server/analysis/scorecard-indicators.ts';
import { loadProfile, profileMismatch, shippedProfiles } from '../../server/profile.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { serve } from '../support/http.ts';

const MEASURED = new Set(INDICATORS.map((i) => i.id));

const shipped = shippedProfiles().map(({ profile }) => [profile.name.zh, profile] as const);

describe.each(backends())('district profiles on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(shipped)("scores the demo store against %s's targets", async (_name, profile) => {
    const api = await serve(store, { profile });
    try {
      const { status, body } = await api.get('/analysis/scorecard');
      expect(status).toBe(200);
      for (const id of MEASURED) {
        const target = profile.targets[id];
        const row = body.rows.find((r: any) => r.id === id && r.scope.level === 'district');
        expect(row, id).toMatchObject({ target: target.value, unit: target.unit, comparison: target.comparison });
        if (target.value === null) expect(row.met, id).toBeNull();
        else if (row.value !== null) expect(typeof row.met, id).toBe('boolean');
      }
      expect(body.unsupported.map((u: any) => u.id).sort()).toEqual(Object.keys(profile.unmeasured).sort());
    } finally {
      await api.close();
    }
  });

  it("says nothing when the profile is the stored district's", async () => {
    expect(await profileMismatch(store, loadProfile('350303'))).toBeUndefined();
  });

  it.each(shipped.filter(([, profile]) => profile.code !== '350303'))(
    "warns when the profile is %s's, naming both districts",
    async (name, profile) => {
      const warning = await profileMismatch(store, profile);
      expect(warning).toContain(`${name} (${profile.code})`);
      expect(warning).toContain('涵江区 (350303)');
      expect(warning).toContain('ONEMAP_PROFILE=350303');
    },
  );
});
