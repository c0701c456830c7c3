/**
 * Routes by road in a browser, over the demo road network. The duty officer's incident tool ranks the
 * nearest teams by road by default: each drawn along the roads with its minutes, with 高德 and 百度
 * links (高德's positions offset to GCJ-02, held to gcoord here), and a team on a road that joins
 * nothing listed apart as unreachable and drawn dashed. A dispatch recorded with its drive shows it on
 * the timeline. On the public map a person is shown the walk to the nearest open shelter along the
 * roads, with its minutes. Every figure on screen is compared with the API’s own answer.
 */
import gcoordModule from 'gcoord';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import {
  analyseIncident,
  browserTestsCanRun,
  overlayFeatures,
  pagePixel,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';

type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

/** Near the district seat, where roads and teams are dense. */
const SEAT = [119.12, 25.46];
/** A short road that meets no other, with a team on it: no road leads from there to the seat. */
const ISLAND = [
  [119.128, 25.4685],
  [119.132, 25.4685],
];
const ISLAND_TEAM = [119.13, 25.4685];
const HERE = { longitude: 119.118, latitude: 25.462 };

/** The features the analysis overlay holds now: role, id and how many vertices. */
const drawn = async (page: Page): Promise<{ role: string; id?: string; vertices: number }[]> =>
  (await overlayFeatures(page)).map(({ role, id, coordinates }) => ({ role, id, vertices: coordinates.length }));

describe.runIf(browserTestsCanRun())('routes by road in the web map', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });
  const api = served.api;
  const staffPage = async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    return page;
  };

  it('ranks the nearest teams by road, draws each route with its minutes and links it to 高德 and 百度', {
    timeout: 240_000,
  }, async () => {
    const planner = as('planner');
    const road = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: ISLAND },
      properties: { name: '孤立测试路', class: 'village' },
    };
    expect((await api('POST', '/collections/roads/items', road, planner)).status).toBe(201);
    const team = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: ISLAND_TEAM },
      properties: { name: '孤岛救援队', on_duty: true },
    };
    const island = await api('POST', '/collections/teams/items', team, planner);
    expect(island.status).toBe(201);
    const expected = (await api('POST', '/analysis/nearest', { from: SEAT, layer: 'teams', k: 5, by: 'road' })).body;
    expect(expected.unreachable.map((u: { id: string }) => u.id)).toContain(island.body.id);

    const page = await staffPage();
    const outside = await watchOutsideRequests(page, served.origin);
    await page.goto(`${served.origin}/?tool=incident&c=119.12000,25.46000&z=13&l=admin_areas,roads,teams`);
    await waitForMap(page);
    expect(await page.locator('#incident-by').inputValue()).toBe('road');
    await analyseIncident(page, 'teams', SEAT, '.nearest[data-method=road] .nearest-row');
    await settle(page);

    const rows = await page.locator('.nearest-row button.result').allTextContents();
    expect(rows).toHaveLength(expected.results.length);
    expected.results.forEach((r: { name: string; duration_s: number }, i: number) => {
      expect(rows[i]).toContain(r.name);
      expect(rows[i]).toContain(`${Math.max(1, Math.round(r.duration_s / 60))} 分钟`);
    });
    const features = await drawn(page);
    for (const r of expected.results) {
      const route = features.find((f) => f.id === `route-${r.id}`);
      expect(route?.role).toBe('route');
      expect(route?.vertices).toBe(r.route.coordinates.length);
    }
    const cut = page.locator('.nearest button.result.unreachable');
    expect(await cut.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/孤岛救援队 · 道路不通/)]),
    );
    expect(features.find((f) => f.id === `unreachable-${island.body.id}`)?.role).toBe('unreachable');

    // The first team's links: it drives from its base to the incident.
    const first = expected.results[0];
    const amap = new URL((await page.locator('.nearest-row a[data-app=amap]').first().getAttribute('href')) as string);
    const [toLon, toLat] = String(amap.searchParams.get('to')).split(',').map(Number);
    const [gLon, gLat] = gcoord.transform(SEAT as [number, number], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(toLon).toBeCloseTo(gLon, 6);
    expect(toLat).toBeCloseTo(gLat, 6);
    const [fromLon, fromLat] = String(amap.searchParams.get('from')).split(',').map(Number);
    const base = gcoord.transform(first.feature.geometry.coordinates, gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(fromLon).toBeCloseTo(base[0], 6);
    expect(fromLat).toBeCloseTo(base[1], 6);
    const baidu = new URL(
      (await page.locator('.nearest-row a[data-app=baidu]').first().getAttribute('href')) as string,
    );
    expect(baidu.protocol).toBe('baidumap:');
    expect(baidu.searchParams.get('coord_type')).toBe('wgs84');
    expect(baidu.searchParams.get('mode')).toBe('driving');

    const box = await page.locator('#map').boundingBox();
    const [x, y] = await pagePixel(page, SEAT);
    expect(x).toBeGreaterThan(box?.x ?? 0);
    expect(y).toBeGreaterThan(box?.y ?? 0);
    await page.screenshot({ path: `${SCREENSHOTS}/road-routes-incident.png` });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows a dispatch with its drive on the incident timeline', { timeout: 120_000 }, async () => {
    const responder = as('responder');
    const incident = await api(
      'POST',
      '/incidents',
      { title: '涵江城区民房火灾', kind: 'fire', at: SEAT, reporter: '119 转警', text: '民房起火' },
      responder,
    );
    expect(incident.status).toBe(201);
    const nearest = (await api('POST', '/analysis/nearest', { from: SEAT, layer: 'teams', k: 1, by: 'road' })).body;
    const [team] = nearest.results;
    const seen = { kind: 'nearest', request: { from: SEAT, layer: 'teams', k: 1, by: 'road' }, result: nearest };
    const assessed = await api(
      'POST',
      `/incidents/${incident.body.id}/entries`,
      { stage: 'assessment', text: '研判', attachment: seen },
      responder,
    );
    expect(assessed.status).toBe(201);
    const entry = { stage: 'dispatch', text: '调派最近队伍', dispatch: { layer: 'teams', id: team.id } };
    const sent = await api('POST', `/incidents/${incident.body.id}/entries`, entry, responder);
    expect(sent.body.entries.at(-1).dispatched.road.duration_s).toBe(team.duration_s);

    const page = await staffPage();
    await page.goto(`${served.origin}/?incident=${incident.body.id}`);
    await waitForMap(page);
    const line = page.locator('.timeline .entry button', { hasText: team.name });
    await line.waitFor();
    const minutes = Math.max(1, Math.round(team.duration_s / 60));
    expect(await line.textContent()).toContain(`道路 ${minutes} 分钟`);
    expect(await page.locator('.timeline .attached').textContent()).toContain('按道路行车时间');
    // The next dispatch offers the attached teams with their drive.
    const offered = await page.locator('.entry-form select[id^=entry-dispatch] option').allTextContents();
    expect(offered).toContain(`应急救援队伍 · ${team.name} · 道路 ${minutes} 分钟`);
    await page.screenshot({ path: `${SCREENSHOTS}/road-routes-dispatch.png` });
    await page.close();
  });

  it('walks a person on a phone to the nearest open shelter along the roads, with the minutes', {
    timeout: 180_000,
  }, async () => {
    const published = await api(
      'POST',
      '/publications',
      { title: '涵江区安全风险四色分布图', map_date: '2026-11-20', note: '区应急管理局审定' },
      as('publisher'),
    );
    expect(published.status).toBe(201);
    const context = await served.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      geolocation: HERE,
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const outside = await watchOutsideRequests(page, served.origin);
    await page.goto(`${served.origin}/public`);
    await waitForMap(page);
    await page.locator('#open-nearest').tap();
    await page.getByRole('button', { name: '使用我的位置' }).tap();
    await page.locator('.nearest-result [data-field=walk]').waitFor();
    await settle(page);
    const id = (await page.locator('.nearest-result').getAttribute('data-shelter-id')) as string;
    const shelter = (await api('GET', `/collections/shelters/items/${id}`)).body;
    const walk = (
      await api('POST', '/analysis/walk', {
        from: [HERE.longitude, HERE.latitude],
        to: [shelter.geometry.coordinates],
      })
    ).body;
    expect(walk.method).toBe('road');
    const minutes = Math.max(1, Math.round(walk.nearest.duration_s / 60));
    expect(await page.locator('[data-field=walk]').textContent()).toMatch(new RegExp(`^约 ${minutes} 分钟 · `));
    const route = await page.evaluate(() => {
      const { map } = (window as any).onemap;
      const line = map
        .getLayers()
        .getArray()
        .at(-1)
        .getSource()
        .getFeatures()
        .find((f: any) => f.get('mark') === 'route');
      return { walked: line.get('walked'), vertices: line.getGeometry().getCoordinates().length };
    });
    expect(route).toEqual({ walked: true, vertices: walk.nearest.route.coordinates.length });
    const amap = new URL((await page.locator('.nearest-result a[data-app=amap]').getAttribute('href')) as string);
    expect(amap.searchParams.get('mode')).toBe('walk');
    await page.screenshot({ path: `${SCREENSHOTS}/road-routes-public-walk.png` });
    expect(outside).toEqual([]);
    await context.close();
  });
});
