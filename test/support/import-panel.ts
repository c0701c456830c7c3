import type { Page } from 'playwright-core';

/**
 * A planner's import through the web map's panel, step by step as a person does it, for any browser
 * walk to call: the import test, and a walk that sets a district up first and then imports its
 * sheets. The page must show the map signed in as a planner (or an administrator).
 */

export interface PanelImport {
  /** The layer to import into; shelters unless said. */
  layer?: string;
  /** Columns to put to another field by hand before confirming: column header → field name (or `-`). */
  remap?: Record<string, string>;
  /** Tick "allow positions outside the district" before confirming. */
  allowOutside?: boolean;
  /** Called after each check the panel makes, with the page as it then stands (for assertions and screenshots). */
  afterCheck?: (step: 'read' | 'remapped' | 'allowed') => Promise<void>;
}

export interface PanelOutcome {
  /** The panel's last line: what was written. */
  outcome: string;
  /** The features created, read from that line. */
  created: number;
}

/** Waits for the one import request the action sends, and for the panel to have drawn its answer. */
async function answered(page: Page, action: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/import/'));
  await action();
  await response;

  await page.locator('[data-tool=import] progress').waitFor({ state: 'hidden' });
}

export async function importSheetThroughPanel(
  page: Page,
  file: string,
  options: PanelImport = {},
): Promise<PanelOutcome> {
  const panel = page.locator('section[data-tool=import]');
  if (!(await panel.isVisible())) await page.locator('.tool-tabs button[data-tool=import]').click();
  await page.locator('#import-layer').selectOption(options.layer ?? 'shelters');
  await answered(page, () => page.locator('#import-file').setInputFiles(file));
  await options.afterCheck?.('read');
  for (const [column, target] of Object.entries(options.remap ?? {})) {
    await answered(page, () => panel.locator(`select[data-column="${column}"]`).selectOption(target));
  }
  if (options.remap) await options.afterCheck?.('remapped');
  if (options.allowOutside) {
    await answered(page, () => page.locator('#import-outside').check());
    await options.afterCheck?.('allowed');
  }
  // Enter confirms, as it does for a planner at the keyboard.
  await page.locator('#import-crs').focus();
  await answered(page, () => page.keyboard.press('Enter'));
  const outcome = (await panel.locator('.import-outcome').textContent()) ?? '';
  const created = Number(/\+(\d+)/.exec(outcome)?.[1] ?? Number.NaN);
  return { outcome, created };
}
