/**
 * On a wide screen the zoom and measure buttons stand in a rail down the map's left edge, and an
 * open tool and a popup stand clear of it in either language: none of the buttons' words is hidden
 * under them (English words are wider than Chinese: Distance, 测距).
 */
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, servedClient, waitForMap } from '../support/browser.ts';

describe.runIf(browserTestsCanRun())('the left rail beside an open tool and a popup', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it.each(['zh', 'en'])('in %s', { timeout: 120_000 }, async (lang) => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(
      `${served.origin}/?tool=incident&c=119.12,25.46&z=14&l=admin_areas,shelters${lang === 'en' ? '&lang=en' : ''}`,
    );
    await waitForMap(page);
    // A popup opened from the search, beside the open tool.
    await page.locator('#search').fill('人民公园');
    await page.locator('#search-results button').first().click();
    await page.locator('#popup:not([hidden])').waitFor();
    const rail = await page
      .locator('.measure button, .ol-zoom button')
      .evaluateAll((buttons) => buttons.map((b) => ({ words: b.textContent, right: b.getBoundingClientRect().right })));
    const tools = await page.locator('#tools').boundingBox();
    const popup = await page.locator('#popup').boundingBox();
    for (const button of rail) {
      expect({ ...button, clear: button.right <= (tools?.x ?? 0) }).toEqual({ ...button, clear: true });
    }
    expect((popup?.x ?? 0) >= (tools?.x ?? 0) + (tools?.width ?? 0)).toBe(true);
    await page.close();
  });
});
