/**
 * The maps without a mouse: Tab reaches the map, N steps to a feature in view (ringed and announced),
 * Enter opens the popup a click opens, Escape closes it and puts the focus back on the map; the list
 * of the features in view holds what the API finds in the same box (PostGIS, the oracle) and changes
 * after a pan; on a 390×844 phone the risk legend stays clear of the open sheet. Staff and public map.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  legendAboveSheet,
  overlap,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** The layers shown at start whose features are points: the API's box and the map's agree exactly on them. */
const POINT_LAYERS = ['fire_stations', 'teams', 'depots', 'shelters'];

const R = 6378137;
const toLonLat = (x: number, y: number) => [
  (x / R) * (180 / Math.PI),
  (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI),
];

/**
 * The view's box in longitude and latitude, once the keyboard (and the list, if named) have read what
 * the map shows: a reading stamped after the map drew (the map's and the list's `data-viewed`).
 */
async function viewedBox(page: Page, list?: string): Promise<number[]> {
  const stamp = () => page.evaluate(() => document.getElementById('map')?.dataset.viewed ?? '');
  const old = await stamp();
  await settle(page);
  const extent: number[] = await page.evaluate(() => (window as any).onemap.map.getView().calculateExtent());
  const signal = extent.map(Math.round).join(',');
  await page.waitForFunction(
    ([old, signal, list]) => {
      const now = document.getElementById('map')?.dataset.viewed ?? '';
      const listed = list ? (document.querySelector(list) as HTMLElement | null)?.dataset.viewed : now;
      return now !== old && now.endsWith(` ${signal}`) && listed === now;
    },
    [old, signal, list ?? ''],
  );
  return [...toLonLat(extent[0], extent[1]), ...toLonLat(extent[2], extent[3])];
}

async function tabToMap(page: Page): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if (await page.evaluate(() => document.activeElement?.id === 'map')) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the map');
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

interface Item {
  name: string;
  coordinates: number[];
}

/** What the API (PostGIS ST_Intersects) finds of a layer in a box. */
async function itemsIn(origin: string, layer: string, box: number[]): Promise<Item[]> {
  const response = await fetch(`${origin}/collections/${layer}/items?bbox=${box.join(',')}&limit=1000`);
  const body = await response.json();
  return body.features.map((f: any) => ({ name: f.properties.name, coordinates: f.geometry.coordinates }));
}

const names = (rows: Locator) => rows.evaluateAll((spans) => spans.map((s) => s.textContent ?? '').sort());
const sorted = (items: Item[]) => items.map((item) => item.name).sort();

