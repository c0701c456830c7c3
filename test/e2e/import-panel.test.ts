import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, overlayFeatures, SCREENSHOTS, servedClient, waitForMap } from '../support/browser.ts';
import { importSheetThroughPanel } from '../support/import-panel.ts';

/**
 * The import panel as a planner uses it on a bureau's own sheet: traditional-character headers
 * folded onto the layer's fields, a column put to a field by hand, a row outside the district shown
 * apart and allowed on purpose, and every refusal in the language of the interface.
 */

const SHEET = 'test/fixtures/import/shelters-traditional.csv';
/** The sheet's row (as the spreadsheet numbers it) whose shelter lies far east of 涵江. */
const OUTSIDE_ROW = 6;

describe.runIf(browserTestsCanRun())('the import panel in a browser', () => {
  const served = servedClient();

  const openAsPlanner = async (query = '?tool=import', viewport = { width: 1280, height: 800 }) => {
    const page = await served.browser.newPage({ viewport });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(`${served.origin}/${query}`);
    await waitForMap(page);
    return page;
  };
  const featureCount = async () =>
    (await (await fetch(`${served.origin}/collections/shelters`)).json()).featureCount as number;
  const selected = (page: Page, column: string) =>
    page.locator(`section[data-tool=import] select[data-column="${column}"]`).inputValue();
  const overlayRoles = async (page: Page) => (await overlayFeatures(page)).map((f) => f.role);

  it('imports a sheet with traditional headers: a column mapped by hand, a row outside the district allowed', async () => {
    const page = await openAsPlanner();
    const before = await featureCount();
    expect(await page.locator('[data-count=shelters]').textContent()).toBe(String(before));
    const panel = page.locator('section[data-tool=import]');

    const result = await importSheetThroughPanel(page, SHEET, {
      remap: { 場所地點: 'address' },
      allowOutside: true,
      afterCheck: async (step) => {
        if (step === 'read') {
          // The traditional headers found their fields; the columns nothing matched are left out, said why.
          expect(await selected(page, '名稱')).toBe('name');
          expect(await selected(page, '經度')).toBe('lon');
          expect(await selected(page, '緯度')).toBe('lat');
          expect(await selected(page, '容納人數')).toBe('capacity');
          expect(await selected(page, '類型')).toBe('kind');
          expect(await selected(page, '場所地點')).toBe('-');
          expect(await selected(page, '備註')).toBe('-');
          expect(await panel.locator('tr[data-column="名稱"] .import-samples').textContent()).toContain(
            '繁體測試公園避難場所',
          );
          // Every field of the layer is offered, not only those some column already fills.
          const offered = await panel
            .locator('select[data-column="備註"] option')
            .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
          expect(offered).toEqual(expect.arrayContaining(['-', 'lon', 'lat', 'wkt', 'address', 'contact_person']));
          // The row far outside the district is a problem until allowed, listed apart and drawn apart.
          expect(await panel.locator('.import-outside li').allTextContents()).toEqual([
            expect.stringContaining(`${OUTSIDE_ROW} · 繁體測試轄區外避難場所`),
          ]);
          expect(await panel.locator('.import-problems').textContent()).toMatch(new RegExp(`第 ${OUTSIDE_ROW} ·`));
          expect(await overlayRoles(page)).toContain('outside');
          expect(await page.locator('[data-tool=import] button.primary').isHidden()).toBe(true);
          await page.screenshot({ path: `${SCREENSHOTS}/import-panel-read.png` });
        }
        if (step === 'remapped') expect(await selected(page, '場所地點')).toBe('address');
        if (step === 'allowed') {
          expect(await panel.locator('.import-problems').count()).toBe(0);
          expect(await panel.locator('.import-warnings').textContent()).toContain(String(OUTSIDE_ROW));
          expect(await panel.locator('.import-outside li').count()).toBe(1);
          expect(await page.locator('[data-tool=import] button.primary').isVisible()).toBe(true);
          await page.screenshot({ path: `${SCREENSHOTS}/import-panel-allowed.png` });
        }
      },
    });

    expect(result.created).toBe(5);
    // The warning stays in the report the planner confirmed by.
    expect(await panel.locator('.import-warnings').textContent()).toContain(String(OUTSIDE_ROW));
    expect(await featureCount()).toBe(before + 5);
    await page.locator(`[data-count=shelters]:text-is("${before + 5}")`).waitFor();
    const named = async (name: string) =>
      (await (await fetch(`${served.origin}/collections/shelters/items?name=${encodeURIComponent(name)}`)).json())
        .features[0];
    expect((await named('繁體測試公園避難場所')).properties.address).toBe('涵東街道測試路1號');
    expect((await named('繁體測試轄區外避難場所')).geometry.coordinates).toEqual([119.9, 25.45]);
    // The new shelters are on the map itself, not only in the layer.
    await page.waitForFunction(() =>
      (window as any).onemap.layers
        .get('shelters')
        .getSource()
        .getFeatures()
        .some((f: any) => f.get('name') === '繁體測試體育館避難場所'),
    );
    await page.screenshot({ path: `${SCREENSHOTS}/import-panel-written.png` });
    await page.close();
  });

  it.each([
    ['en', /file: is not a zip archive, as a \.xlsx file must be/, /[\u4e00-\u9fff]/],
    ['zh', /file: 不是 zip 压缩包,而 \.xlsx 文件必须是/, /is not a zip/],
  ])('refuses a file that is not a spreadsheet, said in the interface language (%s)', async (lang, said, not) => {
    const page = await openAsPlanner(`?tool=import&lang=${lang}`);
    const before = await featureCount();
    const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/import/shelters');
    // A picture saved with a spreadsheet's name.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    await page.locator('#import-file').setInputFiles({ name: 'shelters.xlsx', mimeType: 'image/png', buffer: png });
    expect((await response).status()).toBe(400);
    const status = page.locator('section[data-tool=import] .tool-status');
    await status.filter({ hasText: said }).waitFor();
    expect(await status.textContent()).not.toMatch(not);
    expect(await featureCount()).toBe(before);
    await page.screenshot({ path: `${SCREENSHOTS}/import-panel-refused-${lang}.png` });
    await page.close();
  });

  it('fits a phone and is worked by keyboard: every control labelled, in order', async () => {
    const page = await openAsPlanner('?tool=import', { width: 390, height: 844 });
    await page.locator('#import-layer').selectOption('shelters');
    const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/import/shelters');
    await page.locator('#import-file').setInputFiles(SHEET);
    await response;
    const panel = page.locator('section[data-tool=import]');
    await panel.locator('.import-mapping-table').waitFor();
    // Nothing in the panel is wider than the phone.
    const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every control has a name a screen reader says: its label, or its aria-label.
    const unnamed = await panel.locator('input, select, button').evaluateAll((controls) =>
      controls
        .filter((c) => {
          const labelled = (c as HTMLInputElement).labels?.length || c.getAttribute('aria-label');
          return !labelled && !(c.textContent ?? '').trim();
        })
        .map((c) => c.outerHTML),
    );
    expect(unnamed).toEqual([]);
    // Tab walks the form in reading order.
    await page.locator('#import-file').focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
    }
    expect(order).toEqual(['import-layer', 'import-crs', 'import-offset', 'import-skip', 'import-outside', '检查']);
    await page.screenshot({ path: `${SCREENSHOTS}/import-panel-phone.png`, fullPage: true });
    await page.close();
  });
});
