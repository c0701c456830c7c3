/**
 * The terrain in a planner's browser, on the demo district and its DEM: the shaded relief under the
 * layers, a camera's viewshed from its popup (the area the API gives), the coverage tool measuring the
 * cameras by line of sight with its blind spots drawn, and a terrain profile along a measured line
 * across the hills of 庄边. Screenshots of each step go to test-output/screenshots.
 */
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  overlayRoles,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';

/** 大洋乡瑞云山森林防火监控点, a 360° camera on its summit. */
const CAMERA = [119.075, 25.712];
/** Across the hills of 庄边 and 萩芦, southwards into the valley. */
const LINE = [
  [118.98, 25.7],
  [119.03, 25.6],
];

describe.runIf(browserTestsCanRun())('the terrain in the staff map', () => {
  const served = servedClient();
  const api = async (path: string) =>
    (await fetch(`${served.origin}${path}`, { headers: { ...as('planner'), 'accept-language': 'zh-CN' } })).json();

  it('shades the relief, shows a camera’s viewshed, measures coverage by line of sight and draws a terrain profile', {
    timeout: 240_000,
  }, async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(120_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(`${served.origin}/?c=119.04000,25.64000&z=12&l=admin_areas,forest_areas,cameras`);
    await waitForMap(page);

    // The relief: an image layer under the features, its PNG loaded.
    const relief = await page.evaluate(async () => {
      const { map, relief: loaded } = (window as any).onemap;
      const size = await loaded;
      const present = map
        .getLayers()
        .getArray()
        .some((l: any) => l.get('id') === 'relief');
      return { present, width: size?.width ?? 0 };
    });
    expect(relief.present).toBe(true);
    expect(relief.width).toBeGreaterThan(500);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/terrain-1-relief.png` });

    // A camera's popup offers its viewshed; the area said is the API's.
    await page.mouse.click(...(await pagePixel(page, CAMERA)));
    await page.locator('#popup [data-action=viewshed]').click();
    await page.locator('#popup .camera-viewshed output', { hasText: 'km²' }).waitFor();
    const cameras = await api('/collections/cameras/items?limit=100');
    const camera = cameras.features.find((f: any) => f.properties.name === '大洋乡瑞云山森林防火监控点');
    const viewshed = await api(`/analysis/viewshed/${camera.id}`);
    const km2 = (viewshed.features[0].properties.visible_area_m2 / 1e6).toFixed(2);
    expect(await page.locator('#popup .camera-viewshed output').textContent()).toContain(`${km2} km²`);
    expect((await overlayRoles(page)).viewshed).toBe(1);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/terrain-2-viewshed.png` });

    // The coverage tool measures the cameras on the DEM and says so; the blind spots are drawn.
    await page.locator('#popup button.close').click();
    await page.locator('[data-tool-button=coverage], button[data-tool=coverage]').first().click();
    await page.locator('#coverage-target').selectOption('cameras');
    const headline = page.locator('section[data-tool=coverage] .headline');
    await headline.filter({ hasText: '按地形视域' }).waitFor();
    const coverage = await api('/analysis/coverage/cameras');
    expect(coverage.existing.method).toBe('viewshed');
    expect(await headline.textContent()).toContain(`${coverage.existing.district.coveredPct.toFixed(1)}%`);
    const roles = await overlayRoles(page);
    expect(roles.gap).toBe(coverage.existing.blindSpots.features.length);
    expect(roles.sector).toBe(coverage.existing.cameras);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/terrain-3-coverage.png` });

    // A measured line shows the ground along it, the tool put away so the profile is in sight.
    await page.locator('button[data-tool=coverage]').click();
    await page.locator('[data-measure=distance]').click();
    await page.mouse.click(...(await pagePixel(page, LINE[0])));
    const end = await pagePixel(page, LINE[1]);
    await page.mouse.click(...end);
    await page.mouse.dblclick(...end);
    const figure = page.locator('.measure-profile .terrain-profile');
    await figure.locator('figcaption', { hasText: '地形剖面' }).waitFor();
    expect(Number(await figure.getAttribute('data-points'))).toBeGreaterThan(100);
    const caption = (await figure.locator('figcaption').textContent()) ?? '';
    const [high, low] = [/最高 (\d+) m/, /最低 (\d+) m/].map((re) => Number(re.exec(caption)?.[1]));
    expect(high).toBeGreaterThan(low + 100);
    expect(low).toBeGreaterThan(0);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/terrain-4-profile.png` });
    await page.close();
  });
});
