/**
 * Relief within hours (救灾物资 N 小时内送达: 10 h in 涵江, 昌邑, 马尾; 8 h in 武江): for every village,
 * the time from the nearest depot holding stock — any, or every item asked — against the profile's
 * limit, and the share of residents it reaches in time. On the roads where there are roads: the
 * depot's truck drives to the village (`nearestByRoadEach`, one search per depot when villages
 * outnumber depots), walking the gaps between a depot or a village and its road at the profile's
 * walking speed; a village no road joins to a stocked depot is not reached. Without roads, the straight
 * line at the profile's relief speed, saying so (`method`).
 */
import { nearestByRoadEach } from '../routing/nearest-by-road-each.ts';
import { featuresOf, pointOf } from './geometry.ts';
import { nearestEach, pointIndex } from './nearest.ts';
import { stockOf } from './nearest-depots.ts';
import type { Resident } from './reach.ts';
import type { Roads } from './roads.ts';
import type { AnyFeature, Layer, LonLat, Profile } from './types.ts';

export interface ReliefReach {
  method: 'road' | 'straight';
  limitHours: number;
  /** Per village (in the order given): hours from its nearest stocked depot, null when none reaches it. */
  hours: (number | null)[];
  /** Per village: that depot, or null. */
  depot: (AnyFeature | null)[];
}

/** Depots holding something of every item asked (anything at all when none is asked). */
function stocked(depots: Layer, items: readonly string[]): { feature: AnyFeature; position: LonLat }[] {
  return featuresOf(depots)
    .filter((d) => {
      const held = stockOf(d);
      return items.length === 0 ? held.size > 0 : items.every((item) => held.has(item));
    })
    .map((d) => ({ feature: d, position: pointOf(d) }))
    .filter((d): d is { feature: AnyFeature; position: LonLat } => d.position !== null);
}

/** Hours from the nearest stocked depot to each village, by road where there are roads. */
export function reliefReach(
  depotLayer: Layer,
  villages: readonly Resident[],
  profile: Pick<Profile, 'relief'>,
  roads: Roads | undefined,
  items: readonly string[] = [],
): ReliefReach {
  const depots = stocked(depotLayer, items);
  const limitHours = profile.relief.limit_hours;
  if (!roads) {
    const index = pointIndex(depots.map((d) => d.feature));
    const rows = nearestEach(
      index,
      villages.map((r) => r.feature),
    );
    return {
      method: 'straight',
      limitHours,
      hours: rows.map((row) => (row.nearest ? row.nearest.distanceM / 1000 / profile.relief.speed_kmh : null)),
      depot: rows.map((row) => row.nearest?.feature ?? null),
    };
  }
  const best =
    depots.length === 0
      ? villages.map(() => [])
      : nearestByRoadEach(
          roads.graph,
          villages.map((r) => r.position),
          depots.map((d) => d.position),
          1,
          { walkKmh: roads.walkKmh, travel: 'to' },
        );
  return {
    method: 'road',
    limitHours,
    hours: best.map(([b]) => (b && !b.unreachable ? (b.duration_s as number) / 3600 : null)),
    depot: best.map(([b]) => (b && !b.unreachable ? depots[b.index].feature : null)),
  };
}
