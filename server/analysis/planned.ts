/**
 * The two states a plan is measured in: what exists now, and what will exist once the planned
 * features are built. `existingOnly` drops planned features (status "planned", see
 * server/layers/planned.ts) from the resource layers, so an operational answer never names one;
 * `asBuilt` turns them into built ones (a planned shelter opens with all its places free), so any
 * analysis computes the "with planned" figures without knowing about plans. The
 * scorecard and the coverage answers put the two side by side.
 */
import { builtStatus, isPlannable, isPlanned } from '../layers/planned.ts';
import { featuresOf, num } from './geometry.ts';
import type { AnyFeature, LayerId, Layers } from './types.ts';

/** Keeps a feature unless it is planned and planned ones are not asked for. */
export function counted(includePlanned: boolean | undefined) {
  return (feature: AnyFeature) => includePlanned === true || !isPlanned(feature);
}

function mapPlannable(layers: Layers, change: (layerId: LayerId, features: AnyFeature[]) => AnyFeature[]): Layers {
  const out: Layers = { ...layers };
  for (const id of Object.keys(layers) as LayerId[]) {
    if (isPlannable(id)) out[id] = change(id, featuresOf(layers[id]) as AnyFeature[]);
  }
  return out;
}

export function hasPlanned(layers: Layers): boolean {
  return (Object.keys(layers) as LayerId[]).some(
    (id) => isPlannable(id) && (featuresOf(layers[id]) as AnyFeature[]).some(isPlanned),
  );
}

/** The layers as they are on the ground: no planned feature in any resource layer. */
export function existingOnly(layers: Layers): Layers {
  return mapPlannable(layers, (_, features) => features.filter((f) => !isPlanned(f)));
}

/** Only the planned features, of the resource layers only: what an operational answer left out. */
export function plannedOnly(layers: Layers): Layers {
  const out: Layers = {};
  for (const id of Object.keys(layers) as LayerId[])
    if (isPlannable(id)) out[id] = (featuresOf(layers[id]) as AnyFeature[]).filter(isPlanned);
  return out;
}

/** A feature as it will be once built: the built status, and a shelter's places all free. */
export function built(layerId: string, feature: AnyFeature): AnyFeature {
  const properties: Record<string, unknown> = { ...feature.properties, status: builtStatus(layerId) };
  if (layerId === 'shelters' && num(feature.properties, 'free_places') === null)
    properties.free_places = num(feature.properties, 'capacity');
  return { ...feature, properties };
}

/** The layers as they will be once every planned feature is built; each keeps `planned: true` to say so. */
export function asBuilt(layers: Layers): Layers {
  return mapPlannable(layers, (id, features) => features.map((f) => asBuiltOne(id, f)));
}

/** One feature of a plannable layer as `asBuilt` makes it. */
export function asBuiltOne(layerId: string, feature: AnyFeature): AnyFeature {
  return isPlanned(feature) ? plannedAsBuilt(layerId, feature) : feature;
}

function plannedAsBuilt(layerId: string, feature: AnyFeature): AnyFeature {
  const b = built(layerId, feature);
  return { ...b, properties: { ...b.properties, planned: true } };
}
