/**
 * `POST /analysis/nearest`: the nearest depots, teams, shelters or fire stations for a need, in a
 * straight line or by travel time on the roads. Both rank the same candidates — those that pass the
 * need's filters (stock, specialties, on duty, free places, built or planned) — and say what was left
 * out and why. By road a team or a depot's lorry drives *to* the incident and people go *from* it to
 * a shelter; what the roads do not connect is listed as unreachable, never guessed at; a what-if may
 * close road segments for this answer alone. With no roads the answer is the straight line, and says so.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { todayInChina } from '../../catalog/china-time.ts';
import {
  asBuilt,
  existingOnly,
  featuresOf,
  fits,
  knownItems,
  knownSpecialties,
  leftOut,
  matchStock,
  nearest,
  type PointIndex,
  pointIndex,
  shelterMisfit,
  teamMisfit,
  unknownOf,
} from '../analysis/index.ts';
import { depotNeed } from '../analysis/nearest-depots.ts';
import { nearestOnRoads, noneOnRoads, type OnRoads, type Unreached } from '../analysis/nearest-on-roads.ts';
import type { LayerId, PointFeature, Profile, Props, Reached } from '../analysis/types.ts';
import { HttpProblem, invalidParam } from '../http/problem.ts';
import { isPlanned } from '../layers/planned.ts';
import { withoutInternal } from '../layers/registry.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import type { nearestRequest } from './analysis-requests.ts';
import { languageOf } from './language.ts';
import { isLarge, type LayerReads, type NearestPool, stockedItems, storePool } from './large-layers.ts';
import { checkClosedRoads, roadNetworkFor } from './road-network.ts';

type NearestRequest = z.output<typeof nearestRequest>;
type Lang = ReturnType<typeof languageOf>;

/** Anonymous readers get the figures and public fields; internal ones only go to staff. */
function send(res: Response, body: unknown) {
  res.json(res.locals.audience === 'internal' ? body : withoutInternal(body));
}

const straightLine = { method: 'straight', distance: 'straight line (great-circle), not travel', unit: 'm' };
const alongRoads = { method: 'road', distance: 'along the roads', unit: 'm', time_unit: 's' };

/** Who travels: a team or a depot's lorry goes to the incident; people go from it to a shelter. */
const travelOf = (layer: NearestRequest['layer']) => (layer === 'shelters' ? 'from' : 'to');

/** The refusals of a request that mixes the two methods' limits, in the reader's language. */
const MIXED = {
  max_km: { zh: '按道路排序时用 max_minutes 限定时间', en: 'by road, limit the time with max_minutes' },
  max_minutes: { zh: '只在按道路(by: road)排序时适用', en: 'applies only by road (by: road)' },
  closed: { zh: '只在按道路(by: road)排序时适用', en: 'applies only by road (by: road)' },
};

/** The candidates of a layer as an index, and how many planned ones were left out. */
function candidatesOf(cache: LayerCache, q: NearestRequest) {
  return cache.build(`index:${q.layer}:${q.include_planned}`, [q.layer], (l) => {
    // With planned ones asked for, a planned shelter counts as the open one it will be.
    const layer = { [q.layer]: l[q.layer] };
    const candidates = (q.include_planned ? asBuilt : existingOnly)(layer)[q.layer as LayerId] ?? [];
    return {
      index: pointIndex<Props>(candidates),
      planned: q.include_planned ? 0 : featuresOf(l[q.layer]).filter(isPlanned).length,
    };
  });
}

/** The in-memory index as a pool of candidates: the whole layer, held in the process. */
function memoryPool(index: PointIndex, planned: number, from: NearestRequest['from']): NearestPool {
  return {
    candidates: index.features.length,
    planned,
    leftOut: (misfit) => leftOut(index.features, misfit),
    rank: async (options) => nearest(index, from, options),
  };
}

