import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { MapSettings } from '../../catalog/datasets.ts';
import { createApp } from '../../server/app.ts';
import type { BasemapArchive } from '../../server/basemap/types.ts';
import type { Store } from '../../server/store/index.ts';
import { type Backend, backends } from './backends.ts';
import { CLIENT_DIR } from './client-build.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'test-output/screenshots';

/** Why browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : 'Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)';
}

/** Debian's Chromium, headless, with every background connection to the outside switched off. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Records every request the page makes that is not to the test server, and refuses it, so a
 * test can assert that nothing leaves the machine.
 */
export async function watchOutsideRequests(page: Page, origin: string): Promise<string[]> {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return outside;
}

/** Waits for the client's own signal: every layer fetched and the map drawn (rendercomplete). */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(() => 'onemap' in window);
  await page.evaluate(() => (window as unknown as { onemap: { ready: Promise<void> } }).onemap.ready);
}

/**
 * Whether the browser tests can run here. When they cannot it says so loudly, and in CI it fails
 * the run instead: a browser suite may not go quietly missing.
 */
export function browserTestsCanRun(): boolean {
  const unavailable = browserUnavailable();
  if (!unavailable) return true;
  if (process.env.CI === 'true') throw new Error(`${unavailable}: in CI the browser tests must run.`);
  console.warn(`\n!!!!! Browser tests cannot run: ${unavailable} !!!!!\n`);
  return false;
}

export interface ServedClient {
  store: Store;
  origin: string;
  browser: Browser;
  /** A JSON request to the API beside the browser: its status, headers and body (null when empty). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

/**
 * For one describe block: a store of its own (the demo district, embedded; or with `empty` no
 * district at all, on the server backend where there is one; prepared further if asked), the API
 * and the built web client serving it on a loopback port, and a browser; all closed after.
 */
export function servedClient(
  options: {
    map?: MapSettings;
    basemap?: () => Promise<BasemapArchive>;
    prepare?: (store: Store) => Promise<void>;
    empty?: boolean;
  } = {},
): ServedClient {
  const served = {
    async api(method, path, body, headers = {}) {
      const response = await fetch(served.origin + path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
  } as ServedClient;
  let server: Server | undefined;
  beforeAll(async () => {
    // An empty store builds PostGIS anew: seconds on the server backend, minutes embedded on a busy machine.
    served.store = await (options.empty ? (backends().at(-1) as Backend).openEmpty() : backends()[0].open());
    await options.prepare?.(served.store);
    // The default policy: no other origin may call the API; the client is served from its own.
    const config = {
      corsOrigins: [],
      clientDir: CLIENT_DIR,
      map: options.map,
      basemap: await options.basemap?.(),
      publicReads: 'live' as const,
    };
    server = createApp({ store: served.store, config }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    served.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    served.browser = await launchBrowser();
  }, 360_000);
  afterAll(async () => {
    await served.browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await served.store?.close();
  });
  return served;
}

/** A feature of the analysis overlay as plain data: its role, id, label, and its geometry's coordinates and extent (map units). */
export interface OverlayFeature {
  role: string;
  id?: string;
  label?: string;
  coordinates: any;
  extent: number[];
}

/** The features the analysis overlay holds now. */
export const overlayFeatures = (page: Page): Promise<OverlayFeature[]> =>
  page.evaluate(() => {
    const { map } = (window as any).onemap;
    const layer = map
      .getLayers()
      .getArray()
      .find((l: any) => l.get('id') === 'analysis');
    return layer
      .getSource()
      .getFeatures()
      .map((f: any) => ({
        role: f.get('role'),
        id: f.getId(),
        label: f.get('label'),
        coordinates: f.getGeometry().getCoordinates(),
        extent: f.getGeometry().getExtent(),
      }));
  });

/** Roles of the analysis overlay's features now drawn, with their counts. */
export async function overlayRoles(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { role } of await overlayFeatures(page)) counts[role] = (counts[role] ?? 0) + 1;
  return counts;
}

/**
 * Asks the incident tool, open on the page, for the nearest of `layer` to a place typed in, as a duty
 * officer does, and waits for the first row of `rows`.
 */
export async function analyseIncident(page: Page, layer: string, [lon, lat]: number[], rows = '.nearest-row') {
  await page.locator('#incident-layer').selectOption(layer);
  await page.locator('#incident-lon').fill(String(lon));
  await page.locator('#incident-lat').fill(String(lat));
  await page.locator('section[data-tool=incident] button.primary').click();
  await page.locator(rows).first().waitFor();
}

/**
 * The legend's and a sheet's boxes once the legend stands above the sheet: on a phone it follows a
 * sheet that grew with an answer a frame later.
 */
export async function legendAboveSheet(page: Page, sheet: string) {
  const boxes = async () => ({
    legend: await page.locator('#legend').boundingBox(),
    sheet: await page.locator(sheet).boundingBox(),
  });
  await expect
    .poll(async () => {
      const { legend, sheet } = await boxes();
      return Boolean(legend && sheet && legend.y + legend.height <= sheet.y);
    })
    .toBe(true);
  return boxes;
}

/** Waits until the view has stopped moving and the map has drawn what it now shows (rendercomplete). */
export async function settle(page: Page | Frame): Promise<void> {
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

/** Where on the page a longitude/latitude of the map (window.onemap.map, either page) is drawn now. */
export async function pagePixel(page: Page, lonLat: number[]): Promise<[number, number]> {
  const box = await page.locator('#map').boundingBox();
  const [x, y] = await page.evaluate(([lon, lat]) => {
    const r = 6378137;
    const mercator = [(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
    return (window as any).onemap.map.getPixelFromCoordinate(mercator);
  }, lonLat);
  return [(box?.x ?? 0) + x, (box?.y ?? 0) + y];
}

/** A box on the page, as playwright's `boundingBox` gives it. */
type Box = { x: number; y: number; width: number; height: number };

/** Whether two boxes on the page overlap. */
export const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The numbers of an indicator's figures line: "93.2% → 94.1% / 目标 ≥95%" gives [93.2, 94.1, 95]. */
export const numbersIn = (text: string | null) =>
  [...(text ?? '').matchAll(/-?[\d,]+(?:\.\d+)?/g)].map((m) => Number(m[0].replaceAll(',', '')));
