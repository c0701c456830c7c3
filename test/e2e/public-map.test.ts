import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { RISK_OUTLINES } from '../../catalog/palette.ts';
import { as } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  legendAboveSheet,
  overlap,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

const REVIEW_NUMBER = '闽S(2026)0001号';
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
/** Near the district seat (涵江城区), where shelters are dense. */
const HERE = { longitude: 119.118, latitude: 25.462 };

interface Shelter {
  id: string;
  name: string;
  at: [number, number];
  status: string | null;
  free_places: number | null;
}

/** The great-circle distance in km, on Turf's mean earth radius. */
function haversine([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

/** The map's own canvases composed into one PNG: what OpenLayers drew, without the legend above it. */
async function mapCanvas(page: Page): Promise<Buffer> {
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

/** What the marks layer (the line to the nearest shelter and its ends) holds now. */
const marks = (page: Page) =>
  page.evaluate(() => {
    const { map } = (window as any).onemap;
    const layer = map.getLayers().getArray().at(-1);
    return layer
      .getSource()
      .getFeatures()
      .map((f: any) => f.get('mark'));
  });

describe.runIf(browserTestsCanRun())('the public map on a phone', () => {
  const served = servedClient({ map: { basemap: 'none' as const, reviewNumber: REVIEW_NUMBER } });
  const contexts: BrowserContext[] = [];

  const api = served.api;
  const publish = (title: string, map_date: string) =>
    api('POST', '/publications', { title, map_date, note: '区应急管理局审定' }, as('publisher'));

  /** The published shelters with their live status, as the public API serves them. */
  async function publishedShelters(): Promise<Shelter[]> {
    const { version } = (await api('GET', '/publications/latest')).body;
    const layer = (await api('GET', `/publications/${version}/layers/shelters`)).body;
    const live = new Map<string, any>(
      (await api('GET', `/publications/${version}/live`)).body.shelters.map((s: any) => [s.id, s]),
    );
    return layer.features.map((f: any) => ({
      id: f.id,
      name: f.properties.name,
      at: f.geometry.coordinates,
      status: live.get(f.id)?.status ?? null,
      free_places: live.get(f.id)?.free_places ?? null,
    }));
  }

  /**
   * The nearest open shelter with free places: the ten nearest in a straight line worked out here,
   * independently of the page, and of those the one the API's walk along the roads reaches soonest.
   */
  async function expectedNearest(shelters: Shelter[], from: number[]): Promise<Shelter> {
    const open = shelters.filter((s) => s.status === 'open' && (s.free_places ?? 0) > 0);
    const ranked = open
      .map((s) => ({ s, km: haversine(from, s.at) }))
      .sort((a, b) => a.km - b.km || (a.s.id < b.s.id ? -1 : 1))
      .slice(0, 10);
    const walk = await api('POST', '/analysis/walk', { from, to: ranked.map((r) => r.s.at) });
    expect(walk.body.method).toBe('road');
    return ranked[walk.body.nearest.index].s;
  }

  async function phonePage(options: BrowserContextOptions = {}): Promise<{ page: Page; outside: string[] }> {
    const context = await served.browser.newContext({ ...PHONE, ...options });
    contexts.push(context);
    const page = await context.newPage();
    return { page, outside: await watchOutsideRequests(page, served.origin) };
  }

  async function nearestFromHere(page: Page): Promise<string> {
    await page.locator('#open-nearest').tap();
    await page.getByRole('button', { name: '使用我的位置' }).tap();
    const result = page.locator('.nearest-result[data-shelter-id]');
    await result.waitFor();
    await settle(page);
    return (await result.getAttribute('data-shelter-id')) as string;
  }

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it('says plainly that nothing is published yet, over the district outline', async () => {
    const response = await fetch(`${served.origin}/public`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Other government sites frame it: nothing may forbid that.
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy') ?? '').not.toMatch(/frame-ancestors/);

    const { page, outside } = await phonePage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    expect(await page.locator('#nothing').isVisible()).toBe(true);
    expect(await page.locator('#nothing').textContent()).toContain('尚未发布风险地图');
    expect(await page.locator('#open-nearest').isVisible()).toBe(false);
    expect(await page.locator('#demo').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/public-nothing.png` });
    expect(outside).toEqual([]);
  });

  it('draws the published zones in the four colours with title, version, date, legend, demo label and 审图号', async () => {
    const published = await publish('涵江区安全风险四色分布图', '2026-11-20');
    expect(published.status).toBe(201);

    const { page, outside } = await phonePage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    await page.screenshot({ path: `${SCREENSHOTS}/public-phone.png` });
    const canvas = await mapCanvas(page);
    // Each level's zones are edged in its outline: the national colour, a shade darker for orange and yellow.
    for (const colour of Object.values(RISK_OUTLINES)) {
      expect(await countColour(page, canvas, colour), colour).toBeGreaterThan(100);
    }
    expect(await countColour(page, canvas, '#1a9850'), 'open shelters').toBeGreaterThan(100);
    expect(await page.locator('#title').textContent()).toBe('涵江区安全风险四色分布图');
    expect(await page.locator('#version').textContent()).toBe('第1版 · 2026-11-20');
    expect(await page.locator('#demo').isVisible()).toBe(true);
    expect(await page.locator('#demo').textContent()).toBe('演示数据');
    expect(await page.locator('#review-number').textContent()).toBe(REVIEW_NUMBER);
    const review = await page.locator('#review-number').boundingBox();
    expect(review!.x).toBeLessThan(50);
    expect(review!.y).toBeGreaterThan(500);
    const legend = (await page.locator('#legend').textContent()) ?? '';
    for (const label of ['重大风险', '较大风险', '一般风险', '低风险', '开放的避难场所', '关闭的避难场所']) {
      expect(legend).toContain(label);
    }
    expect(await page.locator('#notice').isVisible()).toBe(false);
    expect(outside).toEqual([]);
  });

  it('finds the nearest open shelter with free places from the phone location, draws the line and fits both', async () => {
    const expected = await expectedNearest(await publishedShelters(), [HERE.longitude, HERE.latitude]);
    const { page, outside } = await phonePage({ geolocation: HERE, permissions: ['geolocation'] });
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    const found = await nearestFromHere(page);
    await page.screenshot({ path: `${SCREENSHOTS}/public-nearest.png` });

    expect(found).toBe(expected.id);
    const result = page.locator('.nearest-result');
    expect(await result.locator('.name').textContent()).toBe(expected.name);
    expect(await result.locator('[data-field=free_places]').textContent()).toBe(
      `${expected.free_places!.toLocaleString('zh-CN')} 人`,
    );
    expect(await result.locator('[data-field=distance]').textContent()).toMatch(/^\d+ m$|^[\d.]+ km$/);
    expect(await marks(page)).toEqual(expect.arrayContaining(['here', 'route', 'target']));

    // Both ends on screen, above the sheet that holds the answer.
    const sheetTop = (await page.locator('#sheet').boundingBox())!.y;
    const mapBox = (await page.locator('#map').boundingBox())!;
    for (const lonLat of [[HERE.longitude, HERE.latitude], expected.at]) {
      const [x, y] = await pagePixel(page, lonLat);
      expect(x).toBeGreaterThan(mapBox.x);
      expect(x).toBeLessThan(mapBox.x + mapBox.width);
      expect(y).toBeGreaterThan(mapBox.y);
      expect(y).toBeLessThan(sheetTop);
    }

    // Tapping the shelter it found shows what was published and what is live.
    await page.touchscreen.tap(...(await pagePixel(page, expected.at)));
    await page.locator('#sheet[data-panel=shelter]').waitFor();
    expect(await page.locator('#sheet-title').textContent()).toBe(expected.name);
    const card = (await page.locator('#sheet').textContent()) ?? '';
    for (const text of ['地址', '设计容纳', '开放', '当前可容纳', '更新于']) expect(card).toContain(text);
    expect(card).toMatch(/更新于 \d{4}-\d\d-\d\d \d\d:\d\d/);
    await page.screenshot({ path: `${SCREENSHOTS}/public-shelter.png` });
    expect(outside).toEqual([]);
  });

  it.each(['zh', 'en'] as const)(
    '(%s) keeps the place and the shelter it found clear of the legend and of the sheet, once the walk has grown it',
    async (lang) => {
      const expected = await expectedNearest(await publishedShelters(), [HERE.longitude, HERE.latitude]);
      const { page } = await phonePage({ geolocation: HERE, permissions: ['geolocation'] });
      await page.goto(`${served.origin}/public?lang=${lang}`);
      await waitForMap(page);
      await page.locator('#open-nearest').tap();
      await page.locator('button.locate').tap();
      // The walk's links are the last the answer adds to the sheet; the legend then follows it up.
      await page.locator('.nearest-result .navigation').waitFor();
      const boxes = await legendAboveSheet(page, '#sheet');
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}/public-nearest-legend-${lang}.png` });
      const { legend, sheet } = await boxes();
      // The ring round each end, and below the shelter's ring the line of its name.
      const ringAndName = ([x, y]: number[]) => ({ x: x - 14, y: y - 14, width: 28, height: 44 });
      const places: [string, number[]][] = [
        ['here', [HERE.longitude, HERE.latitude]],
        ['shelter', expected.at],
      ];
      for (const [name, lonLat] of places) {
        const mark = ringAndName(await pagePixel(page, lonLat));
        const clear = { legend: !overlap(mark, legend!), sheet: !overlap(mark, sheet!) };
        expect({ name, mark, box: legend, ...clear }).toEqual({ name, mark, box: legend, legend: true, sheet: true });
      }
    },
  );

  it('no longer picks a shelter a responder has closed, once the page is loaded again', async () => {
    const before = await expectedNearest(await publishedShelters(), [HERE.longitude, HERE.latitude]);
    const current = await api('GET', `/collections/shelters/items/${before.id}`, undefined, as('responder'));
    const closed = await api(
      'PATCH',
      `/collections/shelters/items/${before.id}`,
      { properties: { status: 'closed' } },
      { ...as('responder'), 'content-type': 'application/merge-patch+json', 'if-match': current.headers.get('etag')! },
    );
    expect(closed.status).toBe(200);
    const after = await expectedNearest(await publishedShelters(), [HERE.longitude, HERE.latitude]);
    expect(after.id).not.toBe(before.id);

    const { page, outside } = await phonePage({ geolocation: HERE, permissions: ['geolocation'] });
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    const found = await nearestFromHere(page);
    expect(found).not.toBe(before.id);
    expect(found).toBe(after.id);
    // The closed one is still on the map, greyed.
    const status = await page.evaluate((id) => {
      const { map } = (window as any).onemap;
      return map.getLayers().getArray()[2].getSource().getFeatureById(id).get('status');
    }, before.id);
    expect(status).toBe('closed');
    expect(outside).toEqual([]);
  });

  it('says so when the location is refused, and takes a place tapped on the map instead', async () => {
    const { page, outside } = await phonePage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    await page.locator('#open-nearest').tap();
    await page.getByRole('button', { name: '使用我的位置' }).tap();
    await page.locator('.message.error').waitFor();
    expect(await page.locator('.message.error').textContent()).toContain('无法获取您的位置');

    await page.getByRole('button', { name: '在地图上点选位置' }).tap();
    await page.touchscreen.tap(...(await pagePixel(page, [HERE.longitude, HERE.latitude])));
    await page.locator('.nearest-result[data-shelter-id]').waitFor();
    // The answer expected is worked out from where the tap landed, as the map read it.
    const tapped = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const here = map
        .getLayers()
        .getArray()
        .at(-1)
        .getSource()
        .getFeatures()
        .find((f: any) => f.get('mark') === 'here');
      const [x, y] = here.getGeometry().getCoordinates();
      const r = 6378137;
      return [(x / r) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI)];
    });
    const expected = await expectedNearest(await publishedShelters(), tapped);
    expect(await page.locator('.nearest-result').getAttribute('data-shelter-id')).toBe(expected.id);
    expect(outside).toEqual([]);
  });

  it('lists the versions, opens an older one by link, and marks a withdrawn one with its reason', async () => {
    // A planner retires one zone; version 2 is published without it, then withdrawn.
    const zones = (await api('GET', '/collections/risk_zones/items?limit=1')).body.features;
    const zone = await api('GET', `/collections/risk_zones/items/${zones[0].id}`, undefined, as('planner'));
    const removed = await api('DELETE', `/collections/risk_zones/items/${zones[0].id}`, undefined, {
      ...as('planner'),
      'if-match': zone.headers.get('etag')!,
    });
    expect(removed.status).toBe(204);
    expect((await publish('涵江区安全风险四色分布图(修订)', '2026-12-01')).status).toBe(201);
    const v1Zones = (await api('GET', '/publications/1')).body.layers.find((l: any) => l.layer === 'risk_zones');

    const { page, outside } = await phonePage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    expect(await page.locator('#version').textContent()).toBe('第2版 · 2026-12-01');
    await page.locator('#open-versions').tap();
    const links = page.locator('.versions a');
    expect(await links.count()).toBe(2);
    expect(await links.nth(0).textContent()).toContain('最新');
    await page.locator('.versions a[data-version="1"]').tap();
    await page.waitForURL(/\?v=1$/);
    await page.locator('#version', { hasText: '第1版 · 2026-11-20' }).waitFor();
    await settle(page);
    const zoneCount = () =>
      page.evaluate(() => (window as any).onemap.map.getLayers().getArray()[1].getSource().getFeatures().length);
    expect(await zoneCount()).toBe(v1Zones.feature_count);
    expect(await page.locator('#notice').textContent()).toContain('历史版本');

    const withdrawn = await api('POST', '/publications/2/withdraw', { reason: '风险区边界待复核' }, as('publisher'));
    expect(withdrawn.status).toBe(200);
    // The latest live version is version 1 again: nothing special to say about it.
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    expect(await page.locator('#version').textContent()).toBe('第1版 · 2026-11-20');
    expect(await page.locator('#notice').isVisible()).toBe(false);
    // A link to the withdrawn version still opens it, marked.
    await page.goto(`${served.origin}/public?v=2`);
    await waitForMap(page);
    expect(await page.locator('#notice').textContent()).toContain('此版本已撤回:风险区边界待复核');
    await page.locator('#open-versions').tap();
    expect(await page.locator('.versions li.withdrawn').textContent()).toContain('风险区边界待复核');
    await page.screenshot({ path: `${SCREENSHOTS}/public-versions.png` });

    await page.locator('#open-downloads').tap();
    const hrefs = await page.locator('.downloads a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      '/publications/2/map.png',
      '/publications/2/map.pdf',
      '/publications/2/layers/risk_zones',
      '/publications/2/layers/shelters',
    ]);
    expect(outside).toEqual([]);
  });

  it('switches to English and keeps the version in the link', async () => {
    const { page } = await phonePage();
    await page.goto(`${served.origin}/public?v=1`);
    await waitForMap(page);
    await page.locator('#lang').tap();
    await page.waitForURL(/lang=en/);
    await waitForMap(page);
    expect(page.url()).toContain('v=1');
    expect(await page.locator('#version').textContent()).toBe('Version 1 · 2026-11-20');
    expect(await page.locator('#legend').textContent()).toContain('Major');
    expect(await page.locator('#open-nearest').textContent()).toBe('Nearest open shelter');
  });

  it('gives an embed snippet whose iframe shows the map, legend, version and 审图号 without the chrome', async () => {
    const { page, outside } = await phonePage();
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    await page.locator('#open-embed').tap();
    const snippet = await page.locator('.snippet').inputValue();
    expect(snippet).toMatch(
      new RegExp(`^<iframe src="${served.origin.replace(/\./g, '\\.')}/public\\?embed=1" width="100%" height="480" `),
    );

    await page.setContent(`<!doctype html><html><body style="margin:0"><h1>区政府网站</h1>${snippet}</body></html>`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#legend').waitFor();
    const framed = page.frames().find((f) => f.url().includes('embed=1'))!;
    await framed.waitForFunction(() => 'onemap' in window);
    await framed.evaluate(() => (window as any).onemap.ready);
    await settle(framed);
    for (const chrome of ['.actions-bar', '#lang', '#title']) {
      expect(await frame.locator(chrome).isVisible(), chrome).toBe(false);
    }
    for (const kept of ['#map canvas', '#legend', '#version', '#review-number', '#demo']) {
      expect(await frame.locator(kept).first().isVisible(), kept).toBe(true);
    }
    expect(await frame.locator('#version').textContent()).toBe('第1版 · 2026-11-20');
    await page.screenshot({ path: `${SCREENSHOTS}/public-embedded.png` });
    expect(outside).toEqual([]);
  });
});
