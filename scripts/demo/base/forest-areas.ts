/**
 * Forests, key fire-prevention areas, scenic areas and industrial parks. The forests are what the
 * camera coverage indicator divides by, so they cover most of each mountain town, less the farmland
 * cleared around its villages; the industrial parks are where enterprise risks and hazchem sit.
 */
import * as turf from '@turf/turf';
import type { Feature } from 'geojson';
import { LayerOutput } from '../feature.ts';
import { shortName } from '../geography.ts';
import { type Area, areaKm2, blob, difference, finishArea, intersection, type LonLat, unionOf } from '../geometry.ts';
import { type Random, stream } from '../random.ts';
import type { District, Township } from './district.ts';
import type { Village } from './population.ts';

export type ForestKind = 'forest' | 'key_fire_area' | 'scenic' | 'industrial_park';

export interface NamedArea {
  name: string;
  kind: ForestKind;
  area: Area;
}

export interface Landscape {
  areas: NamedArea[];
  /** Forest and key fire areas merged: the camera coverage denominator. */
  watched: Area;
  parks: NamedArea[];
}

interface BlobSpec {
  name: string;
  kind: ForestKind;
  center: LonLat;
  radiusM: number;
  stretch?: [number, number];
}

/** Hand-placed: high ground in the north for the key areas, the two coastal-plain industrial parks. */
const BLOBS: BlobSpec[] = [
  { name: '囊山林区', kind: 'forest', center: [119.158, 25.548], radiusM: 2600, stretch: [1.2, 0.8] },
  { name: '大洋乡瑞云山森林防火重点区域', kind: 'key_fire_area', center: [119.075, 25.712], radiusM: 3200 },
  { name: '新县镇外坑林场森林防火重点区域', kind: 'key_fire_area', center: [118.912, 25.705], radiusM: 2800 },
  { name: '庄边镇凤岭森林防火重点区域', kind: 'key_fire_area', center: [118.99, 25.722], radiusM: 2500 },
  { name: '萩芦镇梯云山森林防火重点区域', kind: 'key_fire_area', center: [119.112, 25.632], radiusM: 2300 },
  { name: '萩芦溪峡谷景区', kind: 'scenic', center: [119.055, 25.59], radiusM: 1300, stretch: [1.8, 0.6] },
  { name: '瑞云山森林公园', kind: 'scenic', center: [119.04, 25.672], radiusM: 1400 },
  { name: '江口临港工业园区', kind: 'industrial_park', center: [119.192, 25.497], radiusM: 1500, stretch: [1.3, 0.8] },
  { name: '梧塘工业园区', kind: 'industrial_park', center: [119.104, 25.49], radiusM: 1200, stretch: [1.2, 0.9] },
];

/** Fields, houses and roads around each village are not forest; bigger villages clear more. */
function clearings(villages: Village[], rng: Random): Area | null {
  return unionOf(villages.map((v) => blob(v.point, Math.min(900, 300 + v.residents / 8), rng, [1.3, 0.8])));
}

function townshipForest(township: Township, villages: Village[]): Area {
  // Pulling the edge in a little keeps town forests from sharing borders, so they read as separate patches.
  const shrunk = turf.buffer(turf.feature(township.area), -0.25, { units: 'kilometers', steps: 4 });
  if (!shrunk) throw new Error(`${township.name}: nothing left of the forest`);
  const cleared = clearings(
    villages.filter((v) => v.township === township),
    stream(`clearings:${township.name}`),
  );
  const forest = cleared ? difference(shrunk.geometry, cleared) : shrunk.geometry;
  if (!forest) throw new Error(`${township.name}: forest cleared away`);
  return finishArea(forest, `${township.name} forest`);
}

function blobArea(spec: BlobSpec, district: District): Area {
  const rng = stream(`forest:${spec.name}`);
  const shape = blob(spec.center, spec.radiusM, rng, spec.stretch);
  const clipped = intersection(shape, district.outline);
  if (!clipped) throw new Error(`${spec.name}: outside the district`);
  return finishArea(clipped, spec.name);
}

export function buildLandscape(district: District, villages: Village[]): Landscape {
  const areas: NamedArea[] = district.townships
    .filter((t) => t.terrain === 'mountain')
    .map((t) => ({ name: `${shortName(t.name)}林区`, kind: 'forest', area: townshipForest(t, villages) }));
  for (const spec of BLOBS) areas.push({ name: spec.name, kind: spec.kind, area: blobArea(spec, district) });
  const watched = unionOf(areas.filter((a) => a.kind === 'forest' || a.kind === 'key_fire_area').map((a) => a.area));
  if (!watched) throw new Error('no forest to watch');
  return { areas, watched, parks: areas.filter((a) => a.kind === 'industrial_park') };
}

export function forestAreasLayer(landscape: Landscape): Feature[] {
  const out = new LayerOutput('forest_areas');
  for (const a of landscape.areas) {
    out.add(a.name, a.area, { kind: a.kind, area_km2: Math.round(areaKm2(a.area) * 100) / 100 });
  }
  return out.features;
}
