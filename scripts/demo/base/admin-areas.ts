/**
 * Administrative areas: the district and its townships. Populations are summed from the village
 * points so the two layers can never disagree.
 */
import type { Feature } from 'geojson';
import { LayerOutput } from '../feature.ts';
import { DISTRICT } from '../geography.ts';
import type { District } from './district.ts';
import type { Village } from './population.ts';

function areaValue(km2: number): number {
  return Math.round(km2 * 100) / 100;
}

export function adminAreasLayer(district: District, villages: Village[]): Feature[] {
  const out = new LayerOutput('admin_areas');
  const residentsOf = (name: string) =>
    villages.filter((v) => v.township.name === name).reduce((sum, v) => sum + v.residents, 0);
  out.add(DISTRICT.name, district.outline, {
    level: 'district',
    code: DISTRICT.code,
    population: villages.reduce((sum, v) => sum + v.residents, 0),
    area_km2: areaValue(district.areaKm2),
  });
  for (const township of district.townships) {
    out.add(township.name, township.area, {
      level: 'township',
      code: township.code,
      population: residentsOf(township.name),
      area_km2: areaValue(township.areaKm2),
    });
  }
  return out.features;
}
