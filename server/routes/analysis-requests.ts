import { z } from 'zod';

/** What the analysis endpoints accept, checked before anything is computed; problems name their field. */

const MAX_K = 100;

export const lonLat = z
  .tuple([z.number(), z.number()], { error: 'must be [longitude, latitude]' })
  .refine(([lon]) => lon >= -180 && lon <= 180, 'longitude is outside -180..180')
  .refine(([, lat]) => lat >= -90 && lat <= 90, 'latitude is outside -90..90 (the order is [longitude, latitude])');

const featureCollection = z.object(
  { type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(1000) },
  { error: 'must be a FeatureCollection' },
);

/** Proposed, unsaved features by layer: the what-if of coverage, scorecard and exposure. */
export const proposed = z
  .strictObject({
    shelters: featureCollection.optional(),
    cameras: featureCollection.optional(),
    broadcast_terminals: featureCollection.optional(),
    fire_stations: featureCollection.optional(),
    depots: featureCollection.optional(),
    teams: featureCollection.optional(),
    weather_stations: featureCollection.optional(),
  })
  .optional();

export const nearestRequest = z.strictObject({
  from: lonLat,
  layer: z.enum(['depots', 'teams', 'shelters', 'fire_stations'], {
    error: 'must be one of depots, teams, shelters, fire_stations',
  }),
  k: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_K, `must be at most ${MAX_K}`)
    .default(5),
  max_km: z.number().positive('must be more than 0').max(500, 'must be at most 500').optional(),
  items: z
    .array(
      z.strictObject({
        item: z.string().trim().min(1).max(100),
        quantity: z.number().positive('must be more than 0'),
      }),
    )
    .max(20)
    .optional(),
  specialties: z.array(z.string()).max(10).optional(),
  on_duty_only: z.boolean().default(true),
  free_places: z.number().int().min(1, 'must be at least 1').optional(),
  as_of: z.iso.date().optional(),
  /** Planned features are not there: a responder is never sent to one unless this asks. */
  include_planned: z.boolean().default(false),
});

export const aroundRequest = z.strictObject({
  at: lonLat,
  radius_km: z.number({ error: 'must be a number' }).positive('must be more than 0').max(50, 'must be at most 50'),
  include_planned: z.boolean().default(false),
  /** Features listed per layer; counts always cover every one. */
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(200),
  offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000).default(0),
});

export const coverageRequest = z.strictObject({
  include_planned: z.boolean().optional(),
  proposed,
});

export const sitingRequest = z.strictObject({
  target: z.enum(['shelters', 'cameras', 'broadcast'], { error: 'must be shelters, cameras or broadcast' }),
  k: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20'),
  kind: z.string().optional(),
  range_m: z.number().positive().max(20000).optional(),
  fov_deg: z.number().positive().max(360).optional(),
  heading_deg: z.number().min(0).max(360).optional(),
  candidates: z.array(lonLat).min(1).max(5000).optional(),
  spacing_m: z.number().min(100, 'must be at least 100').max(10000).optional(),
  include_planned: z.boolean().optional(),
});
