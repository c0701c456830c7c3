/**
 * Layers too large to hold in the API process: a layer with more active features than
 * `ONEMAP_IN_PROCESS_MAX_FEATURES` is read near the place asked about, through the store's spatial
 * queries (KNN candidates, what lies within a distance), instead of whole from the layer cache; a
 * smaller one keeps the in-memory indexes. A layer's size is a count the store stops at the threshold
 * (`countUpTo`), kept until the layer changes, so asking costs at most one short scan per version.
 */
import type { AroundLayers, AroundPart } from '../analysis/around.ts';
import { AROUND_LAYERS, aroundTally } from '../analysis/around.ts';
import type { PlacedByLevel } from '../analysis/exposure.ts';
import { leftOutOf, type Misfit } from '../analysis/misfit.ts';
import type { NearestOptions } from '../analysis/nearest.ts';
import { nearestInPlanarOrder } from '../analysis/nearest-knn.ts';
import { asBuiltOne } from '../analysis/planned.ts';
import type { AnyFeature, Layers, LonLat, PointFeature, Reached } from '../analysis/types.ts';
import { isPlannable, isPlanned } from '../layers/planned.ts';
import { layerNamed } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import type { PlannedRows } from '../store/store.ts';

/** Layers with more active features than this are read near a place, not whole, unless configured otherwise. */
export const IN_PROCESS_MAX_FEATURES = 100_000;

/** Where an analysis reads its layers: the cache of whole layers, the store's spatial queries past the threshold. */
export interface LayerReads {
  store: Store;
  cache: LayerCache;
  maxInProcess: number;
}

/** Whether a layer holds more active features than the process keeps whole. */
export async function isLarge({ store, cache, maxInProcess }: LayerReads, id: string): Promise<boolean> {
  const layer = layerNamed(id);
  const size = await cache.keep(`size:${id}:${maxInProcess}`, [id], () => store.countUpTo(layer, maxInProcess + 1));
  return size > maxInProcess;
}

/** What the needs' filters and a planned feature's building read: the fields a nearest answer's counts group by. */
const NEED_FIELDS = ['status', 'free_places', 'capacity', 'specialties', 'on_duty'];

/** The candidates of a nearest question, however the layer is held: how many, those left out, and a ranking. */
export interface NearestPool {
  candidates: number;
  planned: number;
  leftOut(misfit: Misfit): Record<string, number>;
  rank(options: NearestOptions): Promise<Reached[]>;
}

/**
 * A large layer's nearest candidates: counted by the fields the needs read (one grouped scan per
 * version of the layer, kept), ranked from KNN pages. With planned ones asked for, a planned feature
 * counts as the built one it will be, as in memory.
 */
export async function storePool(reads: LayerReads, id: string, from: LonLat, includePlanned: boolean) {
  const layer = layerNamed(id);
  const fields = NEED_FIELDS.filter((name) => layer.fields.some((f) => f.name === name));
  const groups = await reads.cache.keep(`groups:${id}`, [id], () => reads.store.countBy(layer, fields));
  const asFeature = (properties: Record<string, unknown>) =>
    ({ type: 'Feature', id: '', geometry: { type: 'Point', coordinates: from }, properties }) as PointFeature;
  const seen = (f: AnyFeature) => (includePlanned ? asBuiltOne(id, f) : f) as PointFeature;
  const kept = groups
    .map((g) => ({
      feature: seen(asFeature(g.properties)),
      count: g.count,
      planned: isPlanned(asFeature(g.properties)),
    }))
    .filter((g) => includePlanned || !g.planned);
  const planned: PlannedRows = includePlanned ? 'include' : 'exclude';
  const pool: NearestPool = {
    candidates: kept.reduce((n, g) => n + g.count, 0),
    planned: includePlanned
      ? 0
      : groups.filter((g) => isPlanned(asFeature(g.properties))).reduce((n, g) => n + g.count, 0),
    leftOut: (misfit) => leftOutOf(kept, misfit),
    rank: (options) =>
      nearestInPlanarOrder(
        async (limit) =>
          (await reads.store.nearestCandidates(layer, from, { limit, planned })).map((c) => ({
            feature: seen(c.feature as AnyFeature),
            planarDeg: c.planarDeg,
          })),
        from,
        options,
      ),
  };
  return pool;
}

