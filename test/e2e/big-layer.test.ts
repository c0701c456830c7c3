import type { Feature, Point } from 'geojson';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syntheticShelters } from '../../scripts/bench/synthetic.ts';
import { findLayer } from '../../server/layers/registry.ts';
import { TEST_TOKENS } from '../support/accounts.ts';
import {
  browserTestsCanRun,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { countColour } from '../support/pixels.ts';

const SHELTER_GREEN = '#1a9850';
const SYNTHETIC = 20_000;
/**
 * How near a sampled centre a pixel of the layer's green must be: points overlap at the district's
 * zoom, and a neighbour drawn on top covers the centre with its white ring or hollow white fill.
 */
const NEAR_PX = 3;

const EARTH_RADIUS = 6378137;
/** Web Mercator metres of a lon/lat position, as the map's view counts them. */
const mercator = ([lon, lat]: number[]) => [
  (EARTH_RADIUS * lon * Math.PI) / 180,
  EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)),
];

async function mapOffset(page: Page): Promise<number[]> {
  const box = await page.locator('#map').boundingBox();
  return [box?.x ?? 0, box?.y ?? 0];
}

/** Where lon/lat positions are on the page, in screenshot pixels. */
async function pagePixels(page: Page, lonLats: number[][]): Promise<number[][]> {
  const [dx, dy] = await mapOffset(page);
  const pixels: number[][] = await page.evaluate(
    (xys) => xys.map((xy) => (window as any).onemap.map.getPixelFromCoordinate(xy)),
    lonLats.map(mercator),
  );
  return pixels.map(([x, y]) => [x + dx, y + dy]);
}

interface Carried {
  /** Where the shelter is stored, on the page. */
  stored: number[];
  /** Where the tile put it, on the page. */
  tile: number[];
}

/**
 * The shelters of `sample` that the tiles in view carry (a dense tile keeps only its first 4096
 * features), each where it is stored and where its tile put it.
 */
async function carried(page: Page, sample: Feature<Point>[]): Promise<Carried[]> {
  const [dx, dy] = await mapOffset(page);
  const found: Carried[] = await page.evaluate(
    (wanted) => {
      const { map, layers } = (window as any).onemap;
      const inView = layers.get('shelters').getFeaturesInExtent(map.getView().calculateExtent(map.getSize()));
      const byId = new Map(inView.map((f: any) => [f.getId(), f]));
      return wanted
        .filter((w) => byId.has(w.id))
        .map((w) => ({
          stored: map.getPixelFromCoordinate(w.xy),
          tile: map.getPixelFromCoordinate((byId.get(w.id) as any).getFlatCoordinates().slice(0, 2)),
        }));
    },
    sample.map((f) => ({ id: String(f.id), xy: mercator(f.geometry.coordinates) })),
  );
  return found.map(({ stored, tile }) => ({
    stored: [stored[0] + dx, stored[1] + dy],
    tile: [tile[0] + dx, tile[1] + dy],
  }));
}

/** The requests a page makes to the API, path and query, with whether they carried a token. */
function recordRequests(page: Page, origin: string): { path: string; signed: boolean }[] {
  const seen: { path: string; signed: boolean }[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) return;
    seen.push({
      path: decodeURIComponent(request.url().slice(origin.length)),
      signed: 'authorization' in request.headers(),
    });
  });
  return seen;
}

/** A request for a page of the layer's features that no filter narrows: the whole layer, fetched. */
const wholeLayer = (path: string) =>
  /^\/collections\/shelters\/items(\?|$)/.test(path) && !/[?&](name|township)=/.test(path);

/** A shelter out in the countryside, where no other point is within a few metres. */
function ruralShelter(synthetic: Feature<Point>[], after: number): Feature<Point> {
  const found = synthetic.find((f, i) => i > after && String(f.properties?.name).startsWith('乡村'));
  if (!found) throw new Error('no rural shelter in the synthetic set');
  return found;
}

