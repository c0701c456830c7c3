/**
 * Drawing one layer of many points in the browser: the client's WebGL layer beside a plain canvas
 * `ol/layer/Vector` holding the same points in the same style, measured in the same run, in Debian's
 * Chromium driven by playwright-core. A small page (render-page/) is built by Vite into a temp dir
 * and served from loopback; nothing is fetched from the network.
 * - first render: from adding the layer with its features to the map's first `rendercomplete`;
 * - panning: the view moved every animation frame as a drag moves it, per-frame times p50/p99.
 * Headless Chromium draws WebGL with SwiftShader, on the CPU: the ratio between the renderers is the
 * figure that travels, not the WebGL milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import type { Renderer } from '../../client/layers/feature-layer.ts';
import { browserUnavailable, launchBrowser } from '../../test/support/browser.ts';
import { count, ms, round, summarize, type Timing, table, times } from './measure.ts';
import type { PanSamples, Points, RenderBench } from './render-page/main.ts';
import { DISTRICT, syntheticShelters } from './synthetic.ts';

interface Mode {
  points: number;
  /** A first layer drawn and panned, then removed, in each page before the measured one. */
  warmupPoints: number;
  warmupFrames: number;
  /** Pages per renderer, alternating between the renderers. */
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

const RENDERERS: Renderer[] = ['canvas', 'webgl'];
const LABELS: Record<Renderer, string> = { canvas: 'canvas ol/layer/Vector', webgl: 'WebGL ol/layer/WebGLVector' };
const VIEWPORT = { width: 1280, height: 800 };

export interface RendererFigures {
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
  webgl: string;
  renderers: Record<Renderer, RendererFigures>;
  /** canvas ÷ WebGL: how many times the WebGL layer is faster. */
  canvasOverWebgl: { firstRender: number; frameP50: number; frameP99: number; renderP50: number; renderP99: number };
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

async function serve(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = express().use(express.static(dir)).listen(0, '127.0.0.1');
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

/** The bench's shelters as the page takes them; about one in ten is closed and drawn hollow. */
function pointsOf(n: number): Points {
  const lonLat: number[] = [];
  const status: string[] = [];
  for (const feature of syntheticShelters(n)) {
    lonLat.push(...feature.geometry.coordinates);
    status.push(String(feature.properties?.status));
  }
  return { lonLat, status };
}

/** One page, one renderer: a warm-up layer drawn, panned and removed, then the measured one. */
async function measure(
  browser: Browser,
  origin: string,
  renderer: Renderer,
  points: { warmup: Points; measured: Points },
  mode: Mode,
): Promise<{ firstRenderMs: number } & PanSamples> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => 'bench' in window);
    return await page.evaluate(
      async ({ renderer, points, mode, district }) => {
        const { bench } = window as unknown as { bench: RenderBench };
        bench.fit(district);
        await bench.show(renderer, points.warmup);
        await bench.pan(mode.warmupFrames, mode.panBudgetMs);
        bench.clear();
        const firstRenderMs = await bench.show(renderer, points.measured);
        const samples = await bench.pan(mode.frames, mode.panBudgetMs);
        bench.clear();
        return { firstRenderMs, ...samples };
      },
      { renderer, points, mode, district: [...DISTRICT] },
    );
  } finally {
    await page.close();
  }
}

async function webglOf(browser: Browser, origin: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => 'bench' in window);
    return await page.evaluate(() => (window as unknown as { bench: RenderBench }).bench.webglRenderer());
  } finally {
    await page.close();
  }
}

