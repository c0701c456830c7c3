import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

/** The demo's "today" (scripts/demo/dates.ts): its alerts are judged on this day. */
const DEMO_DAY = '2025-06-30';

type Props = Record<string, any>;
/** The demo files themselves, the oracle the store's answer is checked against. */
const demo = (layer: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8')) as FeatureCollection<
      Geometry,
      Props
    >
  ).features;

const ids = (features: Feature<Geometry, Props>[]) => features.map((f) => String(f.id)).sort();

const overdueHazards = demo('hazards').filter(
  (f) => ['listed', 'rectifying'].includes(f.properties.stage) && f.properties.rectify_by < DEMO_DAY,
);
const fullShelters = demo('shelters').filter(
  (f) =>
    f.properties.status === 'open' && (f.properties.capacity - f.properties.free_places) / f.properties.capacity > 0.9,
);
const stockRows = demo('depots').flatMap((f) =>
  (f.properties.stock ?? []).map((row: Props) => ({ id: String(f.id), ...row })),
);
const expired = stockRows.filter((r) => r.expires_on && r.expires_on < DEMO_DAY);
const expiring = stockRows.filter((r) => r.expires_on && r.expires_on >= DEMO_DAY && r.expires_on <= '2025-07-30');
const planned = demo('cameras').filter((f) => f.properties.status === 'planned');

describe.each(backends())('the situation on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const situation = async (query = `?as_of=${DEMO_DAY}`) => {
    const { status, body } = await served.api.get(`/situation${query}`, as('responder'));
    expect(status).toBe(200);
    return body;
  };
  const of = (body: any, kind: string) => body.alerts.filter((a: any) => a.kind === kind);

  it('is refused to anonymous readers', async () => {
    expect((await served.api.get('/situation')).status).toBe(401);
  });

  it('finds the demo’s overdue hazards, nearly full shelters and expired stock', async () => {
    const body = await situation();
    expect(overdueHazards.length).toBeGreaterThanOrEqual(3);
    expect(fullShelters.length).toBeGreaterThanOrEqual(1);
    expect(expired.length).toBeGreaterThanOrEqual(1);
    expect(
      of(body, 'hazard_overdue')
        .map((a: any) => a.id)
        .sort(),
    ).toEqual(ids(overdueHazards));
    expect(
      of(body, 'shelter_full')
        .map((a: any) => a.id)
        .sort(),
    ).toEqual(ids(fullShelters));
    expect(of(body, 'stock_expired')).toHaveLength(expired.length);
    expect(of(body, 'stock_expiring')).toHaveLength(expiring.length);
    expect(of(body, 'zone_understated').map((a: any) => a.layer)).toEqual(['risk_zones']);
    expect(of(body, 'camera_overdue')).toEqual([]);
  });

  it('gives each alert its layer, id and position, so a screen can open the feature', async () => {
    const [hazard] = of(await situation(), 'hazard_overdue');
    const stored = await served.api.get(`/collections/hazards/items/${hazard.id}`, as('responder'));
    expect(hazard.layer).toBe('hazards');
    expect(hazard.name).toBe(stored.body.properties.name);
    const geometry = stored.body.geometry;
    const first = geometry.type === 'Point' ? geometry.coordinates : geometry.coordinates[0];
    expect(hazard.position).toHaveLength(2);
    expect(Math.abs(hazard.position[0] - first[0])).toBeLessThan(0.05);
    expect(hazard.detail.days_overdue).toBeGreaterThan(0);
  });

  it('flags the planned cameras once the plan year they were due in is over', async () => {
    const body = await situation('?as_of=2026-01-01');
    expect(
      of(body, 'camera_overdue')
        .map((a: any) => a.id)
        .sort(),
    ).toEqual(ids(planned));
    expect(of(body, 'camera_overdue')[0].detail.due_year).toBe(2025);
  });

  it('counts the figures the demo holds', async () => {
    const { figures } = await situation();
    const open = demo('shelters').filter((f) => f.properties.status === 'open');
    expect(figures.shelters.open).toBe(open.length);
    expect(figures.shelters.free_places).toBe(open.reduce((n, f) => n + f.properties.free_places, 0));
    const teams = demo('teams').filter((f) => f.properties.status !== 'planned');
    expect(figures.teams.on_duty).toBe(teams.filter((f) => f.properties.on_duty).length);
    const zones = demo('risk_zones');
    expect(figures.risks.zones_by_level['1']).toBe(zones.filter((z) => z.properties.level === 1).length);
  });

  it('lists the open incidents with their clocks, and not the closed ones', async () => {
    const post = (path: string, body: unknown) =>
      fetch(served.api.url + path, {
        method: 'POST',
        headers: { ...as('responder'), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const base = { kind: 'flood', at: [119.12, 25.46], reporter: '村干部', text: '接报' };
    const open = await post('/incidents', { ...base, title: '涵东街道内涝' });
    const closed = await post('/incidents', { ...base, title: '误报' });
    await post(`/incidents/${closed.id}/entries`, { stage: 'final_report', text: '误报' });
    const { incidents } = await situation();
    expect(incidents.map((i: any) => i.id)).toEqual([open.id]);
    expect(incidents[0].deadlines.map((d: any) => d.report)).toEqual(['phone', 'written']);
  });

  it('refuses a day that is not one, naming as_of', async () => {
    const { status, body } = await served.api.get('/situation?as_of=June', as('responder'));
    expect(status).toBe(400);
    expect(body['invalid-params'][0].name).toBe('as_of');
  });
});