describe.runIf(browserTestsCanRun())(`a layer of ${SYNTHETIC.toLocaleString('en-US')} points in a browser`, () => {
  const synthetic = syntheticShelters(SYNTHETIC);
  const served = servedClient({
    prepare: async (store) => {
      const shelters = findLayer('shelters');
      if (!shelters) throw new Error('no shelters layer');
      for (let i = 0; i < synthetic.length; i += 5_000) {
        await store.insertFeatures(shelters, synthetic.slice(i, i + 5_000), { user: 'test' });
      }
    },
  });

  it('draws the large layer from vector tiles, every point counted where tiles are full, and the small layers as before', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside = await watchOutsideRequests(page, served.origin);
    const requests = recordRequests(page, served.origin);
    await page.goto(served.origin);
    await waitForMap(page);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/big-layer.png` });

    const layers = await page.evaluate(() => {
      const { layers } = (window as any).onemap;
      const kind = (id: string) => {
        const source = layers.get(id).getSource();
        return typeof source.getTileGrid === 'function' ? 'tiles' : `${source.getFeatures().length} features`;
      };
      return { shelters: kind('shelters'), depots: kind('depots'), riskZones: kind('risk_zones') };
    });
    expect(layers.shelters).toBe('tiles');
    expect(layers.depots).toMatch(/^[1-9]\d* features$/);
    expect(layers.riskZones).toMatch(/^[1-9]\d* features$/);
    expect(requests.filter((r) => r.path.startsWith('/tiles/shelters/')).length).toBeGreaterThan(0);
    expect(requests.filter((r) => wholeLayer(r.path))).toEqual([]);

    // At the district's zoom the full tiles hold density cells: every shelter is counted once, as a
    // point of its own or in its cell's count, against the feature API's count of the same extent.
    const drawn = await page.evaluate(() => {
      const { map, layers } = (window as any).onemap;
      const extent = map.getView().calculateExtent(map.getSize());
      const seen = new Set<string>();
      let points = 0;
      let cells = 0;
      const [w0, s0, e0, n0] = extent;
      for (const f of layers.get('shelters').getFeaturesInExtent(extent)) {
        const [x, y] = f.getFlatCoordinates();
        if (x < w0 || x > e0 || y < s0 || y > n0) continue;
        const count = f.get('count');
        const key = count === undefined ? `id:${f.getId()}` : `cell:${f.getFlatCoordinates().join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (count === undefined) points++;
        else cells++;
        points += count ?? 0;
      }
      const [w, s, e, n] = extent;
      return { points, cells, box: [w, s, e, n] };
    });
    const box = await page.evaluate(([w, s, e, n]) => {
      const toLonLat = (x: number, y: number) => [
        (x / 6378137) * (180 / Math.PI),
        (2 * Math.atan(Math.exp(y / 6378137)) - Math.PI / 2) * (180 / Math.PI),
      ];
      return [...toLonLat(w, s), ...toLonLat(e, n)];
    }, drawn.box);
    const listed = await (
      await fetch(`${served.origin}/collections/shelters/items?limit=1&bbox=${box.join(',')}`)
    ).json();
    expect(drawn.cells).toBeGreaterThan(0);
    // A cell at the view's edge is drawn at the mean of its points, some of which may lie beyond the edge.
    expect(Math.abs(drawn.points - listed.numberMatched)).toBeLessThan(listed.numberMatched * 0.05);
    expect(await countColour(page, png, SHELTER_GREEN)).toBeGreaterThan(2000);
    // The small layers above are still drawn: the national red of the risk zones.
    expect(await countColour(page, png, '#E60012')).toBeGreaterThan(50);
    expect(outside).toEqual([]);

    // Zoomed in to a town, the tiles hold the shelters themselves, each where it is stored.
    const town = ruralShelter(synthetic, 0).geometry.coordinates;
    await page.goto(`${served.origin}/?c=${town[0].toFixed(6)},${town[1].toFixed(6)}&z=15.00&l=admin_areas,shelters`);
    await waitForMap(page);
    const shown = await carried(page, synthetic.slice(0, 5_000));
    expect(shown.length).toBeGreaterThan(0);
    // Tile coordinates are exact to a fraction of a pixel.
    for (const { stored, tile } of shown) expect(Math.hypot(stored[0] - tile[0], stored[1] - tile[1])).toBeLessThan(1);
    await page.close();
  });

  it('switches the large layer off and on from the layer panel', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.origin);
    await waitForMap(page);
    const on = await page.screenshot();

    await page.locator('input[data-layer=shelters]').uncheck();
    await settle(page);
    const off = await page.screenshot({ path: `${SCREENSHOTS}/big-layer-off.png` });
    await page.locator('input[data-layer=shelters]').check();
    await settle(page);
    const again = await page.screenshot();

    const green = (png: Buffer) => countColour(page, png, SHELTER_GREEN);
    expect(await green(on)).toBeGreaterThan(2000);
    expect(await green(off)).toBeLessThan((await green(on)) / 20);
    expect(Math.abs((await green(again)) - (await green(on)))).toBeLessThan((await green(on)) * 0.05);
    expect(page.url()).toContain('shelters');
    await page.close();
  });

  it('opens the popup of a point clicked on the tiles with the whole stored feature', async () => {
    const target = ruralShelter(synthetic, 1_000);
    const [lon, lat] = target.geometry.coordinates;
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests = recordRequests(page, served.origin);
    await page.goto(`${served.origin}/?c=${lon.toFixed(6)},${lat.toFixed(6)}&z=18.00&l=admin_areas,shelters`);
    await waitForMap(page);
    const [[x, y]] = await pagePixels(page, [[lon, lat]]);
    await page.mouse.click(x, y);
    await page.locator('#popup:not([hidden])').waitFor();
    expect(await page.locator('#popup h3').textContent()).toContain(String(target.properties?.name));
    const popup = await page.locator('#popup').textContent();
    expect(popup).toContain('设计容纳人数');
    // Facilities by their labels, from the feature the API holds: a tile carries them as JSON text.
    expect(popup).not.toContain('["');
    expect(requests.map((r) => r.path)).toContain(`/collections/shelters/items/${target.id}`);
    await page.screenshot({ path: `${SCREENSHOTS}/big-layer-popup.png` });
    await page.close();
  });

  it('lists the large layer’s features in view each with its township, as stored, fetching no feature for a row', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests = recordRequests(page, served.origin);
    await page.goto(`${served.origin}/?tool=list&c=119.12000,25.46000&z=15.00&l=admin_areas,shelters`);
    await waitForMap(page);
    await settle(page);
    const rows = page.locator('#tools .feature-list section[data-layer=shelters] button.feature-row');
    await rows.first().waitFor();
    const extent: number[] = await page.evaluate(() => (window as any).onemap.map.getView().calculateExtent());
    const r = EARTH_RADIUS;
    const lonLat = (x: number, y: number) => [
      (x / r) * (180 / Math.PI),
      (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI),
    ];
    const box = [...lonLat(extent[0], extent[1]), ...lonLat(extent[2], extent[3])].join(',');
    // The oracle: each feature's township as the store derived it on write (PostGIS), from the feature API.
    const { features } = (await served.api('GET', `/collections/shelters/items?bbox=${box}&limit=10000`)).body;
    const township = new Map<string, string>(
      features.map((f: Feature) => [`shelters/${f.id}`, f.properties?.township]),
    );
    const shown = async () =>
      rows.evaluateAll((buttons) =>
        buttons.map((b) => ({
          key: (b as HTMLElement).dataset.key ?? '',
          details: b.querySelector('.feature-details')?.textContent ?? '',
        })),
      );
    const wrong = async () =>
      (await shown()).filter(({ key, details }) => !township.has(key) || !details.endsWith(String(township.get(key))));
    await expect.poll(wrong).toEqual([]);
    const listed = await shown();
    expect(listed.length).toBeGreaterThan(20);
    expect(new Set(listed.map(({ key }) => township.get(key))).size).toBeGreaterThan(0);
    expect(listed.every(({ key }) => Boolean(township.get(key)))).toBe(true);
    expect(requests.filter((q) => q.path.startsWith('/collections/shelters/items'))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/big-layer-list-zh.png` });
    await page.close();
  });

  it('finds a feature of the large layer by its name through the API and opens it', async () => {
    const target = synthetic[4_321];
    const name = String(target.properties?.name);
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests = recordRequests(page, served.origin);
    await page.goto(served.origin);
    await waitForMap(page);
    await page.locator('#search').fill(name);
    await page.locator('#search-results button', { hasText: name }).click();
    await page.locator('#popup:not([hidden])').waitFor();
    expect(await page.locator('#popup h3').textContent()).toBe(name);
    expect(requests.map((r) => r.path)).toContain(`/collections/shelters/items?name=${name}&limit=12`);
    expect(requests.filter((r) => wholeLayer(r.path))).toEqual([]);
    await page.close();
  });

  it('shows a point a planner moved where it was dropped, tiles fetched without the token', async () => {
    const target = ruralShelter(synthetic, 2_000);
    const [lon, lat] = target.geometry.coordinates;
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.planner);
    const requests = recordRequests(page, served.origin);
    await page.goto(`${served.origin}/?c=${lon.toFixed(6)},${lat.toFixed(6)}&z=18.00&l=admin_areas,shelters`);
    await waitForMap(page);
    const [from] = await pagePixels(page, [[lon, lat]]);
    const to = [from[0] + 120, from[1] + 40];
    await page.mouse.click(from[0], from[1]);
    await page.locator('#popup button', { hasText: '编辑' }).click();
    await page.locator('#popup button', { hasText: '移动位置' }).click();
    await page.mouse.move(from[0], from[1]);
    await page.mouse.down();
    await page.mouse.move(to[0], to[1], { steps: 8 });
    await page.mouse.up();
    await page.locator('#popup .form-message.ok').waitFor();
    // Closing the editor takes away the dragged copy: what remains is the tiles' own point.
    await page.locator('#popup button.close').click();
    // The refreshed tiles arrive after the editor closes: wait for the tiles' point to be where it was dropped.
    const tilePoint = async () => {
      const [moved] = await carried(page, [{ ...target, geometry: { type: 'Point', coordinates: [lon, lat] } }]);
      return moved ? Math.hypot(moved.tile[0] - to[0], moved.tile[1] - to[1]) : Number.POSITIVE_INFINITY;
    };
    await expect.poll(tilePoint, { timeout: 15_000 }).toBeLessThan(2);
    await settle(page);
    const png = await page.screenshot({ path: `${SCREENSHOTS}/big-layer-moved.png` });

    expect(await countColour(page, png, SHELTER_GREEN, [to], NEAR_PX)).toBe(1);
    expect(await countColour(page, png, SHELTER_GREEN, [from], NEAR_PX)).toBe(0);
    const tiles = requests.filter((r) => r.path.startsWith('/tiles/'));
    expect(tiles.length).toBeGreaterThan(1);
    expect(tiles.filter((r) => r.signed)).toEqual([]);
    expect(requests.some((r) => r.path === '/auth/me' && r.signed)).toBe(true);
    await page.close();
  });
});
