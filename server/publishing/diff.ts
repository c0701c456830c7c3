import type { Feature } from 'geojson';

export interface ChangedFeature {
  id: string;
  /** Properties whose value differs, by name; `geometry` when the shape moved. */
  changes: string[];
  before: Feature;
  after: Feature;
}

export interface LayerDiff {
  added: Feature[];
  removed: Feature[];
  changed: ChangedFeature[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What publishing `draft` would change for the public, feature by feature, matched by id. */
export function diffLayer(published: Feature[], draft: Feature[]): LayerDiff {
  const before = new Map(published.map((f) => [String(f.id), f]));
  const after = new Map(draft.map((f) => [String(f.id), f]));
  const changed: ChangedFeature[] = [];
  for (const [id, next] of after) {
    const old = before.get(id);
    if (!old) continue;
    const names = new Set([...Object.keys(old.properties ?? {}), ...Object.keys(next.properties ?? {})]);
    const changes = [...names].filter((name) => !same(old.properties?.[name], next.properties?.[name])).sort();
    if (!same(old.geometry, next.geometry)) changes.unshift('geometry');
    if (changes.length > 0) changed.push({ id, changes, before: old, after: next });
  }
  return {
    added: draft.filter((f) => !before.has(String(f.id))),
    removed: published.filter((f) => !after.has(String(f.id))),
    changed,
  };
}

export function isEmpty(diff: LayerDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
