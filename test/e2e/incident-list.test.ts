import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  overlayFeatures,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';

/**
 * The incident tool as the responder's list, in a browser: the answers fit the view with the incident
 * in it, a picked result is ringed without leaving the incident, contacts are `tel:` links, villages
 * and protected targets are named with their people, the form shows the chosen need's fields, and the
 * incident's report downloads as a PDF that poppler reads back. What the page must show is read from
 * the API's own answers.
 */

const OUT = 'test-output/incident-list';
mkdirSync(OUT, { recursive: true });
const run = async (command: string, args: string[]) =>
  (await promisify(execFile)(command, args, { encoding: 'utf8' })).stdout;

/** Where the incident is reported: the plain west of the seat, clear of the panels. */
const PLACE = [119.03, 25.5];
const VIEW = 'c=119.08000,25.50000&z=11&l=admin_areas,shelters,hazards,depots';
const TITLE = '梧塘镇仓库火灾';

/** Whether a page point lies where the responder sees it: on the map, between the tool panel and the layer list. */
async function onMap(page: Page, lonLat: number[]): Promise<boolean> {
  const [x, y] = await pagePixel(page, lonLat);
  const map = await page.locator('#map').boundingBox();
  const tools = await page.locator('#tools').boundingBox();
  const layers = await page.locator('#layers').boundingBox();
  if (!map || !tools || !layers) return false;
  return x > tools.x + tools.width && x < layers.x && y > map.y && y < map.y + map.height;
}

