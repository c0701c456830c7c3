import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { TerrainViews } from '../analysis/camera-views.ts';
import type { FireOptions } from '../analysis/coverage-fire.ts';
import { fireCoverageByRoad } from '../analysis/coverage-fire-road.ts';
import {
  type AroundResult,
  around,
  asBuilt,
  broadcastCoverage,
  cameraCandidates,
  cameraScenarios,
  candidateCameras,
  delta,
  existingOnly,
  exposure,
  featuresOf,
  fireCoverage,
  hasPlanned,
  plannedOnly,
  scorecard,
  shelterCoverage,
  siteBroadcast,
  siteCameras,
  siteShelters,
  whatIf,
  withProposed,
} from '../analysis/index.ts';
import type { Ground } from '../analysis/scorecard-context.ts';
import type { Layers, Profile } from '../analysis/types.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { layers as allLayers, withoutInternal } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import type { Viewsheds } from '../terrain/viewsheds.ts';
import { withoutViewsheds } from '../terrain/withheld.ts';
import { PoolFull } from '../workers/worker-pool.ts';
import { aroundRequest, compareQuery, coverageRequest, nearestRequest, sitingRequest } from './analysis-requests.ts';
import { languageOf } from './language.ts';
import { aroundInputs, exposureInputs, IN_PROCESS_MAX_FEATURES, type LayerReads } from './large-layers.ts';
import { nearestAnswer } from './nearest.ts';
import { json, problem, type Schema } from './openapi-parts.ts';
import { type Operation, operation, type Parameter } from './operations.ts';
import { checkProposals, listed, measured, together } from './proposals.ts';
import { checkClosedRoads, roadNetworkFor } from './road-network.ts';
import { scorecardInWords, withReasons } from './scorecard-words.ts';
import { walkOperation } from './walk.ts';

type Lang = ReturnType<typeof languageOf>;

type WhatIfRequest = z.infer<typeof coverageRequest>;

/** Which layers each analysis reads. */
const INPUTS = {
  shelters: ['population', 'shelters', 'admin_areas'],
  cameras: ['cameras', 'forest_areas', 'admin_areas'],
  broadcast: ['population', 'broadcast_terminals', 'admin_areas'],
  fire_stations: ['fire_stations', 'population', 'admin_areas', 'roads'],
  exposure: ['risk_zones', 'population', 'shelters', 'protected_targets', 'hazards', 'enterprise_risks', 'admin_areas'],
  scorecard: allLayers.map((l) => l.id),
} as const;

type CoverageTarget = 'shelters' | 'cameras' | 'broadcast' | 'fire_stations';

/** The figures of a coverage answer that travel in its `with_planned` column: not the map layers. */
const figuresOf = <R extends { district: unknown; townships: unknown }>(r: R) => ({
  district: r.district,
  townships: r.townships,
});

/**
 * Coverage by what exists, with the figures once the planned features are built beside it
 * (`with_planned`). Cameras report both scenarios with their own blind spots; `include_planned` makes
 * planned terminals or stations count in the main figures too.
 */
function coverageOf(
  target: CoverageTarget,
  profile: Profile,
  includePlanned: boolean | undefined,
  { roads, terrain }: Ground = {},
) {
  return (layers: Layers) => {
    // The figures once built are the same figures when nothing is planned, or when planned ones count already.
    const planned = hasPlanned(layers);
    const beside = <R>(now: R, later: () => R) => (planned && !includePlanned ? later() : now);
    switch (target) {
      case 'shelters': {
        const now = shelterCoverage(layers, profile);
        const later = planned ? shelterCoverage(asBuilt(layers), profile) : now;
        return { ...now, with_planned: figuresOf(later) };
      }
      case 'cameras':
        return cameraScenarios(layers, { terrain });
      case 'broadcast': {
        const now = broadcastCoverage(layers, { includePlanned });
        return {
          ...now,
          with_planned: figuresOf(beside(now, () => broadcastCoverage(layers, { includePlanned: true }))),
        };
      }
      case 'fire_stations': {
        // By road where there are roads; the straight line, saying why, where there are none.
        const measure = (o: FireOptions) =>
          roads ? fireCoverageByRoad(layers, profile, roads, o) : fireCoverage(layers, profile, o);
        const now = measure({ includePlanned });
        const later = beside(now, () => measure({ includePlanned: true }));
        return { ...now, with_planned: { ...figuresOf(later), area: later.area } };
      }
    }
  };
}

