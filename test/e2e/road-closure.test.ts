/**
 * Closing roads in the web map, over the demo road network. The duty officer ranks the nearest fire
 * stations by road, then clicks a segment the first route drives along to close it for this answer
 * alone: it is listed with a ×, drawn red and dashed, and the answer shown is the API's own answer
 * with that segment closed — a longer drive or another station — while the store is left exactly as
 * it was; the × brings the first answer back. From the road's popup, a responder then closes the
 * same segment for real (asked twice): the stored road is closed, and the plain question now gets
 * the answer the what-if gave. Closing the tool, opening another or asking in a straight line ends
 * the picking, so the next click places the incident again. In Chinese on a desktop and in English
 * on a phone.
 */
import type { Feature, LineString } from 'geojson';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  analyseIncident,
  browserTestsCanRun,
  overlayFeatures,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { storeDigest } from '../support/checksum.ts';

const SEAT = [119.12, 25.46];
const QUESTION = { from: SEAT, layer: 'fire_stations', k: 5, by: 'road' };

interface Answer {
  results: { id: string; name: string; duration_s: number; route: LineString }[];
}

/** The two ends of each piece of a line, as text, to be matched exactly. */
const pieces = (coordinates: number[][]) =>
  coordinates.slice(1).map((b, i) => [coordinates[i], b].map((p) => p.map((c) => c.toFixed(7)).join(',')).join(';'));

/**
 * The road segment the first route drives along the longest, with the middle of that stretch: a
 * segment shares a piece with the route when two of its consecutive vertices are two of the route's.
 */
function roadOnRoute(route: LineString, roads: Feature<LineString>[]): { id: string; middle: number[] } {
  const onRoute = new Set([...pieces(route.coordinates), ...pieces([...route.coordinates].reverse())]);
  let best: { id: string; middle: number[]; length: number } | undefined;
  for (const road of roads) {
    const c = road.geometry.coordinates;
    pieces(c).forEach((piece, i) => {
      if (!onRoute.has(piece)) return;
      const length = Math.hypot(c[i + 1][0] - c[i][0], c[i + 1][1] - c[i][1]);
      if (!best || length > best.length) {
        best = { id: String(road.id), middle: [(c[i][0] + c[i + 1][0]) / 2, (c[i][1] + c[i + 1][1]) / 2], length };
      }
    });
  }
  if (!best) throw new Error('no road shares a piece with the route');
  return best;
}

/** The rows of the ranked list as shown: each one's name and minutes. */
const shownRows = (page: Page) => page.locator('.nearest-row button.result').allTextContents();
const minutes = (s: number) => Math.max(1, Math.round(s / 60));

