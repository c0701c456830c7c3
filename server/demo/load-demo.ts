import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import type { Dataset } from '../../catalog/datasets.ts';
import { layers } from '../layers/registry.ts';
import { publishDrafts } from '../publishing/publish.ts';
import type { Store } from '../store/index.ts';
import type { ScenarioInput } from '../store/scenarios.ts';
import { heightsDigest } from '../terrain/dem.ts';
import { DEMO_AS_OF, daysFrom, movedDates } from './demo-dates.ts';
import { demoDem } from './demo-dem.ts';

const demoDir = fileURLToPath(new URL('../../data/demo/', import.meta.url));

export const DEMO_DATASET: Dataset = {
  demo: true,
  name: '涵江区',
  note:
    '演示数据:以莆田市涵江区为原型,坐标为近似值,设施均为虚构。 ' +
    'Demo data modelled on Hanjiang District, Putian: coordinates are approximate and the facilities invented.',
};

/** Who the demo writes as, and the source its features carry: what a district set-up may clear (--clear-demo). */
export const DEMO_LOADER = { user: 'demo', source: 'demo' };

/** The source the demo's DEM is recorded with, so it is told from a bureau's own. */
export const DEMO_DEM_SOURCE = 'demo: synthetic 50 m (演示数据)';

export async function readDemoLayer(layerId: string): Promise<FeatureCollection> {
  return JSON.parse(await readFile(`${demoDir}${layerId}.geojson`, 'utf8'));
}

/** The demo's saved scenario (十四五规划补点方案), as scripts/demo/plans/scenario.ts wrote it. */
export async function readDemoScenario(): Promise<ScenarioInput> {
  return JSON.parse(await readFile(`${demoDir}scenario.json`, 'utf8'));
}

/**
 * Loads the committed demo district into a store that has never held data, with its saved scenario so
 * a newcomer has one to open, and its made-up elevation model so the terrain tools have ground to
 * work on. Admin areas go first, so every other feature's township is derived as it is written. Given
 * `today` (YYYY-MM-DD), the demo's dates move with it (demo-dates.ts); without it they stay as the
 * files have them, dated around DEMO_AS_OF, as the tests read them.
 */
export async function loadDemoIfEmpty(store: Store, { today }: { today?: string } = {}): Promise<number> {
  const days = today ? daysFrom(DEMO_AS_OF, today) : 0;
  if (await store.getMeta('dataset')) return 0;
  const counts = await Promise.all(layers.map((layer) => store.summarize(layer)));
  if (counts.some((c) => c.count > 0)) return 0;
  const ordered = [...layers].sort((a, b) => Number(b.id === 'admin_areas') - Number(a.id === 'admin_areas'));
  let total = 0;
  for (const layer of ordered) {
    const { features } = await readDemoLayer(layer.id);
    const dated = features.map((f) => movedDates(layer, f, days));
    total += (await store.insertFeatures(layer, dated, { user: DEMO_LOADER.user })).length;
  }
  await store.scenarios.create(await readDemoScenario(), { user: DEMO_LOADER.user });
  if (!(await store.terrain.info())) {
    const cameras = (await readDemoLayer('cameras')).features.flatMap((f) =>
      f.geometry.type === 'Point' ? [f.geometry.coordinates] : [],
    );
    const dem = demoDem(cameras);
    await store.terrain.replace(dem, {
      sha256: heightsDigest(dem),
      source: DEMO_DEM_SOURCE,
      importedBy: DEMO_LOADER.user,
    });
  }
  await store.setMeta('dataset', DEMO_DATASET);
  return total;
}

/**
 * The demo's risk map as version 1, so the public map has something to show on a first start.
 * Only when nothing is published; a bureau's own data is never published by anyone but a publisher.
 */
export async function publishDemoIfUnpublished(store: Store): Promise<number | undefined> {
  const dataset = await store.getMeta<Dataset>('dataset');
  if (!dataset?.demo || (await store.publications.list()).length > 0) return undefined;
  const publication = await publishDrafts(
    store,
    { title: `${dataset.name}安全风险四色分布图(演示)`, map_date: '2026-01-01', note: '演示数据,非真实风险分区。' },
    DEMO_LOADER.user,
  );
  return publication.version;
}
