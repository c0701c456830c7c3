import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  numbersIn,
  overlayFeatures,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';
import { importSheetThroughPanel } from '../support/import-panel.ts';

/**
 * A bureau's first hour, in a browser: an administrator opens the web map of an empty store (no
 * demo), meets the district's set-up, checks 平阳县's DataV boundary (GCJ-02, converted) and sets it
 * up; the title, the map's extent and the scorecard's targets follow without a reload; then imports
 * the district's shelter sheet with traditional-character headers through the panel, and the map and
 * the scorecard follow it. The steps share one page, in order. The oracles: the fixture's own extent
 * and adcode, 平阳's profile file for the targets, and the sheet's own rows.
 */

const BOUNDARY = 'test/fixtures/district/pingyang-datav.json';
const SHELTERS = 'test/fixtures/import/pingyang-shelters-traditional.csv';
const sheetRows = readFileSync(SHELTERS, 'utf8').trim().split('\n').length - 1;
const pingyang = JSON.parse(readFileSync('data/profiles/pingyang.json', 'utf8'));
const ring: number[][] = JSON.parse(readFileSync(BOUNDARY, 'utf8'))[0].geometry.coordinates.flat(2);
/** The fixture's extent as written (GCJ-02): the converted one is within a kilometre of it. */
const written = [
  Math.min(...ring.map((p) => p[0])),
  Math.min(...ring.map((p) => p[1])),
  Math.max(...ring.map((p) => p[0])),
  Math.max(...ring.map((p) => p[1])),
];

/** The map's view as longitudes and latitudes: [west, south, east, north]. */
const viewExtent = (page: Page) =>
  page.evaluate(() => {
    const { map } = (window as any).onemap;
    const [x0, y0, x1, y1] = map.getView().calculateExtent(map.getSize());
    const r = 6378137;
    const lon = (x: number) => (x / r) * (180 / Math.PI);
    const lat = (y: number) => (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI);
    return [lon(x0), lat(y0), lon(x1), lat(y1)];
  });

