/**
 * On a 390×844 phone every control a thumb is to hit is at least 44 px each way (WCAG 2.5.5): on the
 * public map with the nearest open shelter found (its buttons, the language switch, the sheet's close,
 * the navigation links), in Chinese and English; on the web map the bar, the search box, the legend's
 * fold and every field, button and link of the incident tool with its answer.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, servedClient, settle, waitForMap } from '../support/browser.ts';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const HERE = { longitude: 119.118, latitude: 25.462 };

/** The controls shown in the part of the page seen, smaller than 44 px either way: what they say and their size. */
const tooSmall = (page: Page, within: string): Promise<string[]> =>
  page.evaluate((selector) => {
    const small: string[] = [];
    const controls = document.querySelectorAll(
      `${selector} :is(button, a[href], input:not([type=checkbox], [type=radio]), select, summary)`,
    );
    for (const element of controls) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.bottom < 0 || box.top > window.innerHeight) continue;
      if (box.width < 44 || box.height < 44) {
        const words = (element.textContent || element.getAttribute('aria-label') || element.id).trim();
        small.push(`${words} ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, within);

describe.runIf(browserTestsCanRun())('44 px targets on a phone', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it.each([
    ['zh', '使用我的位置'],
    ['en', 'Use my location'],
  ])('on the public map in %s, with the nearest open shelter found', { timeout: 120_000 }, async (lang, locate) => {
    const published = await served.api(
      'POST',
      '/publications',
      { title: '涵江区安全风险四色分布图', map_date: '2026-11-20' },
      as('publisher'),
    );
    expect([201, 409]).toContain(published.status);
    const context = await served.browser.newContext({ ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${served.origin}/public${lang === 'en' ? '?lang=en' : ''}`);
    await waitForMap(page);
    expect(await tooSmall(page, 'body')).toEqual([]);
    await page.locator('#open-nearest').tap();
    await page.getByRole('button', { name: locate }).tap();
    await page.locator('.nearest-result[data-shelter-id] .navigation a').first().waitFor();
    await settle(page);
    expect(await tooSmall(page, 'body')).toEqual([]);
    await context.close();
  });

  it('on the web map, with the incident tool’s answer', { timeout: 120_000 }, async () => {
    const context = await served.browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(`${served.origin}/?tool=incident&c=119.12,25.46&z=13`);
    await waitForMap(page);
    await page.locator('#incident-layer').selectOption('teams');
    await page.locator('#incident-lon').fill('119.12');
    await page.locator('#incident-lat').fill('25.46');
    await page.locator('section[data-tool=incident] button.primary').tap();
    await page.locator('.nearest-row a[data-app]').first().waitFor();
    await settle(page);
    expect(await tooSmall(page, '.bar')).toEqual([]);
    expect(await tooSmall(page, '.legend')).toEqual([]);
    expect(await tooSmall(page, '#tools')).toEqual([]);
    // Down the sheet to the answer: the navigation links and the phones to call.
    await page.locator('.nearest-row').first().scrollIntoViewIfNeeded();
    expect(await tooSmall(page, '#tools')).toEqual([]);
    await context.close();
  });
});
