import { type Request, type Response, Router } from 'express';
import type { Feature } from 'geojson';
import { z } from 'zod';
import { requireRole, userOf } from '../http/auth.ts';
import { baseUrl } from '../http/links.ts';
import { expectedRevision, requireContentType, setEtag } from '../http/preconditions.ts';
import { invalidParam, notFound } from '../http/problem.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import { plainText } from '../input/plain-text.ts';
import { builtStatus, PLANNED } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { ScenarioNotFound, StaleRevision } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import { findProposal, type Scenario, type ScenarioSummary } from '../store/scenarios.ts';
import { proposalsByLayer } from './analysis-requests.ts';
import { validateFeatures } from './feature-validation.ts';
import { checkProposals, withIds } from './proposals.ts';

const uuid = z.uuid();

/** What the server keeps itself: accepted and ignored, so a scenario read from the API can be sent back as it is. */
const kept = z.unknown().optional();

export const scenarioRequest = z.strictObject({
  title: plainText(
    z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  ),
  note: plainText(z.string({ error: 'must be text' }).max(2000, 'must be at most 2000 characters')).default(''),
  proposals: proposalsByLayer.default({}),
  id: kept,
  author: kept,
  created_at: kept,
  updated_by: kept,
  updated_at: kept,
  revision: kept,
  promoted: kept,
  links: kept,
});

/** Built is the layer's built status (a shelter opens; anything else exists); planned adopts it into the plan. */
export const promoteRequest = z.strictObject({
  status: z.string({ error: 'must be text' }).optional(),
});

function idParam(req: Request, name: 'scenarioId' | 'proposalId'): string {
  const id = String(req.params[name]);
  if (!uuid.safeParse(id).success) throw invalidParam(name, 'must be a UUID');
  return id;
}

function links(req: Request, id: string) {
  const self = `${baseUrl(req)}/scenarios/${id}`;
  return [
    { rel: 'self', href: self, type: 'application/json' },
    { rel: 'version-history', href: `${self}/history`, type: 'application/json' },
  ];
}

function respond(req: Request, res: Response, scenario: Scenario, status = 200) {
  setEtag(res, scenario.revision);
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ ...scenario, links: links(req, scenario.id) });
}

/**
 * The proposal as a feature of its layer: built (a shelter opens with all its places free) unless the
 * planner adopts it into the plan as planned.
 */
function asFeature(
  layerId: string,
  proposal: Feature,
  status: string | undefined,
): { feature: Feature; status: string } {
  const built = builtStatus(layerId);
  if (status !== undefined && status !== built && status !== PLANNED)
    throw invalidParam('status', `must be ${built} (built) or ${PLANNED}`);
  const chosen = status ?? built;
  const properties: Record<string, unknown> = { ...proposal.properties, status: chosen };
  if (layerId === 'shelters' && chosen !== PLANNED) properties.free_places = properties.capacity ?? null;
  return { feature: { ...proposal, properties }, status: chosen };
}

/**
 * Scenarios (规划方案): planners save, reopen, change and delete named groups of proposals, and promote
 * a proposal once it is built. Staff only: responders and above read, planners write; a scenario is
 * never published, exported or tiled.
 */
export function scenariosRouter(store: Store): Router {
  const router = Router();
  const one = '/scenarios/:scenarioId';

  const found = async (id: string) => {
    const scenario = await store.scenarios.get(id);
    if (!scenario) throw new ScenarioNotFound(id);
    return scenario;
  };
  const input = async (req: Request, promoted: ReadonlySet<string>) => {
    requireContentType(req, ['application/json']);
    const body = parseOrRefuse(scenarioRequest, req.body);
    const proposals = withIds(await checkProposals(store, body.proposals, 'proposals'), promoted);
    return { title: body.title, note: body.note, proposals };
  };

  router.get('/scenarios', requireRole('responder'), async (req, res) => {
    const all = await store.scenarios.list();
    const listed = all.map((s: ScenarioSummary) => ({ ...s, links: links(req, s.id) }));
    res.set('Cache-Control', 'no-store').json({ scenarios: listed });
  });

  router.post('/scenarios', requireRole('planner'), async (req, res) => {
    const scenario = await store.scenarios.create(await input(req, new Set()), { user: userOf(res) });
    res.location(`${baseUrl(req)}/scenarios/${scenario.id}`);
    respond(req, res, scenario, 201);
  });

  router.get(one, requireRole('responder'), async (req, res) => {
    respond(req, res, await found(idParam(req, 'scenarioId')));
  });

  router.put(one, requireRole('planner'), async (req, res) => {
    const id = idParam(req, 'scenarioId');
    const expected = expectedRevision(req);
    const current = await found(id);
    const body = await input(req, new Set(current.promoted.map((p) => p.proposal_id)));
    respond(req, res, await store.scenarios.replace(id, body, expected, { user: userOf(res) }));
  });

  router.delete(one, requireRole('planner'), async (req, res) => {
    const id = idParam(req, 'scenarioId');
    await store.scenarios.delete(id, expectedRevision(req), { user: userOf(res) });
    res.status(204).end();
  });

  router.get(`${one}/history`, requireRole('responder'), async (req, res) => {
    const id = idParam(req, 'scenarioId');
    const entries = await store.scenarios.history(id);
    if (entries.length === 0) throw notFound(`There is no history for scenario ${id}.`);
    res.set('Cache-Control', 'no-store').json({ id, entries });
  });

  router.post(`${one}/proposals/:proposalId/promote`, requireRole('planner'), async (req, res) => {
    const id = idParam(req, 'scenarioId');
    const proposalId = idParam(req, 'proposalId');
    const expected = expectedRevision(req);
    const { status } = parseOrRefuse(promoteRequest, req.body ?? {});
    const scenario = await found(id);
    const place = findProposal(scenario, proposalId);
    if (scenario.revision !== expected) throw new StaleRevision(expected, scenario.revision, 'scenario');
    const layer = findLayer(place.layer) as LayerDef;
    const promoted = asFeature(place.layer, place.feature, status);
    const prefix = `proposals.${place.layer}.features[${place.index}]`;
    const [feature] = await validateFeatures(store, layer, [{ value: promoted.feature, prefix }], {
      allowOutsideDistrict: false,
    });
    const after = await store.scenarios.promote(
      id,
      proposalId,
      expected,
      { layer, feature, status: promoted.status },
      {
        user: userOf(res),
      },
    );
    const created = await store.getItem(layer, proposalId, 'internal');
    res.location(`${baseUrl(req)}/collections/${layer.id}/items/${proposalId}`);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ feature: created, scenario: { ...after, links: links(req, id) } });
  });

  return router;
}
