import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  numbersIn,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';
import { writer } from '../support/write-client.ts';

/** An incident at 梧塘镇白港村, the most populous village out of reach of every shelter. */
const INCIDENT = [119.0703, 25.5253];
/** A second shelter at 江口镇林埔村, and a camera in the forest of 萩芦镇 that no camera sees. */
const SECOND = [119.1885, 25.5494];
const FOREST = [119.0945, 25.5851];
const TITLE = '白港林埔补点方案';

describe.runIf(browserTestsCanRun())('scenarios in a browser: save, reopen, compare with now, promote', () => {
  const served = servedClient();
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    writer(served.origin)(method, path, body, headers);
  /** The responder's question, asked as the incident panel asks it. */
  const nearestShelter = async () =>
    (
      await send(
        'POST',
        '/analysis/nearest',
        { from: INCIDENT, layer: 'shelters', k: 1 },
        {
          ...as('responder'),
          'content-type': 'application/json',
        },
      )
    ).body.results[0];
  const shelterCount = async () => (await send('GET', '/collections/shelters')).body.featureCount;
  const saved = async () => {
    const list = (await send('GET', '/scenarios')).body.scenarios;
    const summary = list.find((s: any) => s.title === TITLE);
    return summary && (await send('GET', `/scenarios/${summary.id}`)).body;
  };

  const tool = (page: Page) => page.locator('section[data-tool=scorecard]');
  const figures = (page: Page, indicator: string) =>
    tool(page).locator(`.score[data-indicator=${indicator}] .score-figures`).textContent();
  /** Clicks a proposal on the map and waits for the form to show it. */
  const edit = async (page: Page, at: number[], name: string) => {
    await page.mouse.click(...(await pagePixel(page, at)));
    await page.waitForFunction(
      (expected) =>
        (
          document.querySelector(
            '[data-tool=scorecard] .proposal-form:not([hidden]) input[name=name]',
          ) as HTMLInputElement
        )?.value === expected,
      name,
    );
  };
  /** Waits until an indicator's figures read otherwise than `before`. */
  const changedFrom = (page: Page, indicator: string, before: string | null) =>
    page.waitForFunction(
      ([id, text]) => {
        const now = document.querySelector(`[data-tool=scorecard] .score[data-indicator=${id}] .score-figures`);
        return now && now.textContent !== text;
      },
      [indicator, before],
    );

  // A dozen scorecards computed in turn (each what-if, the comparison): minutes on a loaded two-core machine.
  it('builds, saves, reopens, compares and promotes a scenario; the responder’s nearest shelter moves only at promotion', {
    timeout: 300_000,
  }, async () => {
    const nearest = await nearestShelter();
    const shelters = await shelterCount();
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Waits on the scorecard's own answers, each seconds of server work.
    page.setDefaultTimeout(120_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    const view = `${served.origin}/?tool=scorecard&c=119.13000,25.55500&z=12&l=admin_areas,shelters,cameras,forest_areas`;
    await page.goto(view);
    await waitForMap(page);
    await tool(page).locator('.score[data-indicator=shelter_reach]').waitFor();

    // Two shelters and a camera, dropped on the map: measured, not stored.
    await page.locator('#scorecard-propose').selectOption('shelters');
    await tool(page).locator('.whatif button', { hasText: '拟建' }).first().click();
    // Each drop waits for the last to land: two clicks within a quarter second would be a double click.
    const dropAt = async (at: number[], count: number) => {
      await page.mouse.click(...(await pagePixel(page, at)));
      await tool(page).locator(`.whatif[data-count="${count}"]`).waitFor();
    };
    await dropAt(INCIDENT, 1);
    await dropAt(SECOND, 2);
    await page.locator('#scorecard-propose').selectOption('cameras');
    await dropAt(FOREST, 3);
    await tool(page).locator('.tool-status', { hasText: '含 3 处拟建' }).waitFor();
    await tool(page).locator('.score[data-indicator=forest_video_coverage] .score-delta').waitFor();
    await tool(page).locator('.whatif button', { hasText: '拟建' }).first().click();

    // Their parameters refined in the form: the first shelter's capacity, the camera's range.
    await edit(page, INCIDENT, '拟建避难场所1');
    await page.locator('#scorecard-proposal-capacity').fill('1200');
    await tool(page).locator('.proposal-form button[type=submit]').click();
    await edit(page, FOREST, '拟建视频监控点1');
    const video = await figures(page, 'forest_video_coverage');
    await page.locator('#scorecard-proposal-range_m').fill('6500');
    await tool(page).locator('.proposal-form button[type=submit]').click();
    await changedFrom(page, 'forest_video_coverage', video);
    const [, wider] = numbersIn(await figures(page, 'forest_video_coverage'));
    expect(wider).toBeGreaterThan(numbersIn(video)[1]);
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/scenario-edit.png` });

    // Saved as a scenario: nothing written to a layer, the responder told the same as before.
    await page.locator('#scorecard-scenario-title').fill(TITLE);
    await page.locator('#scorecard-scenario-note').fill('白港村、林埔村补建避难场所,萩芦林区补建监控');
    await tool(page).locator('button.scenario-save').click();
    await tool(page).locator('.scenario-message.ok', { hasText: '已保存方案' }).waitFor();
    const stored = await saved();
    expect(stored.revision).toBe(1);
    expect(stored.proposals.shelters.features.map((f: any) => f.properties.capacity)).toEqual([1200, 2500]);
    expect(stored.proposals.cameras.features[0].properties.range_m).toBe(6500);
    expect(await shelterCount()).toBe(shelters);
    expect((await nearestShelter()).id).toBe(nearest.id);

    // Another day: the page opened afresh, the scenario reopened from the picker, its proposals on the map.
    await page.reload();
    await waitForMap(page);
    await tool(page).locator('.score[data-indicator=shelter_reach]').waitFor();
    await page.locator('#scorecard-scenario').selectOption(stored.id);
    await tool(page).locator('.scenario-message.ok', { hasText: TITLE }).waitFor();
    await tool(page).locator('.tool-status', { hasText: '含 3 处拟建' }).waitFor();
    expect(await page.locator('#scorecard-scenario-title').inputValue()).toBe(TITLE);
    await edit(page, INCIDENT, '拟建避难场所1');
    expect(await page.locator('#scorecard-proposal-capacity').inputValue()).toBe('1200');

    // Compared with now, indicator by indicator.
    await tool(page).locator('.scenario-compare summary').click();
    const choice = tool(page).locator('.compare-choices label', { hasText: TITLE }).locator('input');
    expect(await choice.isChecked()).toBe(true);
    await tool(page).locator('.scenario-compare button', { hasText: '与现状对比' }).click();
    const row = (id: string) => tool(page).locator(`.compare-table tr[data-indicator=${id}] td`);
    await row('forest_video_coverage').first().waitFor();
    expect(await tool(page).locator('.compare-table th').allTextContents()).toEqual(['指标', '现状', TITLE]);
    for (const id of ['forest_video_coverage', 'shelter_reach']) {
      const [now, later] = [
        numbersIn(await row(id).nth(1).textContent())[0],
        numbersIn(await row(id).nth(2).textContent())[0],
      ];
      expect(later, id).toBeGreaterThan(now);
      expect(await row(id).nth(2).getAttribute('class')).toContain('changed');
    }
    await tool(page).locator('.scenario-compare').scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/scenario-compare.png` });
    expect((await nearestShelter()).id).toBe(nearest.id);

    // A colleague saves first: the planner's save is refused and told why, and nothing is overwritten.
    const colleague = await send(
      'PUT',
      `/scenarios/${stored.id}`,
      { ...stored, note: '同事补充说明' },
      {
        'content-type': 'application/json',
        'if-match': '"1"',
      },
    );
    expect(colleague.status).toBe(200);
    await edit(page, SECOND, '拟建避难场所2');
    await page.locator('#scorecard-proposal-capacity').fill('1800');
    await tool(page).locator('.proposal-form button[type=submit]').click();
    await tool(page).locator('button.scenario-save:not([disabled])').click();
    await tool(page).locator('.scenario-message', { hasText: '已被 planner 修改' }).waitFor();
    expect((await saved()).note).toBe('同事补充说明');
    // The planner opens it again and promotes the shelter at the incident, once confirmed.
    await page.locator('#scorecard-scenario').selectOption('');
    await page.locator('#scorecard-scenario').selectOption(stored.id);
    await tool(page).locator('.scenario-message.ok', { hasText: '第2版' }).waitFor();
    await edit(page, INCIDENT, '拟建避难场所1');
    await tool(page).locator('.proposal-form button.promote').click();
    await tool(page).locator('.promote-confirm:not([hidden])', { hasText: '拟建避难场所1' }).waitFor();
    expect(await shelterCount()).toBe(shelters);
    await tool(page).locator('.promote-confirm button', { hasText: '确认建成' }).click();
    await tool(page).locator('.scenario-message.ok', { hasText: '已转为已建设施' }).waitFor();

    const after = await saved();
    const promoted = stored.proposals.shelters.features[0].id;
    expect(after.promoted.map((p: any) => [p.feature_id, p.status])).toEqual([[promoted, 'open']]);
    expect(after.proposals.shelters.features).toHaveLength(1);
    expect(await shelterCount()).toBe(shelters + 1);
    const now = await nearestShelter();
    expect(now.id).toBe(promoted);
    expect(now.feature.properties).toMatchObject({
      name: '拟建避难场所1',
      status: 'open',
      capacity: 1200,
      free_places: 1200,
    });
    await tool(page).locator('.tool-status', { hasText: '含 2 处拟建' }).waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/scenario-promoted.png` });
    await page.close();
  });

  it('hides scenarios from the public, who keep the plain what-if', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.origin}/?tool=scorecard&l=admin_areas`);
    await waitForMap(page);
    await tool(page).locator('.score[data-indicator=shelter_reach]').waitFor();
    expect(await tool(page).locator('.whatif button', { hasText: '拟建(点击地图)' }).isVisible()).toBe(true);
    expect(await tool(page).locator('.scenario-bar').count()).toBe(0);
    expect(await tool(page).locator('.scenario-compare').isVisible()).toBe(false);
    await page.close();
  });
});
