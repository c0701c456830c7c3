/**
 * Fire-station reach by road in a browser: the coverage tool draws each station's reach on the roads
 * (green, one patch per station as the API gives them) and the villages not reached in time (purple),
 * says the figures were measured by road; the scorecard notes beside the fire-response row that it was
 * measured by road. Waits on the map's own rendercomplete; pixels are read from the screenshots.
 */
import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  browserTestsCanRun,
  overlayRoles,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

describe.runIf(browserTestsCanRun())('fire-station reach by road in a browser', () => {
  const served = servedClient();

  it('draws each station’s reach by road and the villages it leaves out', async () => {
    const answer = await (await fetch(`${served.origin}/analysis/coverage/fire_stations`)).json();
    expect(answer.method).toBe('road');
    // The seat, where the stations and the villages left out lie close together.
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, served.origin);
    await page.goto(`${served.origin}/?tool=coverage&c=119.08000,25.47000&z=12&l=admin_areas,fire_stations`);
    await waitForMap(page);
    await page.locator('#coverage-target').selectOption('fire_stations');
    await page.locator('.headline', { hasText: '按道路行程' }).waitFor();
    const roles = await overlayRoles(page);
    expect(roles.stationReach).toBe(answer.reach.features.length);
    expect(roles.uncovered).toBe(answer.uncovered.features.length);
    await settle(page);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/tool-coverage-fire-road.png` });
    expect(await countColour(page, png, '#1b7837')).toBeGreaterThan(200);
    // Each village left out that is in view has its black cross (the analyses' ink) drawn where it lies.
    const box = await page.locator('#map').boundingBox();
    const inView: number[][] = [];
    for (const f of answer.uncovered.features as Feature<Point>[]) {
      const [x, y] = await pagePixel(page, f.geometry.coordinates);
      if (x > 420 && x < 970 && y > (box?.y ?? 0) + 80 && y < 740) inView.push([x, y]);
    }
    expect(inView.length).toBeGreaterThan(0);
    expect(await countColour(page, png, '#000000', inView, 4)).toBe(inView.length);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('notes on the scorecard that fire response was measured by road', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?tool=scorecard`);
    await waitForMap(page);
    const row = page.locator('.score[data-indicator=fire_response]');
    await row.waitFor();
    expect(await row.locator('.score-method').textContent()).toBe('按道路');
    expect(await page.locator('.score[data-indicator=relief_hours] .score-method').textContent()).toBe('按道路');
    expect(await page.locator('.score[data-indicator=broadcast_coverage] .score-method').textContent()).toBe(
      '直线估算',
    );
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/tool-scorecard-methods.png` });
    await page.close();
  });
});
