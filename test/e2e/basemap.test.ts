/**
 * On an intranet with no internet, the web map and the public map draw the bureau's own basemap file
 * (ONEMAP_BASEMAP=file:…, a PMTiles or an MBTiles file) under the layers, from the API alone: every
 * tile over the district is one colour, found on the page, and no request leaves the machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openBasemap } from '../../server/basemap/archive.ts';
import {
  browserTestsCanRun,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
  watchOutsideRequests,
} from '../support/browser.ts';
import { mbtiles } from '../support/mbtiles.ts';
import { countColour } from '../support/pixels.ts';
import { pmtiles, solidPng, tilesOver } from '../support/pmtiles.ts';

/** A sand colour no layer draws in, over the demo district and well beyond it. */
const SAND = '#e6c88c';
const BOX = [118.6, 25.1, 119.6, 25.9];
const dir = mkdtempSync(join(tmpdir(), 'onemap-basemap-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The district's file in each format, every tile sand-coloured, with the pages each is looked at on. */
const FILES = [
  {
    kind: 'PMTiles',
    bytes: async () => pmtiles(tilesOver(BOX, 8, 14, await solidPng(SAND)), { tileType: 2, bounds: BOX as never }),
    pages: [
      ['the web map', '/', { width: 1280, height: 800 }],
      ['the public map', '/public', { width: 390, height: 844 }],
    ] as const,
  },
  {
    kind: 'MBTiles',
    bytes: async () =>
      mbtiles(tilesOver(BOX, 8, 14, await solidPng(SAND)), {
        name: '演示区底图',
        format: 'png',
        bounds: BOX.join(','),
        minzoom: '8',
        maxzoom: '14',
      }),
    pages: [['the web map', '/', { width: 1280, height: 800 }]] as const,
  },
];

async function basemapFile(kind: string, bytes: () => Promise<Uint8Array>): Promise<string> {
  const path = join(dir, `district.${kind.toLowerCase()}`);
  writeFileSync(path, await bytes());
  return path;
}

/** Waits until the basemap's TileJSON is read and its tiles drawn. */
async function basemapDrawn(page: Page) {
  await page.waitForFunction(() => {
    const map = (window as any).onemap.map;
    const base = map
      .getLayers()
      .getArray()
      .find((l: any) => l.get('id') === 'basemap-0');
    return base?.getSource()?.getState() === 'ready';
  });
  await settle(page);
}

describe.runIf(browserTestsCanRun()).each(FILES)(
  'a basemap from the bureau’s own $kind file',
  ({ kind, bytes, pages }) => {
    const served = servedClient({
      map: { basemap: 'file' },
      basemap: async () => openBasemap(await basemapFile(kind, bytes)),
    });

    it.each(pages)('draws it under %s with nothing fetched from outside', async (name, path, viewport) => {
      const page = await served.browser.newPage({ viewport });
      const outside = await watchOutsideRequests(page, served.origin);
      await page.goto(served.origin + path);
      await waitForMap(page);
      await basemapDrawn(page);
      const png = await page.locator('.ol-viewport').first().screenshot();
      await page.screenshot({
        path: `${SCREENSHOTS}/basemap-${kind.toLowerCase()}-${path === '/' ? 'staff' : 'public'}.png`,
      });
      const { width, height } = (await page.locator('.ol-viewport').first().boundingBox()) ?? { width: 0, height: 0 };
      // Most of the map shows the file's colour; the layers cover the rest.
      expect(await countColour(page, png, SAND), name).toBeGreaterThan(width * height * 0.2);
      expect(outside).toEqual([]);
      await page.close();
    });
  },
);
