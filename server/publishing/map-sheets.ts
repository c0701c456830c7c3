import type { FeatureCollection, Geometry } from 'geojson';
import { todayInChina } from '../../catalog/china-time.ts';
import type { Dataset, MapSettings } from '../../catalog/datasets.ts';
import type { Publication } from '../../catalog/publications.ts';
import type { MapSheet } from '../exports/index.ts';
import { isPlanned } from '../layers/planned.ts';
import { layerNamed } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { wholeLayer } from '../store/whole-layer.ts';
import { TILE } from '../tiles/rules.ts';

/** A layer as it is on the ground: a sheet handed out is acted on, so nothing planned is drawn. */
async function currentLayer(store: Store, id: string): Promise<FeatureCollection<Geometry>> {
  const layer = layerNamed(id);
  const features = await wholeLayer(store, layer, 'public');
  return { type: 'FeatureCollection', features: features.filter((f) => !isPlanned(f)) };
}

async function publishedLayer(store: Store, version: number, id: string): Promise<FeatureCollection<Geometry>> {
  const stored = await store.publications.layer(version, id);
  return stored ? JSON.parse(stored.geojson) : { type: 'FeatureCollection', features: [] };
}

/** Who issues the map, and whether it is demo data: the same on every sheet. */
export async function issuer(store: Store, adminAreas: FeatureCollection) {
  const dataset = await store.getMeta<Dataset>('dataset');
  const district = adminAreas.features.find((f) => f.properties?.level === 'district')?.properties?.name;
  const name = dataset?.name ?? (typeof district === 'string' ? district : '');
  return { name, source: `${name}应急管理局`, demo: dataset?.demo ?? false };
}

/**
 * A sheet draws at most as many points as a tile holds, the first by id as tiles keep them: ids are
 * random, so that is an even sample that keeps the pattern of density, and a sheet of a province's
 * shelters costs what a county's does.
 */
function thinned(points: FeatureCollection<Geometry>): FeatureCollection<Geometry> {
  if (points.features.length <= TILE.maxFeatures) return points;
  const byId = [...points.features].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
  return { ...points, features: byId.slice(0, TILE.maxFeatures) };
}

/** The sheet of the current, unpublished data: today's date, no version number. */
export async function currentSheet(store: Store, map: MapSettings): Promise<MapSheet> {
  const [riskZones, shelters, adminAreas] = await Promise.all(
    ['risk_zones', 'shelters', 'admin_areas'].map((id) => currentLayer(store, id)),
  );
  const { name, source, demo } = await issuer(store, adminAreas);
  return {
    title: `${name}安全风险四色分布图`,
    version: null,
    date: todayInChina(),
    source,
    reviewNumber: map.reviewNumber,
    demo,
    layers: { riskZones, shelters: thinned(shelters), adminAreas },
  };
}

/**
 * A published version's sheet: its zones and shelters as published, dated by its map date; the
 * township boundaries are today's. A withdrawn version says so in its title.
 */
export async function publishedSheet(store: Store, publication: Publication, map: MapSettings): Promise<MapSheet> {
  const [riskZones, shelters, adminAreas] = await Promise.all([
    publishedLayer(store, publication.version, 'risk_zones'),
    publishedLayer(store, publication.version, 'shelters'),
    currentLayer(store, 'admin_areas'),
  ]);
  const { source, demo } = await issuer(store, adminAreas);
  return {
    title: publication.withdrawn_at ? `${publication.title}(已撤回)` : publication.title,
    version: publication.version,
    date: publication.map_date,
    source,
    reviewNumber: map.reviewNumber,
    demo,
    layers: { riskZones, shelters: thinned(shelters), adminAreas },
  };
}
