/**
 * A big point layer in the browser, the client's way beside the plain way, measured in the same run
 * in Debian's Chromium driven by playwright-core:
 * - tiles: the client's layer for big layers, `ol/layer/VectorTile` reading the API's vector tiles
 *   from an API server on loopback (the embedded backend holding the points), which also serves the
 *   page (render-page/, built by Vite into a temp dir);
 * - canvas: a plain canvas `ol/layer/Vector` holding every point, already in the page.
 * Both draw the same symbols. Per page, after a warm-up layer drawn, panned and removed:
 * - first render: from adding the layer to the map's first `rendercomplete`. For tiles that includes
 *   fetching the TileJSON and every tile in view: each page is a fresh browser context, so nothing
 *   comes from the browser's cache. The server has cut those tiles once before, for a first viewer,
 *   timed apart. The canvas figure leaves out getting the points into the page;
 * - panning: the view moved every animation frame as a drag moves it, per-frame times p50/p99.
 * Once per run, for the record: fetching every feature through the items API, as the client did
 * before it used tiles. Nothing is fetched from the network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, Point } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app.ts';
import { findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/store.ts';
import { TILE } from '../../server/tiles/rules.ts';
import { browserUnavailable, launchBrowser } from '../../test/support/browser.ts';
import { openBenchBackend } from './backends.ts';
import { count, ms, round, summarize, type Timing, table, times } from './measure.ts';
import type { PanSamples, Points, RenderBench } from './render-page/main.ts';
import { boxAround, DISTRICT, syntheticShelters } from './synthetic.ts';

interface Mode {
  points: number;
  /** The canvas layer's warm-up: this many points, drawn, panned and removed first in each page. */
  warmupPoints: number;
  warmupFrames: number;
  /** Pages per way, alternating between the ways. */
  rounds: number;
  /** Animation frames per pan, or fewer (at least 8) once the pan has taken `panBudgetMs`. */
  frames: number;
  panBudgetMs: number;
}

const FULL: Mode = {
  points: 100_000,
  warmupPoints: 1_000,
  warmupFrames: 5,
  rounds: 2,
  frames: 60,
  panBudgetMs: 20_000,
};
const QUICK: Mode = {
  points: 10_000,
  warmupPoints: 1_000,
  warmupFrames: 5,
  rounds: 2,
  frames: 30,
  panBudgetMs: 5_000,
};

type Way = 'tiles' | 'canvas';
const WAYS: Way[] = ['tiles', 'canvas'];
const LABELS: Record<Way, string> = {
  tiles: 'vector tiles from the API (the client)',
  canvas: 'canvas ol/layer/Vector, every point',
};
const LAYER = 'shelters';
const VIEWPORT = { width: 1280, height: 800 };
/** The tile layer's warm-up view: a countryside square, whose few tiles are not among those measured. */
const WARMUP_VIEW = boxAround(119.2, 25.72, 2);
const INSERT_BATCH = 5_000;

export interface WayFigures {
  firstRenderMs: Timing;
  frameMs: Timing;
  renderMs: Timing;
}

export interface RenderBenchResult {
  points: number;
  rounds: number;
  frames: number;
  panBudgetMs: number;
  viewport: typeof VIEWPORT;
  browser: string;
  /** Writing the points into the embedded store, through the store's bulk insert. */
  loadSeconds: number;
  /** The first page to ask for the district's tiles after the layer changed: the index built, the tiles cut. */
  firstViewerMs: number;
  /** What the district's view takes in tiles, and the points they hold. */
  tiles: { requests: number; bytes: number; pointsInView: number };
  /** Every feature through the items API, paged, once. */
  fetchEverything: { ms: number; features: number };
  ways: Record<Way, WayFigures>;
  /** canvas ÷ tiles: how many times the client's tiles are faster. */
  canvasOverTiles: { firstRender: number; frameP50: number; frameP99: number; renderP50: number; renderP99: number };
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    root: fileURLToPath(new URL('./render-page/', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  });
}

/** The API over `store`, serving the built page as the product serves its client. */
async function serve(store: Store, pageDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createApp({ store, config: { corsOrigins: [], clientDir: pageDir, publicReads: 'live' } }).listen(
    0,
    '127.0.0.1',
  );
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function load(store: Store, features: Feature<Point>[]): Promise<number> {
  const layer = findLayer(LAYER);
  if (!layer) throw new Error(`no layer ${LAYER}`);
  const start = performance.now();
  for (let i = 0; i < features.length; i += INSERT_BATCH) {
    await store.insertFeatures(layer, features.slice(i, i + INSERT_BATCH), { user: 'bench' });
  }
  return (performance.now() - start) / 1000;
}

/** The points as the page takes them; about one in ten shelters is closed and drawn hollow. */
function pointsOf(features: Feature<Point>[]): Points {
  const lonLat: number[] = [];
  const status: string[] = [];
  for (const feature of features) {
    lonLat.push(...feature.geometry.coordinates);
    status.push(String(feature.properties?.status));
  }
  return { lonLat, status };
}

/** A page of the bench in a browser context of its own, so no tile comes from an earlier page's cache. */
async function withPage<T>(browser: Browser, origin: string, work: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'bench' in window);
    return await work(page);
  } finally {
    await page.close();
  }
}