/** Closing every road leaves nothing to measure by road: said, rather than answered by straight line. */
function nothingOpen(lang: Lang) {
  const reason =
    lang === 'zh'
      ? '关闭这些道路后已无可通行的道路,无法按道路计算'
      : 'closing these roads leaves no open road to measure travel on';
  return invalidParam('closed', reason);
}

/**
 * Each layer's features from `offset`, at most `limit` of them: an incident at 50 km must not answer
 * with every feature of the district. Counts and kinds stay whole.
 */
function pageAround(groups: AroundResult['groups'], offset: number, limit: number) {
  let more = false;
  const paged: Record<string, Record<string, unknown>> = {};
  for (const [group, layers] of Object.entries(groups)) {
    paged[group] = {};
    for (const [layer, found] of Object.entries(layers)) {
      if (!found) continue;
      const items = found.items.slice(offset, offset + limit);
      const truncated = offset + items.length < found.count;
      more ||= truncated;
      paged[group][layer] = { ...found, items, truncated };
    }
  }
  return { groups: paged, more };
}

/**
 * Anonymous readers get the figures and public fields, without the polygons traced on the DEM;
 * internal fields and viewsheds only go to staff.
 */
function send(res: Response, body: unknown) {
  res.json(res.locals.audience === 'internal' ? body : withoutViewsheds(withoutInternal(body)));
}

const tags = ['analysis'];
const invalid = { '400': problem('The request is not valid; invalid-params names each field.') };
const answer = (summary: string): Record<string, Schema> => ({
  '200': { description: summary, ...json({ type: 'object' }) },
  ...invalid,
});
// A saved scenario is read by staff only, and must exist.
const scenarioErrors = {
  '401': problem('`scenario` names a saved scenario, which needs a signed-in user.'),
  '404': problem('There is no scenario of that id; invalid-params names the field.'),
};
const COVERAGE_TARGETS = ['shelters', 'cameras', 'broadcast', 'fire_stations'];
const coverageTarget = {
  name: 'target',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: COVERAGE_TARGETS },
} as const;

/**
 * A saved scenario for a what-if or a comparison: staff only, and it must exist; `name` is the
 * request's field that named it.
 */
async function scenarioFor(store: Store, id: string, res: Response, name: string) {
  if (!res.locals.user) {
    res.set('WWW-Authenticate', 'Bearer');
    throw new HttpProblem(401, 'Unauthorized', `${name}: scenarios are read by signed-in staff.`, [
      { name, reason: 'needs a signed-in user' },
    ]);
  }
  const found = await store.scenarios.get(id);
  if (!found)
    throw new HttpProblem(404, 'Not found', `${name}: there is no scenario ${id}.`, [
      { name, reason: 'no such scenario' },
    ]);
  return found;
}

/**
 * The proposals a what-if lays over the stored layers: a saved scenario's (staff only), then the
 * request's own, each checked as a feature of its layer; undefined when there are none.
 */
async function proposedLayers(store: Store, q: WhatIfRequest, res: Response): Promise<Layers | undefined> {
  if (!q.proposed && !q.scenario) return undefined;
  const saved = q.scenario ? listed((await scenarioFor(store, q.scenario, res, 'scenario')).proposals) : {};
  const own = q.proposed ? await checkProposals(store, q.proposed, 'proposed') : {};
  return measured(together(saved, own));
}

/**
 * The viewsheds of the cameras an analysis will measure, stored and proposed, computed first in the
 * viewshed workers so that the analysis itself stays synchronous; undefined without a DEM (sectors).
 */
async function camerasOnTerrain(
  viewsheds: Viewsheds,
  res: Response,
  ...sources: (Layers | undefined)[]
): Promise<TerrainViews | undefined> {
  try {
    return await viewsheds.ofCameras(sources.flatMap((l) => featuresOf(l?.cameras)));
  } catch (error) {
    if (!(error instanceof PoolFull)) throw error;
    res.set('Retry-After', '10');
    throw new HttpProblem(503, 'Service unavailable', 'every viewshed worker is busy; try again in 10 s');
  }
}

