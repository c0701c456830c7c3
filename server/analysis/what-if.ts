/**
 * What-if: the figures with and without proposed, unsaved features. The analyses take their layers as
 * arguments, so a proposal is only a different argument: `withProposed` lays the proposed features over
 * the stored ones (same id → the proposal replaces it, a new id → added), and `whatIf` runs any
 * figure-returning analysis on both and reports the change in every number. Rows are matched by
 * township, indicator and scope, id or risk level rather than by position, so a delta stays meaningful
 * when a proposal adds rows; booleans that flip (a target now met) are reported as before/after pairs.
 */
import { featureId, featuresOf } from './geometry.ts';
import type { AnyFeature, LayerId, Layers } from './types.ts';

/** Numbers become differences; rows keep their matching key; flipped booleans become before/after. */
export type Delta = number | string | null | { before: unknown; after: unknown } | Delta[] | { [key: string]: Delta };

export interface WhatIf<R> {
  before: R;
  after: R;
  delta: Delta;
}

/** The stored layers with the proposed features laid over them. */
export function withProposed(base: Layers, proposed: Layers): Layers {
  const out: Layers = { ...base };
  for (const id of Object.keys(proposed) as LayerId[]) {
    const extra = featuresOf(proposed[id]) as AnyFeature[];
    const replaced = new Set(extra.filter((f) => f.id !== undefined).map(featureId));
    const kept = (featuresOf(base[id]) as AnyFeature[]).filter(
      (f) => f.id === undefined || !replaced.has(featureId(f)),
    );
    out[id] = [...kept, ...extra];
  }
  return out;
}

/** `before`, when given, is `compute(base)` already computed (a cached answer), so only the proposals' side runs. */
export function whatIf<R>(
  base: Layers,
  proposed: Layers,
  compute: (layers: Layers) => R,
  before: R = compute(base),
): WhatIf<R> {
  const after = compute(withProposed(base, proposed));
  return { before, after, delta: delta(before, after) ?? null };
}

function keyOf(x: unknown): string | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  if (typeof o.township === 'string') return `township:${o.township}`;
  if (typeof o.id === 'string' && o.scope && typeof o.scope === 'object')
    return `${o.id}@${(o.scope as { name?: string }).name}`;
  if (typeof o.id === 'string') return `id:${o.id}`;
  if (typeof o.level === 'number') return `level:${o.level}`;
  return null;
}

/** after − before for every number both share; undefined where nothing numeric changed shape. */
export function delta(before: unknown, after: unknown): Delta | undefined {
  if (typeof after === 'number' || typeof before === 'number')
    return typeof after === 'number' && typeof before === 'number' ? after - before : null;
  if (typeof after === 'boolean' || typeof before === 'boolean')
    return before === after ? undefined : { before, after };
  if (Array.isArray(after) && Array.isArray(before)) return arrayDelta(before, after);
  if (after && before && typeof after === 'object' && typeof before === 'object') {
    const a = after as Record<string, unknown>;
    const b = before as Record<string, unknown>;
    if (a.type === 'FeatureCollection' && Array.isArray(a.features) && Array.isArray(b.features))
      return { count: a.features.length - b.features.length };
    const out: { [key: string]: Delta } = {};
    for (const key of Object.keys(a)) {
      const d = delta(b[key], a[key]);
      if (d !== undefined) out[key] = d;
    }
    return out;
  }
  return undefined;
}

function arrayDelta(before: unknown[], after: unknown[]): Delta {
  const keys = after.map(keyOf);
  if (after.length === 0 || keys.some((k) => k === null)) return { count: after.length - before.length };
  const earlier = new Map(before.map((x) => [keyOf(x), x]));
  return after.map((x, i) => {
    const d = delta(earlier.get(keys[i]), x);
    const fields =
      d && typeof d === 'object' && !Array.isArray(d) ? (d as { [key: string]: Delta }) : { change: d ?? null };
    return { key: keys[i] as string, ...fields };
  });
}
