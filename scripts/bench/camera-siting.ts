/**
 * Camera siting on the terrain against flat sectors, on the demo district and its DEM: the pure greedy
 * (server/analysis/siting-cameras.ts, k = 5 at 5 km) handed every candidate's viewshed, beside the
 * same greedy on flat sectors timed in the same run, interleaved; and what the API does before it, once
 * per DEM version and view, each candidate's viewshed traced (here on one thread; the API uses its two
 * viewshed workers). A grid of 1 km over the watched forest (2 km in the quick run).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { MultiPolygon } from 'geojson';
import { eyeKey, eyeOf } from '../../server/analysis/camera-views.ts';
import { featuresOf } from '../../server/analysis/geometry.ts';
import { cameraCandidates, candidateCameras, siteCameras } from '../../server/analysis/siting-cameras.ts';
import type { Layers } from '../../server/analysis/types.ts';
import { demoDem } from '../../server/demo/demo-dem.ts';
import { cameraViewshed } from '../../server/terrain/camera-viewshed.ts';
import { interleaved, ms, round, samples, table, times } from './measure.ts';

const demo = (layer: string) =>
  JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8')).features;

export async function benchCameraSiting({ quick }: { quick: boolean }) {
  const layers = {
    cameras: demo('cameras'),
    forest_areas: demo('forest_areas'),
    admin_areas: demo('admin_areas'),
  } as Layers;
  const dem = demoDem(featuresOf(layers.cameras).map((c) => (c.geometry as { coordinates: number[] }).coordinates));
  const options = { k: 5, rangeM: 5000, mastHeightM: 30, spacingM: quick ? 2000 : 1000 };
  const candidates = cameraCandidates(layers, options);
  const start = performance.now();
  const seen = new Map<string, MultiPolygon | null>();
  for (const camera of [...featuresOf(layers.cameras), ...candidateCameras(candidates, options)]) {
    const eye = eyeOf(camera);
    if (eye) seen.set(eyeKey(eye), cameraViewshed(dem, eye).visible);
  }
  const viewshedsMs = performance.now() - start;
  const terrain = { demVersion: 1, seen };
  const plan = quick ? { warmup: 1, iterations: 3 } : { warmup: 1, iterations: 10 };
  const timed = await interleaved(plan, {
    viewshed: (n) => samples(n, () => siteCameras(layers, { ...options, candidates, terrain })),
    sector: (n) => samples(n, () => siteCameras(layers, { ...options, candidates })),
  });
  const onTerrain = siteCameras(layers, { ...options, candidates, terrain });
  const flat = siteCameras(layers, { ...options, candidates });
  console.log(`${candidates.length} candidates at ${options.spacingM} m, ${seen.size} viewsheds (cameras and candidates) \
traced in ${ms(viewshedsMs)} ms (one thread); load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  const total = (s: typeof flat) => `${s.beforePct?.toFixed(1)}% → ${s.picks.at(-1)?.totalPct?.toFixed(1)}%`;
  console.log(
    table(
      [`camera siting, k = ${options.k} at 5 km`, 'p50', 'p99', 'forest covered'],
      [
        ['viewsheds', `${ms(timed.viewshed.p50)} ms`, `${ms(timed.viewshed.p99)} ms`, total(onTerrain)],
        ['flat sectors (baseline)', `${ms(timed.sector.p50)} ms`, `${ms(timed.sector.p99)} ms`, total(flat)],
      ],
      [false, true, true, true],
    ),
  );
  console.log(`viewsheds ÷ sectors: ${times(timed.viewshed.p50 / timed.sector.p50)} at p50`);
  return {
    candidates: candidates.length,
    viewsheds: seen.size,
    viewsheds_ms: round(viewshedsMs),
    viewshed_p50_ms: round(timed.viewshed.p50),
    sector_p50_ms: round(timed.sector.p50),
    ratio_p50: round(timed.viewshed.p50 / timed.sector.p50),
    total_pct: { viewshed: onTerrain.picks.at(-1)?.totalPct, sector: flat.picks.at(-1)?.totalPct },
  };
}
