import { layers } from './registry.ts';

/**
 * What is planned is not there. A feature of a resource layer whose `status` is "planned" is drawn on
 * the staff map and counted in the plan's figures "with planned", but it is left out of everything a
 * responder or the public acts on — nearest, around an incident, publications, the live shelter list,
 * exports — unless a request asks for it. No status reads as built: data from before the status
 * existed, and imports without the column, stay operational.
 */

export const PLANNED = 'planned';

/** The layers whose features may be planned: those whose `status` takes the value "planned". */
export const PLANNABLE_LAYERS: readonly string[] = layers
  .filter((layer) => layer.fields.some((f) => f.name === 'status' && f.values && PLANNED in f.values))
  .map((layer) => layer.id);

export function isPlannable(layerId: string): boolean {
  return PLANNABLE_LAYERS.includes(layerId);
}

export function isPlanned(feature: { properties?: Record<string, unknown> | null }): boolean {
  return feature.properties?.status === PLANNED;
}

/** The status a planned feature takes once built: a shelter opens, anything else exists. */
export function builtStatus(layerId: string): string {
  return layerId === 'shelters' ? 'open' : 'existing';
}
