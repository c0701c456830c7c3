/**
 * An accessibility scan (axe-core, the engine behind most audits) of the pages people open: the web
 * map as the public and as a planner with a tool open, and the public map, in Chinese and English, on
 * a desktop and a phone. No serious or critical violation may remain; what axe finds is printed with
 * the elements it names, so a failure says where to look.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
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

describe.runIf(browserTestsCanRun())('an accessibility scan of every page people open', () => {
  const served = servedClient();

  it.each([
    ['the web map, anonymous, zh', '/', DESKTOP, undefined],
    ['the web map, anonymous, en', '/?lang=en', DESKTOP, undefined],
    ['the web map, a planner with the coverage tool open', '/?tool=coverage', DESKTOP, 'planner'],
    ['the web map, a planner on a phone with the scorecard open', '/?tool=scorecard', PHONE, 'planner'],
    ['the web map, a planner on a phone with the siting tool open, en', '/?tool=siting&lang=en', PHONE, 'planner'],
    ['the public map on a phone, zh', '/public', PHONE, undefined],
    ['the public map, en', '/public?lang=en', DESKTOP, undefined],
  ] as const)('%s has no serious or critical violation', async (_name, path, viewport, role) => {
    const page = await served.browser.newPage({ viewport });
    if (role) await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS[role]);
    await page.goto(served.origin + path);
    await waitForMap(page);
    await settle(page);
    expect(await scan(page)).toEqual([]);
    await page.close();
  });
});
