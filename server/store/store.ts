import type { Feature, Geometry } from 'geojson';
import type { FieldDef, LayerDef, Visibility } from '../layers/registry.ts';

export type BBox = [number, number, number, number];

export interface PropertyFilter {
  field: FieldDef;
  /** Already parsed to the field's type; a feature matches if it equals any of them. */
  values: unknown[];
}

export interface ItemsQuery {
  audience: Visibility;
  bbox?: BBox;
  filters: PropertyFilter[];
  limit: number;
  offset: number;
}

export interface ItemsPage {
  features: Feature<Geometry>[];
  numberMatched: number;
}

export interface LayerSummary {
  count: number;
  extent: BBox | null;
}

export interface WriteContext {
  user: string;
}

/**
 * The one door to the database. Routes and scripts use these named queries; only the store
 * writes SQL, and it takes identifiers from the layer registry alone.
 */
export interface Store {
  readonly kind: 'embedded' | 'postgres';
  listItems(layer: LayerDef, query: ItemsQuery): Promise<ItemsPage>;
  getItem(layer: LayerDef, id: string, audience: Visibility): Promise<Feature<Geometry> | undefined>;
  summarize(layer: LayerDef): Promise<LayerSummary>;
  /** Adds features in one transaction, each with its history row; returns their ids. */
  insertFeatures(layer: LayerDef, features: Feature[], context: WriteContext): Promise<string[]>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}
