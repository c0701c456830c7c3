import { adminAreas, forestAreas, population, protectedTargets } from './base.ts';
import { commonFields } from './common.ts';
import { enterpriseRisks, hazards, riskZones } from './hazards.ts';
import { broadcastTerminals, cameras, weatherStations } from './monitoring.ts';
import { depots, fireStations, shelters, teams } from './resources.ts';
import { roads } from './roads.ts';
import type { FieldDef, LayerDef, Visibility } from './types.ts';

/** Every layer, in the order the API lists them. */
export const layers: readonly LayerDef[] = [
  shelters,
  depots,
  teams,
  fireStations,
  cameras,
  forestAreas,
  hazards,
  riskZones,
  enterpriseRisks,
  broadcastTerminals,
  weatherStations,
  adminAreas,
  population,
  protectedTargets,
  roads,
];

const byId = new Map(layers.map((layer) => [layer.id, layer]));

export function findLayer(id: string): LayerDef | undefined {
  return byId.get(id);
}

/** A layer the code names itself (not a request): one it does not know is a bug, thrown. */
export function layerNamed(id: string): LayerDef {
  const layer = byId.get(id);
  if (!layer) throw new Error(`unknown layer ${id}`);
  return layer;
}

/** The common fields followed by the layer's own. */
export function allFields(layer: LayerDef): FieldDef[] {
  return [...commonFields, ...layer.fields];
}

/** Fields a reader may see: everything for staff, public fields only for anonymous readers. */
export function visibleFields(layer: LayerDef, audience: Visibility): FieldDef[] {
  const fields = allFields(layer);
  return audience === 'internal' ? fields : fields.filter((f) => f.visibility === 'public');
}

export function queryableFields(layer: LayerDef, audience: Visibility): FieldDef[] {
  return visibleFields(layer, audience).filter((f) => f.queryable);
}

export type { Label } from '../../catalog/label.ts';
export type { FieldDef, LayerDef, Visibility } from './types.ts';

/**
 * Names of internal fields. No name is public in one layer and internal in another (a test holds
 * this), so any feature, wherever an analysis nests it, can be cleaned for anonymous readers by name.
 */
export const INTERNAL_NAMES: ReadonlySet<string> = new Set(
  layers.flatMap((layer) =>
    allFields(layer)
      .filter((f) => f.visibility === 'internal')
      .map((f) => f.name),
  ),
);

/** A copy of any JSON value with the internal properties of every GeoJSON feature in it removed. */
export function withoutInternal<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutInternal) as T;
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isFeature = object.type === 'Feature' && typeof object.properties === 'object' && object.properties !== null;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) {
    if (isFeature && key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(child as Record<string, unknown>)
          .filter(([name]) => !INTERNAL_NAMES.has(name))
          .map(([name, v]) => [name, withoutInternal(v)]),
      );
    } else {
      out[key] = withoutInternal(child);
    }
  }
  return out as T;
}
