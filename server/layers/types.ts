/** What a layer stores, described once; tables, queries, the API document and validation all read it. */

export type Visibility = 'public' | 'internal';

export type FieldType = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'enum' | 'enum[]' | 'json';

export interface Label {
  zh: string;
  en: string;
}

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

export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiLineString' | 'MultiPolygon';

export type LayerGroup = 'resources' | 'hazards' | 'risk' | 'monitoring' | 'base';

export interface LayerDef {
  /** Collection id in the API; also the table name. */
  id: string;
  title: Label;
  description: Label;
  group: LayerGroup;
  /** Geometry types a feature may have (a layer stores Point, or lines, or areas). */
  geometryTypes: GeometryType[];
  fields: FieldDef[];
}
