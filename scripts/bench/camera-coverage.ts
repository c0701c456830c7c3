/**
 * Forest-video coverage on the terrain against flat sectors, on the demo district and its DEM: the
 * pure analysis (server/analysis/coverage-cameras.ts, both scenarios, blind spots drawn) handed the
 * cameras' viewsheds, beside the same analysis on flat sectors timed in the same run, interleaved; and
 * what comes before it once per DEM version — the demo DEM made, each camera's viewshed traced.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { MultiPolygon } from 'geojson';
import { eyeKey, eyeOf } from '../../server/analysis/camera-views.ts';
import { cameraScenarios } from '../../server/analysis/coverage-cameras.ts';
import { featuresOf } from '../../server/analysis/geometry.ts';
import type { Layers } from '../../server/analysis/types.ts';
import { demoDem } from '../../server/demo/demo-dem.ts';
import { cameraViewshed } from '../../server/terrain/camera-viewshed.ts';
import { interleaved, ms, round, samples, table, times } from './measure.ts';

const demo = (layer: string) =>
  JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8')).features;

export async function benchCameraCoverage({ quick }: { quick: boolean }) {
  const layers = {
    cameras: demo('cameras'),
    forest_areas: demo('forest_areas'),
    admin_areas: demo('admin_areas'),
  } as Layers;
  const towers = featuresOf(layers.cameras).map((c) => (c.geometry as { coordinates: number[] }).coordinates);
  let start = performance.now();
  const dem = demoDem(towers);
  const demMs = performance.now() - start;
  start = performance.now();
  const seen = new Map<string, MultiPolygon | null>();
  for (const camera of featuresOf(layers.cameras)) {
    const eye = eyeOf(camera);
    if (eye) seen.set(eyeKey(eye), cameraViewshed(dem, eye).visible);
  }
  const viewshedsMs = performance.now() - start;
  const terrain = { demVersion: 1, seen };
  const plan = quick ? { warmup: 1, iterations: 3 } : { warmup: 2, iterations: 20 };
  const timed = await interleaved(plan, {
    viewshed: (n) => samples(n, () => cameraScenarios(layers, { terrain })),
    sector: (n) => samples(n, () => cameraScenarios(layers)),
  });
  const onTerrain = cameraScenarios(layers, { terrain });
  const flat = cameraScenarios(layers);
  console.log(`demo DEM ${dem.cols} × ${dem.rows} cells of 50 m made in ${ms(demMs)} ms; \
${seen.size} viewsheds traced in ${ms(viewshedsMs)} ms (one thread); load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(
    table(
      ['camera coverage, both scenarios', 'p50', 'p99', 'covered (existing)', 'with planned'],
      [
        [
          'viewsheds',
          `${ms(timed.viewshed.p50)} ms`,
          `${ms(timed.viewshed.p99)} ms`,
          `${onTerrain.existing.district.coveredPct?.toFixed(1)}%`,
          `${onTerrain.withPlanned.district.coveredPct?.toFixed(1)}%`,
        ],
        [
          'flat sectors (baseline)',
          `${ms(timed.sector.p50)} ms`,
          `${ms(timed.sector.p99)} ms`,
          `${flat.existing.district.coveredPct?.toFixed(1)}%`,
          `${flat.withPlanned.district.coveredPct?.toFixed(1)}%`,
        ],
      ],
      [false, true, true, true, true],
    ),
  );
  console.log(`viewsheds ÷ sectors: ${times(timed.viewshed.p50 / timed.sector.p50)} at p50`);
  return {
    dem_cells: dem.cols * dem.rows,
    dem_ms: round(demMs),
    viewsheds: seen.size,
    viewsheds_ms: round(viewshedsMs),
    viewshed_p50_ms: round(timed.viewshed.p50),
    sector_p50_ms: round(timed.sector.p50),
    ratio_p50: round(timed.viewshed.p50 / timed.sector.p50),
    covered_pct: { viewshed: onTerrain.existing.district.coveredPct, sector: flat.existing.district.coveredPct },
  };
}
