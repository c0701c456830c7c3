import { adminAreas, forestAreas, population, protectedTargets } from './base.ts';
import { commonFields } from './common.ts';
import { enterpriseRisks, hazards, riskZones } from './hazards.ts';
import { broadcastTerminals, cameras, weatherStations } from './monitoring.ts';
import { depots, fireStations, shelters, teams } from './resources.ts';
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
];

const byId = new Map(layers.map((layer) => [layer.id, layer]));

export function findLayer(id: string): LayerDef | undefined {
  return byId.get(id);
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

export type { FieldDef, Label, LayerDef, Visibility } from './types.ts';