/** The part of a cache key that says what camera views were measured on. */
const viewsKey = (terrain: TerrainViews | undefined) => (terrain ? `dem${terrain.demVersion}` : 'sectors');

/**
 * Planners' and responders' questions over the stored layers: nearest resources for a need, what is
 * around an incident, coverage, exposure, the plan's scorecard and siting. Routes only parse and
 * call; the figures come from server/analysis, the layers from the cache.
 */
export function analysisOperations(
  store: Store,
  cache: LayerCache,
  profile: Profile,
  viewsheds: Viewsheds,
  maxInProcess = IN_PROCESS_MAX_FEATURES,
): Operation[] {
  const reads = { store, cache, maxInProcess };
  return [
    operation({
      method: 'post',
      path: '/analysis/nearest',
      body: { schema: nearestRequest },
      operationId: 'nearest',
      summary: 'The k nearest depots, teams, shelters or fire stations for a need, in a straight line or by road',
      tags,
      responses: answer(
        'The k nearest depots, teams, shelters or fire stations for a need, in a straight line or by road',
      ),
      handler: async (req, res, input) => nearestAnswer(reads, profile, input.body(), req, res),
    }),
    operation({
      method: 'post',
      path: '/analysis/around',
      body: { schema: aroundRequest },
      operationId: 'around',
      summary: 'Risks, resources and protected targets within R km of an incident',
      tags,
      responses: answer('Risks, resources and protected targets within R km of an incident'),
      handler: async (_req, res, input) => {
        const q = input.body();
        const { layers, parts, plannedParts } = await aroundInputs(
          reads,
          q.at,
          q.radius_km,
          q.include_planned,
          q.offset + q.limit,
        );
        const answer = around(q.at, q.radius_km, q.include_planned ? layers : existingOnly(layers), parts);
        const planned = q.include_planned
          ? null
          : around(q.at, q.radius_km, plannedOnly(layers), plannedParts).counts.resources;
        const { groups, more } = pageAround(answer.groups, q.offset, q.limit);
        send(res, {
          ...answer,
          groups,
          include_planned: q.include_planned,
          left_out: planned ? { planned } : {},
          // The request for the next features of every layer that has more; counts already cover them all.
          ...(more ? { next: { ...q, offset: q.offset + q.limit } } : {}),
        });
      },
    }),
    walkOperation(cache, profile),
    ...whatIfOperations(reads, profile, viewsheds),
    compareOperation(store, cache, profile, viewsheds),
    operation({
      method: 'post',
      path: '/analysis/siting',
      body: { schema: sitingRequest },
      operationId: 'siting',
      summary:
        'The next k sites adding the most coverage (greedy maximal covering); cameras by their viewsheds on the DEM',
      tags,
      responses: answer(
        'The next k sites adding the most coverage (greedy maximal covering); cameras by their viewsheds on the DEM',
      ),
      handler: async (req, res, input) => {
        res.vary('Accept-Language');
        send(res, withReasons(await sitingAnswer(cache, profile, viewsheds, res, input.body()), languageOf(req)));
      },
    }),
  ];
}

/**
 * Coverage, exposure and the scorecard: as the layers are (GET, cached), or with proposed features
 * or a saved scenario's laid over them (POST), before and after side by side.
 */
