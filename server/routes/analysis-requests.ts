import { z } from 'zod';
import { PLANNABLE_LAYERS } from '../layers/planned.ts';

/** What the analysis endpoints accept, checked before anything is computed; problems name their field. */

const MAX_K = 100;

export const lonLat = z
  .tuple([z.number(), z.number()], { error: 'must be [longitude, latitude]' })
  .refine(([lon]) => lon >= -180 && lon <= 180, 'longitude is outside -180..180')
  .refine(([, lat]) => lat >= -90 && lat <= 90, 'latitude is outside -90..90 (the order is [longitude, latitude])');

const MAX_PROPOSALS = 1000;

const featureCollection = z.object(
  {
    type: z.literal('FeatureCollection'),
    features: z.array(z.unknown()).max(MAX_PROPOSALS, `at most ${MAX_PROPOSALS} proposals per layer`),
  },
  { error: 'must be a FeatureCollection' },
);

/**
 * Proposed features by layer, for the layers whose features may be planned (shelters, cameras,
 * broadcast terminals, fire stations, depots, teams, weather stations); each is checked later as a
 * feature of its layer.
 */
export const proposalsByLayer = z.strictObject(
  Object.fromEntries(PLANNABLE_LAYERS.map((id) => [id, featureCollection.optional()])) as Record<
    string,
    z.ZodOptional<typeof featureCollection>
  >,
);

export type ProposalsValue = z.infer<typeof proposalsByLayer>;

/** Proposed, unsaved features by layer: the what-if of coverage, scorecard and exposure. */
const proposed = proposalsByLayer.optional();

/** A saved scenario whose proposals the what-if lays over the stored layers (staff only). */
const scenario = z.uuid('must be the id (a UUID) of a saved scenario').optional();

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
  /** Rank in a straight line, or by travel time on the roads (the straight line when there are none). */
  by: z.enum(['straight', 'road'], { error: 'must be straight or road' }).default('straight'),
  /** By road: leave out candidates farther than this many minutes (max_km is the straight line's limit). */
  max_minutes: z.number().positive('must be more than 0').max(1440, 'must be at most 1440').optional(),
  /** By road, a what-if: road segment ids closed for this answer only, nothing saved. */
  closed: z.array(z.string().max(100)).max(500, 'at most 500 closed roads').optional(),
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
  scenario,
  /** Road ids closed for this answer only (a landslide, a flood), not saved. */
  closed: z.array(z.string().min(1).max(100)).max(10_000, 'at most 10000 roads').optional(),
});

/** `?scenarios=a,b`: the saved scenarios to score beside now. */
export const compareQuery = z.strictObject({
  scenarios: z
    .string({ error: 'must list scenario ids, comma-separated' })
    .transform((text) => text.split(',').map((id) => id.trim()))
    .pipe(
      z
        .array(z.uuid('must be a scenario id (a UUID)'))
        .min(1, 'must name at least one scenario')
        .max(10, 'at most 10 scenarios at once'),
    )
    // The text as sent is the list written once, comma-separated: what the document calls an array.
    .meta({
      description: 'Scenario ids, comma-separated (at most 10).',
      type: 'array',
      items: { type: 'string', format: 'uuid' },
      minItems: 1,
      maxItems: 10,
    }),
});

export const sitingRequest = z.strictObject({
  target: z.enum(['shelters', 'cameras', 'broadcast'], { error: 'must be shelters, cameras or broadcast' }),
  k: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20'),
  kind: z.string().optional(),
  range_m: z.number().positive().max(20000).optional(),
  fov_deg: z.number().positive().max(360).optional(),
  heading_deg: z.number().min(0).max(360).optional(),
  /** Cameras: the candidates' eye above the ground, m, as a camera's mast height is bounded. */
  mast_height_m: z.number().min(0, 'must be at least 0').max(200, 'must be at most 200').optional(),
  candidates: z.array(lonLat).min(1).max(5000).optional(),
  spacing_m: z.number().min(100, 'must be at least 100').max(10000).optional(),
  include_planned: z.boolean().optional(),
});
