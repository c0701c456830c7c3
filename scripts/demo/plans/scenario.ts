/**
 * The demo's saved scenario (规划方案), so a newcomer finds one to open, compare and promote:
 * 十四五规划补点方案. Two cameras sited by hand in the largest forest blind spots left even once the
 * plan's planned cameras are built (萩芦镇, 白沙镇; tuned against ../measure.ts), and a fixed shelter
 * beside each village the demo leaves more than 3 km from any shelter (the gap villages of
 * ../resources/shelters.ts). Proposals carry no status: they are measured as built, and given one
 * when promoted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { District } from '../base/district.ts';
import type { Village } from '../base/population.ts';
import { type LonLat, nearestAcceptable, roundPoint } from '../geometry.ts';
import type { Camera } from '../monitoring/cameras.ts';
import type { Profile } from '../profile.ts';
import { stream } from '../random.ts';
import { isExposed, type Zone } from '../risk/risk-zones.ts';

export interface DemoScenario {
  title: string;
  note: string;
  proposals: { cameras: FeatureCollection; shelters: FeatureCollection };
}

export const SCENARIO_CAMERAS: Camera[] = [
  {
    name: '萩芦镇东岭森林防火监控点',
    point: [119.0994, 25.593],
    kind: 'thermal_dual',
    status: 'planned',
    rangeM: 4500,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 30,
  },
  {
    name: '白沙镇南岭森林防火监控点',
    point: [118.99, 25.57],
    kind: 'thermal_dual',
    status: 'planned',
    rangeM: 4500,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 30,
  },
];

/** A fixed shelter on a school ground or square: room for 3,000 at the profile's space per person. */
const SHELTER_AREA_M2 = 6000;

export function demoScenario(
  gapVillages: Village[],
  district: District,
  zones: Zone[],
  profile: Profile,
): DemoScenario {
  const ids = stream('ids:scenario');
  const rng = stream('scenario');
  const cameras: Feature[] = SCENARIO_CAMERAS.map((c) => ({
    type: 'Feature',
    id: ids.uuid(),
    geometry: { type: 'Point', coordinates: roundPoint(c.point) },
    properties: {
      name: c.name,
      kind: c.kind,
      mast_height_m: c.mastM,
      range_m: c.rangeM,
      heading_deg: c.headingDeg,
      fov_deg: c.fovDeg,
    },
  }));
  const shelters: Feature[] = gapVillages.map((village) => {
    const point: LonLat = nearestAcceptable(
      village.point,
      district.outline,
      rng,
      150,
      600,
      (p) => !isExposed(p, zones),
    );
    return {
      type: 'Feature',
      id: ids.uuid(),
      geometry: { type: 'Point', coordinates: point },
      properties: {
        name: `${village.name}固定避难场所`,
        grade: 'B',
        level: 'village',
        kind: 'fixed',
        effective_area_m2: SHELTER_AREA_M2,
        capacity: Math.floor(SHELTER_AREA_M2 / profile.shelter.fixed.m2_per_person),
        standardised: true,
        facilities: ['water', 'power', 'toilets', 'broadcast'],
        address: `莆田市涵江区${village.township.name}${village.name}`,
      },
    };
  });
  const places = gapVillages.map((v) => `${v.township.name}${v.name}`).join('、');
  return {
    title: '十四五规划补点方案',
    note:
      `在现有及规划视频监控仍看不到的萩芦镇、白沙镇林区补建2处监控点;在距避难场所超过3公里的${places}附近各建1处固定避难场所。` +
      '演示数据。',
    proposals: {
      cameras: { type: 'FeatureCollection', features: cameras },
      shelters: { type: 'FeatureCollection', features: shelters },
    },
  };
}

/** One proposal a line, like the layers: a change to one shows as a one-line diff. */
export function writeScenario(dir: string, scenario: DemoScenario): string {
  const collection = (c: FeatureCollection) =>
    `{"type":"FeatureCollection","features":[\n${c.features.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]}`;
  const text =
    `{"title":${JSON.stringify(scenario.title)},"note":${JSON.stringify(scenario.note)},"proposals":{\n` +
    `  "cameras":${collection(scenario.proposals.cameras)},\n` +
    `  "shelters":${collection(scenario.proposals.shelters)}\n}}\n`;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'scenario.json');
  writeFileSync(path, text);
  return path;
}