type Measured = { firstRenderMs: number } & PanSamples;

/** One page, one way: a warm-up layer drawn, panned and removed, then the measured one. */
function measure(page: Page, way: Way, points: { warmup: Points; measured: Points }, mode: Mode): Promise<Measured> {
  return page.evaluate(
    async ({ layerId, way, points, mode, district, warmupView }) => {
      const { bench } = window as unknown as { bench: RenderBench };
      const tiles = way === 'tiles';
      bench.fit(tiles ? warmupView : district);
      await bench.show(layerId, tiles ? undefined : points.warmup);
      await bench.pan(mode.warmupFrames, mode.panBudgetMs);
      bench.clear();
      bench.fit(district);
      const firstRenderMs = await bench.show(layerId, tiles ? undefined : points.measured);
      const samples = await bench.pan(mode.frames, mode.panBudgetMs);
      bench.clear();
      return { firstRenderMs, ...samples };
    },
    { layerId: LAYER, way, points, mode, district: [...DISTRICT], warmupView: [...WARMUP_VIEW] },
  );
}

/** The first viewer of the district after the layer changed: how long, what was fetched, what is shown. */
async function firstViewer(page: Page): Promise<{ ms: number; tiles: RenderBenchResult['tiles'] }> {
  const fetched = watchTiles(page);
  const { ms, pointsInView } = await page.evaluate(
    async ({ layerId, district }) => {
      const { bench } = window as unknown as { bench: RenderBench };
      bench.fit(district);
      const ms = await bench.show(layerId);
      return { ms, pointsInView: bench.pointsInView() };
    },
    { layerId: LAYER, district: [...DISTRICT] },
  );
  return { ms, tiles: { ...(await fetched.settled()), pointsInView } };
}

/** Counts the tile requests a page makes for the layer and their bytes, read once `settled` resolves. */
function watchTiles(page: Page): { settled: () => Promise<{ requests: number; bytes: number }> } {
  const bodies: Promise<number>[] = [];
  page.on('response', (response) => {
    if (!response.url().includes(`/tiles/${LAYER}/`)) return;
    bodies.push(
      response.body().then(
        (body) => body.length,
        () => 0,
      ),
    );
  });
  return {
    settled: async () => ({ requests: bodies.length, bytes: (await Promise.all(bodies)).reduce((a, b) => a + b, 0) }),
  };
}

