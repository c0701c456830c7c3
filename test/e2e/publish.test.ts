import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../catalog/roles.ts';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, SCREENSHOTS, servedClient, settle, waitForMap } from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';
import { writer } from '../support/write-client.ts';

// The review's colours (client/map/overlay.ts): changed features orange, removed ones red.
const ORANGE = '#f57c00';
const RED = '#d7191c';
const ZONE = '新县镇溪垄地质灾害易发区';

/** Where on the page each longitude/latitude is drawn now, keeping only those the map shows (no panel over them). */
async function visiblePixels(page: Page, lonLats: number[][]): Promise<number[][]> {
  return page.evaluate((places) => {
    const r = 6378137;
    const { map } = (window as any).onemap;
    const box = (document.getElementById('map') as HTMLElement).getBoundingClientRect();
    return places
      .map(([lon, lat]) => {
        const mercator = [(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
        const [x, y] = map.getPixelFromCoordinate(mercator);
        return [box.x + x, box.y + y];
      })
      .filter(([x, y]) => document.elementFromPoint(x, y)?.closest('#map') != null);
  }, lonLats);
}

describe.runIf(browserTestsCanRun())('publishing in a browser: review the drafts on the map, publish, withdraw', () => {
  const served = servedClient();
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    writer(served.origin)(method, path, body, headers);
  const published = async () => (await (await fetch(`${served.origin}/publications`)).json()).publications;
  /** A page signed in as `role`, as the sign-in form would have left the tab, showing only the township outlines. */
  const openAs = async (role: Role, query = '?tool=publish&l=admin_areas') => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS[role]);
    await page.goto(`${served.origin}/${query}`);
    await waitForMap(page);
    return page;
  };
  const panel = (page: Page) => page.locator('section[data-tool=publish]');
  const counts = (page: Page, layer: string) =>
    panel(page).locator(`.review-layer[data-layer=${layer}] .review-counts`).textContent();

  it('lets a publisher read the first draft as all added, refuses an empty title at its field, then publishes version 1', async () => {
    const draft = (await send('GET', '/publications/draft')).body;
    const page = await openAs('publisher');
    await panel(page).locator('.review-base').waitFor();
    expect(await panel(page).locator('.review-base').textContent()).toContain('尚未发布');
    for (const layer of ['risk_zones', 'shelters']) {
      const added = draft.layers[layer].added.length;
      expect(added).toBeGreaterThan(20);
      expect(await counts(page, layer)).toBe(`新增 ${added} · 删除 0 · 修改 0`);
    }
    expect(await panel(page).locator('.review-added .review-entry').count()).toBe(
      draft.layers.risk_zones.added.length + draft.layers.shelters.added.length,
    );
    expect(await page.locator('#publish-title').inputValue()).toBe('涵江区安全风险四色分布图');
    expect(await page.locator('#publish-date').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/publish-first-review.png` });

    await page.locator('#publish-title').fill('');
    await page.locator('.publish-form button[type=submit]').click();
    const titleError = panel(page).locator('.field-error[data-field=title]');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/\S/);
    expect(await published()).toEqual([]);

    await page.locator('#publish-title').fill('涵江区安全风险四色分布图(2026年版)');
    await page.locator('#publish-note').fill('区应急管理局审定');
    await page.locator('.publish-form button[type=submit]', { hasText: '发布为第1版' }).click();
    const done = panel(page).locator('.publish-done');
    await done.locator('strong', { hasText: '已发布第1版' }).waitFor();
    expect(await done.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '/public?v=1',
      '/publications/1/map.pdf',
      '/publications/1/map.png',
    ]);
    expect((await published()).map((p: { version: number }) => p.version)).toEqual([1]);
    // Read again after publishing: nothing left to publish, and the version listed.
    await panel(page).locator('.review-base', { hasText: '自第1版以来没有变化' }).waitFor();
    expect(await counts(page, 'shelters')).toBe('新增 0 · 删除 0 · 修改 0');
    expect(await page.locator('.publish-form button[type=submit]').isDisabled()).toBe(true);
    const version = panel(page).locator('.publication[data-version="1"]');
    expect(await version.textContent()).toContain('涵江区安全风险四色分布图(2026年版)');
    expect(await version.textContent()).toContain('publisher');
    await page.close();
  });

  it('shows a planner’s later edits as changed and removed, in the list and drawn on the map, and publishes version 2', async () => {
    const [zone] = (await send('GET', `/collections/risk_zones/items?name=${encodeURIComponent(ZONE)}`)).body.features;
    expect(zone.properties.level).toBe(3);
    const patched = await send(
      'PATCH',
      `/collections/risk_zones/items/${zone.id}`,
      { properties: { level: 4 } },
      {
        'content-type': 'application/merge-patch+json',
        'if-match': `"${zone.properties.revision}"`,
      },
    );
    expect(patched.status).toBe(200);
    const [shelter] = (await send('GET', '/collections/shelters/items?limit=1')).body.features;
    const removed = await send('DELETE', `/collections/shelters/items/${shelter.id}`, undefined, {
      'if-match': `"${shelter.properties.revision}"`,
    });
    expect(removed.status).toBe(204);

    const page = await openAs('publisher', '?l=admin_areas');
    await page.locator('.tool-tabs button[data-tool=publish]').click();
    await panel(page).locator('.review-base', { hasText: '与第1版相比' }).waitFor();
    expect(await counts(page, 'risk_zones')).toBe('新增 0 · 删除 0 · 修改 1');
    expect(await counts(page, 'shelters')).toBe('新增 0 · 删除 1 · 修改 0');
    const changed = panel(page).locator('.review-layer[data-layer=risk_zones] .review-changed .review-entry');
    expect(await changed.locator('button').textContent()).toBe(ZONE);
    expect(await changed.locator('.review-changes li').allTextContents()).toEqual([
      '风险等级: 一般风险(黄) → 低风险(蓝)',
    ]);

    // The changed zone, zoomed to from its entry: an orange outline where its corners are.
    await changed.locator('button').click();
    await settle(page);
    const corners = await visiblePixels(page, zone.geometry.coordinates[0]);
    expect(corners.length).toBeGreaterThan(5);
    const zonePng = await page.screenshot({ path: `${SCREENSHOTS}/publish-review-changed.png` });
    expect(await countColour(page, zonePng, ORANGE, corners, 3)).toBeGreaterThan(corners.length * 0.8);

    // The removed shelter, no longer a feature of its layer, drawn as a red ring where it stood.
    const gone = panel(page).locator('.review-layer[data-layer=shelters] .review-removed .review-entry button');
    expect(await gone.textContent()).toBe(shelter.properties.name);
    await gone.click();
    await settle(page);
    const place = await visiblePixels(page, [shelter.geometry.coordinates]);
    expect(place).toHaveLength(1);
    const shelterPng = await page.screenshot({ path: `${SCREENSHOTS}/publish-review-removed.png` });
    expect(await countColour(page, shelterPng, RED, place, 12)).toBe(1);

    // Closing the tool takes the review off the map.
    await page.locator('.tool-tabs button[data-tool=publish]').click();
    await settle(page);
    expect(await countColour(page, await page.screenshot(), RED, place, 12)).toBe(0);

    await page.locator('.tool-tabs button[data-tool=publish]').click();
    await page.locator('.publish-form button[type=submit]', { hasText: '发布为第2版' }).click();
    await panel(page).locator('.publish-done strong', { hasText: '已发布第2版' }).waitFor();
    expect((await published()).map((p: { version: number }) => p.version)).toEqual([2, 1]);
    await page.close();
  });

  it('withdraws version 2 with a reason, asked for before anything is sent', async () => {
    const page = await openAs('publisher');
    const version = panel(page).locator('.publication[data-version="2"]');
    await version.locator('button', { hasText: '撤回' }).click();
    await version.locator('.withdraw-form button[type=submit]').click();
    expect(await version.locator('.field-error[data-field=reason]').textContent()).toBe('请填写撤回原因');
    expect((await published())[0].withdrawn_at).toBeNull();

    const reason = '风险等级调整尚待专家复核';
    await version.locator('.withdraw-form input').fill(reason);
    await version.locator('.withdraw-form button[type=submit]').click();
    await panel(page).locator('.publication.withdrawn[data-version="2"]').waitFor();
    expect(await panel(page).locator('.publication[data-version="2"] .publication-withdrawn').textContent()).toContain(
      `已撤回: ${reason}`,
    );
    const [two, one] = await published();
    expect(two).toMatchObject({ version: 2, withdrawn_reason: reason, withdrawn_by: 'publisher' });
    expect(one.withdrawn_at).toBeNull();
    // Version 1 still stands, so it keeps its withdraw action; version 2 has none left.
    expect(await panel(page).locator('.publication[data-version="1"] button', { hasText: '撤回' }).count()).toBe(1);
    expect(await version.locator('button').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/publish-versions.png` });
    await page.close();
  });

  it('explains why nothing was published when a colleague published the same drafts first', async () => {
    const page = await openAs('publisher');
    // Version 2 is withdrawn, so the drafts differ from version 1 again.
    await panel(page).locator('.review-base', { hasText: '与第1版相比' }).waitFor();
    const meanwhile = await send(
      'POST',
      '/publications',
      { title: '同事先发布', map_date: '2026-11-20' },
      { ...as('publisher'), 'content-type': 'application/json' },
    );
    expect(meanwhile.status).toBe(201);
    await page.locator('.publish-form button[type=submit]').click();
    await panel(page).locator('.publish-form .form-message', { hasText: '自第3版以来没有变化' }).waitFor();
    expect((await published()).map((p: { version: number }) => p.version)).toEqual([3, 2, 1]);
    expect(await page.locator('.publish-form button[type=submit]').isDisabled()).toBe(true);
    await page.close();
  });

  it('shows a planner the review and the versions but no publish or withdraw action', async () => {
    const page = await openAs('planner');
    await panel(page).locator('.review-base').waitFor();
    await panel(page).locator('.publication[data-version="1"]').waitFor();
    expect(await panel(page).locator('.review-layer').count()).toBe(2);
    expect(await panel(page).locator('.publish-form').count()).toBe(0);
    expect(await panel(page).locator('.publication button').count()).toBe(0);
    await page.close();
  });

  it('offers the tool to nobody below a planner', async () => {
    const page = await openAs('responder');
    expect(await page.locator('.tool-tabs button[data-tool=scorecard]').count()).toBe(1);
    expect(await page.locator('.tool-tabs button[data-tool=publish]').count()).toBe(0);
    expect(await page.locator('section[data-tool=publish]').count()).toBe(0);
    await page.close();
  });
});