describe.runIf(browserTestsCanRun())('the maps by keyboard and as a list', () => {
  const served = servedClient();

  /** A shelter's place, to look at a township up close (z 14) where the list is short. */
  async function closeView(): Promise<string> {
    const [shelter] = await itemsIn(served.origin, 'shelters', [-180, -90, 180, 90]);
    return `c=${shelter.coordinates.map((v) => v.toFixed(5)).join(',')}&z=14`;
  }

  it.each(['zh', 'en'] as const)(
    'on the web map (%s) N rings and names a feature, Enter opens it, Escape returns to the map',
    async (lang) => {
      const page = await served.browser.newPage({ viewport: DESKTOP });
      await page.goto(`${served.origin}/?${await closeView()}&lang=${lang}`);
      await waitForMap(page);
      const box = await viewedBox(page);
      await tabToMap(page);
      const describedBy = await page.locator('#map').getAttribute('aria-describedby');
      expect(await page.locator(`#${describedBy}`).textContent()).toMatch(
        lang === 'zh' ? /N.*P.*回车.*Esc/ : /N.*P.*Enter.*Escape/,
      );
      expect(await page.locator('#map-keys').isVisible()).toBe(true);

      const before = await page.screenshot();
      await page.keyboard.press('n');
      await page.locator('#map-announce').filter({ hasText: /\S/ }).waitFor();
      const announced = (await page.locator('#map-announce').textContent()) as string;
      const [name, layer] = announced.split(lang === 'zh' ? ',' : ', ');
      // The feature announced is one the API finds in view, on a layer drawn there.
      const inView = await Promise.all(POINT_LAYERS.map((id) => itemsIn(served.origin, id, box)));
      const found = inView.flat().find((item) => item.name === name);
      expect(found, announced).toBeDefined();
      // Ringed: dark ring pixels appear around it on its white halo, where there were none.
      await settle(page);
      const after = await page.screenshot({ path: `${SCREENSHOTS}/keyboard-ring-${lang}.png` });
      const [x, y] = await pagePixel(page, found?.coordinates as number[]);
      const circle = Array.from({ length: 16 }, (_, i) => [
        x + 15 * Math.cos((i * Math.PI) / 8),
        y + 15 * Math.sin((i * Math.PI) / 8),
      ]);
      expect(await countColour(page, after, '#111111', circle, 1)).toBeGreaterThanOrEqual(12);
      expect(await countColour(page, before, '#111111', circle, 1)).toBeLessThan(4);

      await page.keyboard.press('Enter');
      await page.locator('#popup:not([hidden]) h3').waitFor();
      expect(await page.locator('#popup h3').textContent()).toBe(name);
      expect(await page.locator('#popup h3 + div').textContent()).toBe(layer);
      expect(await page.evaluate(() => document.getElementById('popup')?.contains(document.activeElement))).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}/keyboard-popup-${lang}.png` });
      await page.keyboard.press('Escape');
      expect(await page.locator('#popup').isHidden()).toBe(true);
      expect(await focusedId(page)).toBe('map');
      await page.close();
    },
  );

  it('lists on the web map what the API finds in view, changes it after a pan, and a row opens and centres its feature', async () => {
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.goto(`${served.origin}/?${await closeView()}&tool=list`);
    await waitForMap(page);
    const list = '#tools .feature-list';
    const listed = (layer: string) => names(page.locator(`${list} section[data-layer=${layer}] .feature-name`));
    const expectListed = async (box: number[]) => {
      let all = 0;
      for (const layer of POINT_LAYERS) {
        const items = await itemsIn(served.origin, layer, box);
        all += items.length;
        expect(await listed(layer), layer).toEqual(sorted(items));
      }
      return all;
    };
    const first = await expectListed(await viewedBox(page, list));
    expect(first).toBeGreaterThan(0);
    const shown = await page.locator(`${list} button.feature-row`).count();
    expect(await page.locator(`${list} .feature-count`).textContent()).toBe(`视野内 ${shown} 个要素`);
    await page.screenshot({ path: `${SCREENSHOTS}/keyboard-list-zh.png` });

    const before = await listed('shelters');
    await tabToMap(page);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expectListed(await viewedBox(page, list));
    expect(await listed('shelters')).not.toEqual(before);

    const row = page.locator(`${list} section[data-layer=shelters] button.feature-row`).first();
    const name = await row.locator('.feature-name').textContent();
    const key = await row.getAttribute('data-key');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.locator('#popup:not([hidden]) h3').waitFor();
    expect(await page.locator('#popup h3').textContent()).toBe(name);
    await settle(page);
    const [shelter] = (await itemsIn(served.origin, 'shelters', [-180, -90, 180, 90])).filter((s) => s.name === name);
    const centre: number[] = await page.evaluate(() => (window as any).onemap.map.getView().getCenter());
    const [lon, lat] = toLonLat(centre[0], centre[1]);
    expect(lon).toBeCloseTo(shelter.coordinates[0], 5);
    expect(lat).toBeCloseTo(shelter.coordinates[1], 5);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key)).toBe(key);
    await page.close();
  });

  it('says "the first 200 of N" when more are in view, N counted by the API', async () => {
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.goto(`${served.origin}/?tool=list&lang=en`);
    await waitForMap(page);
    const list = '#tools .feature-list';
    const box = await viewedBox(page, list);
    const visible: string[] = await page.evaluate(() =>
      [...(window as any).onemap.layers]
        .filter(([id, l]: any) => id !== 'admin_areas' && l.getVisible())
        .map(([id]: any) => id),
    );
    let total = 0;
    for (const layer of visible) total += (await itemsIn(served.origin, layer, box)).length;
    expect(total).toBeGreaterThan(200);
    expect(await page.locator(`${list} .feature-count`).textContent()).toBe(
      `The first 200 of ${total} features in view`,
    );
    expect(await page.locator(`${list} button.feature-row`).count()).toBe(200);
    await page.screenshot({ path: `${SCREENSHOTS}/keyboard-list-cut-en.png` });
    await page.close();
  });

  it.each(['zh', 'en'] as const)(
    'on a 390×844 phone (%s) the legend stands clear of an open tool sheet',
    async (lang) => {
      const context = await served.browser.newContext(PHONE);
      await context.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
      const page = await context.newPage();
      await page.goto(`${served.origin}/?lang=${lang}`);
      await waitForMap(page);
      for (const tool of ['coverage', 'list']) {
        await page.locator(`.tool-tabs button[data-tool=${tool}]`).tap();
        await page.waitForFunction(() => (window as any).onemap.map.getView().padding?.[2] > 200);
        await settle(page);
        // The sheet may still grow as the tool's answer arrives; the legend follows it on the next resize.
        const { legend, sheet } = await (await legendAboveSheet(page, '#tools'))();
        expect(legend && sheet && !overlap(legend, sheet), `${JSON.stringify(legend)} ${JSON.stringify(sheet)}`).toBe(
          true,
        );
        expect((legend?.y ?? 0) + (legend?.height ?? 0)).toBeLessThanOrEqual(sheet?.y ?? 0);
        await page.screenshot({ path: `${SCREENSHOTS}/keyboard-phone-${tool}-${lang}.png` });
      }
      await context.close();
    },
  );

  describe('the public map', () => {
    let publication: Promise<number> | undefined;
    const publish = () => {
      publication ??= fetch(`${served.origin}/publications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as('publisher') },
        body: JSON.stringify({ title: '涵江区安全风险四色分布图', map_date: '2026-11-20' }),
      }).then(async (response) => {
        expect(response.status).toBe(201);
        return (await response.json()).version as number;
      });
      return publication;
    };

    it.each(['zh', 'en'] as const)(
      '(%s) opens a shelter or zone by keyboard and lists what is published in view',
      async (lang) => {
        const version = await publish();
        const page = await served.browser.newPage({ viewport: DESKTOP });
        await page.goto(`${served.origin}/public?lang=${lang}`);
        await waitForMap(page);
        // Closer in, where fewer than the list's 200 are in view.
        await page.evaluate(() => {
          const view = (window as any).onemap.map.getView();
          view.setZoom(view.getZoom() + 2);
        });
        const box = await viewedBox(page);
        await tabToMap(page);
        await page.keyboard.press('n');
        await page.locator('#map-announce').filter({ hasText: /\S/ }).waitFor();
        const [name] = ((await page.locator('#map-announce').textContent()) as string).split(
          lang === 'zh' ? ',' : ', ',
        );
        await page.keyboard.press('Enter');
        await page.locator('#sheet:not([hidden])').waitFor();
        expect(await page.locator('#sheet-title').textContent()).toBe(name);
        expect(await focusedId(page)).toBe('sheet-title');
        await page.keyboard.press('Escape');
        expect(await page.locator('#sheet').isHidden()).toBe(true);
        expect(await focusedId(page)).toBe('map');

        // The list: the published shelters whose points fall in the box, counted here by brute force.
        const published = await (await fetch(`${served.origin}/publications/${version}/layers/shelters`)).json();
        const inBox = published.features
          .filter(
            ({
              geometry: {
                coordinates: [x, y],
              },
            }: any) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3],
          )
          .map((f: any) => f.properties.name)
          .sort();
        await page.locator('#open-list').click();
        await page.locator('#sheet .feature-list').waitFor();
        expect(await names(page.locator('#sheet section[data-layer=shelters] .feature-name')), String(box)).toEqual(
          inBox,
        );
        expect(await page.locator('#sheet section[data-layer=risk_zones] .feature-row').count()).toBeGreaterThan(0);
        await page.screenshot({ path: `${SCREENSHOTS}/keyboard-public-list-${lang}.png` });
        await page.close();
      },
    );

    it.each(['zh', 'en'] as const)('(%s) on a phone keeps the legend above the open list', async (lang) => {
      await publish();
      const context = await served.browser.newContext(PHONE);
      const page = await context.newPage();
      await page.goto(`${served.origin}/public?lang=${lang}`);
      await waitForMap(page);
      await page.locator('#open-list').tap();
      await page.locator('#sheet .feature-row').first().waitFor();
      const legend = await page.locator('#legend').boundingBox();
      const sheet = await page.locator('#sheet').boundingBox();
      expect(legend && sheet && !overlap(legend, sheet), `${JSON.stringify(legend)} ${JSON.stringify(sheet)}`).toBe(
        true,
      );
      await page.screenshot({ path: `${SCREENSHOTS}/keyboard-public-phone-list-${lang}.png` });
      await context.close();
    });
  });
});
