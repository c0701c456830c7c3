import type { Label } from '../../catalog/label.ts';
import type { LayerInfo } from '../../catalog/layers.ts';

/**
 * What a layer stores, described once; tables, queries, the API document and validation all read it.
 * Its id, names, group and geometry are the catalog's (catalog/layers.ts), which the client shares.
 */

export type Visibility = 'public' | 'internal';

export type FieldType = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'enum' | 'enum[]' | 'json';

export interface FieldDef {
  name: string;
  type: FieldType;
  label: Label;
  visibility: Visibility;
  /** Allowed values for enum and enum[] fields, with their labels. */
  values?: Record<string, Label>;
  /**
   * Inclusive numeric bounds, mirrored by CHECK constraints in the migrations; an integer field is
   * always bounded by its column type (int4) as well.
   */
  min?: number;
  max?: number;
  /** Another field of the same feature this one may not exceed, when both have a value (free places, capacity). */
  atMost?: string;
  unit?: string;
  /** A feature must have a value (NOT NULL in the table). */
  required?: boolean;
  /** Readers may filter items by this field (?name=value). */
  queryable?: boolean;
  /** Kept by the store, never written by a client. */
  managed?: boolean;
  /** Read from another table rather than a column of the layer's own table. */
  derived?: boolean;
  /**
   * Changes by the hour in an emergency (a shelter's status, its free places): responders may set
   * it, and the public map shows its current value rather than the published one.
   */
  live?: boolean;
}

export interface LayerDef extends LayerInfo {
  fields: FieldDef[];
}
