import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../catalog/layers.ts';
import { analysisLegend, layerLegend, publicShelterLegend, riskLegend } from '../../catalog/legend.ts';
import type { FlatStyle } from '../../catalog/symbols.ts';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, SCREENSHOTS, servedClient, settle, waitForMap } from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

/**
 * A map anyone can read: a key to every symbol drawn as the map draws it, names on the map at the
 * zooms that call for them, controls a thumb can hit on a phone, and a map a keyboard can move.
 */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The colour a swatch must show where it is sampled: a mark's fill at its centre, a line's or an area's edge. */
function expectedColour(style: FlatStyle): string | undefined {
  return (
    style['circle-fill-color'] ?? style['shape-fill-color'] ?? style['shape-stroke-color'] ?? style['stroke-color']
  );
}

/** Where in a 30×18 swatch that colour is: the centre of a mark (at x 10), the middle of a line, an area's top edge, outside its fill, in its first dash. */
function samplePoint(geometry: string): [number, number] {
  if (geometry === 'Point') return [10, 9];
  if (geometry === 'LineString') return [15, 9];
  return [5, 1];
}

/** The RGB of a swatch's pixel at a CSS position, read back from its canvas by the page. */
function swatchPixel(canvas: Locator, [x, y]: [number, number]): Promise<number[]> {
  return canvas.evaluate(
    (element: HTMLCanvasElement, [px, py]) => {
      const ratio = element.width / element.clientWidth;
      const context = element.getContext('2d') as CanvasRenderingContext2D;
      return [...context.getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data].slice(0, 3);
    },
    [x, y],
  );
}

/** A colour's red, green and blue, written as #rrggbb or rgba(r, g, b, a). */
const rgb = (colour: string) =>
  colour.startsWith('#')
    ? [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16))
    : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
const near = (actual: number[], colour: string) => rgb(colour).every((v, i) => Math.abs(actual[i] - v) < 40);

/** What OpenLayers drew, its layers' canvases composed into one PNG, without the panels above the map. */
async function drawnLayers(page: Page): Promise<Buffer> {
  const data = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('#map .ol-layers canvas')];
    const out = document.createElement('canvas');
    out.width = Math.max(...canvases.map((c) => c.width));
    out.height = Math.max(...canvases.map((c) => c.height));
    const context = out.getContext('2d') as CanvasRenderingContext2D;
    for (const canvas of canvases) context.drawImage(canvas, 0, 0);
    return out.toDataURL('image/png').split(',')[1];
  });
  return Buffer.from(data, 'base64');
}

/** The names Chromium's accessibility tree gives every node of a role: an independent reading of the page. */
async function accessibleNames(page: Page, role: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{ role?: { value: string }; name?: { value: string }; ignored?: boolean }>;
  };
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value ?? '');
}

