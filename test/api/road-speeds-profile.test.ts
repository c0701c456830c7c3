/**
 * Travel times follow the district's profile: the road network is cached per version of the roads
 * layer and per set of speeds, so when a district set-up switches to a profile that drives county
 * roads at half the speed, the same drive takes twice as long at once — for a dispatch recorded on an
 * incident (whose cache outlives profiles) and for the nearest analysis alike. Times are worked out by
 * hand from Turf's length of the one road and the profile's speed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import { afterAll, describe, expect, it } from 'vitest';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';

const ROAD: [number, number][] = [
  [119.0, 25.5],
  [119.03, 25.5],
];
const INCIDENT = ROAD[0];
const TEAM = ROAD[1];
const ROAD_M = turf.length(turf.lineString(ROAD), { units: 'meters' });
const seconds = (kmh: number) => ROAD_M / (kmh / 3.6);

/** The demo district's profile with county roads driven at `kmh`, written where a set-up can name it. */
const dir = mkdtempSync(join(tmpdir(), 'onemap-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function profileWithCounty(kmh: number): string {
  const profile = JSON.parse(readFileSync(new URL('../../data/profiles/hanjiang.json', import.meta.url), 'utf8'));
  profile.roads.speeds_kmh.county = kmh;
  const path = join(dir, `county-${kmh}.json`);
  writeFileSync(path, JSON.stringify(profile));
  return path;
}

describe.each(backends())('road travel times under the profile on the $name backend', (backend) => {
  const served = servedStore(() => backend.openEmpty());
  const responder = as('responder');
  let teamId: string;
  let incidentId: string;

  async function send(path: string, body: unknown, headers: Record<string, string> = staff) {
    const response = await fetch(served.api.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    expect(response.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }
  /** The drive to the team by the nearest analysis and by a dispatch recorded on the incident. */
  async function drives(): Promise<[number, number]> {
    const nearest = await send('/analysis/nearest', { from: INCIDENT, layer: 'teams', k: 1, by: 'road' });
    const dispatched = await send(
      `/incidents/${incidentId}/entries`,
      { stage: 'dispatch', text: '调派', dispatch: { layer: 'teams', id: teamId } },
      responder,
    );
    return [nearest.results[0].duration_s, dispatched.entries.at(-1).dispatched.road.duration_s];
  }

  it('drives the county road at the default profile’s 40 km/h', async () => {
    const road = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: ROAD },
      properties: { name: '县道', class: 'county' },
    };
    await send('/collections/roads/items', road);
    const team = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: TEAM },
      properties: { name: '一队', on_duty: true },
    };
    teamId = (await send('/collections/teams/items', team)).id;
    incidentId = (
      await send(
        '/incidents',
        { title: '路测', kind: 'flood', at: INCIDENT, reporter: '值班员', text: '接报' },
        responder,
      )
    ).id;
    const [nearest, dispatched] = await drives();
    expect(nearest).toBeCloseTo(seconds(40), 0);
    expect(dispatched).toBeCloseTo(seconds(40), 0);
  });

  it.each([20, 60])('takes the time at %i km/h once the district’s profile says so', async (kmh) => {
    const dataset = (await served.store.getMeta<Record<string, unknown>>('dataset')) ?? {};
    await served.store.setMeta('dataset', { ...dataset, profile: profileWithCounty(kmh) });
    const [nearest, dispatched] = await drives();
    expect(nearest).toBeCloseTo(seconds(kmh), 0);
    expect(dispatched).toBeCloseTo(seconds(kmh), 0);
  });
});
