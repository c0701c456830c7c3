import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

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
