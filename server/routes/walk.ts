/**
 * `POST /analysis/walk`: of a few places (the open shelters nearest a person), the one reached soonest
 * on foot, with the walk drawn along the roads and its minutes — what the public map shows a person
 * looking for a shelter. The walking network is the roads layer's, built once per version of the layer
 * as the driving one is; with no roads the answer is the nearest in a straight line, and says so.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { distanceM, haversineM } from '../analysis/geometry.ts';
import { nearestOnRoads } from '../analysis/nearest-on-roads.ts';
import type { PointFeature, Profile } from '../analysis/types.ts';
import { walkingNetwork } from '../analysis/walking.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import { lonLat } from './analysis-requests.ts';
import { json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const MAX_PLACES = 50;

const walkRequest = z.strictObject({
  from: lonLat,
  to: z
    .array(lonLat, { error: 'must be a list of [longitude, latitude]' })
    .min(1, 'must name at least one place')
    .max(MAX_PLACES, `at most ${MAX_PLACES} places`),
});

/** The place of `to` nearest in a straight line: the answer when there are no roads to walk. */
function straightNearest(from: number[], to: number[][]) {
  const metres = to.map((p) => distanceM(from, p));
  const index = metres.reduce((best, m, i) => (m < metres[best] ? i : best), 0);
  return { index, straight_m: Math.round(metres[index]) };
}

/** The length of a drawn line, metres: the walk on the roads and off them. */
function lineM(coordinates: number[][]): number {
  let m = 0;
  for (let i = 1; i < coordinates.length; i++)
    m += haversineM(...(coordinates[i - 1] as [number, number]), ...(coordinates[i] as [number, number]));
  return m;
}

async function walkAnswer(cache: LayerCache, profile: Profile, q: z.output<typeof walkRequest>, res: Response) {
  const roads = await cache.build('roads:walking', ['roads'], (l) => walkingNetwork(l.roads, profile));
  if (!roads) {
    res.json({ method: 'straight', reason: 'no_roads', nearest: straightNearest(q.from, q.to), unreachable: [] });
    return;
  }
  const places: PointFeature[] = q.to.map((p, i) => ({
    type: 'Feature',
    id: String(i),
    geometry: { type: 'Point', coordinates: p },
    properties: {},
  }));
  const { results, unreachable } = nearestOnRoads(roads, q.from, places, { k: 1, travel: 'from' });
  const [found] = results;
  res.json({
    method: 'road',
    walk_kmh: roads.walkKmh,
    nearest: found
      ? {
          index: Number(found.feature.id),
          duration_s: Math.round(found.durationS),
          distance_m: Math.round(found.distanceM),
          /** The whole walk: along the roads, and to and from them. */
          walked_m: Math.round(lineM(found.route.coordinates)),
          straight_m: Math.round(found.straightM),
          route: found.route,
        }
      : null,
    unreachable: unreachable.map((u) => Number(u.feature.id)),
  });
}

export function walkOperation(cache: LayerCache, profile: Profile): Operation {
  const summary = 'Of a few places, the one reached soonest on foot along the roads, with the walk drawn';
  return operation({
    method: 'post',
    path: '/analysis/walk',
    body: { schema: walkRequest },
    operationId: 'walk',
    summary,
    tags: ['analysis'],
    responses: {
      '200': { description: summary, ...json({ type: 'object' }) },
      '400': problem('The request is not valid; invalid-params names each field.'),
    },
    handler: async (_req, res, input) => walkAnswer(cache, profile, input.body(), res),
  });
}