describe.runIf(browserTestsCanRun())('setting up a district in a browser, on an empty store', () => {
  const served = servedClient({ empty: true });
  let page: Page;
  afterAll(() => page?.close());
  const setup = () => page.locator('section[data-tool=admin] form.district-setup');

  it('shows an administrator the set-up first, since the store has no district', async () => {
    page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.admin);
    await page.goto(served.origin);
    await waitForMap(page);
    await setup().waitFor();
    expect(await setup().locator('h3').textContent()).toBe('设置本辖区');
    await setup().locator('.district-state', { hasText: '数据库中还没有辖区' }).waitFor();
    expect(await page.locator('#district').textContent()).toBe('');
    expect(await page.locator('#demo-badge').isHidden()).toBe(true);
    // The five profiles, by name and code, after the choice by the district's code.
    expect(await page.locator('#district-profile option').allTextContents()).toEqual([
      '按行政区划代码自动选择',
      '昌邑区 (220202)',
      '涵江区 (350303)',
      '马尾区 (350105)',
      '平阳县 (330326)',
      '武江区 (440203)',
    ]);
    expect(await page.locator('#district-crs option').count()).toBe(4);
  });

  it('checks 平阳县’s DataV boundary: recognised, converted from GCJ-02, drawn, name and code filled in, nothing saved', async () => {
    await page.locator('#district-boundary').setInputFiles(BOUNDARY);
    await setup().locator('button[type=submit]').click();
    await setup().locator('.district-report li', { hasText: '平阳县(330326),面积' }).waitFor();
    const lines = await setup().locator('.district-report li').allTextContents();
    expect(lines.join('\n')).toMatch(
      /识别为 DataV 文件\(adcode, acroutes, center, centroid.*\),坐标已从 GCJ-02 转换为 WGS 84/,
    );
    expect(lines.join('\n')).toContain('1 个区县、0 个乡镇(街道)、0 个村(社区);替换原有 0 个行政区划');
    expect(lines.join('\n')).toContain('规划指标配置:平阳县(330326)');
    expect(await setup().locator('.district-report p').textContent()).toBe('检查结果(尚未保存):');
    expect(await page.locator('#district-name').inputValue()).toBe('平阳县');
    expect(await page.locator('#district-code').inputValue()).toBe('330326');
    expect(await page.locator('#district-profile').inputValue()).toBe('330326');
    expect(await setup().locator('button.primary').isEnabled()).toBe(true);
    // Drawn on the map, and nothing written yet.
    const drawn = (await overlayFeatures(page)).map((f) => [f.role, f.label]);
    expect(drawn).toEqual([['added', '平阳县']]);
    expect((await (await fetch(`${served.origin}/district`)).json()).setUp).toBe(false);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/district-setup-checked.png` });
  });

  it('sets it up: the title reads 平阳县 and the map shows its extent, without a reload', async () => {
    const before = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await setup().locator('button.primary').click();
    await setup().locator('.form-message.ok', { hasText: '已设置平阳县' }).waitFor();
    expect(await page.locator('#district').textContent()).toBe('平阳县');
    expect(await page.title()).toBe('OneMap 应急一张图 — 平阳县');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(before);
    await settle(page);
    const [west, south, east, north] = await viewExtent(page);
    // The district fills the view: all of it inside, and the view not much wider than it (1 km ≈ 0.01°).
    expect(west).toBeLessThan(written[0] - 0.005);
    expect(south).toBeLessThan(written[1] - 0.005);
    expect(east).toBeGreaterThan(written[2] + 0.005);
    expect(north).toBeGreaterThan(written[3] + 0.005);
    // And clear of the panels over the map: the tool on the left, the layer list on the right (a few
    // pixels' leeway for the GCJ-02 offset of the extent as written).
    const [left, bottom] = await pagePixel(page, [written[0], written[1]]);
    const [right, top] = await pagePixel(page, [written[2], written[3]]);
    const tools = await page.locator('#tools').boundingBox();
    const layers = await page.locator('#layers').boundingBox();
    const map = await page.locator('#map').boundingBox();
    expect(left).toBeGreaterThan((tools?.x ?? 0) + (tools?.width ?? 0) - 15);
    expect(right).toBeLessThan((layers?.x ?? 0) + 15);
    expect(top).toBeGreaterThan((map?.y ?? 0) - 15);
    expect(bottom).toBeLessThan((map?.y ?? 0) + (map?.height ?? 0) + 15);
    expect(Math.max(east - west, north - south)).toBeLessThan(
      3 * Math.max(written[2] - written[0], written[3] - written[1]),
    );
    const district = await (await fetch(`${served.origin}/district`)).json();
    expect(district).toMatchObject({ setUp: true, demo: false, district: { name: '平阳县', code: '330326' } });
    await setup().locator('.district-state', { hasText: '当前辖区:平阳县(330326)' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/district-setup-done.png` });
  });

  it('scores the district against 平阳县’s targets', async () => {
    await page.locator('.tool-tabs button[data-tool=scorecard]').click();
    const figures = (id: string) =>
      page.locator(`section[data-tool=scorecard] .score[data-indicator=${id}] .score-figures`);
    await figures('broadcast_coverage').waitFor();
    expect(await page.locator('#scorecard-scope option').allTextContents()).toEqual(['全区']);
    for (const id of ['broadcast_coverage', 'weather_station_density', 'relief_hours']) {
      const target = (await figures(id).textContent())?.split('目标').at(1) ?? '';
      expect(numbersIn(target)[0], id).toBe(pingyang.targets[id].value);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/district-setup-scorecard.png` });
  });

  it('imports the district’s shelter sheet with traditional headers, and the map and the scorecard follow', async () => {
    const score = page.locator('section[data-tool=scorecard] .score[data-indicator=shelter_visualised] .score-figures');
    expect(await score.getAttribute('data-why')).toBe('no_shelters');
    const { created } = await importSheetThroughPanel(page, SHELTERS, {
      afterCheck: async () => {
        // The traditional headers were folded onto the layer's fields, and no row lies outside 平阳县.
        const panel = page.locator('section[data-tool=import]');
        expect(await panel.locator('select[data-column="經度"]').inputValue()).toBe('lon');
        expect(await panel.locator('select[data-column="名稱"]').inputValue()).toBe('name');
        expect(await panel.locator('.import-outside li').count()).toBe(0);
      },
    });
    expect(created).toBe(sheetRows);
    // In the layer list's count and on the map itself.
    await page.locator(`[data-count=shelters]:text-is("${sheetRows}")`).waitFor();
    await page.waitForFunction(
      (n) => (window as any).onemap.layers.get('shelters').getSource().getFeatures().length === n,
      sheetRows,
    );
    await page.locator('.tool-tabs button[data-tool=scorecard]').click();
    await page.waitForFunction(
      () =>
        !document.querySelector('.score[data-indicator=shelter_visualised] .score-figures')?.hasAttribute('data-why'),
    );
    const figures = (await score.textContent()) ?? '';
    expect(numbersIn(figures)[0]).toBe(100);
    expect(numbersIn(figures.split('目标').at(1) ?? '')[0]).toBe(pingyang.targets.shelter_visualised.value);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/district-setup-shelters.png` });
  });
});
