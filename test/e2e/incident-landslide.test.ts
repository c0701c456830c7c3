/**
 * The incident tool at a landslide in the mountains, as the duty officer uses it. The search finds the
 * landslide, and a township's places, before the road segments that bear their names. On a 390×844 phone,
 * where the tools are a sheet over the bottom of the map, the answer is fitted into the part of the
 * map above the sheet and clear of the legend standing over it, so the officer sees the incident and
 * every resource ranked without moving the map. On a desktop, each group of what is around counts what is listed under it (the villages apart,
 * with their residents), and the incident it is saved as records the answers in the words of their
 * lists. The figures are the API's own answers.
 */
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  analyseIncident,
  browserTestsCanRun,
  legendAboveSheet,
  overlap,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';

/** A landslide in the northern mountains, opened at street scale as after a search for it. */
const LANDSLIDE = [118.99117, 25.638137];

describe.runIf(browserTestsCanRun())('the incident tool at a landslide', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it('finds the landslide and a township’s places before the road segments named after them', {
    timeout: 120_000,
  }, async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(served.origin);
    await waitForMap(page);
    const search = async (query: string) => {
      await page.locator('#search').fill(query);
      await page.locator('#search-results button').first().waitFor();
      return page.locator('#search-results button').allTextContents();
    };
    const isRoad = (hit: string) => hit.includes(' · 道路 · ');

    const landslide = await search('港田');
    expect(landslide.length).toBeGreaterThan(1);
    expect(landslide[0]).toBe('港田山体滑坡 · 隐患点 · 白沙镇');

    const township = await search('白沙镇');
    expect(township[0]).toBe('白沙镇 · 行政区划 · 白沙镇');
    expect(township.some((hit) => hit.includes(' · 应急救援队伍 · '))).toBe(true);
    const firstRoad = township.findIndex(isRoad);
    if (firstRoad >= 0) expect(township.slice(firstRoad).every(isRoad)).toBe(true);

    // A road's segments by their numbers: 第2段 before 第10段.
    const segments = (await search('进村路')).filter(isRoad).map((hit) => hit.split(' · ')[0]);
    expect(segments.length).toBeGreaterThan(2);
    expect(segments).toEqual([...segments].sort((a, b) => a.localeCompare(b, 'zh', { numeric: true })));
    await page.close();
  });

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
    await analyseIncident(page, 'teams', LANDSLIDE);
    // The legend stands above the sheet, once it has followed the sheet grown with the answer.
    const boxes = await legendAboveSheet(page, '#tools');
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/incident-landslide-phone.png` });

    const map = await page.locator('#map').boundingBox();
    const { legend, sheet } = await boxes();
    if (!map || !sheet || !legend) throw new Error('no map, sheet or legend');
    /** On the map and clear of the sheet and the legend: the symbol, 8 px either way of its place. */
    const seen = async (lonLat: number[]) => {
      const [x, y] = await pagePixel(page, lonLat);
      const symbol = { x: x - 8, y: y - 8, width: 16, height: 16 };
      return x > map.x && x < map.x + map.width && y > map.y && !overlap(symbol, sheet) && !overlap(symbol, legend);
    };
    expect(await seen(LANDSLIDE)).toBe(true);
    for (const r of expected.results) {
      expect({ name: r.name, seen: await seen(r.feature.geometry.coordinates) }).toEqual({ name: r.name, seen: true });
    }
    await page.close();
  });

  it('counts what it lists around the incident, and records the answers in the words of their lists', {
    timeout: 180_000,
  }, async () => {
    const around = (await served.api('POST', '/analysis/around', { at: LANDSLIDE, radius_km: 3 }, as('responder')))
      .body;
    const counted = (group: string) =>
      Object.entries(around.groups[group])
        .filter(([layer]) => layer !== 'population')
        .reduce((n, [, found]: [string, any]) => n + found.count, 0);
    const targets = around.groups.protected.protected_targets.count;
    // The place has villages around it, so the group's total in the answer is not the targets'.
    expect(around.groups.protected.population.count).toBeGreaterThan(0);

    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(`${served.origin}/?tool=incident&c=${LANDSLIDE.join(',')}&z=12`);
    await waitForMap(page);
    const tool = page.locator('section[data-tool=incident]');
    await analyseIncident(page, 'teams', LANDSLIDE);
    const summary = (group: string) => tool.locator(`.around-${group} > summary`).textContent();
    expect(await summary('protected')).toBe(`重点保护目标: ${targets}`);
    expect(await tool.locator('.around-protected h4').allTextContents()).toEqual([`重点保护目标 (${targets})`]);
    expect(await summary('risks')).toBe(`风险隐患: ${counted('risks')}`);
    expect(await summary('resources')).toBe(`应急资源: ${counted('resources')}`);

    await tool.locator('.record-actions button', { hasText: '保存为事件' }).click();
    await page.locator('#new-incident-title').fill('港田村山体滑坡');
    await page.locator('#new-incident-kind').selectOption('geohazard');
    await page.locator('#new-incident-reporter').fill('村民电话');
    await page.locator('#new-incident-text').fill('后山滑坡,道路受阻');
    await tool.locator('.incident-form button[type=submit]').click();
    await tool.locator('.record-actions .tool-status', { hasText: '港田村山体滑坡' }).waitFor();
    const incident = (
      await served.api('GET', '/incidents?status=open', undefined, as('responder'))
    ).body.incidents.find((i: any) => i.title === '港田村山体滑坡');
    await page.goto(`${served.origin}/?incident=${incident.id}`);
    await waitForMap(page);
    const timeline = page.locator('section[data-tool=situation] .timeline .entry');
    await timeline.nth(2).waitFor();
    const entries = await timeline.allTextContents();
    expect(entries[1]).toContain('周边 3 公里');
    expect(entries[1]).toContain(`风险 ${counted('risks')}、资源 ${counted('resources')}、保护目标 ${targets}`);
    expect(entries[2]).toContain('最近的 应急救援队伍 · 道路行程');
    await page.screenshot({ path: `${SCREENSHOTS}/incident-landslide-record.png` });
    await page.close();
  });
});