/** The items some depot stocks, sorted: from the store for a large depots layer. */
export async function stockedItems(reads: LayerReads, whole: () => Promise<string[]>): Promise<string[]> {
  return (await isLarge(reads, 'depots')) ? (await reads.store.stockedItems()).sort() : whole();
}

type Parts = Partial<Record<keyof AroundLayers, AroundPart>>;

/**
 * The around analysis's inputs: the small layers whole from the cache, the large ones as what the
 * store found within R (the first `nearest` of each listed exactly), and for those that may be
 * planned, what is planned within R, counted apart unless planned ones are asked for.
 */
export async function aroundInputs(
  reads: LayerReads,
  at: LonLat,
  radiusKm: number,
  includePlanned: boolean,
  nearest: number,
): Promise<{ layers: AroundLayers; parts: Parts; plannedParts: Parts }> {
  const large = new Set<string>();
  for (const id of AROUND_LAYERS) if (await isLarge(reads, id)) large.add(id);
  const small = AROUND_LAYERS.filter((id) => !large.has(id));
  const layers = small.length ? ((await reads.cache.get(small)) as AroundLayers) : {};
  const within = async (ids: (keyof AroundLayers)[], planned: PlannedRows, n: number): Promise<Parts> => {
    const found: Parts = {};
    for (const id of ids) {
      const query = { planned, nearest: n, ...aroundTally(id) };
      found[id] = (await reads.store.withinDistance(layerNamed(id), at, radiusKm * 1000, query)) as AroundPart;
    }
    return found;
  };
  const largeIds = AROUND_LAYERS.filter((id) => large.has(id));
  const parts = await within(largeIds, includePlanned ? 'include' : 'exclude', nearest);
  const plannedParts = includePlanned ? {} : await within(largeIds.filter(isPlannable), 'only', 0);
  return { layers, parts, plannedParts };
}

/** The layers exposure places in the risk zones that a province may hold by the million, and what it counts of them. */
const PLACED: Record<'population' | 'hazards', { groupBy: string[]; sums: string[] }> = {
  population: { groupBy: [], sums: ['residents'] },
  hazards: { groupBy: ['kind'], sums: [] },
};

/**
 * Exposure's inputs: the small layers whole from the cache; a large population or hazards layer as
 * the store's counts by the highest zone level (kept until it or the zones change), with the few
 * areas it hands over whole as that layer. (A what-if proposes facilities, never population or
 * hazards, so its proposals lay over these inputs in memory.)
 */
export async function exposureInputs(
  reads: LayerReads,
  ids: readonly string[],
): Promise<{ layers: Layers; placed: PlacedByLevel }> {
  const large: (keyof typeof PLACED)[] = [];
  for (const id of ['population', 'hazards'] as const) if (await isLarge(reads, id)) large.push(id);
  const layers: Layers = await reads.cache.get(ids.filter((id) => !large.includes(id as keyof typeof PLACED)));
  const placed: PlacedByLevel = {};
  for (const id of large) {
    const found = await reads.cache.keep(`zone-levels:${id}`, [id, 'risk_zones'], () =>
      reads.store.zoneLevels(layerNamed(id), layerNamed('risk_zones'), PLACED[id]),
    );
    placed[id] = found.inside.map((g) => ({
      level: Number(g.properties.level),
      kind: typeof g.properties.kind === 'string' ? g.properties.kind : null,
      count: g.count,
      residents: g.sums.residents ?? 0,
    }));
    layers[id] = found.handed as AnyFeature[];
  }
  return { layers, placed };
}
