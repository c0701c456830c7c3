/**
 * An accessibility scan (axe-core, the engine behind most audits) of the pages people open: the web
 * map as the public and as a planner with a tool open, and the public map, in Chinese and English, on
 * a desktop and a phone; with the list of the features in view open, and with a feature opened from
 * the keyboard. No serious or critical violation may remain; what axe finds is printed with
 * the elements it names, so a failure says where to look.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, servedClient, settle, waitForMap } from '../support/browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

async function scan(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations: Violation[] = await page.evaluate(
    async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Tab to the map, N to the first feature in view, Enter to open it: as a keyboard user does. */
async function openByKeyboard(page: Page, opened: string): Promise<void> {
  for (let presses = 0; presses < 60 && !(await page.evaluate(() => document.activeElement?.id === 'map')); presses++)
    await page.keyboard.press('Tab');
  // The layers may still be arriving after the map's first reading: N until a feature is announced.
  const announced = () => page.evaluate(() => document.getElementById('map-announce')?.textContent ?? '');
  const featureAnnounced = (text: string) => /(\d+ of \d+|第 \d+ 个)/.test(text);
  await expect
    .poll(
      async () => {
        await page.keyboard.press('n');
        return featureAnnounced(await announced());
      },
      { interval: 250, timeout: 15_000 },
    )
    .toBe(true);
  await page.keyboard.press('Enter');
  await page.locator(opened).waitFor();
}

const openList = async (page: Page) => {
  await page.locator('#open-list').click();
  await page.locator('#sheet .feature-row').first().waitFor();
};
const listShown = (page: Page) => page.locator('#tools .feature-row').first().waitFor();

describe.runIf(browserTestsCanRun())('an accessibility scan of every page people open', () => {
  const served = servedClient();
  let publication: Promise<Response> | undefined;
  const published = () => {
    publication ??= fetch(`${served.origin}/publications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('publisher') },
      body: JSON.stringify({ title: '涵江区安全风险四色分布图', map_date: '2026-11-20' }),
    });
    return publication;
  };

  it.each([
    ['the web map, anonymous, zh', '/', DESKTOP, undefined],
    ['the web map, anonymous, en', '/?lang=en', DESKTOP, undefined],
    ['the web map, a planner with the coverage tool open', '/?tool=coverage', DESKTOP, 'planner'],
    ['the web map, a planner on a phone with the scorecard open', '/?tool=scorecard', PHONE, 'planner'],
    ['the web map, a planner on a phone with the siting tool open, en', '/?tool=siting&lang=en', PHONE, 'planner'],
    ['the public map on a phone, zh', '/public', PHONE, undefined],
    ['the public map, en', '/public?lang=en', DESKTOP, undefined],
    ['the web map with the list of features in view, zh', '/?tool=list', DESKTOP, undefined, listShown],
    ['the web map with the list on a phone, en', '/?tool=list&lang=en', PHONE, undefined, listShown],
    [
      'the web map with a popup opened by keyboard',
      '/',
      DESKTOP,
      'planner',
      (page: Page) => openByKeyboard(page, '#popup:not([hidden]) h3'),
    ],
    ['the public map with the list open on a phone', '/public', PHONE, undefined, openList],
    [
      'the public map with a card opened by keyboard, en',
      '/public?lang=en',
      DESKTOP,
      undefined,
      (page: Page) => openByKeyboard(page, '#sheet:not([hidden])'),
    ],
  ] as const)(
    '%s has no serious or critical violation',
    async (_name, path, viewport, role, prepare?: (page: Page) => Promise<void>) => {
      // The public map's list and cards need a published map; the rows before scan it with none.
      if (prepare && path.startsWith('/public')) await published();
      const page = await served.browser.newPage({ viewport });
      if (role) await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS[role]);
      await page.goto(served.origin + path);
      await waitForMap(page);
      await settle(page);
      await prepare?.(page);
      expect(await scan(page)).toEqual([]);
      await page.close();
    },
  );
});
