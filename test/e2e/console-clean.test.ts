/**
 * The web map and the public map open without an error: nothing in the browser's console, no request
 * answered 4xx or 5xx (the tab's icon among them), in Chinese and English, for the public and for staff.
 */
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, launchBrowser, servedClient, settle, waitForMap } from '../support/browser.ts';

describe.runIf(browserTestsCanRun())('the maps open without an error', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it.each([
    ['the web map, for the public', '/', false],
    ['the web map in English, for staff', '/?lang=en', true],
    ['the public map', '/public', false],
    ['the public map in English', '/public?lang=en', false],
  ])('%s', { timeout: 120_000 }, async (_what, path, staff) => {
    const published = await served.api(
      'POST',
      '/publications',
      { title: '风险图', map_date: '2026-11-20' },
      as('publisher'),
    );
    expect([201, 409]).toContain(published.status);
    // A browser of its own: Chromium asks a site for its tab icon once, whichever page comes first.
    const browser = await launchBrowser();
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(60_000);
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
      });
      if (staff)
        await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
      await page.goto(served.origin + path);
      await waitForMap(page);
      await settle(page);
      // The tab's icon is asked for after the page has loaded.
      await page.waitForLoadState('networkidle');
    } finally {
      await browser.close();
    }
    expect(errors).toEqual([]);
  });
});
