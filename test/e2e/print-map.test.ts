import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { RISK_COLOURS, RISK_OUTLINES } from '../../catalog/palette.ts';
import type { RiskLevel } from '../../catalog/risk-levels.ts';
import { TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, servedClient, settle, waitForMap } from '../support/browser.ts';

/**
 * The staff map printed by the browser itself (Chromium's print to PDF, backgrounds not asked for, as
 * a user's print dialog leaves them by default), then read back by poppler: the header and the legend's
 * four colours must be on the paper, the panels must not. No risk layer is shown, so the four colours
 * on the page can only be the legend's.
 */

const OUT = 'test-output/print-map';
mkdirSync(OUT, { recursive: true });
const run = async (command: string, args: string[]) =>
  (await promisify(execFile)(command, args, { encoding: 'utf8' })).stdout;

const HEADER = '#12355b';

/** Pixels of the PNG within 40 of each colour, on every channel. */
async function colourCounts(png: Buffer, colours: string[]): Promise<Record<string, number>> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const counts: Record<string, number> = {};
  for (const hex of colours) {
    const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (target.every((v, c) => Math.abs(data[i + c] - v) < 40)) count++;
    counts[hex] = count;
  }
  return counts;
}

describe.runIf(browserTestsCanRun())('the staff map on paper', () => {
  const served = servedClient();

  it('prints the header, the map and the legend in its colours, and leaves the panels on the screen', {
    timeout: 300_000,
  }, async () => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS.responder);
    await page.goto(`${served.origin}/?tool=incident&c=119.05000,25.58000&z=10&l=admin_areas,shelters`);
    await waitForMap(page);
    await settle(page);
    const pdf = join(OUT, 'map.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4', landscape: true, printBackground: false }));
    await run('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(OUT, 'map')]);
    const levels = Object.keys(RISK_COLOURS) as unknown as RiskLevel[];
    const colours = [HEADER, ...levels.flatMap((l) => [RISK_COLOURS[l], RISK_OUTLINES[l]])];
    const counts = await colourCounts(readFileSync(join(OUT, 'map.png')), colours);
    // The header bar: some 800 × 25 pixels at 60 dpi.
    expect(counts[HEADER], 'header').toBeGreaterThan(5000);
    // Each level's swatch: its colour, or the darker edge orange and yellow are ringed with.
    for (const l of levels) {
      const inks =
        RISK_COLOURS[l] === RISK_OUTLINES[l]
          ? counts[RISK_COLOURS[l]]
          : counts[RISK_COLOURS[l]] + counts[RISK_OUTLINES[l]];
      expect(inks, `legend level ${l}`).toBeGreaterThan(30);
    }
    const text = await run('pdftotext', [pdf, '-']);
    for (const words of ['应急一张图', '涵江区', '演示数据', '重大风险', '较大风险', '一般风险', '低风险'])
      expect(text).toContain(words);
    for (const words of ['事件分析', '查找资源', '应急物资储备库']) expect(text).not.toContain(words);
    expect(Number(/Pages:\s+(\d+)/.exec(await run('pdfinfo', [pdf]))?.[1])).toBe(1);
    await page.close();
  });
});