function whatIfOperations(reads: LayerReads, profile: Profile, viewsheds: Viewsheds): Operation[] {
  const { store, cache } = reads;
  const coverage = async (req: Request, res: Response, q: WhatIfRequest) => {
    const target = String(req.params.target);
    if (!COVERAGE_TARGETS.includes(target)) {
      throw notFound(`There is no coverage analysis "${target}"; try shelters, cameras, broadcast or fire_stations.`);
    }
    const lang = languageOf(req);
    const ids = INPUTS[target as CoverageTarget];
    const closed = q.closed ?? [];
    await checkClosedRoads(cache, closed, lang);
    const roads = target === 'fire_stations' ? await roadNetworkFor(cache, profile, closed) : undefined;
    if (target === 'fire_stations' && closed.length > 0 && !roads) throw nothingOpen(lang);
    const extra = await proposedLayers(store, q, res);
    const terrain =
      target === 'cameras' ? await camerasOnTerrain(viewsheds, res, await cache.get(ids), extra) : undefined;
    const compute = coverageOf(target as CoverageTarget, profile, q.include_planned, { roads, terrain });
    // The figures now are the cached answer (unless roads are closed for this question); a what-if computes only its own side.
    const key = `coverage:${target}:${q.include_planned ?? false}:${viewsKey(terrain)}`;
    const now = closed.length > 0 ? compute(await cache.get(ids)) : await cache.build(key, ids, (l) => compute(l));
    // A null figure's reason goes out in the reader's language, on each side of a what-if.
    res.vary('Accept-Language');
    if (!extra) return send(res, withReasons(now, lang));
    send(
      res,
      whatIf(await cache.get(ids), extra, (l) => withReasons(compute(l), lang), withReasons(now, lang)),
    );
  };
  /**
   * The scorecard now (cached) or, with proposals, before and after, in the reader's language before
   * the change is measured, so a delta compares what is sent. Fire response and relief by road where
   * there are roads; video coverage on the viewsheds where there is a DEM.
   */
  const scorecardFigures = async (req: Request, res: Response, q: WhatIfRequest) => {
    const extra = await proposedLayers(store, q, res);
    const ids = INPUTS.scorecard;
    const ground: Ground = {
      roads: await roadNetworkFor(cache, profile),
      terrain: await camerasOnTerrain(viewsheds, res, await cache.get(ids), extra),
    };
    const compute = (l: Layers) => scorecard(l, profile, ground);
    const now = await cache.build(`scorecard:${viewsKey(ground.terrain)}`, ids, compute);
    const lang = languageOf(req);
    res.vary('Accept-Language');
    if (!extra) return send(res, scorecardInWords(now, lang));
    const said = (l: Layers) => scorecardInWords(compute(l), lang);
    send(res, whatIf(await cache.get(ids), extra, said, scorecardInWords(now, lang)));
  };
  /**
   * Exposure now (cached) or, with proposals, before and after. A large population or hazards layer
   * is counted by the store, not loaded; the proposed facilities, few, are laid over it in memory.
   */
  const exposureFigures = async (_req: Request, res: Response, q: WhatIfRequest) => {
    const extra = await proposedLayers(store, q, res);
    const ids = INPUTS.exposure;
    const now = await cache.keep(`exposure:${reads.maxInProcess}`, ids, async () => {
      const { layers, placed } = await exposureInputs(reads, ids);
      return exposure(layers, {}, placed);
    });
    if (!extra) return send(res, now);
    const { layers, placed } = await exposureInputs(reads, ids);
    send(
      res,
      whatIf(layers, extra, (l) => exposure(l, {}, placed), now),
    );
  };
  const asTheyAre = coverageRequest.parse({});
  /** The figures as the layers are (GET), and with proposals laid over them (POST). */
  const both = (
    path: string,
    now: [operationId: string, summary: string],
    proposed: [operationId: string, summary: string],
    run: (req: Request, res: Response, q: WhatIfRequest) => Promise<void>,
    parameters?: Parameter[],
  ) => [
    operation({
      method: 'get',
      path,
      operationId: now[0],
      summary: now[1],
      tags,
      parameters,
      responses: answer(now[1]),
      handler: (req, res) => run(req, res, asTheyAre),
    }),
    operation({
      method: 'post',
      path,
      body: { schema: coverageRequest },
      operationId: proposed[0],
      summary: proposed[1],
      tags,
      parameters,
      responses: { ...answer(proposed[1]), ...scenarioErrors },
      handler: (req, res, input) => run(req, res, input.body()),
    }),
  ];
  return [
    ...both(
      '/analysis/coverage/{target}',
      ['coverage', 'Coverage of shelters, cameras, broadcast terminals or fire stations'],
      [
        'coverageWhatIf',
        'Coverage with proposed, unsaved features or a saved scenario’s: before, after and the difference',
      ],
      coverage,
      [coverageTarget],
    ),
    ...both(
      '/analysis/exposure',
      ['exposure', 'What lies in each risk level; shelters in red/orange or geohazard zones; understated zones'],
      ['exposureWhatIf', 'Exposure with proposed features or a saved scenario’s'],
      exposureFigures,
    ),
    ...both(
      '/analysis/scorecard',
      ['scorecard', 'The plan indicators against the district profile’s targets, per township'],
      ['scorecardWhatIf', 'The scorecard with proposed features or a saved scenario’s'],
      scorecardFigures,
    ),
  ];
}

