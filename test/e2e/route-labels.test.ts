/**
 * The incident tool's route ranks stay readable among the map's names. Zoomed in far enough that
 * facilities are named, the rank and minutes written at each fire station the answer ranks ("1.
 * 3 分钟") keep their place: no station's, depot's, team's or shelter's name is printed over them.
 * Each rank's box is measured in the page with the label's own font and offset, apart from
 * OpenLayers; the names drawn are OpenLayers' own record of the frame (its declutter boxes). With
 * each ranked station in turn at the centre of the view, in Chinese and English, on a 1280×800
 * desktop and a 390×844 phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/accounts.ts';
import {
  analyseIncident,
  browserTestsCanRun,
  overlayFeatures,
  SCREENSHOTS,
  servedClient,
  settle,
  waitForMap,
} from '../support/browser.ts';

/** Near the district seat, where stations, teams and depots crowd and their names with them. */
const SEAT = [119.12, 25.46];
const NAMED = ['fire_stations', 'depots', 'teams', 'shelters'];

interface Box {
  text: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * The frame drawn next: the box of each rank label whose place is seen (not under a panel), measured
 * in the page, and the boxes of the names OpenLayers drew, in CSS pixels.
 */
const frame = (page: Page): Promise<{ ranks: Box[]; drawnRanks: string[]; names: Box[] }> =>
  page.evaluate(
    (named) =>
      new Promise((resolve) => {
        const { map } = (window as any).onemap;
        const overlay = map
          .getLayers()
          .getArray()
          .find((l: any) => l.get('id') === 'analysis');
        const pen = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        pen.font = 'bold 12px "Noto Sans CJK SC", sans-serif';
        pen.textBaseline = 'middle';
        const viewport = map.getViewport().getBoundingClientRect();
        const ranks: Box[] = [];
        for (const f of overlay.getSource().getFeatures()) {
          if (f.get('role') !== 'label' || !f.getId().startsWith('label-')) continue;
          const [x, y] = map.getPixelFromCoordinate(f.getGeometry().getCoordinates());
          const hit = document.elementFromPoint(viewport.left + x, viewport.top + y - 16);
          if (!hit || !map.getViewport().contains(hit)) continue;
          const text = String(f.get('label'));
          const m = pen.measureText(text);
          // Centred 16 px above the station, as the label is drawn, without its padding: the words alone.
          ranks.push({
            text,
            minX: x - m.width / 2,
            maxX: x + m.width / 2,
            minY: y - 16 - m.actualBoundingBoxAscent,
            maxY: y - 16 + m.actualBoundingBoxDescent,
          });
        }
        map.once('postrender', (event: any) => {
          const ratio = event.frameState.pixelRatio;
          const entries = event.frameState.declutter?.true?.all() ?? [];
          const box = (e: any, text: string) => ({
            text,
            minX: e.minX / ratio,
            minY: e.minY / ratio,
            maxX: e.maxX / ratio,
            maxY: e.maxY / ratio,
          });
          const layerOf = (feature: any) =>
            named.find((id: string) => {
              const layer = map
                .getLayers()
                .getArray()
                .find((l: any) => l.get('id') === id);
              return layer?.getSource()?.hasFeature?.(feature);
            });
          resolve({
            ranks,
            drawnRanks: entries
              .filter((e: any) => e.value?.get('role') === 'label')
              .map((e: any) => e.value.get('label')),
            names: entries.filter((e: any) => layerOf(e.value)).map((e: any) => box(e, String(e.value.get('name')))),
          });
        });
        map.render();
      }),
    NAMED,
  );

const overlaps = (a: Box, b: Box) => a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;

describe.runIf(browserTestsCanRun())('route ranks among the names on the map', () => {
  const served = servedClient({ map: { basemap: 'none' as const } });

  it.each([
    ['zh', 'desktop', { width: 1280, height: 800 }],
    ['en', 'desktop', { width: 1280, height: 800 }],
    ['zh', 'phone', { width: 390, height: 844 }],
    ['en', 'phone', { width: 390, height: 844 }],
  ] as const)(
    'keeps every rank clear of the names in %s on a %s',
    { timeout: 240_000 },
    async (lang, device, viewport) => {
      const page = await served.browser.newPage({ viewport });
      page.setDefaultTimeout(60_000);
      await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
      const layers = ['admin_areas', 'roads', ...NAMED].join(',');
      await page.goto(`${served.origin}/?lang=${lang}&tool=incident&c=119.12000,25.46000&z=14&l=${layers}`);
      await waitForMap(page);
      await analyseIncident(page, 'fire_stations', SEAT, '.nearest[data-method=road] .nearest-row');
      await settle(page);
      const stations = (await overlayFeatures(page))
        .filter((f) => f.role === 'label')
        .map((f) => ({ label: String(f.label), at: f.coordinates as number[] }));
      expect(stations.length).toBeGreaterThan(0);

      let seen = 0;
      let named = 0;
      for (const { label, at } of stations) {
        // Zoom 15 (about 4.8 m a pixel): facilities are named from 10 m a pixel.
        await page.evaluate((centre) => (window as any).onemap.map.getView().setCenter(centre), at);
        await page.evaluate(() => (window as any).onemap.map.getView().setZoom(15));
        await settle(page);
        const { ranks, drawnRanks, names } = await frame(page);
        for (const rank of ranks) {
          expect(drawnRanks, `rank ${rank.text} drawn`).toContain(rank.text);
          const over = names.filter((name) => overlaps(rank, name)).map((name) => name.text);
          expect(over, `names over ${rank.text}`).toEqual([]);
        }
        seen += ranks.length;
        named += names.length;
        // The third station of the demo answer stands among a team's and a depot's names.
        if (label.startsWith('3.')) await page.screenshot({ path: `${SCREENSHOTS}/route-ranks-${lang}-${device}.png` });
      }
      // Not a vacuous pass: ranks were seen among names drawn.
      expect(seen).toBeGreaterThanOrEqual(stations.length);
      expect(named).toBeGreaterThan(stations.length);
      await page.close();
    },
  );
});
