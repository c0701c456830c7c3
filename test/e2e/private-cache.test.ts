import { describe, expect, it } from 'vitest';
import { INTERNAL_NAMES } from '../../server/layers/registry.ts';
import { TEST_PASSWORD } from '../support/accounts.ts';
import { browserTestsCanRun, servedClient } from '../support/browser.ts';

/**
 * A duty-room PC is shared: a responder reads a depot, signs out, and the next person opens the
 * same link without an account. The browser's own HTTP cache must not hand them the responder's
 * copy, with its manager, phone and stock.
 */
describe.runIf(browserTestsCanRun())('the browser cache on a shared PC', () => {
  const served = servedClient();

  it('shows an anonymous reader no internal field of a depot staff read before signing out', async () => {
    const context = await served.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${served.origin}/conformance`);
      const depots = await (await fetch(`${served.origin}/collections/depots/items?limit=1`)).json();
      const url = `/collections/depots/items/${depots.features[0].id}`;

      const { staff, anonymous } = await page.evaluate(
        async ({ url, password }) => {
          const json = { 'content-type': 'application/json' };
          const session = await fetch('/auth/sign-in', {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ username: 'responder', password }),
          }).then((r) => r.json());
          const bearer = { authorization: `Bearer ${session.token}` };
          const staff = await fetch(url, { headers: bearer }).then((r) => r.json());
          const out = await fetch('/auth/sign-out', { method: 'POST', headers: { ...bearer, ...json }, body: '{}' });
          if (out.status !== 204) throw new Error(`sign-out answered ${out.status}`);
          const anonymous = await fetch(url).then((r) => r.json());
          return { staff, anonymous };
        },
        { url, password: TEST_PASSWORD },
      );

      // The staff copy did hold them, so their absence below is the cache's doing, not the depot's.
      expect(Object.keys(staff.properties)).toEqual(expect.arrayContaining(['manager', 'phone', 'stock']));
      expect(anonymous.id).toBe(staff.id);
      expect(Object.keys(anonymous.properties).filter((name) => INTERNAL_NAMES.has(name))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
