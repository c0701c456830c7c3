import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserTestsCanRun,
  numbersIn,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { staff } from '../support/http.ts';

/** The planner's token, as the sign-in form would have stored it for the tab. */
const plannerToken = staff.authorization.replace(/^Bearer /, '');

async function drag(page: Page, from: readonly [number, number], to: readonly [number, number]) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}

describe.runIf(browserTestsCanRun())(
  'planning in a browser: what-if on the scorecard, drawing and reshaping areas',
  () => {
    const served = servedClient();
    const count = async (layer: string) =>
      (await (await fetch(`${served.origin}/collections/${layer}`)).json()).featureCount;
    const signedIn = async () => {
      const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), plannerToken);
      return page;
    };

    it('shows every indicator before → after a proposed shelter, and saves it as a scenario, never as a shelter', async () => {
      // The most populous village out of reach of every open shelter.
      const coverage = await (await fetch(`${served.origin}/analysis/coverage/shelters`)).json();
      const [gap] = coverage.uncovered.features.sort(
        (a: any, b: any) => b.properties.residents - a.properties.residents,
      );
      const [lon, lat] = gap.geometry.coordinates;
      const page = await signedIn();
      const outside = await watchOutsideRequests(page, served.origin);
      await page.goto(
        `${served.origin}/?tool=scorecard&c=${lon.toFixed(5)},${lat.toFixed(5)}&z=13&l=admin_areas,shelters`,
      );
      await waitForMap(page);
      const reach = page.locator('.score[data-indicator=shelter_reach]');
      await reach.waitFor();
      const [stored] = numbersIn(await reach.locator('.score-figures').textContent());
      const shelters = await count('shelters');

      await page.locator('#scorecard-propose').selectOption('shelters');
      await page.locator('[data-tool=scorecard] .whatif button', { hasText: '拟建' }).first().click();
      await page.mouse.click(...(await pagePixel(page, [lon, lat])));
      await reach.locator('.score-delta').waitFor();
      const [was, now] = numbersIn(await reach.locator('.score-figures').textContent());
      expect(was).toBe(stored);
      expect(now).toBeGreaterThan(stored);
      expect(await reach.locator('.score-delta').textContent()).toMatch(/变化 \+[\d.]+%/);
      expect(await page.locator('[data-tool=scorecard] .tool-status').textContent()).toContain('1 处拟建,未写入图层');
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}/tool-scorecard-whatif.png` });
      expect(await count('shelters')).toBe(shelters);

      // Saved as a scenario, never as a shelter: the layer and what responders are told stay as they were.
      await page.locator('#scorecard-scenario-title').fill('白港村补点');
      await page.locator('[data-tool=scorecard] button.scenario-save').click();
      await page.locator('[data-tool=scorecard] .scenario-message', { hasText: '已保存方案' }).waitFor();
      expect(await count('shelters')).toBe(shelters);
      const scenarios = await (await fetch(`${served.origin}/scenarios`, { headers: staff })).json();
      const mine = scenarios.scenarios.find((s: any) => s.title === '白港村补点');
      expect(mine.counts).toEqual({ shelters: 1 });
      // The scenario stays open: the scorecard still reads the proposal before → after.
      expect(numbersIn(await reach.locator('.score-figures').textContent()).slice(0, 2)).toEqual([stored, now]);
      expect(outside).toEqual([]);
      await page.close();
    });

    it('lets a planner reshape a risk zone and save it against a colleague’s newer edit', async () => {
      const name = '大洋乡亭顶地质灾害易发区';
      const [zone] = (
        await (await fetch(`${served.origin}/collections/risk_zones/items?name=${encodeURIComponent(name)}`)).json()
      ).features;
      const page = await signedIn();
      await page.goto(`${served.origin}/?l=admin_areas,risk_zones`);
      await waitForMap(page);
      await page.locator('#search').fill(name);
      await page.locator('#search-results button').first().click();
      await page.locator('#popup button.primary', { hasText: '编辑' }).click();
      const shape = page.locator('.edit-field[data-field=geometry]');
      await shape.locator('button', { hasText: '修改形状' }).click();
      await settle(page);

      // Drag one corner outwards, away from the zone's middle, so the ring stays simple.
      const ring: number[][] = zone.geometry.coordinates[0];
      const corner = ring[7];
      const middle = [0, 1].map((i) => ring.slice(1).reduce((s, p) => s + p[i], 0) / (ring.length - 1));
      const from = await pagePixel(page, corner);
      const centre = await pagePixel(page, middle);
      const length = Math.hypot(from[0] - centre[0], from[1] - centre[1]);
      const to = [
        from[0] + ((from[0] - centre[0]) / length) * 40,
        from[1] + ((from[1] - centre[1]) / length) * 40,
      ] as const;
      await drag(page, from, to);

      // Meanwhile a colleague records the zone's control measures.
      const path = `${served.origin}/collections/risk_zones/items/${zone.id}`;
      const colleague = await fetch(path, {
        method: 'PATCH',
        headers: {
          ...staff,
          'if-match': `"${zone.properties.revision}"`,
          'content-type': 'application/merge-patch+json',
        },
        body: JSON.stringify({ properties: { control_measures: '汛前排查,雨季专人巡查' } }),
      });
      expect(colleague.status).toBe(200);

      await page.locator('.edit-form button[type=submit]').click();
      await page.locator('.form-message', { hasText: '他人' }).waitFor();
      // The colleague's field is shown and marked, so the second save keeps it.
      const measures = page.locator('.edit-field[data-field=control_measures]');
      expect(await measures.locator('input').inputValue()).toBe('汛前排查,雨季专人巡查');
      expect(await measures.locator('.field-error').textContent()).toContain('他人已改为');
      const onMap = await page.evaluate(
        (id) =>
          (window as any).onemap.layers
            .get('risk_zones')
            .getSource()
            .getFeatureById(id)
            .getGeometry()
            .getCoordinates()[0].length,
        zone.id,
      );
      // The planner's shape is still there to save: the drag did not add or lose a corner.
      expect(onMap).toBe(ring.length);
      expect((await (await fetch(path, { headers: staff })).json()).geometry).toEqual(zone.geometry);
      await page.screenshot({ path: `${SCREENSHOTS}/edit-reshape-stale.png` });

      await page.locator('.edit-form button[type=submit]').click();
      await page.locator('.form-message', { hasText: '已保存' }).waitFor();
      const saved = await (await fetch(path, { headers: staff })).json();
      expect(saved.properties.revision).toBe(zone.properties.revision + 2);
      expect(saved.properties.control_measures).toBe('汛前排查,雨季专人巡查');
      const moved = saved.geometry.coordinates[0];
      expect(moved).toHaveLength(ring.length);
      const shift = Math.hypot(...[0, 1].map((i) => moved[7][i] - corner[i]));
      // 40 pixels at the zoom the search chose: tens to hundreds of metres, not a rounding difference.
      expect(shift).toBeGreaterThan(1e-4);
      expect(moved.filter((p: number[], i: number) => p[0] !== ring[i][0] || p[1] !== ring[i][1])).toHaveLength(1);
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}/edit-reshape-saved.png` });
      await page.close();
    });

    it('refuses a drawn risk zone whose ring crosses itself, at the shape, and stores it once the planner fixes it', async () => {
      const zones = await count('risk_zones');
      const page = await signedIn();
      await page.goto(`${served.origin}/?c=119.05000,25.55000&z=13&l=admin_areas,risk_zones`);
      await waitForMap(page);
      const box = await page.locator('#map').boundingBox();
      const at = (x: number, y: number) => [(box?.x ?? 0) + x, (box?.y ?? 0) + y] as const;
      await page.locator('#add-layer').selectOption('risk_zones');
      await page.locator('.add-feature button.secondary').click();
      await page.locator('#popup', { hasText: '双击结束' }).waitFor();
      // A bow tie: the edge from the first corner to the second crosses the edge from the third to the fourth.
      await page.mouse.click(...at(500, 300));
      await page.mouse.click(...at(700, 500));
      await page.mouse.click(...at(700, 300));
      await page.mouse.dblclick(...at(500, 500));
      await page.locator('.edit-form').waitFor();
      await page.locator('.edit-field[data-field=name] input').fill('测试自交风险区');
      await page.locator('.edit-field[data-field=level] select').selectOption('2');
      await page.locator('.edit-form button[type=submit]').click();
      const refusal = page.locator('.edit-field[data-field=geometry] .field-error');
      await page.locator('.edit-field[data-field=geometry] .field-error:not(:empty)').waitFor();
      // In the interface's language: PostGIS's reason put into Chinese with the place it found.
      expect(await refusal.textContent()).toMatch(/无效:自相交/);
      expect(await count('risk_zones')).toBe(zones);
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}/edit-draw-refused.png` });

      // The drawing is kept: dragging the second corner above the first edge untangles it.
      await drag(page, at(700, 500), at(600, 200));
      await page.locator('.edit-form button[type=submit]').click();
      await page.locator('.form-message', { hasText: '已新增' }).waitFor();
      expect(await count('risk_zones')).toBe(zones + 1);
      const [created] = (
        await (
          await fetch(`${served.origin}/collections/risk_zones/items?name=${encodeURIComponent('测试自交风险区')}`)
        ).json()
      ).features;
      expect(created.properties.level).toBe(2);
      expect(created.geometry.coordinates[0]).toHaveLength(5);
      expect(await refusal.textContent()).toBe('');
      await page.close();
    });
  },
);
