import type { Page } from 'playwright-core';

/**
 * Counts the pixels of a PNG screenshot near a colour (each channel within 40), decoded by the page
 * itself. With `at`, counts instead the given places that have such a pixel within `within` pixels.
 */
export async function countColour(page: Page, png: Buffer, hex: string, at?: number[][], within = 0): Promise<number> {
  return page.evaluate(
    async ({ data, hex, at, within }) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const near = (i: number) => target.every((v, c) => Math.abs(pixels[i + c] - v) < 40);
      if (at) {
        let places = 0;
        for (const [x, y] of at.map((p) => p.map(Math.round))) {
          let found = false;
          for (let dy = -within; dy <= within && !found; dy++) {
            for (let dx = -within; dx <= within && !found; dx++) {
              const [px, py] = [x + dx, y + dy];
              found = px >= 0 && py >= 0 && px < image.width && py < image.height && near((py * image.width + px) * 4);
            }
          }
          if (found) places++;
        }
        return places;
      }
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) if (near(i)) count++;
      return count;
    },
    { data: png.toString('base64'), hex, at, within },
  );
}
