/**
 * The k nearest points by Turf's haversine, ties by id, from candidates handed over in plain-degree
 * order (PostGIS's KNN, `ORDER BY geom <-> point`): what a layer too large to hold in the process
 * answers with. Plain degrees are not metres — a degree of longitude is shorter than one of latitude
 * away from the equator — so the order differs from the haversine's; the candidates are read on, in
 * pages that grow fourfold, until the next one lies farther in plain degrees than any point within
 * the k-th distance can (the corner of the box holding that spherical cap). Every point that could be
 * among the k, or tie with the k-th, has then been read; the answer is `nearest` over the ones that
 * fit, so it is the in-memory index's answer exactly. Each page is read from the nearest on, so points
 * at equal plain distance cannot fall between two pages; the reads add up to at most 4/3 of the last.
 */
import { pointOf } from './geometry.ts';
import { type NearestOptions, nearest, planarReachDeg, pointIndex } from './nearest.ts';
import type { AnyFeature, LonLat, PointFeature, Props, Reached } from './types.ts';

/** The first `limit` candidates in plain-degree order from the place, with that distance. */
export type PlanarPages = (limit: number) => Promise<Array<{ feature: AnyFeature; planarDeg: number }>>;

/** The first page's size: most questions ask for a few and are answered by it; each next is four times the last. */
const FIRST_PAGE = 64;

export async function nearestInPlanarOrder(
  pages: PlanarPages,
  from: LonLat,
  options: NearestOptions,
): Promise<Reached[]> {
  const { k, maxDistanceM = Infinity, accept } = options;
  let limit = Math.max(FIRST_PAGE, 4 * k);
  for (;;) {
    const page = await pages(limit);
    const fitting = page
      .map((c) => c.feature)
      .filter((f) => pointOf(f) && (!accept || accept(f as PointFeature))) as PointFeature<Props>[];
    const found = nearest(pointIndex(fitting), from, { k, maxDistanceM });
    if (page.length < limit) return found;
    const reachM = found.length === k ? found[k - 1].distanceM : maxDistanceM;
    if (page[page.length - 1].planarDeg > planarReachDeg(from[0], from[1], reachM)) return found;
    limit *= 4;
  }
}
