import type { Feature, Geometry } from 'geojson';

/**
 * What the store takes and hands back for one feature: a write as validated, its new revision, a row
 * of its history. Apart from the Store interface so that the parts of the store that write or read
 * history (scenarios, the audit) need not import the interface that lists them.
 */

export interface WriteContext {
  user: string;
}

/** A feature as a client writes it, already validated against its layer. */
export interface FeatureInput {
  id?: string | number;
  geometry: Geometry;
  properties: Record<string, unknown> | null;
}

export interface Written {
  id: string;
  revision: number;
}

export interface HistoryEntry {
  revision: number;
  action: 'create' | 'update' | 'delete';
  changed_by: string;
  changed_at: string;
  before: Feature | null;
  after: Feature | null;
}
