import { randomUUID } from 'node:crypto';
import type { Feature, Geometry } from 'geojson';
import { built } from '../analysis/planned.ts';
import type { AnyFeature, LayerId, Layers } from '../analysis/types.ts';
import { InvalidFeatures } from '../features/errors.ts';
import { validateFeatures } from '../features/validate-features.ts';
import { type InvalidParam, refuse } from '../http/problem.ts';
import type { FeatureInput } from '../layers/feature-schema.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import type { Proposals } from '../store/scenarios.ts';
import type { ProposalsValue } from './analysis-requests.ts';

/**
 * Proposals — unsaved in a what-if, or saved in a scenario — are checked exactly as features of their
 * layer would be, every problem named by its place (`proposals.shelters.features[0].properties.capacity`),
 * and measured as if built whatever status they carry.
 */

type Checked = Record<string, FeatureInput[]>;

/** Each layer's proposals validated as its features; the problems of every layer are reported at once. */
export async function checkProposals(store: Store, value: ProposalsValue, prefix: string): Promise<Checked> {
  const out: Checked = {};
  const params: InvalidParam[] = [];
  for (const [layerId, collection] of Object.entries(value)) {
    if (!collection) continue;
    const layer = findLayer(layerId) as LayerDef;
    const bodies = collection.features.map((f, i) => ({ value: f, prefix: `${prefix}.${layerId}.features[${i}]` }));
    try {
      out[layerId] = await validateFeatures(store, layer, bodies, { allowOutsideDistrict: false });
    } catch (error) {
      if (!(error instanceof InvalidFeatures)) throw error;
      params.push(...error.problems);
    }
  }
  if (params.length) throw refuse(params);
  return out;
}

/**
 * A scenario's proposals as stored: each keeps the id it came with or gets a new one; an id may name one
 * proposal only, and never one already promoted from this scenario.
 */
export function withIds(checked: Checked, promoted: ReadonlySet<string>): Proposals {
  const seen = new Set<string>();
  const params: InvalidParam[] = [];
  const out: Proposals = {};
  for (const [layerId, features] of Object.entries(checked)) {
    out[layerId] = {
      type: 'FeatureCollection',
      features: features.map((f, i) => {
        const id = f.id === undefined ? randomUUID() : String(f.id);
        const name = `proposals.${layerId}.features[${i}].id`;
        if (seen.has(id)) params.push({ name, reason: 'is the id of another proposal in this scenario' });
        if (promoted.has(id)) params.push({ name, reason: 'is the id of a proposal promoted already' });
        seen.add(id);
        return { type: 'Feature', id, geometry: f.geometry, properties: f.properties } satisfies Feature;
      }),
    };
  }
  if (params.length) throw refuse(params);
  return out;
}

/** Proposals as the what-if lays them over the stored layers: built, marked `proposed`, each with an id. */
export function measured(proposals: Record<string, Array<FeatureInput | Feature>>): Layers {
  const out: Layers = {};
  for (const [layerId, features] of Object.entries(proposals)) {
    out[layerId as LayerId] = features.map((f, i) =>
      built(layerId, {
        type: 'Feature',
        id: f.id === undefined ? `proposed-${layerId}-${i + 1}` : String(f.id),
        geometry: f.geometry as Geometry,
        properties: { ...f.properties, proposed: true },
      } as AnyFeature),
    );
  }
  return out;
}

/** Two sets of proposals as one: a scenario's, then the request's own beside them. */
export function together(...sets: Array<Record<string, Array<FeatureInput | Feature>>>) {
  const out: Record<string, Array<FeatureInput | Feature>> = {};
  for (const set of sets)
    for (const [layerId, features] of Object.entries(set)) out[layerId] = [...(out[layerId] ?? []), ...features];
  return out;
}

/** A scenario's proposals by layer, as plain lists. */
export const listed = (proposals: Proposals) =>
  Object.fromEntries(Object.entries(proposals).map(([layerId, c]) => [layerId, c.features]));
