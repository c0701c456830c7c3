/**
 * The incident tool on a 390×844 phone, where the tools are a sheet over the bottom of the map: the
 * answer is fitted into the part of the map above the sheet, so the officer sees the incident and
 * every resource ranked without moving the map. The resources are the API's own answer.
 */
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, pagePixel, SCREENSHOTS, servedClient, settle, waitForMap } from '../support/browser.ts';

/** A landslide in the northern mountains, opened at street scale as after a search for it. */
const LANDSLIDE = [118.99117, 25.638137];

describe.runIf(browserTestsCanRun())('the incident tool on a phone', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it('fits the incident and the teams ranked by road above the sheet', { timeout: 180_000 }, async () => {
    const expected = (
      await served.api('POST', '/analysis/nearest', { from: LANDSLIDE, layer: 'teams', k: 5, by: 'road' })
    ).body;
    expect(expected.results.length).toBe(5);

    const page = await served.browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(`${served.origin}/?tool=incident&c=${LANDSLIDE.join(',')}&z=14&l=admin_areas,teams,roads`);
    await waitForMap(page);
    await page.locator('#incident-layer').selectOption('teams');
    await page.locator('#incident-lon').fill(String(LANDSLIDE[0]));
    await page.locator('#incident-lat').fill(String(LANDSLIDE[1]));
    await page.locator('section[data-tool=incident] button.primary').click();
    await page.locator('.nearest-row').first().waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/incident-phone.png` });

    const map = await page.locator('#map').boundingBox();
    const sheet = await page.locator('#tools').boundingBox();
    if (!map || !sheet) throw new Error('no map or no sheet');
    const seen = async (lonLat: number[]) => {
      const [x, y] = await pagePixel(page, lonLat);
      return x > map.x && x < map.x + map.width && y > map.y && y < sheet.y;
    };
    expect(await seen(LANDSLIDE)).toBe(true);
    for (const r of expected.results) {
      expect({ name: r.name, seen: await seen(r.feature.geometry.coordinates) }).toEqual({ name: r.name, seen: true });
    }
    await page.close();
  });
});
