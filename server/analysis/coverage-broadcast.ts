/**
 * Warning-broadcast coverage (应急广播覆盖率): residents within some terminal's range ÷ residents, for
 * the district and each township, with existing terminals only or with the planned ones too. A
 * population point counts whole when it lies within range (village points carry the village's
 * residents); the points no terminal reaches come back as features to draw the gaps.
 */
import type { FeatureCollection, Point } from 'geojson';
import { featuresOf, num, pointOf } from './geometry.ts';
import { counted } from './planned.ts';
import { type PeopleTally, reachedBy, residentsOf, type Source, tallyPeople, uncoveredFeatures } from './reach.ts';
import { TownshipLocator } from './townships.ts';
import type { AnyFeature, Layer, Layers, Props } from './types.ts';

export interface BroadcastCoverage extends PeopleTally {
  scenario: 'existing' | 'with_planned';
  terminals: number;
  uncovered: FeatureCollection<Point, Props>;
}

/** Terminals counted in a scenario, as sources with their own range. */
export function terminalSources(terminals: Layer, includePlanned: boolean): Source[] {
  return featuresOf(terminals)
    .filter(counted(includePlanned))
    .map((t) => ({ position: pointOf(t as AnyFeature), radiusM: num(t.properties, 'range_m') ?? 0 }))
    .filter((s): s is Source => s.position !== null && s.radiusM > 0);
}

/** Residents reached by terminals (`broadcast_terminals`, `population`, `admin_areas`). */
export function broadcastCoverage(input: Layers, options: { includePlanned?: boolean } = {}): BroadcastCoverage {
  const includePlanned = options.includePlanned ?? false;
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const residents = residentsOf(input.population ?? [], locator);
  const sources = terminalSources(input.broadcast_terminals ?? [], includePlanned);
  const covered = reachedBy(residents, sources);
  return {
    scenario: includePlanned ? 'with_planned' : 'existing',
    terminals: sources.length,
    ...tallyPeople(residents, covered, locator),
    uncovered: uncoveredFeatures(residents, covered),
  };
}