describe.runIf(browserTestsCanRun())('closing roads in the web map', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });
  const api = served.api;
  const nearest = async (extra: object = {}) =>
    (await api('POST', '/analysis/nearest', { ...QUESTION, ...extra })).body as Answer;
  let road: { id: string; middle: number[] };
  let before: Answer;
  let whatIf: Answer;

  async function dutyPage(viewport: { width: number; height: number }) {
    const page = await served.browser.newPage({ viewport });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    return page;
  }

  /** Asks the incident tool for the nearest stations by road from the seat and waits for the list. */
  async function askNearest(page: Page, lang: 'zh' | 'en') {
    await page.goto(
      `${served.origin}/?lang=${lang}&tool=incident&c=119.12000,25.46000&z=14&l=admin_areas,roads,fire_stations`,
    );
    await waitForMap(page);
    await analyseIncident(page, 'fire_stations', SEAT, '.nearest[data-method=road] .nearest-row');
    await settle(page);
  }

  it('finds the road the first route drives along', async () => {
    before = await nearest();
    expect(before.results.length).toBeGreaterThan(0);
    const [w, s, e, n] = [SEAT[0] - 0.2, SEAT[1] - 0.2, SEAT[0] + 0.2, SEAT[1] + 0.2];
    const roads = (await api('GET', `/collections/roads/items?bbox=${w},${s},${e},${n}&limit=10000`)).body;
    road = roadOnRoute(before.results[0].route, roads.features);
    whatIf = await nearest({ closed: [road.id] });
    // The oracle's own word that closing it matters: a longer drive for the first, or another first.
    const [first, then] = [before.results[0], whatIf.results[0]];
    expect(then.id !== first.id || then.duration_s > first.duration_s).toBe(true);
  });

  it('closes it for one answer by a click: listed, drawn, answered without it, nothing written', {
    timeout: 240_000,
  }, async () => {
    const page = await dutyPage({ width: 1280, height: 800 });
    const outside = await watchOutsideRequests(page, served.origin);
    const stored = await storeDigest(served.store);
    await askNearest(page, 'zh');
    const rowsBefore = await shownRows(page);
    expect(rowsBefore[0]).toContain(`${minutes(before.results[0].duration_s)} 分钟`);

    await page.getByRole('button', { name: '点选封闭道路(假设)' }).click();
    expect(await page.locator('.closed-roads button[aria-pressed]').getAttribute('aria-pressed')).toBe('true');
    // The road under the click, in view beside the panels once the answer is fitted.
    await settle(page);
    const [x, y] = await pagePixel(page, road.middle);
    await page.mouse.click(x, y);
    await page.locator(`.closed-list li[data-id="${road.id}"]`).waitFor();
    await page.locator('.tool-status.what-if').waitFor();
    await settle(page);
    expect(await page.locator('.closed-roads h4').textContent()).toContain('1 条路段');
    expect(await page.locator('.what-if').textContent()).toBe('已按假设封闭 1 条路段计算(未写入)');

    const rows = await shownRows(page);
    expect(rows).toHaveLength(whatIf.results.length);
    whatIf.results.forEach((r, i) => {
      expect(rows[i]).toContain(r.name);
      expect(rows[i]).toContain(`${minutes(r.duration_s)} 分钟`);
    });
    expect(rows).not.toEqual(rowsBefore);
    const drawnClosed = (await overlayFeatures(page)).filter((f) => f.role === 'closedRoad').map((f) => f.id);
    expect(drawnClosed).toEqual([`closed-${road.id}`]);
    await page.screenshot({ path: `${SCREENSHOTS}/road-closure-what-if-zh.png` });

    // The × takes it off again: the first answer comes back.
    await page.getByRole('button', { name: /^移除 / }).click();
    await page.locator('.tool-status.what-if').waitFor({ state: 'detached' });
    await page.locator('.nearest[data-method=road] .nearest-row').first().waitFor();
    expect(await shownRows(page)).toEqual(rowsBefore);
    expect(await storeDigest(served.store)).toEqual(stored);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows the what-if on a phone in English, every new control at least 44 px', { timeout: 240_000 }, async () => {
    const page = await dutyPage({ width: 390, height: 844 });
    await askNearest(page, 'en');
    await page.getByRole('button', { name: 'Close roads by clicking (what-if)' }).click();
    await settle(page);
    const [, y] = await pagePixel(page, road.middle);
    const map = await page.locator('#map').boundingBox();
    // On a phone the tool sheet may cover the road: bring it into the map's free part first.
    const free = await page.evaluate(() => {
      const sheet = document.querySelector('#tools')?.getBoundingClientRect();
      return sheet ? sheet.top : window.innerHeight;
    });
    if (y > free - 20 || y < (map?.y ?? 0) + 20) {
      await page.evaluate((at) => {
        const r = 6378137;
        const [lon, lat] = at;
        (window as any).onemap.map
          .getView()
          .setCenter([(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))]);
      }, road.middle);
      await settle(page);
    }
    const [cx, cy] = await pagePixel(page, road.middle);
    await page.mouse.click(cx, cy);
    await page.locator('.tool-status.what-if').waitFor();
    expect(await page.locator('.what-if').textContent()).toBe(
      'Answered as a what-if, segments closed: 1 (nothing written)',
    );
    for (const control of await page.locator('.closed-roads button').all()) {
      const box = await control.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);
    }
    await page.locator('.closed-roads').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/road-closure-what-if-en-phone.png` });
    await page.close();
  });

  it('ends the picking when the tool closes, gives way or answers in a straight line: a click then places the incident', {
    timeout: 240_000,
  }, async () => {
    const page = await dutyPage({ width: 1280, height: 800 });
    await askNearest(page, 'zh');
    const picker = page.locator('.closed-roads button[aria-pressed]');
    const incidentTab = page.getByRole('tab', { name: '事件分析' });
    const by = page.locator('#incident-by');
    const leaves = {
      closed: () => incidentTab.click(),
      replaced: () => page.getByRole('tab', { name: '风险暴露' }).click(),
      straight: () => by.selectOption('straight'),
    };
    for (const [how, leave] of Object.entries(leaves)) {
      await picker.click();
      expect(await picker.getAttribute('aria-pressed'), how).toBe('true');
      await leave();
      if ((await incidentTab.getAttribute('aria-selected')) !== 'true') await incidentTab.click();
      if ((await by.inputValue()) !== 'road') await by.selectOption('road');
      expect(await picker.getAttribute('aria-pressed'), how).toBe('false');
      expect(await picker.textContent(), how).toBe('点选封闭道路(假设)');
      expect(await page.locator('.closed-roads .tool-status').textContent(), how).toBe('');
    }
    // The answer drawn again on reopening: a click on the road places the incident there, closing nothing.
    await page.locator('.nearest[data-method=road] .nearest-row').first().waitFor();
    await settle(page);
    const [x, y] = await pagePixel(page, road.middle);
    await page.mouse.click(x, y);
    await expect.poll(async () => Number(await page.locator('#incident-lon').inputValue())).not.toBe(SEAT[0]);
    expect(Number(await page.locator('#incident-lon').inputValue())).toBeCloseTo(road.middle[0], 3);
    expect(Number(await page.locator('#incident-lat').inputValue())).toBeCloseTo(road.middle[1], 3);
    await page.locator('.nearest[data-method=road] .nearest-row').first().waitFor();
    expect(await page.locator('.closed-list li').count()).toBe(0);
    expect(await page.locator('.tool-status.what-if').count()).toBe(0);
    await page.close();
  });

  it('closes it for real from its popup, asked twice: the plain question then gets the what-if’s answer', {
    timeout: 240_000,
  }, async () => {
    const page = await dutyPage({ width: 1280, height: 800 });
    const [lon, lat] = road.middle;
    await page.goto(`${served.origin}/?c=${lon.toFixed(5)},${lat.toFixed(5)}&z=17&l=admin_areas,roads`);
    await waitForMap(page);
    await settle(page);
    const [x, y] = await pagePixel(page, road.middle);
    await page.mouse.click(x, y);
    await page.getByRole('button', { name: '标记为封闭' }).click();
    await page.getByLabel('中断原因(可选)').fill('山体滑坡');
    await page.screenshot({ path: `${SCREENSHOTS}/road-closure-popup-zh.png` });
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByRole('button', { name: '恢复通行' }).waitFor();
    const stored = (await api('GET', `/collections/roads/items/${road.id}`, undefined, as('responder'))).body;
    expect(stored.properties).toMatchObject({ status: 'closed', closure_note: '山体滑坡' });
    expect((await nearest()).results).toEqual(whatIf.results);

    await page.getByRole('button', { name: '恢复通行' }).click();
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByRole('button', { name: '标记为封闭' }).waitFor();
    expect((await nearest()).results).toEqual(before.results);
    await page.close();
  });
});