describe.runIf(browserTestsCanRun())('a map anyone can read', () => {
  const served = servedClient();

  describe('the key to the map, on the desktop in Chinese', () => {
    let page: Page;
    beforeAll(async () => {
      page = await served.browser.newPage({ viewport: DESKTOP });
      await page.goto(served.origin);
      await waitForMap(page);
      await page.screenshot({ path: `${SCREENSHOTS}/readable-desktop-zh.png` });
    });
    afterAll(() => page?.close());

    it.each(LAYERS.map((layer) => layer.id))('the layer list shows %s in the colour its rules draw', async (id) => {
      const [first] = layerLegend(id);
      const colour = expectedColour(first.styles[0]) as string;
      const pixel = await swatchPixel(page.locator(`canvas[data-swatch="${id}"]`), samplePoint(first.geometry));
      expect(near(pixel, colour), `${pixel} against ${colour}`).toBe(true);
    });

    it.each(LAYERS.map((layer) => layer.id))('under %s, every look it takes is explained', async (id) => {
      const entries = layerLegend(id);
      const shown = page.locator(`[data-key="${id}"] li`);
      expect(await shown.count()).toBe(entries.length);
      for (const [i, entry] of entries.entries()) {
        expect(await shown.nth(i).textContent()).toBe(entry.label.zh);
        const colour = expectedColour(entry.styles[0]) as string;
        const pixel = await swatchPixel(shown.nth(i).locator('canvas'), samplePoint(entry.geometry));
        expect(near(pixel, colour), `${entry.label.zh}: ${pixel} against ${colour}`).toBe(true);
      }
    });

    it.each([
      ...riskLegend().map((entry, i) => ({ kind: 'risk', i, entry })),
      ...analysisLegend().map((entry, i) => ({ kind: 'analysis', i, entry })),
    ])('the legend box draws $kind $i ($entry.label.zh) as the map does', async ({ kind, i, entry }) => {
      const row = page.locator(`#legend [data-legend="${kind}"]`).nth(i);
      if (kind === 'analysis') await page.locator('#legend summary').click();
      expect(await row.textContent()).toBe(entry.label.zh);
      const colour = expectedColour(entry.styles[0]) as string;
      const pixel = await swatchPixel(row.locator('canvas'), samplePoint(entry.geometry));
      expect(near(pixel, colour), `${pixel} against ${colour}`).toBe(true);
    });

    it('names the map and its zoom buttons in Chinese', async () => {
      expect(await accessibleNames(page, 'application')).toContain('应急一张图地图,方向键平移,加号减号缩放');
      const buttons = await accessibleNames(page, 'button');
      expect(buttons).toEqual(expect.arrayContaining(['放大', '缩小']));
      expect(buttons).not.toContain('+');
    });

    it('writes the townships’ names at the district’s zoom, and none when zoomed far out', async () => {
      const named = () =>
        page.evaluate(() => {
          const { map, layers } = (window as any).onemap;
          const canvas = document.querySelector<HTMLCanvasElement>('.township-names canvas');
          if (!canvas) return { townships: 0, named: 0, inked: 0 };
          const ratio = canvas.width / canvas.clientWidth;
          const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
            0,
            0,
            canvas.width,
            canvas.height,
          ).data;
          const inkAt = (x: number, y: number) =>
            pixels[(Math.round(y * ratio) * canvas.width + Math.round(x * ratio)) * 4 + 3] > 0;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          const townships = layers
            .get('admin_areas')
            .getSource()
            .getFeatures()
            .filter((f: any) => f.get('level') === 'township');
          let count = 0;
          for (const township of townships) {
            const geometry = township.getGeometry();
            const inside =
              geometry.getType() === 'Polygon' ? geometry.getInteriorPoint() : geometry.getInteriorPoints();
            const [x, y] = map.getPixelFromCoordinate(inside.getFirstCoordinate());
            let found = false;
            for (let dy = -8; dy <= 8 && !found; dy += 2)
              for (let dx = -24; dx <= 24 && !found; dx += 2) found = inkAt(x + dx, y + dy);
            if (found) count++;
          }
          return { townships: townships.length, named: count, inked };
        });
      const atDistrict = await named();
      expect(atDistrict.townships).toBeGreaterThan(4);
      expect(atDistrict.named).toBeGreaterThanOrEqual(Math.ceil(atDistrict.townships / 2));
      await page.evaluate(() => (window as any).onemap.map.getView().setZoom(7));
      await settle(page);
      expect((await named()).inked).toBe(0);
    });
  });

  it('names a shelter once zoomed in, and not at the district’s zoom', async () => {
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.goto(`${served.origin}/?l=shelters`);
    await waitForMap(page);
    // Shelters alone: the only dark ink on the map is their names.
    const ink = async (zoom: number) => {
      await page.evaluate((z) => {
        const { map, layers } = (window as any).onemap;
        const shelter = layers.get('shelters').getSource().getFeatures()[0];
        map.getView().setCenter(shelter.getGeometry().getCoordinates());
        map.getView().setZoom(z);
      }, zoom);
      await settle(page);
      return countColour(page, await drawnLayers(page), '#1f2933');
    };
    expect(await ink(12)).toBe(0);
    expect(await ink(16)).toBeGreaterThan(40);
    await page.screenshot({ path: `${SCREENSHOTS}/readable-shelter-names.png` });
    await page.close();
  });

  it('moves by keyboard: Tab reaches the map, arrows pan, + zooms; every control named in English', async () => {
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.goto(`${served.origin}/?lang=en`);
    await waitForMap(page);
    await page.screenshot({ path: `${SCREENSHOTS}/readable-desktop-en.png` });
    let presses = 0;
    while (presses < 60 && !(await page.evaluate(() => document.activeElement?.id === 'map'))) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('map');
    const view = () =>
      page.evaluate(() => {
        const v = (window as any).onemap.map.getView();
        return { x: v.getCenter()[0], y: v.getCenter()[1], zoom: v.getZoom() };
      });
    const before = await view();
    await page.keyboard.press('ArrowRight');
    await settle(page);
    const panned = await view();
    expect(panned.x).toBeGreaterThan(before.x);
    expect(panned.y).toBeCloseTo(before.y, 3);
    await page.keyboard.press('+');
    await settle(page);
    expect((await view()).zoom).toBeCloseTo(before.zoom + 1, 5);

    expect(await accessibleNames(page, 'application')).toContain(
      'Emergency one map: arrow keys pan, plus and minus zoom',
    );
    expect(await accessibleNames(page, 'button')).toEqual(expect.arrayContaining(['Zoom in', 'Zoom out']));
    const boxes = await accessibleNames(page, 'checkbox');
    expect(boxes.length).toBeGreaterThanOrEqual(LAYERS.length);
    expect(boxes.every((name) => name.trim() !== '')).toBe(true);
    expect(new Set(boxes).size).toBe(boxes.length);
    await page.close();
  });

  it('fits a signed-in planner’s 390×844 phone: a usable search box, 44 px targets, tabs on one line', async () => {
    const context = await served.browser.newContext(PHONE);
    await context.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    const page = await context.newPage();
    await page.goto(served.origin);
    await waitForMap(page);
    await page.screenshot({ path: `${SCREENSHOTS}/readable-phone.png` });
    expect((await page.locator('#search').boundingBox())?.width).toBeGreaterThanOrEqual(100);
    const targets = page.locator('.bar button, .measure button, .tool-tabs button, .ol-zoom button');
    const count = await targets.count();
    expect(count).toBeGreaterThan(8);
    for (let i = 0; i < count; i++) {
      const box = await targets.nth(i).boundingBox();
      const name = await targets.nth(i).textContent();
      expect(box?.width, `${name} wide`).toBeGreaterThanOrEqual(44);
      expect(box?.height, `${name} high`).toBeGreaterThanOrEqual(44);
    }
    // A tab's words on one line: the browser lays its text out in a single line box.
    const lines = await page.locator('.tool-tabs button').evaluateAll((buttons) =>
      buttons.map((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(
      lines.every((n) => n === 1),
      String(lines),
    ).toBe(true);
    // The tool sheet covers the bottom of the map: opened, the map's centre moves above it.
    await page.locator('.tool-tabs button[data-tool=coverage]').tap();
    await page.locator('#coverage-target').waitFor();
    await page.waitForFunction(() => {
      const sheet = document.getElementById('tools') as HTMLElement;
      return (window as any).onemap.map.getView().padding?.[2] === sheet.offsetHeight;
    });
    await settle(page);
    const { centreY, sheetTop } = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const mapBox = (document.getElementById('map') as HTMLElement).getBoundingClientRect();
      return {
        centreY: mapBox.top + map.getPixelFromCoordinate(map.getView().getCenter())[1],
        sheetTop: (document.getElementById('tools') as HTMLElement).getBoundingClientRect().top,
      };
    });
    expect(sheetTop).toBeLessThan(844 - 200);
    expect(centreY).toBeLessThan(sheetTop);
    await page.screenshot({ path: `${SCREENSHOTS}/readable-phone-tool.png` });
    await context.close();
  });
  it('colours each township’s broadcast coverage bar met or not met against the plan’s 90% target', async () => {
    const profile = JSON.parse(readFileSync('data/profiles/hanjiang.json', 'utf8'));
    const target: number = profile.targets.broadcast_coverage.value;
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.goto(`${served.origin}/?tool=coverage`);
    await waitForMap(page);
    await page.locator('#coverage-target').selectOption('broadcast');
    await page.locator('.coverage-table tr').first().waitFor();
    const rows = await page.locator('.coverage-table tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        share: tr.children[2]?.textContent ?? '',
        verdict: tr.querySelector('.coverage-bar')?.className ?? '',
        tick: (tr.querySelector('.coverage-target') as HTMLElement | null)?.style.left ?? '',
      })),
    );
    await page.screenshot({ path: `${SCREENSHOTS}/readable-coverage-broadcast.png` });
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const pct = Number.parseFloat(row.share.replace(/^[✓✗]\s*/, ''));
      if (Number.isNaN(pct)) continue;
      const met = pct >= target;
      expect(row.verdict, row.share).toBe(`coverage-bar ${met ? 'met' : 'unmet'}`);
      expect(row.share.startsWith(met ? '✓' : '✗'), row.share).toBe(true);
      expect(row.tick).toBe(`${target}%`);
    }
    expect(rows.some((row) => row.verdict.endsWith('unmet'))).toBe(true);
    await page.close();
  });
  it('names each choice of a rescue team’s specialties by its own label, the list by the field’s', async () => {
    const teams = await (await fetch(`${served.origin}/collections/teams/items?limit=1`)).json();
    const name: string = teams.features[0].properties.name;
    const page = await served.browser.newPage({ viewport: DESKTOP });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    await page.goto(served.origin);
    await waitForMap(page);
    await page.locator('#search').fill(name);
    await page.locator('#search-results button').first().click();
    await page.locator('#popup button.primary').click();
    const choices = page.locator('.edit-field[data-field=specialties] input[type=checkbox]');
    await choices.first().waitFor();
    const labels = await choices.evaluateAll((boxes) => boxes.map((box) => box.parentElement?.textContent?.trim()));
    const named = await accessibleNames(page, 'checkbox');
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(named).toContain(label);
    expect(await accessibleNames(page, 'group')).toContain('专长');
    await page.close();
  });
  it('keys, names and moves the public map on a phone, its legend drawn by the map’s rules', async () => {
    const published = await fetch(`${served.origin}/publications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('publisher') },
      body: JSON.stringify({ title: '涵江区安全风险四色分布图', map_date: '2026-11-20' }),
    });
    expect(published.status).toBe(201);
    const context = await served.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    const entries = [
      ...riskLegend().map((entry) => ({ kind: 'risk', entry })),
      ...publicShelterLegend().map((entry) => ({ kind: 'shelter', entry })),
    ];
    const rows = page.locator('#legend li');
    expect(await rows.count()).toBe(entries.length);
    for (const [i, { kind, entry }] of entries.entries()) {
      expect(await rows.nth(i).getAttribute('data-legend')).toBe(kind);
      expect(await rows.nth(i).textContent()).toBe(entry.label.zh);
      const colour = expectedColour(entry.styles[0]) as string;
      const pixel = await swatchPixel(rows.nth(i).locator('canvas'), samplePoint(entry.geometry));
      expect(near(pixel, colour), `${entry.label.zh}: ${pixel} against ${colour}`).toBe(true);
    }
    expect(await accessibleNames(page, 'application')).toContain('风险地图,方向键平移,加号减号缩放');
    expect(await accessibleNames(page, 'button')).toEqual(expect.arrayContaining(['放大', '缩小']));
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.township-names canvas');
      const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      return count;
    });
    expect(inked).toBeGreaterThan(500);
    await page.locator('#map').focus();
    const centre = () => page.evaluate(() => (window as any).onemap.map.getView().getCenter() as number[]);
    const before = await centre();
    await page.keyboard.press('ArrowUp');
    await settle(page);
    expect((await centre())[1]).toBeGreaterThan(before[1]);
    for (const button of await page.locator('.ol-zoom button').all()) {
      const box = await button.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/readable-public-phone.png` });
    await context.close();
  });
});