export async function benchRender({ quick }: { quick: boolean }): Promise<RenderBenchResult> {
  const unavailable = browserUnavailable();
  if (unavailable) throw new Error(`the render benchmark needs a browser: ${unavailable}`);
  const mode = quick ? QUICK : FULL;
  const dir = mkdtempSync(join(tmpdir(), 'onemap-render-bench-'));
  const backend = await openBenchBackend('embedded');
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    const synthetic = syntheticShelters(mode.points);
    const points = { warmup: pointsOf(synthetic.slice(0, mode.warmupPoints)), measured: pointsOf(synthetic) };
    const [loadSeconds] = await Promise.all([load(backend.store, synthetic), buildPage(dir)]);
    server = await serve(backend.store, dir);
    const origin = server.origin;
    browser = await launchBrowser();
    const first = await withPage(browser, origin, firstViewer);
    if (first.tiles.pointsInView === 0) throw new Error('the tile layer drew nothing');

    const collected = Object.fromEntries(
      WAYS.map((w) => [w, { firstRenderMs: [] as number[], frameMs: [] as number[], renderMs: [] as number[] }]),
    ) as Record<Way, { firstRenderMs: number[]; frameMs: number[]; renderMs: number[] }>;
    for (let round = 0; round < mode.rounds; round++) {
      // Alternating which goes first, so neither always runs on a machine the other has just warmed.
      for (const way of round % 2 === 0 ? WAYS : [...WAYS].reverse()) {
        const result = await withPage(browser, origin, (page) => measure(page, way, points, mode));
        collected[way].firstRenderMs.push(result.firstRenderMs);
        collected[way].frameMs.push(...result.frameMs);
        collected[way].renderMs.push(...result.renderMs);
      }
    }
    const fetchEverything = await withPage(browser, origin, (page) =>
      page.evaluate((layerId) => (window as unknown as { bench: RenderBench }).bench.fetchEverything(layerId), LAYER),
    );

    const ways = Object.fromEntries(
      WAYS.map((w) => [
        w,
        {
          firstRenderMs: summarize(collected[w].firstRenderMs),
          frameMs: summarize(collected[w].frameMs),
          renderMs: summarize(collected[w].renderMs),
        },
      ]),
    ) as Record<Way, WayFigures>;
    const { canvas, tiles: tiled } = ways;
    const result: RenderBenchResult = {
      points: mode.points,
      rounds: mode.rounds,
      frames: mode.frames,
      panBudgetMs: mode.panBudgetMs,
      viewport: VIEWPORT,
      browser: `Chromium ${browser.version()} headless`,
      loadSeconds,
      firstViewerMs: first.ms,
      tiles: first.tiles,
      fetchEverything,
      ways,
      canvasOverTiles: {
        firstRender: canvas.firstRenderMs.p50 / tiled.firstRenderMs.p50,
        frameP50: canvas.frameMs.p50 / tiled.frameMs.p50,
        frameP99: canvas.frameMs.p99 / tiled.frameMs.p99,
        renderP50: canvas.renderMs.p50 / tiled.renderMs.p50,
        renderP99: canvas.renderMs.p99 / tiled.renderMs.p99,
      },
    };
    console.log(formatRender(result));
    return roundedRender(result);
  } finally {
    await browser?.close();
    await server?.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function roundedRender(r: RenderBenchResult): RenderBenchResult {
  const timing = (t: Timing): Timing => ({
    ...t,
    p50: round(t.p50),
    p99: round(t.p99),
    min: round(t.min),
    max: round(t.max),
  });
  const ways = Object.fromEntries(
    WAYS.map((k) => [
      k,
      {
        firstRenderMs: timing(r.ways[k].firstRenderMs),
        frameMs: timing(r.ways[k].frameMs),
        renderMs: timing(r.ways[k].renderMs),
      },
    ]),
  ) as Record<Way, WayFigures>;
  const ratios = Object.fromEntries(Object.entries(r.canvasOverTiles).map(([k, v]) => [k, round(v, 2)]));
  return {
    ...r,
    loadSeconds: round(r.loadSeconds, 1),
    firstViewerMs: round(r.firstViewerMs),
    fetchEverything: { ...r.fetchEverything, ms: round(r.fetchEverything.ms) },
    ways,
    canvasOverTiles: ratios as RenderBenchResult['canvasOverTiles'],
  };
}

export function formatRender(r: RenderBenchResult): string {
  const rows = WAYS.map((k) => {
    const f = r.ways[k];
    const figures = [f.firstRenderMs.p50, f.frameMs.p50, f.frameMs.p99, f.renderMs.p50, f.renderMs.p99];
    return [LABELS[k], ...figures.map(ms), String(f.frameMs.iterations)];
  });
  const x = r.canvasOverTiles;
  rows.push(['canvas ÷ tiles', ...[x.firstRender, x.frameP50, x.frameP99, x.renderP50, x.renderP99].map(times), '']);
  const { requests, bytes, pointsInView } = r.tiles;
  return [
    `\n== render: ${count(r.points)} points in one layer, ${r.browser}, ${r.viewport.width}×${r.viewport.height} ==`,
    `The points were written to the embedded store in ${r.loadSeconds.toFixed(1)} s; the API serves them and the page.`,
    `The district's view takes ${requests} tiles, ${(bytes / 1024).toFixed(0)} KB, holding ${count(pointsInView)} of the ${count(r.points)} points`,
    `(a tile keeps at most ${TILE.maxFeatures}). The first viewer after the layer changed waited ${ms(r.firstViewerMs)} ms: the embedded`,
    'backend reads the layer and builds its tile index. The pages measured come after.',
    `first render: adding the layer until the map's rendercomplete, p50 of ${r.rounds} pages per way, each a fresh browser`,
    'context after a warm-up layer; for tiles the TileJSON and the tiles are fetched from the API, for canvas the points',
    `are already in the page. pan: one 200 px circle, ${r.frames} animation frames or as many as fit in ${r.panBudgetMs / 1000} s`,
    '(at least 8), the view marked as interacting as in a drag; frame = from one animation frame to the next, painting',
    'included; render = the map’s synchronous renderSync. Milliseconds; frames = frames measured over all pages.',
    '',
    table(['way', 'first render', 'frame p50', 'frame p99', 'render p50', 'render p99', 'frames'], rows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
    '',
    `Before tiles the client fetched every feature through the items API first: ${count(r.fetchEverything.features)} features`,
    `in ${ms(r.fetchEverything.ms)} ms, before drawing any.`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchRender({ quick: process.argv.includes('--quick') });
}
