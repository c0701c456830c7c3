/**
 * Generates the demo district (涵江区, invented facilities at approximate places) as one GeoJSON file
 * per layer: `npm run demo:generate [output dir]`, default data/demo. Seeded throughout: two runs give
 * byte-identical files, which the unit test checks against the committed copy.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, Point } from 'geojson';
import { layers } from '../server/layers/registry.ts';
import { adminAreasLayer } from './demo/base/admin-areas.ts';
import { buildDistrict } from './demo/base/district.ts';
import { buildLandscape, forestAreasLayer } from './demo/base/forest-areas.ts';
import { placeVillages, populationLayer } from './demo/base/population.ts';
import { protectedTargetsLayer } from './demo/base/protected-targets.ts';
import { roadsLayer } from './demo/base/roads.ts';
import type { LonLat } from './demo/geometry.ts';
import { hazardsLayer } from './demo/hazards/hazards.ts';
import { cameraCoverage, peopleCoverage, villagesBeyond } from './demo/measure.ts';
import { broadcastLayer, placeTerminals } from './demo/monitoring/broadcast.ts';
import { CAMERAS, camerasLayer } from './demo/monitoring/cameras.ts';
import { weatherLayer } from './demo/monitoring/weather.ts';
import { demoScenario, SCENARIO_CAMERAS, writeScenario } from './demo/plans/scenario.ts';
import { loadProfile } from './demo/profile.ts';
import { stream } from './demo/random.ts';
import { depotsLayer } from './demo/resources/depots.ts';
import { fireStationsLayer } from './demo/resources/fire-stations.ts';
import { planShelters, sheltersLayer } from './demo/resources/shelters.ts';
import { teamsLayer } from './demo/resources/teams.ts';
import { enterpriseRisksLayer, placeRiskPoints } from './demo/risk/enterprise-risks.ts';
import { agreeWithPoints, isExposed, planZones, riskZonesLayer } from './demo/risk/risk-zones.ts';
import { writeLayer } from './demo/write.ts';

export const DEFAULT_OUTPUT = fileURLToPath(new URL('../data/demo', import.meta.url));

export interface DemoSummary {
  counts: Record<string, number>;
  areaKm2: number;
  residents: number;
  cameraCoverage: { existing: number; withPlanned: number };
  broadcastCoverage: { existing: number; withPlanned: number };
  /** Villages farther than 3 km from every shelter. */
  shelterGaps: string[];
  exposedShelters: string[];
  /** The saved scenario: camera coverage with its cameras beside the planned ones, and the gaps it leaves. */
  scenario: { cameraCoverage: number; shelterGaps: string[] };
}

/** Builds every layer in dependency order: geography, then risks, then what is sited around them. */
export function generateDemo(outDir: string = DEFAULT_OUTPUT): DemoSummary {
  const profile = loadProfile();
  const district = buildDistrict();
  const villages = placeVillages(district.townships, profile);
  const landscape = buildLandscape(district, villages);
  const zones = planZones(district, villages, landscape);
  const riskPoints = placeRiskPoints(landscape.parks, zones, stream('enterprise-risks'));
  agreeWithPoints(zones, riskPoints);
  const shelterPlan = planShelters(district, villages, zones);
  const terminals = placeTerminals(district, villages);
  const hazards = hazardsLayer(district, villages, zones, riskPoints);

  const files: Record<string, Feature[]> = {
    shelters: sheltersLayer(shelterPlan, profile),
    depots: depotsLayer(district, villages),
    teams: teamsLayer(district),
    fire_stations: fireStationsLayer(district, landscape),
    cameras: camerasLayer(),
    forest_areas: forestAreasLayer(landscape),
    hazards,
    risk_zones: riskZonesLayer(zones, profile),
    enterprise_risks: enterpriseRisksLayer(riskPoints, profile),
    broadcast_terminals: broadcastLayer(terminals),
    weather_stations: weatherLayer(district),
    admin_areas: adminAreasLayer(district, villages),
    population: populationLayer(villages),
    protected_targets: protectedTargetsLayer(district, villages, zones),
    roads: roadsLayer(district, villages, hazards),
  };
  const missing = layers.filter((layer) => !(layer.id in files)).map((layer) => layer.id);
  if (missing.length > 0) throw new Error(`no recipe for layers: ${missing.join(', ')}`);
  for (const [id, features] of Object.entries(files)) writeLayer(outDir, id, features);
  const scenario = demoScenario(shelterPlan.gapVillages, district, zones, profile);
  writeScenario(outDir, scenario);
  const shelterPoints = shelterPlan.shelters.map((s) => s.point);
  const proposedPoints = scenario.proposals.shelters.features.map((f) => (f.geometry as Point).coordinates as LonLat);

  const existing = <T extends { status: string }>(items: T[]) => items.filter((i) => i.status === 'existing');
  return {
    counts: Object.fromEntries(Object.entries(files).map(([id, features]) => [id, features.length])),
    areaKm2: district.areaKm2,
    residents: villages.reduce((sum, v) => sum + v.residents, 0),
    cameraCoverage: {
      existing: cameraCoverage(existing(CAMERAS), landscape.watched),
      withPlanned: cameraCoverage(CAMERAS, landscape.watched),
    },
    broadcastCoverage: {
      existing: peopleCoverage(villages, existing(terminals)),
      withPlanned: peopleCoverage(villages, terminals),
    },
    shelterGaps: villagesBeyond(villages, shelterPoints, 3000).map((v) => `${v.township.name}${v.name}`),
    exposedShelters: shelterPlan.shelters.filter((s) => isExposed(s.point, zones)).map((s) => s.name),
    scenario: {
      cameraCoverage: cameraCoverage([...CAMERAS, ...SCENARIO_CAMERAS], landscape.watched),
      shelterGaps: villagesBeyond(villages, [...shelterPoints, ...proposedPoints], 3000).map(
        (v) => `${v.township.name}${v.name}`,
      ),
    },
  };
}

function report(summary: DemoSummary, outDir: string): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`demo data written to ${outDir}`);
  for (const [id, count] of Object.entries(summary.counts)) console.log(`  ${id.padEnd(20)} ${count}`);
  console.log(`district area ${summary.areaKm2.toFixed(1)} km², residents ${summary.residents}`);
  console.log(
    `camera coverage ${pct(summary.cameraCoverage.existing)} existing, ${pct(summary.cameraCoverage.withPlanned)} with planned`,
  );
  console.log(
    `broadcast coverage ${pct(summary.broadcastCoverage.existing)} existing, ${pct(summary.broadcastCoverage.withPlanned)} with planned`,
  );
  console.log(`villages over 3 km from a shelter: ${summary.shelterGaps.join(', ')}`);
  console.log(`shelters in red/orange or geohazard zones: ${summary.exposedShelters.join(', ')}`);
  console.log(
    `scenario: camera coverage ${pct(summary.scenario.cameraCoverage)} with its cameras and the planned ones; ` +
      `villages over 3 km from a shelter: ${summary.scenario.shelterGaps.join(', ') || 'none'}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? DEFAULT_OUTPUT);
  report(generateDemo(outDir), outDir);
}