describe.runIf(browserTestsCanRun())('the incident tool as the responder’s list, in a browser', () => {
  const served = servedClient();
  const api = async (path: string, body?: unknown) =>
    (
      await fetch(served.origin + path, {
        method: body ? 'POST' : 'GET',
        headers: { ...as('responder'), 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      })
    ).json() as Promise<any>;
  const open = async (query: string) => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(`${served.origin}/?${query}`);
    await waitForMap(page);
    return page;
  };

  it('lists what is around with contacts, keeps the incident in view, and prints its report', {
    timeout: 300_000,
  }, async () => {
    const page = await open(`tool=incident&${VIEW}`);
    const tool = page.locator('section[data-tool=incident]');

    // The form shows the fields of the need chosen, and only those.
    const visible = (id: string) => page.locator(`#${id}`).isVisible();
    await page.locator('#incident-layer').selectOption('teams');
    expect([
      await visible('incident-specialty'),
      await visible('incident-item'),
      await visible('incident-free'),
    ]).toEqual([true, false, false]);
    await page.locator('#incident-layer').selectOption('shelters');
    expect([
      await visible('incident-specialty'),
      await visible('incident-item'),
      await visible('incident-free'),
    ]).toEqual([false, false, true]);
    await page.locator('#incident-layer').selectOption('depots');
    expect([
      await visible('incident-specialty'),
      await visible('incident-item'),
      await visible('incident-quantity'),
    ]).toEqual([false, true, true]);
    await page.locator('#incident-item').fill('帐篷');
    await page.locator('#incident-quantity').fill('500');

    // A click reports the place; the answers come back and the view fits them, the incident in it.
    await page.mouse.click(...(await pagePixel(page, PLACE)));
    await tool.locator('.nearest .result-row').first().waitFor();
    await tool.locator('.around-villages').waitFor();
    await settle(page);
    const at = [
      Number(await page.locator('#incident-lon').inputValue()),
      Number(await page.locator('#incident-lat').inputValue()),
    ];
    expect(at[0]).toBeCloseTo(PLACE[0], 2);
    expect(at[1]).toBeCloseTo(PLACE[1], 2);
    // The tool ranks by road unless told otherwise.
    const nearest = await api('/analysis/nearest', {
      from: at,
      layer: 'depots',
      k: 5,
      by: 'road',
      items: [{ item: '帐篷', quantity: 500 }],
    });
    const around = await api('/analysis/around', { at, radius_km: 3 });
    const zoom = await page.evaluate(() => (window as any).onemap.map.getView().getZoom());
    expect(zoom).toBeLessThan(15);
    expect(await onMap(page, at), 'the incident').toBe(true);
    for (const r of [...nearest.results, ...(nearest.partial ?? [])])
      expect(await onMap(page, r.feature.geometry.coordinates), r.name).toBe(true);
    // The radius ring's edge, 3 km north, south, east and west, is in view too.
    const dLat = 3 / 111.2;
    const dLon = dLat / Math.cos((at[1] * Math.PI) / 180);
    for (const edge of [
      [at[0], at[1] + dLat],
      [at[0], at[1] - dLat],
      [at[0] + dLon, at[1]],
      [at[0] - dLon, at[1]],
    ])
      expect(await onMap(page, edge), `ring edge ${edge}`).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/incident-list.png` });

    // Whom to call, inline: each depot's manager and a tel: link to its phone, as the store holds them.
    const rows = tool.locator('.nearest .result-row');
    expect(await rows.count()).toBe(nearest.results.length + (nearest.partial?.length ?? 0));
    const first = nearest.results[0].feature.properties;
    expect(first.phone).toMatch(/\d{5,}/);
    await expect(
      rows
        .first()
        .locator(`a[href="tel:${first.phone.replace(/[\s-]/g, '')}"]`)
        .textContent(),
    ).resolves.toBe(first.phone);
    expect(await rows.first().textContent()).toContain(first.manager);

    // The villages within reach by name with their residents, the protected targets with their people.
    const villages = tool.locator('.around-villages');
    const villageItems = around.groups.protected.population.items;
    expect(villageItems.length).toBeGreaterThan(0);
    for (const v of villageItems.slice(0, 5)) {
      expect(await villages.textContent()).toContain(`${v.feature.properties.name} · `);
      expect(await villages.textContent()).toContain(`${v.feature.properties.residents} 人`);
    }
    expect(await villages.locator('summary').textContent()).toContain(around.residents.toLocaleString());
    const targets = around.groups.protected.protected_targets;
    if (targets.count > 0) {
      const target = targets.items[0].feature.properties;
      const protectedList = tool.locator('.around-protected');
      expect(await protectedList.textContent()).toContain(`${target.name} · `);
      expect(await protectedList.textContent()).toContain(`${target.people} 人`);
    }

    // A pick rings the result; no popup covers the list, and the incident stays in view.
    const picked = nearest.results.at(-1);
    await rows
      .nth(nearest.results.length - 1)
      .locator('button.result')
      .click();
    await settle(page);
    expect(await rows.nth(nearest.results.length - 1).getAttribute('class')).toContain('picked');
    expect(await page.locator('#popup').isHidden()).toBe(true);
    expect(await onMap(page, at), 'the incident after a pick').toBe(true);
    expect(await onMap(page, picked.feature.geometry.coordinates), 'the picked depot').toBe(true);
    const ringed = (await overlayFeatures(page)).filter((f) => f.role === 'highlight').map((f) => f.id);
    expect(ringed).toEqual([picked.id]);
    await page.screenshot({ path: `${SCREENSHOTS}/incident-list-picked.png` });

    // Kept as an incident, which opens by its link and prints its report.
    await tool.locator('.record-actions button', { hasText: '保存为事件' }).click();
    await page.locator('#new-incident-title').fill(TITLE);
    await page.locator('#new-incident-kind').selectOption('fire');
    await page.locator('#new-incident-reporter').fill('110 转警');
    await page.locator('#new-incident-text').fill('仓库起火');
    await tool.locator('.incident-form button[type=submit]').click();
    await tool.locator('.record-actions .tool-status', { hasText: TITLE }).waitFor();
    const incident = (await api('/incidents?status=open')).incidents.find((i: any) => i.title === TITLE);

    // Water-rescue teams for the same place, attached to the incident just recorded.
    await page.locator('#incident-layer').selectOption('teams');
    await page.locator('#incident-specialty').selectOption('water_rescue');
    await tool.locator('button.primary', { hasText: '分析' }).click();
    await tool.locator('.nearest h3', { hasText: '应急救援队伍' }).waitFor();
    const teams = await api('/analysis/nearest', { from: at, layer: 'teams', k: 5, specialties: ['water_rescue'] });
    expect(teams.results.length).toBeGreaterThan(0);
    await page.locator('#incident-attach-to option', { hasText: TITLE }).waitFor({ state: 'attached' });
    await page.locator('#incident-attach-to').selectOption(incident.id);
    await tool.locator('.record-actions .tool-status').evaluate((note) => {
      note.textContent = '';
    });
    await tool.locator('.record-actions button', { hasText: '附加到事件' }).click();
    await tool.locator('.record-actions .tool-status', { hasText: TITLE }).waitFor();
    await page.close();

    // From its link: one of those teams sent, the final report written.
    const record = await open(`incident=${incident.id}`);
    const situation = record.locator('section[data-tool=situation]');
    await situation.locator('.incident-record h3', { hasText: TITLE }).waitFor();
    const team = teams.results[0];
    const write = async (stage: string, text: string, extra: () => Promise<unknown> = async () => undefined) => {
      const count = await situation.locator('.timeline .entry').count();
      await situation.locator('.entry-form select[id^=entry-stage]').selectOption(stage);
      await extra();
      await situation.locator('.entry-form textarea').fill(text);
      await situation.locator('.entry-form button[type=submit]').click();
      await situation.locator('.timeline .entry').nth(count).waitFor();
    };
    await write('dispatch', '调派水域救援队伍', () =>
      situation.locator('.entry-form select[id^=entry-dispatch]').selectOption(team.id),
    );
    await write('final_report', '处置完毕,无人员伤亡', () =>
      situation.locator('.entry-form select[id^=entry-report]').selectOption('written'),
    );
    await situation.locator('.incident-record h3', { hasText: '已结束' }).waitFor();
    await record.screenshot({ path: `${SCREENSHOTS}/incident-report-button.png` });
    const [download] = await Promise.all([
      record.waitForEvent('download'),
      situation.locator('button.report-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${TITLE}-周边分析报告.pdf`);
    const pdf = join(OUT, 'report.pdf');
    await download.saveAs(pdf);
    await run('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, join(OUT, 'report')]);
    const text = await run('pdftotext', [pdf, '-']);
    expect(text).toContain(`${TITLE} 周边分析报告`);
    expect(text).toContain(first.phone);
    expect(text).toContain(nearest.results[0].name);
    expect(text).toContain(villageItems[0].feature.properties.name);
    expect(text).toContain('仓库起火');
    expect(text).toContain(`调派 应急救援队伍 ${team.name}`);
    expect(text).toContain('处置完毕,无人员伤亡');
    expect(text).toContain('需求:帐篷 ≥ 500');
    expect(text).toContain(team.feature.properties.phone);

    // The printable page opens in a tab of its own: the same report, the phone a link to dial.
    const [printable] = await Promise.all([
      record.context().waitForEvent('page'),
      situation.locator('button.report-print').click(),
    ]);
    await printable.locator('h1', { hasText: `${TITLE} 周边分析报告` }).waitFor();
    expect(await printable.locator(`a[href="tel:${first.phone.replace(/[\s-]/g, '')}"]`).count()).toBeGreaterThan(0);
    expect(await printable.locator('table').count()).toBeGreaterThanOrEqual(5);
    await printable.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await printable.screenshot({ path: `${SCREENSHOTS}/incident-report-page.png`, fullPage: true });
    await printable.close();
    await record.close();
  });
});
