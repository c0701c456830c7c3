/**
 * Fire-station coverage on the demo district, by road beside the straight line, timed in the same run:
 * the whole analysis as `GET /analysis/coverage/fire_stations` computes it (each station's 5-minute
 * reach stamped on the 20 m coverage grid, the union per township, the overlap, every village's first
 * station, the reach traced into polygons) against the straight-line discs it replaces where there are
 * roads. Figure and baseline alternate run by run so load from elsewhere lands on both; the ratio is
 * the figure that travels. The figures themselves (residents and area reached both ways) are printed
 * too: the difference is what measuring on the roads changes.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fireCoverage } from '../../server/analysis/coverage-fire.ts';
import { fireCoverageByRoad } from '../../server/analysis/coverage-fire-road.ts';
import { roadNetwork } from '../../server/analysis/roads.ts';
import type { Layers } from '../../server/analysis/types.ts';
import { loadProfile } from '../../server/profile.ts';
import { ms, round, summarize, table, times } from './measure.ts';

const demo = (layer: string) =>
  JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8'));

export async function benchFireCoverage({ quick }: { quick: boolean }) {
  const profile = loadProfile();
  const layers = Object.fromEntries(
    ['fire_stations', 'population', 'admin_areas', 'roads'].map((id) => [id, demo(id)]),
  ) as Layers;
  const roads = roadNetwork(layers.roads, profile);
  if (!roads) throw new Error('the demo district has no roads');
  const runs = quick ? 3 : 10;
  const road: number[] = [];
  const straight: number[] = [];
  const timed = (work: () => unknown) => {
    const start = performance.now();
    work();
    return performance.now() - start;
  };
  timed(() => fireCoverageByRoad(layers, profile, roads));
  timed(() => fireCoverage(layers, profile));
  for (let i = 0; i < runs; i++) {
    road.push(timed(() => fireCoverageByRoad(layers, profile, roads)));
    straight.push(timed(() => fireCoverage(layers, profile)));
  }
  const [r, s] = [summarize(road), summarize(straight)];
  const byRoad = fireCoverageByRoad(layers, profile, roads);
  const disc = fireCoverage(layers, profile);
  console.log(
    table(
      ['figure (pure function, demo district)', 'p50 ms', 'runs', 'baseline (same run)', 'p50 ms', 'ratio'],
      [
        [
          `fire coverage by road, ${byRoad.stations} stations, ${roads.graph.pieceCount} pieces`,
          ms(r.p50),
          String(r.iterations),
          'straight-line discs',
          ms(s.p50),
          times(r.p50 / s.p50),
        ],
      ],
      [false, true, true, false, true, true],
    ),
  );
  const pct = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`);
  console.log(
    `residents reached in ${profile.fire.response_minutes} min: by road ${pct(byRoad.district.coveredPct)}, ` +
      `straight line ${pct(disc.district.coveredPct)}; area: by road ${pct(byRoad.area.district.areaPct)}, ` +
      `straight line ${pct(disc.area.district.areaPct)}`,
  );
  return {
    byRoad: { p50: round(r.p50), p99: round(r.p99), coveredPct: byRoad.district.coveredPct },
    straight: { p50: round(s.p50), p99: round(s.p99), coveredPct: disc.district.coveredPct },
  };
}