/** Now and each saved scenario side by side, each scenario's change from now beside it. */
function compareOperation(store: Store, cache: LayerCache, profile: Profile, viewsheds: Viewsheds): Operation {
  return operation({
    method: 'get',
    path: '/analysis/scorecard/compare',
    role: 'responder',
    query: compareQuery,
    operationId: 'compareScenarios',
    summary: 'The scorecard now and with each saved scenario, side by side, each with its change from now (staff)',
    tags,
    responses: {
      ...answer('{ now: scorecard, scenarios: [{ id, title, revision, scorecard, delta }] }'),
      '401': problem('Not signed in.'),
      '404': problem('There is no scenario of one of the ids; invalid-params names `scenarios`.'),
    },
    handler: async (req, res, input) => {
      const q = input.query();
      const lang = languageOf(req);
      res.vary('Accept-Language');
      const layers = await cache.get(INPUTS.scorecard);
      const found = [];
      for (const id of q.scenarios) found.push(await scenarioFor(store, id, res, 'scenarios'));
      const proposals = found.map((f) => measured(listed(f.proposals)));
      const ground = {
        roads: await roadNetworkFor(cache, profile),
        terrain: await camerasOnTerrain(viewsheds, res, layers, ...proposals),
      };
      const now = scorecardInWords(
        await cache.build(`scorecard:${viewsKey(ground.terrain)}`, INPUTS.scorecard, (l) =>
          scorecard(l, profile, ground),
        ),
        lang,
      );
      const scenarios = [];
      for (const [k, id] of q.scenarios.entries()) {
        const card = scorecardInWords(scorecard(withProposed(layers, proposals[k]), profile, ground), lang);
        scenarios.push({
          id,
          title: found[k].title,
          revision: found[k].revision,
          scorecard: card,
          delta: delta(now, card) ?? null,
        });
      }
      send(res, { now, scenarios });
    },
  });
}

/**
 * The work a camera siting may ask for: candidates × range², in km² (each candidate's viewshed scans
 * the DEM within its range). 12 500 is the demo forest's 1 km grid (465 candidates) at 5 km, a few
 * seconds of the viewshed workers.
 */
const MAX_SITING_WORK_KM2 = 12_500;

/** The next sites adding the most coverage of shelters, broadcast terminals or cameras. */
async function sitingAnswer(
  cache: LayerCache,
  profile: Profile,
  viewsheds: Viewsheds,
  res: Response,
  q: z.output<typeof sitingRequest>,
) {
  const common = { k: q.k, candidates: q.candidates, spacingM: q.spacing_m };
  if (q.target === 'shelters') {
    const kind = q.kind ?? 'emergency';
    if (!profile.shelter[kind]) throw invalidParam('kind', `must be one of ${Object.keys(profile.shelter).join(', ')}`);
    const layers = await cache.get(INPUTS.shelters);
    return siteShelters(layers, profile, { ...common, kind });
  }
  if (q.target === 'broadcast') {
    const layers = await cache.get(INPUTS.broadcast);
    return siteBroadcast(layers, { ...common, rangeM: q.range_m ?? 500, includePlanned: q.include_planned });
  }
  const layers = await cache.get(INPUTS.cameras);
  const options = {
    ...common,
    rangeM: q.range_m ?? 5000,
    fovDeg: q.fov_deg,
    headingDeg: q.heading_deg,
    mastHeightM: q.mast_height_m,
    includePlanned: q.include_planned,
  };
  // The candidates are laid out first, so that their viewsheds can be computed before the analysis.
  const candidates = cameraCandidates(layers, options);
  const work = candidates.length * (options.rangeM / 1000) ** 2;
  if (work > MAX_SITING_WORK_KM2) {
    const name = q.candidates ? 'candidates' : 'spacing_m';
    const n = String(Math.floor(MAX_SITING_WORK_KM2 / (options.rangeM / 1000) ** 2));
    throw invalidParam(name, `too many candidates for this range: at most ${n} at ${options.rangeM} m`);
  }
  const terrain = await camerasOnTerrain(viewsheds, res, layers, { cameras: candidateCameras(candidates, options) });
  return siteCameras(layers, { ...options, candidates, terrain });
}
