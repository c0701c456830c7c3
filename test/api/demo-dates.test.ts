import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import type { Store } from '../../server/store/index.ts';
import { as } from '../support/accounts.ts';
import { type Backend, backends } from '../support/backends.ts';
import { serve, type TestServer } from '../support/http.ts';

/**
 * The demo loaded on a later day moves its dates with the calendar: the duty room on that day sees the
 * alerts the demo was made to show on its own day, no more. The oracle is the same demo loaded as the
 * files have it, asked on the files' day, and the files' dates themselves.
 */

const FILES_DAY = '2025-06-30';
/** A day well after the files' day, as a first start would see it. */
const LOADED_ON = '2027-03-15';
const DAY_MS = 86_400_000;
const SHIFT = (Date.parse(LOADED_ON) - Date.parse(FILES_DAY)) / DAY_MS;

const demo = (layer: string) =>
  (JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8')) as FeatureCollection)
    .features;

/** Alerts by kind and feature, without the ones that do not come from dates of the demo. */
const alertKeys = (body: any) =>
  body.alerts
    .filter((a: any) => a.kind !== 'camera_overdue')
    .map((a: any) => `${a.kind} ${a.id}`)
    .sort();

// An empty store takes minutes to build embedded: one backend, the server's where there is one.
const backend = backends().at(-1) as Backend;

describe(`the demo's dates on a first start, on the ${backend.name} backend`, () => {
  let moved: { store: Store; api: TestServer };
  let asFiles: { store: Store; api: TestServer };

  beforeAll(async () => {
    const store = await backend.openEmpty();
    expect(await loadDemoIfEmpty(store, { today: LOADED_ON })).toBeGreaterThan(0);
    moved = { store, api: await serve(store) };
    const copy = await backend.open();
    asFiles = { store: copy, api: await serve(copy) };
  }, 600_000);
  afterAll(async () => {
    for (const served of [moved, asFiles]) {
      await served?.api.close();
      await served?.store.close();
    }
  });

  it('shows on the day it is loaded the alerts the files show on their own day', async () => {
    const then = (await asFiles.api.get(`/situation?as_of=${FILES_DAY}`, as('responder'))).body;
    const now = (await moved.api.get(`/situation?as_of=${LOADED_ON}`, as('responder'))).body;
    expect(alertKeys(now)).toEqual(alertKeys(then));
    const kinds = new Set(alertKeys(now).map((k: string) => k.split(' ')[0]));
    for (const kind of ['hazard_overdue', 'stock_expired', 'shelter_full']) expect(kinds, kind).toContain(kind);
    // A plausible handful, not a wall: the files asked on the later day show far more.
    const unmoved = (await asFiles.api.get(`/situation?as_of=${LOADED_ON}`, as('responder'))).body;
    expect(alertKeys(now).length).toBeLessThan(alertKeys(unmoved).length);
  });

  it('moves every hazard date and every stock expiry by the same days, and nothing else', async () => {
    const hazards = (await moved.api.get('/collections/hazards/items?limit=1000', as('responder'))).body.features;
    const byId = new Map(hazards.map((f: any) => [f.id, f.properties]));
    for (const file of demo('hazards')) {
      const stored = byId.get(file.id) as Record<string, unknown>;
      for (const name of ['found_on', 'listed_on', 'rectify_by', 'rectifying_on', 'closed_on']) {
        const was = file.properties?.[name];
        const is = stored[name];
        if (was === null || was === undefined) expect(is ?? null, name).toBeNull();
        else expect((Date.parse(String(is)) - Date.parse(String(was))) / DAY_MS, `${file.id} ${name}`).toBe(SHIFT);
      }
      expect(stored.name).toBe(file.properties?.name);
    }
    const depots = (await moved.api.get('/collections/depots/items?limit=1000', as('responder'))).body.features;
    const stockOf = new Map(depots.map((f: any) => [f.id, f.properties.stock]));
    for (const file of demo('depots')) {
      const rows = stockOf.get(file.id) as { item: string; quantity: number; expires_on: string | null }[];
      const stored = new Map(rows.map((r) => [r.item, r]));
      for (const row of file.properties?.stock ?? []) {
        const now = stored.get(row.item);
        expect(now?.quantity, row.item).toBe(row.quantity);
        if (row.expires_on === null) expect(now?.expires_on).toBeNull();
        else expect((Date.parse(now?.expires_on as string) - Date.parse(row.expires_on)) / DAY_MS).toBe(SHIFT);
      }
    }
  });
});
