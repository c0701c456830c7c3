/**
 * The k nearest points by Turf's haversine, ties by id, from candidates handed over in plain-degree
 * order (PostGIS's KNN, `ORDER BY geom <-> point`): what a layer too large to hold in the process
 * answers with. Plain degrees are not metres — a degree of longitude is shorter than one of latitude
 * away from the equator — so the order differs from the haversine's; the candidates are read on, in
 * pages that grow fourfold, until the next one lies farther in plain degrees than any point within
 * the k-th distance can (the corner of the box holding that spherical cap). Every point that could be
 * among the k, or tie with the k-th, has then been read; the answer is `nearest` over the ones that
 * fit, so it is the in-memory index's answer exactly. Only the candidates that fit are kept.
 */
import { pointOf } from './geometry.ts';
import { type NearestOptions, nearest, planarReachDeg, pointIndex } from './nearest.ts';
import type { AnyFeature, LonLat, PointFeature, Props, Reached } from './types.ts';

/** Candidates `offset` on, `limit` of them, in plain-degree order from the place, with that distance. */
export type PlanarPages = (offset: number, limit: number) => Promise<Array<{ feature: AnyFeature; planarDeg: number }>>;

/** The first page's size: most questions ask for a few and are answered by it. */
const FIRST_PAGE = 64;

export async function nearestInPlanarOrder(
  pages: PlanarPages,
  from: LonLat,
  options: NearestOptions,
): Promise<Reached[]> {
  const { k, maxDistanceM = Infinity, accept } = options;
  const fitting: PointFeature<Props>[] = [];
  let offset = 0;
  let limit = Math.max(FIRST_PAGE, 4 * k);
  for (;;) {
    const page = await pages(offset, limit);
    for (const { feature } of page) {
      if (pointOf(feature) && (!accept || accept(feature as PointFeature))) fitting.push(feature as PointFeature);
    }
    const index = pointIndex(fitting);
    const found = nearest(index, from, { k, maxDistanceM });
    if (page.length < limit) return found;
    const reachM = found.length === k ? found[k - 1].distanceM : maxDistanceM;
    if (page[page.length - 1].planarDeg > planarReachDeg(from[0], from[1], reachM)) return found;
    offset += limit;
    limit *= 4;
  }
}
