import { z } from 'zod';
import type { AroundResult } from '../analysis/index.ts';
import type { Incident } from '../store/incidents.ts';

/**
 * What the report reads of the results attached to an incident. An attachment is kept exactly as the
 * responder's screen sent it, so the report checks the shape it needs and leaves out whatever does not
 * have it, rather than trusting a stored blob to be an analysis answer.
 */

const feature = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
});

const seenItem = z.object({ feature, distanceM: z.number(), inside: z.boolean().optional().default(false) });

const seenLayer = z.object({ items: z.array(seenItem), count: z.number() });

const aroundShape = z.object({
  radiusM: z.number().positive(),
  groups: z.record(z.string(), z.record(z.string(), seenLayer.optional())),
  residents: z.number().optional(),
});

const ranked = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  township: z.string().nullable().optional(),
  distance_m: z.number(),
  feature: feature.optional(),
  lacking: z.array(z.object({ item: z.string(), short: z.number() })).optional(),
  /** By road: seconds on the roads; distance_m is then along them. */
  duration_s: z.number().optional(),
});

/** By road: a candidate no open road joins to the incident, with its distance in a straight line. */
const unreached = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  township: z.string().nullable().optional(),
  straight_m: z.number(),
  feature: feature.optional(),
});

const nearestShape = z.object({
  request: z.object({
    items: z.array(z.object({ item: z.string(), quantity: z.number() })).optional(),
    specialties: z.array(z.string()).optional(),
    free_places: z.number().optional(),
  }),
  result: z.object({
    layer: z.string(),
    results: z.array(ranked),
    partial: z.array(ranked).optional(),
    method: z.enum(['road', 'straight']).optional(),
    unreachable: z.array(unreached).optional(),
    closed: z.array(z.unknown()).optional(),
  }),
});

export type SeenItem = z.infer<typeof seenItem>;

/** The around lists the report prints: as attached (with when they were seen), or as computed now. */
export interface AroundSeen extends z.infer<typeof aroundShape> {
  seenAt: string | null;
}

export interface NearestSeen {
  layer: string;
  request: z.infer<typeof nearestShape>['request'];
  results: z.infer<typeof nearestShape>['result']['results'];
  /** 'road' when ranked by travel time on the roads; an answer from before roads reads as 'straight'. */
  method: 'road' | 'straight';
  unreachable: z.infer<typeof unreached>[];
  /** Road segments closed for that answer only (a what-if), counted. */
  closed: number;
  writtenAt: string;
  writtenBy: string;
}

/** The latest around answer attached to the incident that reads as one, with when it was attached. */
export function attachedAround(incident: Incident): AroundSeen | undefined {
  for (const entry of [...incident.entries].reverse()) {
    if (entry.attachment?.kind !== 'around') continue;
    const read = aroundShape.safeParse(entry.attachment.result);
    if (read.success) return { ...read.data, seenAt: entry.written_at };
  }
  return undefined;
}

/** Every nearest-resource answer attached to the incident that reads as one, in the order attached. */
export function attachedNearest(incident: Incident): NearestSeen[] {
  return incident.entries.flatMap((entry) => {
    if (entry.attachment?.kind !== 'nearest') return [];
    const read = nearestShape.safeParse(entry.attachment);
    if (!read.success) return [];
    const { request, result } = read.data;
    // The depots that meet the need in full, then those that hold only part of it, as the screen listed them.
    const results = [...result.results, ...(result.partial ?? [])];
    return [
      {
        layer: result.layer,
        request,
        results,
        method: result.method ?? 'straight',
        unreachable: result.unreachable ?? [],
        closed: result.closed?.length ?? 0,
        writtenAt: entry.written_at,
        writtenBy: entry.written_by,
      },
    ];
  });
}

/** An around answer computed at printing time, read the same way. */
export function aroundNow(result: AroundResult): AroundSeen {
  return { ...aroundShape.parse(result), seenAt: null };
}
