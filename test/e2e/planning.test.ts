import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import {
  browserUnavailable,
  launchBrowser,
  SCREENSHOTS,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { staff } from '../support/http.ts';

const unavailable = browserUnavailable();
if (unavailable) {
  if (process.env.CI === 'true') throw new Error(`${unavailable}: in CI the browser tests must run.`);
  console.warn(`\n!!!!! Browser tests cannot run: ${unavailable} !!!!!\n`);
}

const clientDir = 'dist/client/';
/** The planner's token, as the sign-in form would have stored it for the tab. */
const plannerToken = staff.authorization.replace(/^Bearer /, '');

/** Waits until the view has stopped moving and the map has drawn what it now shows. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !(window as any).onemap.map.getView().getAnimating());
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).onemap;
        map.once('rendercomplete', () => resolve());
        map.render();
      }),
  );
}

/** Where on the page a longitude/latitude is drawn now. */
async function pagePixel(page: Page, lonLat: number[]): Promise<[number, number]> {
  const box = await page.locator('#map').boundingBox();
  const [x, y] = await page.evaluate(([lon, lat]) => {
    const r = 6378137;
    const mercator = [(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
    return (window as any).onemap.map.getPixelFromCoordinate(mercator);
  }, lonLat);
  return [(box?.x ?? 0) + x, (box?.y ?? 0) + y];
}

/** The numbers of an indicator's figures line: "93.2% → 94.1% / 目标 ≥95%" gives [93.2, 94.1, 95]. */
const numbersIn = (text: string | null) =>
  [...(text ?? '').matchAll(/-?[\d,]+(?:\.\d+)?/g)].map((m) => Number(m[0].replaceAll(',', '')));

describe.runIf(!unavailable)('planning in a browser: what-if on the scorecard', () => {
  let store: Store;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let origin: string;
  let browser: Browser;
  const count = async (layer: string) => (await (await fetch(`${origin}/collections/${layer}`)).json()).featureCount;
  const signedIn = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), plannerToken);
    return page;
  };

  beforeAll(async () => {
    if (!existsSync(`${clientDir}index.html`)) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn']);
    store = await backends()[0].open();
    server = createApp({ store, config: { corsOrigins: '*', clientDir } }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
  });

  it('shows every indicator before → after a proposed shelter, and stores nothing until asked', async () => {
    // The most populous village out of reach of every open shelter.
    const coverage = await (await fetch(`${origin}/analysis/coverage/shelters`)).json();
    const [gap] = coverage.uncovered.features.sort((a: any, b: any) => b.properties.residents - a.properties.residents);
    const [lon, lat] = gap.geometry.coordinates;
    const page = await signedIn();
    const outside = await watchOutsideRequests(page, origin);
    await page.goto(`${origin}/?tool=scorecard&c=${lon.toFixed(5)},${lat.toFixed(5)}&z=13&l=admin_areas,shelters`);
    await waitForMap(page);
    const reach = page.locator('.score[data-indicator=shelter_reach]');
    await reach.waitFor();
    const [stored] = numbersIn(await reach.locator('.score-figures').textContent());
    const shelters = await count('shelters');

    await page.locator('#scorecard-propose').selectOption('shelters');
    await page.locator('[data-tool=scorecard] .whatif button', { hasText: '拟建' }).first().click();
    await page.mouse.click(...(await pagePixel(page, [lon, lat])));
    await reach.locator('.score-delta').waitFor();
    const [was, now] = numbersIn(await reach.locator('.score-figures').textContent());
    expect(was).toBe(stored);
    expect(now).toBeGreaterThan(stored);
    expect(await reach.locator('.score-delta').textContent()).toMatch(/变化 \+[\d.]+%/);
    expect(await page.locator('[data-tool=scorecard] .tool-status').textContent()).toContain('1 处拟建,尚未保存');
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOTS}/tool-scorecard-whatif.png` });
    expect(await count('shelters')).toBe(shelters);

    await page.locator('[data-tool=scorecard] .whatif button', { hasText: '保存为规划' }).click();
    await page.locator('[data-tool=scorecard] .whatif-message', { hasText: '已保存' }).waitFor();
    expect(await count('shelters')).toBe(shelters + 1);
    // Stored now: the scorecard reads it as any shelter, with nothing left to compare.
    await page.waitForFunction(() => !document.querySelector('.score[data-indicator=shelter_reach] .score-delta'));
    await reach.locator('.score-figures', { hasNotText: '→' }).waitFor();
    expect(numbersIn(await reach.locator('.score-figures').textContent())[0]).toBe(now);
    expect(outside).toEqual([]);
    await page.close();
  });
});