export async function benchRender({ quick }: { quick: boolean }): Promise<RenderBenchResult> {
  const unavailable = browserUnavailable();
  if (unavailable) throw new Error(`the render benchmark needs a browser: ${unavailable}`);
  const mode = quick ? QUICK : FULL;
  const dir = mkdtempSync(join(tmpdir(), 'onemap-render-bench-'));
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    await buildPage(dir);
    server = await serve(dir);
    browser = await launchBrowser();
    const points = { warmup: pointsOf(mode.warmupPoints), measured: pointsOf(mode.points) };
    const collected = Object.fromEntries(
      RENDERERS.map((r) => [r, { firstRenderMs: [] as number[], frameMs: [] as number[], renderMs: [] as number[] }]),
    ) as Record<Renderer, { firstRenderMs: number[]; frameMs: number[]; renderMs: number[] }>;
    for (let round = 0; round < mode.rounds; round++) {
      // Alternating which goes first, so neither always runs on a machine the other has just warmed.
      for (const renderer of round % 2 === 0 ? RENDERERS : [...RENDERERS].reverse()) {
        const result = await measure(browser, server.origin, renderer, points, mode);
        collected[renderer].firstRenderMs.push(result.firstRenderMs);
        collected[renderer].frameMs.push(...result.frameMs);
        collected[renderer].renderMs.push(...result.renderMs);
      }
    }
    const renderers = Object.fromEntries(
      RENDERERS.map((r) => [
        r,
        {
          firstRenderMs: summarize(collected[r].firstRenderMs),
          frameMs: summarize(collected[r].frameMs),
          renderMs: summarize(collected[r].renderMs),
        },
      ]),
    ) as Record<Renderer, RendererFigures>;
    const { canvas, webgl } = renderers;
    const result: RenderBenchResult = {
      points: mode.points,
      rounds: mode.rounds,
      frames: mode.frames,
      panBudgetMs: mode.panBudgetMs,
      viewport: VIEWPORT,
      browser: `Chromium ${browser.version()} headless`,
      webgl: await webglOf(browser, server.origin),
      renderers,
      canvasOverWebgl: {
        firstRender: canvas.firstRenderMs.p50 / webgl.firstRenderMs.p50,
        frameP50: canvas.frameMs.p50 / webgl.frameMs.p50,
        frameP99: canvas.frameMs.p99 / webgl.frameMs.p99,
        renderP50: canvas.renderMs.p50 / webgl.renderMs.p50,
        renderP99: canvas.renderMs.p99 / webgl.renderMs.p99,
      },
    };
    console.log(formatRender(result));
    return roundedRender(result);
  } finally {
    await browser?.close();
    await server?.close();
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
  const renderers = Object.fromEntries(
    RENDERERS.map((k) => [
      k,
      {
        firstRenderMs: timing(r.renderers[k].firstRenderMs),
        frameMs: timing(r.renderers[k].frameMs),
        renderMs: timing(r.renderers[k].renderMs),
      },
    ]),
  ) as Record<Renderer, RendererFigures>;
  const ratios = Object.fromEntries(Object.entries(r.canvasOverWebgl).map(([k, v]) => [k, round(v, 2)]));
  return { ...r, renderers, canvasOverWebgl: ratios as RenderBenchResult['canvasOverWebgl'] };
}

export function formatRender(r: RenderBenchResult): string {
  const rows = RENDERERS.map((k) => {
    const f = r.renderers[k];
    const figures = [f.firstRenderMs.p50, f.frameMs.p50, f.frameMs.p99, f.renderMs.p50, f.renderMs.p99];
    return [LABELS[k], ...figures.map(ms), String(f.frameMs.iterations)];
  });
  const x = r.canvasOverWebgl;
  rows.push(['canvas ÷ WebGL', ...[x.firstRender, x.frameP50, x.frameP99, x.renderP50, x.renderP99].map(times), '']);
  const software = /swiftshader|llvmpipe|software/i.test(r.webgl);
  return [
    `\n== render: ${count(r.points)} points in one layer, ${r.browser}, ${r.viewport.width}×${r.viewport.height} ==`,
    `WebGL is drawn by ${r.webgl}.`,
    software
      ? 'That is software rendering on the CPU, not a GPU: the WebGL figures here say how the layer fares on a machine\n' +
        'without graphics acceleration, not on a laptop with one. Read the ratios, and read them as that.'
      : 'Both renderers ran on this machine in the same run: read the ratios.',
    `first render: adding the layer with its features until the map's rendercomplete, p50 of ${r.rounds} pages per renderer,`,
    `each after a warm-up layer. pan: one 200 px circle, ${r.frames} animation frames or as many as fit in ${r.panBudgetMs / 1000} s`,
    '(at least 8), the view marked as interacting as in a drag; frame = from one animation frame to the next, painting',
    'included; render = the map’s synchronous renderSync. Milliseconds; frames = frames measured over all pages.',
    '',
    table(['renderer', 'first render', 'frame p50', 'frame p99', 'render p50', 'render p99', 'frames'], rows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchRender({ quick: process.argv.includes('--quick') });
}