/** Refuses what the need asks of a layer that cannot have it, and a method's limit given to the other. */
async function checkNeed(reads: LayerReads, q: NearestRequest, res: Response, lang: Lang) {
  if (q.layer === 'depots' && q.items && res.locals.audience !== 'internal') {
    throw new HttpProblem(401, 'Unauthorized', 'items: searching stock needs a signed-in user', [
      { name: 'items', reason: 'needs a signed-in user' },
    ]);
  }
  if (q.by === 'road' && q.max_km !== undefined) throw invalidParam('max_km', MIXED.max_km[lang]);
  if (q.by === 'straight' && q.max_minutes !== undefined) throw invalidParam('max_minutes', MIXED.max_minutes[lang]);
  if (q.by === 'straight' && q.closed) throw invalidParam('closed', MIXED.closed[lang]);
  if (q.layer === 'depots' && q.items) {
    const held = await stockedItems(reads, async () => knownItems((await reads.cache.get(['depots'])).depots));
    const unknown = unknownOf(
      q.items.map((i) => i.item),
      held,
    );
    if (unknown.length) {
      throw invalidParam('items', `no depot stocks ${unknown.join('、')}; items held: ${held.join('、')}`);
    }
    return;
  }
  if (q.specialties) {
    const unknown = unknownOf(q.specialties, knownSpecialties());
    if (q.layer !== 'teams') throw invalidParam('specialties', 'only teams have specialties');
    if (unknown.length) {
      throw invalidParam('specialties', `unknown ${unknown.join(', ')}; known: ${knownSpecialties().join(', ')}`);
    }
  }
  if (q.free_places !== undefined && q.layer !== 'shelters')
    throw invalidParam('free_places', 'only shelters have places');
  if (q.items && q.layer !== 'depots') throw invalidParam('items', 'only depots hold stock');
}

/** Why a team or a shelter does not fit the need; none for stations, or depots asked without items. */
function misfitOf(q: NearestRequest) {
  if (q.layer === 'teams') return teamMisfit(q.specialties ?? [], q.on_duty_only);
  if (q.layer === 'shelters') return shelterMisfit(q.free_places ?? 0);
  return undefined;
}

const named = (f: PointFeature) => ({ id: f.id, name: f.properties?.name, township: f.properties?.township });

const straightShape = (r: Reached) => ({
  ...named(r.feature),
  distance_m: Math.round(r.distanceM),
  bearing_deg: Math.round(r.bearingDeg),
  feature: r.feature,
});

const roadShape = (r: OnRoads) => ({
  ...named(r.feature),
  duration_s: Math.round(r.durationS),
  distance_m: Math.round(r.distanceM),
  snap_m: Math.round(r.snapM),
  straight_m: Math.round(r.straightM),
  bearing_deg: Math.round(r.bearingDeg),
  route: r.route,
  feature: r.feature,
});

const unreachedShape = (r: Unreached) => ({
  ...named(r.feature),
  unreachable: true,
  straight_m: Math.round(r.straightM),
  snap_m: r.snapM === null ? null : Math.round(r.snapM),
  feature: r.feature,
});

/** The straight-line answer: the k nearest that fit, within max_km. */
async function straightAnswer(pool: NearestPool, q: NearestRequest) {
  const options = { k: q.k, maxDistanceM: q.max_km === undefined ? undefined : q.max_km * 1000 };
  if (q.layer === 'depots' && q.items) {
    const asOf = q.as_of ?? todayInChina();
    const { holdsAll, holdsSome, withMatch } = depotNeed({ needs: q.items, asOf });
    const withStock = (found: Reached) => {
      const r = withMatch(found);
      return { ...straightShape(r), items: r.items, lacking: r.lacking };
    };
    const complete = await pool.rank({ ...options, accept: holdsAll });
    const partial = await pool.rank({ ...options, accept: holdsSome });
    return { as_of: asOf, left_out: {}, results: complete.map(withStock), partial: partial.map(withStock) };
  }
  const misfit = misfitOf(q);
  const results = await pool.rank({ ...options, accept: misfit && fits(misfit) });
  return { left_out: misfit ? pool.leftOut(misfit) : {}, results: results.map(straightShape) };
}

