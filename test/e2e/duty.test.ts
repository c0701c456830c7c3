import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, pagePixel, SCREENSHOTS, servedClient, settle, waitForMap } from '../support/browser.ts';

/** Where the responder reports the incident: on the plain west of the seat, clear of the panels. */
const PLACE = [119.03, 25.5];
const VIEW = 'c=119.08000,25.50000&z=11&l=admin_areas,shelters,hazards,depots';

describe.runIf(browserTestsCanRun())(
  'the duty room in a browser: situation, alerts, an incident from click to close',
  () => {
    const served = servedClient();
    const open = async (query: string) => {
      const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(60_000);
      await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
      await page.goto(`${served.origin}/?${query}`);
      await waitForMap(page);
      return page;
    };
    const panel = (page: Page) => page.locator('section[data-tool=situation]');
    const api = async (path: string) =>
      (await fetch(served.origin + path, { headers: as('responder') })).json() as Promise<any>;

    it('shows the alerts, opens one on the map, records an incident to its final report and reopens it from its link', {
      timeout: 300_000,
    }, async () => {
      const page = await open(`tool=situation&${VIEW}`);
      const expected = (await api('/situation')).alerts;
      await panel(page).locator('.alert').first().waitFor();
      expect(await panel(page).locator('.alert').count()).toBe(expected.length);
      for (const kind of ['hazard_overdue', 'shelter_full', 'stock_expired'])
        expect(await panel(page).locator(`.alert-${kind}`).count(), kind).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOTS}/situation.png` });

      // A nearly full shelter: a click lands on it, its popup open.
      const full = expected.find((a: any) => a.kind === 'shelter_full');
      await panel(page).locator(`.alert-shelter_full[data-id="${full.id}"]`).click();
      await page.locator('#popup:not([hidden])', { hasText: full.name }).waitFor();
      await settle(page);
      const [x, y] = await pagePixel(page, full.position);
      const box = await page.locator('#map').boundingBox();
      expect(x).toBeGreaterThan(box?.x ?? 0);
      expect(x).toBeLessThan((box?.x ?? 0) + (box?.width ?? 0));
      expect(y).toBeGreaterThan(box?.y ?? 0);
      expect(y).toBeLessThan((box?.y ?? 0) + (box?.height ?? 0));
      await page.screenshot({ path: `${SCREENSHOTS}/situation-alert.png` });
      await page
        .locator('#popup button', { hasText: '关闭' })
        .first()
        .click()
        .catch(() => undefined);

      // An incident reported by a click on the map.
      await page.goto(`${served.origin}/?tool=situation&${VIEW}`);
      await waitForMap(page);
      await panel(page).locator('.alert').first().waitFor();
      await panel(page).locator('button.report-incident').click();
      await page.mouse.click(...(await pagePixel(page, PLACE)));
      await page.locator('#new-incident-title').fill('梧塘镇民房火灾');
      await page.locator('#new-incident-kind').selectOption('fire');
      // The reporter is the signed-in officer unless they write otherwise: saved as it stands.
      expect(await page.locator('#new-incident-reporter').inputValue()).toBe('测试responder');
      await page.locator('#new-incident-text').fill('民房起火,一人被困');
      await panel(page).locator('.incident-form button[type=submit]').click();
      await panel(page).locator('.incident-record h3', { hasText: '梧塘镇民房火灾' }).waitFor();
      expect(await panel(page).locator('.incident-record .clock[data-state=pending]').count()).toBe(2);
      const id = new URL(page.url()).searchParams.get('incident') as string;
      const stored = await api(`/incidents/${id}`);
      expect(stored.geometry.coordinates[0]).toBeCloseTo(PLACE[0], 2);
      expect(stored.geometry.coordinates[1]).toBeCloseTo(PLACE[1], 2);
      expect(stored.reporter).toBe('测试responder');

      // Entries to the final report, each on the timeline as written.
      const write = async (stage: string, text: string, report = '') => {
        const count = await panel(page).locator('.timeline .entry').count();
        await panel(page).locator('.entry-form select[id^=entry-stage]').selectOption(stage);
        await panel(page).locator('.entry-form textarea').fill(text);
        await panel(page).locator('.entry-form select[id^=entry-report]').selectOption(report);
        await panel(page).locator('.entry-form button[type=submit]').click();
        await panel(page).locator('.timeline .entry').nth(count).waitFor();
      };
      await write('assessment', '研判为一般火灾');
      await write('follow_up', '已电话报告区政府总值班室', 'phone');
      await page.screenshot({ path: `${SCREENSHOTS}/incident-timeline.png` });
      await write('final_report', '明火扑灭,无人员伤亡', 'written');
      await panel(page).locator('.incident-record h3', { hasText: '已结束' }).waitFor();
      expect(await panel(page).locator('.entry-form').count()).toBe(0);
      expect(await panel(page).locator('.incident-record .clock[data-state=met]').count()).toBe(2);
      const closed = await api(`/incidents/${id}`);
      expect(closed.entries.map((e: any) => e.stage)).toEqual([
        'first_report',
        'assessment',
        'follow_up',
        'final_report',
      ]);
      expect(closed.status).toBe('closed');

      // The link, in a fresh page: the same incident, its timeline, no form.
      const fresh = await open(`incident=${id}`);
      await panel(fresh).locator('.incident-record h3', { hasText: '梧塘镇民房火灾' }).waitFor();
      expect(await panel(fresh).locator('.timeline .entry').count()).toBe(4);
      await fresh.screenshot({ path: `${SCREENSHOTS}/incident-link.png` });
      await fresh.close();
      await page.close();
    });
  },
);
