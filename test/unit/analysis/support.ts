/** Loading fixture worlds and the demo district for the analysis tests. */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Profile } from '../../../server/analysis/types.ts';
import { layers as registry } from '../../../server/layers/registry.ts';

type Props = Record<string, unknown>;

export interface Fixture {
  description: string;
  /** Features by the layer their `layer` property names (fixture features say which layer they belong to). */
  layers: Record<string, Feature<Geometry, Props>[]>;
  query: any;
  expected: any;
  profile: any;
}

export function fixture(name: string): Fixture {
  const text = readFileSync(new URL(`../../fixtures/analysis/${name}.geojson`, import.meta.url), 'utf8');
  const fc = JSON.parse(text) as FeatureCollection<Geometry, Props> & Record<string, unknown>;
  const layers: Record<string, Feature<Geometry, Props>[]> = {};
  for (const f of fc.features) {
    const layer = String(f.properties.layer);
    layers[layer] = [...(layers[layer] ?? []), f];
  }
  return { description: String(fc.description), layers, query: fc.query, expected: fc.expected, profile: fc.profile };
}

export function demo(): { layers: Record<string, FeatureCollection<Geometry, Props>>; profile: Profile } {
  const read = (path: string) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));
  const layers = Object.fromEntries(registry.map((l) => [l.id, read(`data/demo/${l.id}.geojson`)]));
  return { layers, profile: read('data/profiles/hanjiang.json') as Profile };
}

export function point(id: string, coordinates: Position, properties: Props = {}): Feature<Geometry, Props> {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates }, properties };
}

export function ids(items: { feature: { id?: string | number } }[]): string[] {
  return items.map((i) => String(i.feature.id));
}