/** The road answer: the k fastest that fit, within max_minutes, and those the roads do not connect. */
async function roadAnswer(cache: LayerCache, profile: Profile, index: PointIndex, q: NearestRequest, lang: Lang) {
  const closed = q.closed ?? [];
  await checkClosedRoads(cache, closed, lang);
  const roads = await roadNetworkFor(cache, profile, closed);
  if (!roads && featuresOf((await cache.get(['roads'])).roads).length === 0) return undefined;
  const travel = travelOf(q.layer);
  const options = { k: q.k, travel, maxS: q.max_minutes === undefined ? undefined : q.max_minutes * 60 } as const;
  const rank = (accept: (f: PointFeature) => boolean) => {
    const fitting = index.features.filter(accept);
    return roads ? nearestOnRoads(roads, q.from, fitting, options) : noneOnRoads(q.from, fitting);
  };
  const base = { ...alongRoads, travel, closed, ...(roads ? {} : { reason: 'all_roads_closed' }) };
  if (q.layer === 'depots' && q.items) {
    const asOf = q.as_of ?? todayInChina();
    const needs = q.items;
    const match = (f: PointFeature) => matchStock(f, needs, asOf);
    const complete = rank((f) => match(f).complete);
    const partial = rank((f) => {
      const m = match(f);
      return !m.complete && m.items.some((i) => i.held > 0);
    });
    const withStock =
      <R extends { feature: PointFeature }>(shape: (r: R) => object) =>
      (r: R) => {
        const { items, lacking } = match(r.feature);
        return { ...shape(r), items, lacking };
      };
    return {
      ...base,
      as_of: asOf,
      left_out: { unreachable: complete.unreachable.length },
      results: complete.results.map(withStock(roadShape)),
      unreachable: complete.unreachable.map(withStock(unreachedShape)),
      partial: partial.results.map(withStock(roadShape)),
      partial_unreachable: partial.unreachable.map(withStock(unreachedShape)),
    };
  }
  const misfit = misfitOf(q);
  const ranked = rank(misfit ? fits(misfit) : () => true);
  const counts = misfit ? leftOut(index.features, misfit) : {};
  return {
    ...base,
    left_out: { ...counts, unreachable: ranked.unreachable.length },
    results: ranked.results.map(roadShape),
    unreachable: ranked.unreachable.map(unreachedShape),
  };
}

/**
 * Nearest candidates in a straight line or by road, with what was left out and why. In a straight
 * line a large layer is ranked from the store's KNN candidates (large-layers.ts); by road every
 * candidate that fits is ranked on the graph, so the layer is held in the process.
 */
export async function nearestAnswer(
  reads: LayerReads,
  profile: Profile,
  q: NearestRequest,
  req: Request,
  res: Response,
): Promise<void> {
  const lang = languageOf(req);
  await checkNeed(reads, q, res, lang);
  const { cache } = reads;
  if (q.by === 'straight' && (await isLarge(reads, q.layer))) {
    const pool = await storePool(reads, q.layer, q.from, q.include_planned);
    return send(res, { ...baseOf(q, pool), ...straightLine, ...withPlanned(pool, await straightAnswer(pool, q)) });
  }
  const { index, planned } = await candidatesOf(cache, q);
  const pool = memoryPool(index, planned, q.from);
  const byRoad = q.by === 'road' ? await roadAnswer(cache, profile, index, q, lang) : undefined;
  if (byRoad) return send(res, { ...baseOf(q, pool), ...withPlanned(pool, byRoad) });
  // No roads at all: the straight line, saying so; a time limit cannot be kept without roads.
  const fallback =
    q.by === 'road' ? { reason: 'no_roads', ...(q.max_minutes ? { ignored: ['max_minutes'] } : {}) } : {};
  send(res, { ...baseOf(q, pool), ...straightLine, ...fallback, ...withPlanned(pool, await straightAnswer(pool, q)) });
}

const baseOf = (q: NearestRequest, pool: NearestPool) => ({
  from: q.from,
  layer: q.layer,
  include_planned: q.include_planned,
  candidates: pool.candidates,
});

/** How many planned ones were left out, first among the reasons, when any were. */
const withPlanned = <A extends { left_out: Record<string, number> }>({ planned }: NearestPool, answer: A) =>
  planned > 0 ? { ...answer, left_out: { planned, ...answer.left_out } } : answer;
