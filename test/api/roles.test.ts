import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../catalog/roles.ts';
import { INTERNAL_NAMES, layers } from '../../server/layers/registry.ts';
import { as, TEST_PASSWORD } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

type Who = 'public' | Role;
const EVERYONE: Who[] = ['public', ...ROLES];

/**
 * The least role each operation needs, as designed. Per-layer paths are written once with
 * {layer}. The API document must declare the same (x-onemap-role), and the server must enforce it.
 */
const LEAST: Record<string, Who> = {
  'GET /': 'public',
  'GET /conformance': 'public',
  'GET /api': 'public',
  'GET /collections': 'public',
  'GET /collections/{collectionId}': 'public',
  'GET /collections/{collectionId}/counties': 'public',
  'GET /collections/{collectionId}/queryables': 'public',
  'GET /collections/{collectionId}/schema': 'public',
  'GET /collections/{layer}/items': 'public',
  'GET /collections/{layer}/items/{featureId}': 'public',
  'POST /collections/{layer}/items': 'planner',
  'PUT /collections/{layer}/items/{featureId}': 'planner',
  'PATCH /collections/{layer}/items/{featureId}': 'responder',
  'DELETE /collections/{layer}/items/{featureId}': 'planner',
  'GET /collections/{layer}/items/{featureId}/history': 'responder',
  'PUT /collections/{layer}/items/{featureId}/stock/{item}': 'responder',
  'DELETE /collections/{layer}/items/{featureId}/stock/{item}': 'responder',
  'POST /analysis/nearest': 'public',
  'POST /analysis/around': 'public',
  'POST /analysis/walk': 'public',
  'GET /analysis/coverage/{target}': 'public',
  'POST /analysis/coverage/{target}': 'public',
  'GET /analysis/exposure': 'public',
  'POST /analysis/exposure': 'public',
  'GET /analysis/scorecard': 'public',
  'POST /analysis/scorecard': 'public',
  'POST /analysis/siting': 'public',
  'GET /analysis/scorecard/compare': 'responder',
  'GET /scenarios': 'responder',
  'POST /scenarios': 'planner',
  'GET /scenarios/{scenarioId}': 'responder',
  'PUT /scenarios/{scenarioId}': 'planner',
  'DELETE /scenarios/{scenarioId}': 'planner',
  'GET /scenarios/{scenarioId}/history': 'responder',
  'POST /scenarios/{scenarioId}/proposals/{proposalId}/promote': 'planner',
  'GET /incidents': 'responder',
  'POST /incidents': 'responder',
  'GET /incidents/{incidentId}': 'responder',
  'POST /incidents/{incidentId}/entries': 'responder',
  'GET /incidents/{incidentId}/report.pdf': 'responder',
  'GET /incidents/{incidentId}/report.html': 'responder',
  'GET /situation': 'responder',
  'POST /import/{layer}': 'planner',
  'PUT /terrain/dem': 'admin',
  'GET /terrain/dem.tif': 'responder',
  'GET /terrain/dem': 'responder',
  'GET /terrain/hillshade.png': 'responder',
  'POST /terrain/profile': 'responder',
  'GET /analysis/viewshed/{cameraId}': 'responder',
  'GET /exports/map.png': 'public',
  'GET /exports/map.pdf': 'public',
  'GET /exports/{collectionId}.geojson': 'public',
  'GET /exports/{collectionId}.csv': 'public',
  'GET /exports/{collectionId}.kml': 'public',
  'GET /tiles/{layer}.json': 'public',
  'GET /tiles/{layer}/{z}/{x}/{y}.mvt': 'public',
  'POST /auth/sign-in': 'public',
  'POST /auth/sign-out': 'responder',
  'GET /auth/me': 'responder',
  'GET /users': 'admin',
  'POST /users': 'admin',
  'PATCH /users/{username}': 'admin',
  'GET /audit': 'admin',
  'GET /audit/security': 'admin',
  'GET /audit/security.csv': 'admin',
  'GET /district': 'public',
  'POST /district': 'admin',
  'GET /publications': 'public',
  'POST /publications': 'publisher',
  'GET /publications/latest': 'public',
  'GET /publications/draft': 'planner',
  'GET /publications/{version}': 'public',
  'POST /publications/{version}/withdraw': 'publisher',
  'GET /publications/{version}/layers/{layer}': 'public',
  'GET /publications/{version}/map.png': 'public',
  'GET /publications/{version}/map.pdf': 'public',
  'GET /publications/{version}/live': 'public',
};

const LAYER_PATH = new RegExp(`^/collections/(${layers.map((l) => l.id).join('|')})(?=/|$)`);
const rank = (who: Who) => EVERYONE.indexOf(who);

/** Internal field names found under any `properties` object: feature properties and JSON schemas alike. */
function internalNamesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) internalNamesIn(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'properties' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        for (const name of Object.keys(child)) if (INTERNAL_NAMES.has(name)) found.add(name);
      }
      internalNamesIn(child, found);
    }
  }
  return found;
}

