import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../catalog/layers.ts';
import { ANALYSIS_LOOKS } from '../../catalog/symbols.ts';
import { createApp } from '../../server/app.ts';
import { TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  overlayFeatures,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { CLIENT_DIR } from '../support/client-build.ts';
import { staff } from '../support/http.ts';
import { countColour } from '../support/pixels.ts';

describe.runIf(browserTestsCanRun())('the one map in a browser', () => {
  const served = servedClient();

  it('draws the demo district with its layers, the four colours and the demo label, all from localhost', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, served.origin);
    await page.goto(served.origin);
    await waitForMap(page);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/map-desktop.png` });

    await expect(page.locator('#demo-badge')).toBeTruthy();
    expect(await page.locator('#demo-badge').isVisible()).toBe(true);
    expect(await page.locator('#demo-badge').textContent()).toBe('演示数据');
    expect(await page.title()).toContain('应急一张图');
    // One switch per layer of the catalog.
    expect(await page.locator('#layers input[type=checkbox]').count()).toBe(LAYERS.length);
    // Risk zones in the national palette and shelters in their green are drawn, not just listed.
    expect(await countColour(page, png, '#E60012')).toBeGreaterThan(50);
    expect(await countColour(page, png, '#1a9850')).toBeGreaterThan(50);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('hides a layer when it is switched off', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.origin);
    await waitForMap(page);
    const before = await countColour(page, await page.screenshot(), '#1a9850');
    await page.locator('input[data-layer=shelters]').uncheck();
    await settle(page);
    const after = await countColour(
      page,
      await page.screenshot({ path: `${SCREENSHOTS}/map-shelters-off.png` }),
      '#1a9850',
    );
    expect(before).toBeGreaterThan(50);
    expect(after).toBeLessThan(before / 10);
    await page.close();
  });

  it('opens a popup with Chinese labels when a shelter is clicked', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.origin);
    await waitForMap(page);
    const pixel = await page.evaluate(() => {
      const { map, layers } = (window as any).onemap;
      const feature = layers.get('shelters').getSource().getFeatures()[0];
      return map.getPixelFromCoordinate(feature.getGeometry().getCoordinates());
    });
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click((box?.x ?? 0) + pixel[0], (box?.y ?? 0) + pixel[1]);
    await page.locator('#popup:not([hidden])').waitFor();
    const text = await page.locator('#popup').textContent();
    expect(text).toMatch(/等级|有效避难面积|设计容纳人数/);
    expect(text).not.toContain('contact_phone');
    await page.screenshot({ path: `${SCREENSHOTS}/map-popup.png` });
    await page.close();
  });

  it('switches to English and keeps the view in the link', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?c=119.12000,25.46000&z=13.00&l=admin_areas,shelters`);
    await waitForMap(page);
    await page.locator('#lang').click();
    await page.waitForURL(/lang=en/);
    await waitForMap(page);
    expect(await page.locator('#layers').textContent()).toContain('Emergency shelters');
    expect(await page.locator('#legend').textContent()).toContain('Major');
    const view = await page.evaluate(() => {
      const { map, layers } = (window as any).onemap;
      const visible = [...layers].filter(([, l]: any) => l.getVisible()).map(([id]: any) => id);
      return { zoom: map.getView().getZoom(), visible };
    });
    expect(view.zoom).toBeCloseTo(13, 1);
    expect(view.visible.sort()).toEqual(['admin_areas', 'shelters']);
    await page.screenshot({ path: `${SCREENSHOTS}/map-english.png` });
    await page.close();
  });

  it('finds a shelter by name and zooms to it', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.origin);
    await waitForMap(page);
    await page.locator('#search').fill('人民公园');
    await page.locator('#search-results button').first().click();
    await page.locator('#popup:not([hidden])').waitFor();
    expect(await page.locator('#popup h3').textContent()).toContain('人民公园');
    await page.waitForFunction(() => (window as any).onemap.map.getView().getZoom() > 13);
    await page.close();
  });

  it('measures a distance on the sphere', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?c=119.10000,25.50000&z=12.00&l=admin_areas`);
    await waitForMap(page);
    // Two points 0.1° of longitude apart at 25.5°N: about 10.04 km by haversine.
    const [a, b] = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const from = (lon: number, lat: number) => {
        const r = 6378137;
        const x = (lon * Math.PI * r) / 180;
        const y = r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
        return map.getPixelFromCoordinate([x, y]);
      };
      return [from(119.05, 25.5), from(119.15, 25.5)];
    });
    const box = await page.locator('#map').boundingBox();
    await page.locator('[data-measure=distance]').click();
    await page.mouse.click((box?.x ?? 0) + a[0], (box?.y ?? 0) + a[1]);
    await page.mouse.dblclick((box?.x ?? 0) + b[0], (box?.y ?? 0) + b[1]);
    const text = (await page.locator('.measure-readout').textContent()) ?? '';
    expect(Number.parseFloat(text)).toBeCloseTo(10.04, 1);
    expect(text).toContain('km');
    await page.close();
  });

  it('fits a 390×844 phone: map, legend and demo label on screen, layers behind a button', async () => {
    const page = await served.browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(served.origin);
    await waitForMap(page);
    expect(await page.locator('#layers').isVisible()).toBe(false);
    await page.locator('#layers-toggle').tap();
    expect(await page.locator('#layers').isVisible()).toBe(true);
    expect(await page.locator('#demo-badge').isVisible()).toBe(true);
    const legend = await page.locator('#legend').boundingBox();
    expect((legend?.x ?? -1) >= 0 && (legend?.y ?? 0) + (legend?.height ?? 0) <= 844).toBe(true);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/map-phone.png` });
    expect(await countColour(page, png, '#E60012')).toBeGreaterThan(20);
    await page.close();
  });

  it('pins an incident, lists what is around and the nearest resources, and draws a line to each', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, served.origin);
    await page.goto(`${served.origin}/?tool=incident`);
    await waitForMap(page);
    await page.locator('#incident-layer').selectOption('shelters');
    await page.locator('#incident-by').selectOption('straight');
    await page.locator('#incident-free').fill('200');
    const box = await page.locator('#map').boundingBox();
    const pixel = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const r = 6378137;
      return map.getPixelFromCoordinate([
        (119.12 * Math.PI * r) / 180,
        r * Math.log(Math.tan(Math.PI / 4 + (25.46 * Math.PI) / 360)),
      ]);
    });
    await page.mouse.click((box?.x ?? 0) + pixel[0], (box?.y ?? 0) + pixel[1]);
    await page.locator('.nearest button.result').first().waitFor();
    const rows = await page.locator('.nearest button.result').allTextContents();
    expect(rows.length).toBe(5);
    const distances = rows.map((r) => {
      const m = /· ([\d.]+) (k?m) ·/.exec(r);
      return m ? Number(m[1]) * (m[2] === 'km' ? 1000 : 1) : Number.NaN;
    });
    expect(distances.every(Number.isFinite)).toBe(true);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(Number((await page.locator('#incident-lon').inputValue()).slice(0, 6))).toBeCloseTo(119.12, 2);
    const drawn = (await overlayFeatures(page)).map((f) => f.role);
    expect(drawn.filter((r) => r === 'reach')).toHaveLength(5);
    expect(drawn).toContain('incident');
    expect(await page.locator('.around .around-risks summary').textContent()).toMatch(/风险隐患: \d+/);
    await page.screenshot({ path: `${SCREENSHOTS}/tool-incident.png` });
    // A pick rings the shelter on the map; no popup opens over the list, which stays the responder's.
    await page.locator('.nearest button.result').first().click();
    await page.locator('.nearest .result-row.picked').waitFor();
    expect(await page.locator('#popup').isHidden()).toBe(true);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows camera coverage per township with its blind spots, and the planned cameras on request', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Staff see the viewsheds and blind spots drawn (the public gets the figures alone).
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    // Zoomed into the seat, where no forest is in view, with the cameras' layer off.
    await page.goto(`${served.origin}/?tool=coverage&c=119.08000,25.47000&z=14`);
    await waitForMap(page);
    await page.locator('#coverage-target').selectOption('cameras');
    await page.locator('.headline', { hasText: '林区覆盖率' }).waitFor();
    await settle(page);
    // The cameras that make the views are drawn with them, and all that is drawn lies clear of the panels.
    expect(await page.evaluate(() => (window as any).onemap.layers.get('cameras').getVisible())).toBe(true);
    expect(await page.locator('#layers input[data-layer=cameras]').isChecked()).toBe(true);
    const views = (await overlayFeatures(page)).filter((f) => ['sector', 'gap'].includes(f.role));
    const corners = views.flatMap(({ extent: [x1, y1, x2, y2] }) => [
      [x1, y1],
      [x2, y2],
    ]);
    const pixels: number[][] = await page.evaluate(
      (at) => at.map((c) => (window as any).onemap.map.getPixelFromCoordinate(c)),
      corners,
    );
    const [xs, ys] = [pixels.map(([x]) => x), pixels.map(([, y]) => y)];
    const drawn = { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
    const mapBox = await page.locator('#map').boundingBox();
    const tools = await page.locator('#tools').boundingBox();
    const layerList = await page.locator('#layers').boundingBox();
    const x0 = mapBox?.x ?? 0;
    expect(drawn.left).toBeGreaterThanOrEqual((tools?.x ?? 0) + (tools?.width ?? 0) - x0 - 2);
    expect(drawn.right).toBeLessThanOrEqual((layerList?.x ?? 0) - x0 + 2);
    expect(drawn.top).toBeGreaterThanOrEqual(-2);
    expect(drawn.bottom).toBeLessThanOrEqual((mapBox?.height ?? 0) + 2);
    // Filling most of that room, not a speck in it.
    expect(drawn.right - drawn.left).toBeGreaterThan(((layerList?.x ?? 0) - (tools?.x ?? 0) - (tools?.width ?? 0)) / 3);
    const existing = Number.parseFloat((await page.locator('.headline strong').textContent()) ?? '');
    // The demo ships a DEM: the figure is line of sight over its hills, as the API gives it.
    const answer = await (await fetch(`${served.origin}/analysis/coverage/cameras`)).json();
    expect(answer.existing.method).toBe('viewshed');
    expect(existing).toBe(Number(answer.existing.district.coveredPct.toFixed(1)));
    expect(await page.locator('.headline').textContent()).toContain('按地形视域');
    expect(await page.locator('.coverage-table tr').count()).toBeGreaterThan(3);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const { map } = (window as any).onemap;
          map.once('rendercomplete', resolve);
          map.render();
        }),
    );
    const png = await page.screenshot({ path: `${SCREENSHOTS}/tool-coverage-cameras.png` });
    // The blind spots, in the black no layer uses.
    expect(await countColour(page, png, ANALYSIS_LOOKS.gap['stroke-color'])).toBeGreaterThan(100);
    await page.locator('#coverage-planned').check();
    await page.waitForFunction(
      (before) => Number.parseFloat(document.querySelector('.headline strong')?.textContent ?? '0') > before,
      existing,
    );
    await page.close();
  });

  it('lists the plan indicators, met and unmet, for the district and a township', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?tool=scorecard`);
    await waitForMap(page);
    await page.locator('.score').first().waitFor();
    expect(await page.locator('.score.met').count()).toBeGreaterThan(0);
    expect(await page.locator('.score.unmet').count()).toBeGreaterThan(0);
    expect(await page.locator('.scorecard-rows').textContent()).toContain('避难场所规范化率');
    await page.locator('#scorecard-scope').selectOption('新县镇');
    expect(await page.locator('.scorecard-rows').textContent()).toContain('新县镇');
    await page.screenshot({ path: `${SCREENSHOTS}/tool-scorecard.png` });
    await page.close();
  });

  it('lets a planner edit: a refused value is explained at its field, a colleague’s change is not lost', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(served.origin);
    await waitForMap(page);
    await page.locator('#search').fill('人民公园');
    await page.locator('#search-results button').first().click();
    await page.locator('#popup button.primary').click();
    const capacity = page.locator('.edit-field[data-field=capacity] input');
    await capacity.fill('-5');
    await page.locator('.edit-form button[type=submit]').click();
    await page.locator('.edit-field[data-field=capacity] .field-error:not(:empty)').waitFor();
    expect(await page.locator('.edit-field[data-field=capacity] .field-error').textContent()).toMatch(/不得小于 0/);
    await page.screenshot({ path: `${SCREENSHOTS}/edit-refused.png` });

    // A colleague changes the same shelter meanwhile (both capacities stay above its 34,000 free places).
    const id = await page.evaluate(() => {
      const { layers } = (window as any).onemap;
      return layers
        .get('shelters')
        .getSource()
        .getFeatures()
        .find((f: any) => f.get('name') === '涵江区人民公园')
        .getId();
    });
    const path = `${served.origin}/collections/shelters/items/${id}`;
    const current = await (await fetch(path, { headers: staff })).json();
    const colleague = await fetch(path, {
      method: 'PATCH',
      headers: {
        ...staff,
        'if-match': `"${current.properties.revision}"`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ properties: { capacity: 36000 } }),
    });
    expect(colleague.status).toBe(200);

    await capacity.fill('35000');
    await page.locator('.edit-form button[type=submit]').click();
    await page.locator('.form-message', { hasText: '他人' }).waitFor();
    expect(await page.locator('.edit-field[data-field=capacity] .field-error').textContent()).toContain('36000');
    expect(await capacity.inputValue()).toBe('35000');
    await page.screenshot({ path: `${SCREENSHOTS}/edit-stale.png` });

    await page.locator('.edit-form button[type=submit]').click();
    await page.locator('.form-message', { hasText: '已保存' }).waitFor();
    const saved = await (await fetch(path, { headers: staff })).json();
    expect(saved.properties.capacity).toBe(35000);
    expect(saved.properties.revision).toBe(current.properties.revision + 2);
    await page.close();
  });

  it('lets a responder on duty close a shelter and set its free places, and nothing else', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(served.origin);
    await waitForMap(page);
    await page.locator('#search').fill('人民公园');
    await page.locator('#search-results button').first().click();
    await page.locator('#popup button.primary').click();
    await page.locator('.edit-form').waitFor();
    const offered = await page
      .locator('.edit-field')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.field));
    expect(offered.sort()).toEqual(['free_places', 'status']);
    expect(await page.locator('.edit-form button.danger').isVisible()).toBe(false);
    await page.locator('.edit-field[data-field=status] select').selectOption('closed');
    await page.locator('.edit-field[data-field=free_places] input').fill('0');
    await page.locator('.edit-form button[type=submit]').click();
    await page.locator('.form-message', { hasText: '已保存' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/edit-live.png` });
    const found = await (
      await fetch(`${served.origin}/collections/shelters/items?name=${encodeURIComponent('涵江区人民公园')}`)
    ).json();
    expect(found.features[0].properties).toMatchObject({ status: 'closed', free_places: 0 });
    await page.close();
  });

  it('shows what a proposed camera would add before anything is saved', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?tool=coverage&c=118.95000,25.66000&z=11`);
    await waitForMap(page);
    // A hillside of the forest, found where it lies in this view; the coverage then fits the forest.
    const hillside = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const [x, y] = map.getCoordinateFromPixel([900, 300]);
      const r = 6378137;
      return [(x / r) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI)];
    });
    await page.locator('#coverage-target').selectOption('cameras');
    await page.locator('.headline', { hasText: '林区覆盖率' }).waitFor();
    await settle(page);
    const before = Number.parseFloat((await page.locator('.headline strong').textContent()) ?? '');
    await page.locator('.whatif button').first().click();
    await page.mouse.click(...(await pagePixel(page, hillside)));
    await page.locator('.headline', { hasText: '→' }).waitFor();
    const after = Number.parseFloat((await page.locator('.headline strong').textContent()) ?? '');
    expect(after).toBeGreaterThan(before);
    expect(await page.locator('.headline').textContent()).toContain(`${before.toFixed(1)}%`);
    await page.screenshot({ path: `${SCREENSHOTS}/tool-whatif.png` });
    await page.close();
  });

  it('draws a configured online basemap under the layers, and shows the map review number', async () => {
    const config = {
      corsOrigins: '*' as const,
      clientDir: CLIENT_DIR,
      map: { basemap: 'osm' as const, reviewNumber: '审图号:闽S(2026)001号' },
    };
    const online = createApp({ store: served.store, config }).listen(0, '127.0.0.1');
    await new Promise((resolve) => online.once('listening', resolve));
    const url = `http://127.0.0.1:${(online.address() as AddressInfo).port}`;
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, url);
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'onemap' in window);
      await page.evaluate(() => (window as any).onemap.ready);
      expect(await page.locator('#review-number').textContent()).toBe('审图号:闽S(2026)001号');
      const box = await page.locator('#review-number').boundingBox();
      expect((box?.x ?? 999) < 400 && (box?.y ?? 0) > 700).toBe(true);
      // The tiles were asked for (and refused here, where there is no network); the map drew all the same.
      expect(outside.length).toBeGreaterThan(0);
      expect(outside.every((u) => u.includes('tile.openstreetmap.org'))).toBe(true);
      const png = await page.screenshot({ path: `${SCREENSHOTS}/map-basemap-offline.png` });
      expect(await countColour(page, png, '#E60012')).toBeGreaterThan(50);
    } finally {
      await page.close();
      online.closeAllConnections();
      await new Promise((resolve) => online.close(resolve));
    }
  });

  it('imports a GBK spreadsheet: report and map preview first, then written on confirmation', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(`${served.origin}/?tool=import`);
    await waitForMap(page);
    const before = (await (await fetch(`${served.origin}/collections/shelters`)).json()).featureCount;
    await page.locator('#import-layer').selectOption('shelters');
    await page.locator('#import-file').setInputFiles('test/fixtures/import/shelters-gbk.csv');
    await page.locator('.import-report .headline').waitFor();
    expect(await page.locator('.import-report').textContent()).toMatch(/GB18030|GBK/);
    const previewed = (await overlayFeatures(page)).length;
    expect(previewed).toBeGreaterThan(0);
    expect((await (await fetch(`${served.origin}/collections/shelters`)).json()).featureCount).toBe(before);
    await page.screenshot({ path: `${SCREENSHOTS}/tool-import-report.png` });
    await page.locator('[data-tool=import] button.primary', { hasText: '确认导入' }).click();
    await page.locator('.import-outcome', { hasText: '已导入' }).waitFor();
    const after = (await (await fetch(`${served.origin}/collections/shelters`)).json()).featureCount;
    expect(after).toBeGreaterThan(before);
    await page.close();
  });

  it('lets a planner add a shelter with a click and move it by dragging', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    page.on('dialog', (dialog) => void dialog.accept('测试新增避难场所'));
    await page.goto(`${served.origin}/?c=119.12000,25.46000&z=14&l=admin_areas,shelters`);
    await waitForMap(page);
    const box = await page.locator('#map').boundingBox();
    const at = (x: number, y: number) => [(box?.x ?? 0) + x, (box?.y ?? 0) + y] as const;
    await page.locator('#add-layer').selectOption('shelters');
    await page.locator('.add-feature button.secondary').click();
    await page.mouse.click(...at(500, 400));
    await page.locator('.edit-form').waitFor();
    const created = (
      await (
        await fetch(`${served.origin}/collections/shelters/items?name=${encodeURIComponent('测试新增避难场所')}`)
      ).json()
    ).features;
    expect(created).toHaveLength(1);
    expect(created[0].properties.township).toBeTruthy();
    const [lon0] = created[0].geometry.coordinates;

    await page.locator('.edit-form button.secondary').click();
    await page.mouse.move(...at(500, 400));
    await page.mouse.down();
    await page.mouse.move(...at(560, 400), { steps: 5 });
    await page.mouse.up();
    await page.locator('.form-message', { hasText: '已保存' }).waitFor();
    const moved = await (
      await fetch(`${served.origin}/collections/shelters/items/${created[0].id}`, { headers: staff })
    ).json();
    expect(moved.geometry.coordinates[0]).toBeGreaterThan(lon0);
    expect(moved.properties.revision).toBe(2);
    await page.screenshot({ path: `${SCREENSHOTS}/edit-add-move.png` });
    await page.close();
  });
});
