/**
 * Siting and a camera moved in the what-if, in a planner's browser on the demo district and its DEM.
 * The 选址 tool sites cameras by their viewsheds and draws the picks numbered, each with the figures the
 * API gives, a click bringing one into view; in English and on a phone too. A stored camera taken into
 * the what-if from its popup and dragged elsewhere shows the forest seen before → after, as the
 * what-if API measures it, and nothing is written to the store. Screenshots go to
 * test-output/screenshots.
 */
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  numbersIn,
  overlayFeatures,
  overlayRoles,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';

/** 大洋乡瑞云山森林防火监控点, a 360° camera on its summit. */
const CAMERA = [119.075, 25.712];
const CAMERA_NAME = '大洋乡瑞云山森林防火监控点';
/** Where it is dragged: down into the valley to the south-west. */
const VALLEY = [119.058, 25.698];
const SITING = { target: 'cameras', k: 3, spacing_m: 2000, range_m: 5000, mast_height_m: 30 };

describe.runIf(browserTestsCanRun())('siting and a moved camera in the staff map', () => {
  const served = servedClient();
  const api = async (path: string, body?: unknown, language = 'zh-CN') =>
    (
      await fetch(`${served.origin}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { ...as('planner'), 'accept-language': language, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      })
    ).json();
  const open = async (viewport: { width: number; height: number }, language: 'zh' | 'en', at: string) => {
    const page = await served.browser.newPage({ viewport });
    page.setDefaultTimeout(120_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(`${served.origin}/?${at}&l=admin_areas,forest_areas,cameras&lang=${language}`);
    await waitForMap(page);
    return page;
  };

  it.each([
    ['zh', { width: 1280, height: 800 }, '按地形视域'],
    ['en', { width: 390, height: 844 }, 'line of sight over the terrain'],
  ] as const)(
    'sites cameras by their viewsheds, the picks numbered with the API’s figures (%s, %o)',
    async (language, viewport, method) => {
      const page = await open(viewport, language, 'c=119.04000,25.64000&z=11&tool=siting');
      await page.locator('#siting-target').selectOption('cameras');
      await page.locator('#siting-k').fill('3');
      await page.locator('#siting-spacing').fill('2000');
      await page.locator('section[data-tool=siting] button[type=submit]').click();
      const picks = page.locator('.siting-picks li');
      await picks.nth(2).waitFor();
      const answer = await api('/analysis/siting', SITING, language === 'zh' ? 'zh-CN' : 'en');
      expect(answer.method).toBe('viewshed');
      const results = page.locator('.siting-results');
      expect(await results.getAttribute('data-method')).toBe('viewshed');
      expect(await results.textContent()).toContain(method);
      for (const [i, pick] of answer.picks.entries()) {
        const text = (await picks.nth(i).textContent()) ?? '';
        expect(text).toContain(`${i + 1}. `);
        expect(text).toContain(`+${pick.adds.toFixed(2)} km²`);
        expect(text).toContain(`${pick.totalPct.toFixed(1)}%`);
      }
      expect(await page.locator('.siting-results .headline').textContent()).toContain(
        `${answer.picks[2].totalPct.toFixed(1)}%`,
      );
      expect(await overlayRoles(page)).toMatchObject({ sitePick: 3, siteView: 3 });
      // On a phone each pick is a thumb's target.
      if (viewport.width < 600)
        expect((await page.locator('.siting-picks button').first().boundingBox())?.height).toBeGreaterThanOrEqual(44);
      await page.locator('.siting-picks').scrollIntoViewIfNeeded();
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}/siting-${language}-${viewport.width}.png` });
      // A pick brings itself into view.
      await page.locator('.siting-picks button[data-pick="2"]').click();
      await settle(page);
      const centre = await page.evaluate(() => (window as any).onemap.map.getView().getZoom());
      expect(centre).toBeGreaterThan(12);

      // Shelters are sited by the residents they add.
      await page.locator('#siting-target').selectOption('shelters');
      await page.locator('section[data-tool=siting] button[type=submit]').click();
      await page
        .locator('.siting-picks li', { hasText: language === 'zh' ? '人' : 'residents' })
        .first()
        .waitFor();
      const shelters = await api('/analysis/siting', { target: 'shelters', k: 3, kind: 'fixed', spacing_m: 2000 });
      const first = (await picks.first().textContent()) ?? '';
      expect(first).toContain(`+${shelters.picks[0].adds.toLocaleString(language === 'zh' ? 'zh-CN' : 'en')}`);
      expect(await results.getAttribute('data-method')).toBe('');
      await page.close();
    },
  );

  it.each([
    // On a desktop the camera stays where it was clicked, and is dragged into the valley to the south-west.
    ['zh', { width: 1280, height: 800 }, 'c=119.06500,25.70500&z=14'],
    // On a phone it starts low on the screen, where the tool's sheet comes up over it: the map brings it
    // above the sheet, and it is dragged up and to the left there.
    ['en', { width: 390, height: 844 }, 'c=119.07500,25.73000&z=14'],
  ] as const)(
    'moves a stored camera in the what-if and shows the forest seen before → after, writing nothing (%s, %o)',
    {
      timeout: 240_000,
    },
    async (language, viewport, at) => {
      const stored = (await api('/collections/cameras/items?limit=100')).features.find(
        (f: any) => f.properties.name === CAMERA_NAME,
      );
      const scenarios = (await api('/scenarios')).scenarios.map((x: any) => [x.id, x.revision]);
      const page = await open(viewport, language, at);
      const phone = viewport.width < 600;
      const start = await pagePixel(page, CAMERA);
      await page.mouse.click(...start);
      await page.locator('#popup [data-action=what-if]').click();
      const headline = page.locator('section[data-tool=coverage] .headline');
      const change = page.locator('section[data-tool=coverage] .area-change');
      await change.waitFor();
      // Taken in as it stands: the same figures either side.
      const [was, same] = numbersIn(await change.textContent());
      expect(same).toBeCloseTo(was, 2);
      await settle(page);

      // In the part of the map not under the tool's sheet (on a desktop, where it was clicked).
      const [x, y] = await pagePixel(page, CAMERA);
      const map = await page.locator('#map').boundingBox();
      const tools = await page.locator('#tools').boundingBox();
      if (!map || !tools) throw new Error('no map or no tools');
      expect(x).toBeGreaterThan(map.x);
      expect(x).toBeLessThan(map.x + map.width);
      expect(y).toBeGreaterThan(map.y);
      expect(y).toBeLessThan(phone ? tools.y : map.y + map.height);
      // On a phone the sheet came up over where it was; on a desktop it was in view and stayed put.
      if (phone) expect(start[1]).toBeGreaterThan(tools.y);
      else expect([x, y].map(Math.round)).toEqual(start.map(Math.round));
      if (phone)
        await page.screenshot({ path: `${SCREENSHOTS}/siting-moved-camera-${language}-${viewport.width}.png` });

      // Dragged (into the valley on a desktop): the camera sees less, measured by the API as the what-if with it there.
      const drop = phone ? ([x - 90, y - 60] as const) : await pagePixel(page, VALLEY);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(...drop, { steps: 10 });
      await page.mouse.up();
      await page.waitForFunction((before) => {
        const text = document.querySelector('section[data-tool=coverage] .area-change')?.textContent ?? '';
        return !text.includes(`→ ${before}`);
      }, was.toFixed(2));
      const [before, after] = numbersIn(await change.textContent());
      expect(before).toBeCloseTo(was, 2);
      expect(after).not.toBeCloseTo(before, 2);
      const moved = await page.evaluate(
        () => (document.querySelector('.proposals .whatif') as HTMLElement | null)?.dataset.count,
      );
      expect(moved).toBe('1');
      // What the page shows is the what-if API's answer for the camera where it was dropped.
      const dropped = (await overlayFeatures(page)).find((f) => f.role === 'proposed')?.coordinates;
      const r = 6378137;
      const lonLat = [
        (dropped[0] / r) * (180 / Math.PI),
        (2 * Math.atan(Math.exp(dropped[1] / r)) - Math.PI / 2) * (180 / Math.PI),
      ];
      const proposal = {
        type: 'Feature',
        id: stored.id,
        geometry: { type: 'Point', coordinates: lonLat.map((v) => Number(v.toFixed(6))) },
        properties: Object.fromEntries(
          ['name', 'kind', 'mast_height_m', 'range_m', 'heading_deg', 'fov_deg'].map((k) => [k, stored.properties[k]]),
        ),
      };
      const whatIf = await api('/analysis/coverage/cameras', {
        proposed: { cameras: { type: 'FeatureCollection', features: [proposal] } },
      });
      expect(after).toBeCloseTo(whatIf.after.existing.district.coveredKm2, 2);
      expect(await headline.textContent()).toContain(
        `${whatIf.before.existing.district.coveredPct.toFixed(1)}% → ${whatIf.after.existing.district.coveredPct.toFixed(1)}%`,
      );
      // Its new view drawn, its old one beneath.
      expect(await overlayRoles(page)).toMatchObject({ viewshed: 1, before: 1 });
      // The figures before → after scrolled into the sheet's view (on a phone), under the camera dropped.
      await change.scrollIntoViewIfNeeded();
      await settle(page);
      await page.screenshot({
        path: `${SCREENSHOTS}/siting-moved-camera-${language}-${viewport.width}${phone ? '-dropped' : ''}.png`,
      });

      // Nothing written: the camera is where it was, at its revision, and no scenario was saved.
      const now = await api(`/collections/cameras/items/${stored.id}`);
      expect(now.geometry).toEqual(stored.geometry);
      expect(now.properties.revision).toBe(stored.properties.revision);
      expect((await api('/scenarios')).scenarios.map((x: any) => [x.id, x.revision])).toEqual(scenarios);
      await page.close();
    },
  );
});