describe.each(backends())('every route × role on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  let doc: any;
  const firstIds = new Map<string, string>();
  /** The demo's saved scenario and its first proposal. */
  const scenario = { id: '', proposal: '' };
  /** An incident on record, for the routes that name one. */
  let incidentId = '';

  beforeAll(async () => {
    doc = (await served.api.get('/api')).body;
    for (const layer of layers) {
      const page = await served.api.get(`/collections/${layer.id}/items?limit=1`);
      firstIds.set(layer.id, page.body.features[0].id);
    }
    const saved = (await served.api.get('/scenarios', as('responder'))).body.scenarios[0];
    scenario.id = saved.id;
    scenario.proposal = (
      await served.api.get(`/scenarios/${saved.id}`, as('responder'))
    ).body.proposals.shelters.features[0].id;
    const incident = await fetch(`${served.api.url}/incidents`, {
      method: 'POST',
      headers: { ...as('responder'), 'content-type': 'application/json' },
      body: JSON.stringify({ title: '权限测试', kind: 'other', at: [119.12, 25.46], reporter: '测试', text: '接报' }),
    });
    expect(incident.status).toBe(201);
    incidentId = (await incident.json()).id;
    const published = await fetch(`${served.api.url}/publications`, {
      method: 'POST',
      headers: { ...as('publisher'), 'content-type': 'application/json' },
      body: JSON.stringify({ title: '权限测试', map_date: '2026-11-20' }),
    });
    expect(published.status).toBe(201);
  });

  const operations = () =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => {
        const layer = LAYER_PATH.exec(path)?.[1];
        const key = `${method.toUpperCase()} ${path.replace(LAYER_PATH, '/collections/{layer}')}`;
        return {
          method: method.toUpperCase(),
          path,
          layer,
          key,
          declared: methods[method]['x-onemap-role'] ?? 'public',
        };
      }),
    );

  const concrete = (path: string, layer: string | undefined) =>
    path
      .replace('{collectionId}', 'shelters')
      .replace('{featureId}', firstIds.get(layer ?? 'shelters') as string)
      .replace('{item}', encodeURIComponent('帐篷'))
      .replace('{target}', 'broadcast')
      .replace('{version}', '1')
      .replace('{layer}', 'shelters')
      .replace('{z}/{x}/{y}', '10/850/436')
      .replace('{username}', 'responder')
      .replace('{scenarioId}', scenario.id)
      .replace('{cameraId}', firstIds.get('cameras') as string)
      .replace('{proposalId}', scenario.proposal)
      .replace('{incidentId}', incidentId);

  async function request(method: string, url: string, who: Who, signOut: boolean) {
    let headers: Record<string, string> = who === 'public' ? {} : as(who);
    if (signOut && who !== 'public') {
      // Signing out revokes the token: use a session of its own, not the shared test token.
      const session = await fetch(`${served.api.url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: TEST_PASSWORD }),
      });
      headers = { authorization: `Bearer ${(await session.json()).token}` };
    }
    // An empty body: enough to pass or fail the role check, never enough to change anything.
    const body = method === 'GET' ? undefined : '{}';
    const response = await fetch(served.api.url + url, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    return { status: response.status, json: /json/.test(type) && text ? JSON.parse(text) : undefined };
  }

  it('has a designed role for every documented operation, and documents each one as designed', () => {
    const keys = new Set(operations().map((o) => o.key));
    expect([...keys].sort()).toEqual(Object.keys(LEAST).sort());
    for (const op of operations()) expect(op.declared, op.key).toBe(LEAST[op.key]);
  });

  it('allows each role exactly what it was designed to, and refuses the rest', async () => {
    const outcomes: string[] = [];
    for (const op of operations()) {
      const least = LEAST[op.key];
      const url = concrete(op.path, op.layer);
      for (const who of EVERYONE) {
        const { status } = await request(op.method, url, who, op.key === 'POST /auth/sign-out');
        const allowed = rank(who) >= rank(least);
        const refusal = who === 'public' ? 401 : 403;
        const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === refusal;
        if (!ok) outcomes.push(`${op.method} ${url} as ${who}: ${status}, expected ${allowed ? 'allowed' : refusal}`);
      }
    }
    expect(outcomes).toEqual([]);
    // Some 700 requests, map sheets among them: minutes on a loaded two-core machine.
  }, 300_000);

  it('shows no internal field in any JSON an anonymous reader gets', async () => {
    const leaks: string[] = [];
    let read = 0;
    for (const op of operations()) {
      if (op.method !== 'GET' || op.key === 'GET /api' || LEAST[op.key] !== 'public') continue;
      const url = concrete(op.path, op.layer);
      const { status, json } = await request('GET', url, 'public', false);
      if (status !== 200 || json === undefined) continue;
      read++;
      const names = internalNamesIn(json);
      if (names.size > 0) leaks.push(`${url}: ${[...names].join(', ')}`);
    }
    expect(leaks).toEqual([]);
    expect(read).toBeGreaterThan(40);
  });
});
