import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticShelters } from '../../scripts/bench/synthetic.ts';
import { createApp } from '../../server/app.ts';
import { findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import {
  browserUnavailable,
  launchBrowser,
  SCREENSHOTS,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

const unavailable = browserUnavailable();
if (unavailable) {
  if (process.env.CI === 'true') throw new Error(`${unavailable}: in CI the browser tests must run.`);
  console.warn(`\n!!!!! Browser tests cannot run: ${unavailable} !!!!!\n`);
}

const clientDir = 'dist/client/';
const SHELTER_GREEN = '#1a9850';
const SYNTHETIC = 20_000;
/** Every 100th synthetic shelter is looked for on the screen. */
const SAMPLE_EVERY = 100;
/**
 * How near a sampled centre a pixel of the layer's green must be: points overlap at the district's
 * zoom, and a neighbour drawn on top covers the centre with its white ring or hollow white fill.
 */
const NEAR_PX = 3;

/** Waits for the map to draw what it has now, by its own signal. */
function rendered(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).onemap;
        map.once('rendercomplete', () => resolve());
        map.render();
      }),
  );
}

/** Where the sampled open shelters are on the page, in screenshot pixels. */
async function sampledPixels(page: Page, ids: string[]): Promise<number[][]> {
  const box = await page.locator('#map').boundingBox();
  const pixels: number[][] = await page.evaluate((ids) => {
    const { map, layers } = (window as any).onemap;
    const source = layers.get('shelters').getSource();
    return ids.map((id) => map.getPixelFromCoordinate(source.getFeatureById(id).getGeometry().getCoordinates()));
  }, ids);
  return pixels.map(([x, y]) => [x + (box?.x ?? 0), y + (box?.y ?? 0)]);
}

describe.runIf(!unavailable)(`a layer of ${SYNTHETIC.toLocaleString('en-US')} points in a browser`, () => {
  let store: Store;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let origin: string;
  let browser: Browser;
  const synthetic = syntheticShelters(SYNTHETIC);
  // Closed shelters are drawn hollow, white inside; the open ones are green at their centre.
  const sampled = synthetic
    .filter((feature, i) => i % SAMPLE_EVERY === 0 && feature.properties?.status === 'open')
    .map((feature) => String(feature.id));

  beforeAll(async () => {
    if (!existsSync(`${clientDir}index.html`)) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn']);
    store = await backends()[0].open();
    const shelters = findLayer('shelters');
    if (!shelters) throw new Error('no shelters layer');
    for (let i = 0; i < synthetic.length; i += 5_000) {
      await store.insertFeatures(shelters, synthetic.slice(i, i + 5_000), { user: 'test' });
    }
    server = createApp({ store, config: { corsOrigins: '*', clientDir } }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
  });

  it('draws the large layer with WebGL where its points are, and the small layers on canvas as before', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, origin);
    await page.goto(origin);
    await waitForMap(page);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/big-layer.png` });

    const layers = await page.evaluate(() => {
      const { layers } = (window as any).onemap;
      const shelters = layers.get('shelters');
      return {
        shelters: { renderer: shelters.get('renderer'), features: shelters.getSource().getFeatures().length },
        depots: layers.get('depots').get('renderer'),
        riskZones: layers.get('risk_zones').get('renderer'),
      };
    });
    expect(layers.shelters.renderer).toBe('webgl');
    expect(layers.shelters.features).toBeGreaterThan(SYNTHETIC);
    expect(layers.depots).toBe('canvas');
    expect(layers.riskZones).toBe('canvas');

    const at = await sampledPixels(page, sampled);
    expect(at.length).toBeGreaterThan(150);
    expect(await countColour(page, png, SHELTER_GREEN, at, NEAR_PX)).toBeGreaterThan(at.length * 0.9);
    // The small layers above are still drawn: the national red of the risk zones.
    expect(await countColour(page, png, '#E60012')).toBeGreaterThan(50);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('switches the large layer off and on from the layer panel', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(origin);
    await waitForMap(page);
    const at = await sampledPixels(page, sampled);
    const on = await page.screenshot();

    await page.locator('input[data-layer=shelters]').uncheck();
    await rendered(page);
    const off = await page.screenshot({ path: `${SCREENSHOTS}/big-layer-off.png` });
    await page.locator('input[data-layer=shelters]').check();
    await rendered(page);
    const again = await page.screenshot();

    const greenAt = (png: Buffer) => countColour(page, png, SHELTER_GREEN, at, NEAR_PX);
    expect(await greenAt(on)).toBeGreaterThan(at.length * 0.9);
    expect(await greenAt(off)).toBe(0);
    expect(await countColour(page, off, SHELTER_GREEN)).toBeLessThan((await countColour(page, on, SHELTER_GREEN)) / 20);
    expect(await greenAt(again)).toBeGreaterThan(at.length * 0.9);
    await page.close();
  });

  it('opens the popup of the point clicked on the WebGL layer', async () => {
    // A shelter out in the countryside, where no other point is within a few metres.
    const target = synthetic.find((f, i) => i > 1_000 && String(f.properties?.name).startsWith('乡村'));
    if (!target) throw new Error('no rural shelter in the synthetic set');
    const [lon, lat] = target.geometry.coordinates;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${origin}/?c=${lon.toFixed(6)},${lat.toFixed(6)}&z=18.00&l=admin_areas,shelters`);
    await waitForMap(page);
    const [[x, y]] = await sampledPixels(page, [String(target.id)]);
    await page.mouse.click(x, y);
    await page.locator('#popup:not([hidden])').waitFor();
    expect(await page.locator('#popup h3').textContent()).toContain(String(target.properties?.name));
    expect(await page.locator('#popup').textContent()).toMatch(/设计容纳人数|有效避难面积/);
    await page.screenshot({ path: `${SCREENSHOTS}/big-layer-popup.png` });
    await page.close();
  });
});
