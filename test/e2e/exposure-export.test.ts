/**
 * Two capabilities the API had and the web map did not show: the exposure of people and facilities to
 * each risk level, and the export of a layer as a file. The figures on screen are the API's own answer;
 * the file saved from the browser is read back by GDAL, which must find every feature the API lists.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toLonLat } from 'ol/proj.js';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, SCREENSHOTS, servedClient, settle, waitForMap } from '../support/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'onemap-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(browserTestsCanRun())('exposure and exports in the web map', () => {
  const served = servedClient();

  it('lists what lies in each risk level and the facilities to move, each brought into view on a click', async () => {
    const answer = await (await fetch(`${served.origin}/analysis/exposure`)).json();
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(`${served.origin}/?tool=exposure`);
    await waitForMap(page);
    const panel = page.locator('section[data-tool=exposure]');
    await panel.locator('table.exposure-levels tr').nth(4).waitFor();
    const rows = await panel
      .locator('table.exposure-levels tr')
      .evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['1 重大风险', '2 较大风险', '3 一般风险', '4 低风险']);
    expect(rows.map((r) => Number(r[1].replaceAll(',', '')))).toEqual(answer.levels.map((l: any) => l.residents));
    expect(rows.map((r) => Number(r[2]))).toEqual(answer.levels.map((l: any) => l.shelters));

    const exposed = [...answer.exposedShelters, ...answer.exposedTargets];
    expect(exposed.length).toBeGreaterThan(0);
    const items = panel.locator('ul.exposure-list').first().locator('li');
    expect(await items.count()).toBe(exposed.length);
    await items.first().locator('button.link').click();
    await settle(page);
    const centre = await page.evaluate(() => (window as any).onemap.map.getView().getCenter());
    const [lon, lat] = toLonLat(centre);
    const [x, y] = exposed[0].feature.geometry.coordinates as number[];
    expect(Math.hypot(lon - x, lat - y)).toBeLessThan(0.01);
    await page.screenshot({ path: `${SCREENSHOTS}/exposure.png` });
    await page.close();
  });

  it('saves a layer as KML and CSV for anyone, every built feature in the file', async () => {
    const built = (
      await (await fetch(`${served.origin}/collections/shelters/items?limit=1000`)).json()
    ).features.filter((f: any) => f.properties.status !== 'planned');
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await page.goto(`${served.origin}/?tool=import`);
    await waitForMap(page);
    const section = page.locator('section.export-layers');
    await section.locator('#export-layer').selectOption('shelters');
    for (const format of ['kml', 'csv']) {
      const saving = page.waitForEvent('download');
      await section.locator(`button[data-format=${format}]`).click();
      const download = await saving;
      expect(download.suggestedFilename()).toMatch(new RegExp(`^应急避难场所-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
      const path = join(dir, `shelters.${format}`);
      await download.saveAs(path);
      if (format === 'kml') {
        const info = execFileSync('ogrinfo', ['-ro', '-al', '-so', path], { encoding: 'utf8' });
        expect(Number(/Feature Count: (\d+)/.exec(info)?.[1])).toBe(built.length);
      } else {
        const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
        expect(lines.length - 1).toBe(built.length);
      }
    }
    expect(await section.locator('.export-status').textContent()).toContain('已下载');
    await page.screenshot({ path: `${SCREENSHOTS}/export.png` });
    await page.close();
  });
});
