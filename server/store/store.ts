import type { Feature, Geometry, Position } from 'geojson';
import type { FieldDef, LayerDef, Visibility } from '../layers/registry.ts';
import type { TileAddress } from '../tiles/rules.ts';
import type { AccountStore } from './accounts.ts';
import type { AuditPage, AuditQuery } from './audit.ts';
import type { CountyScope } from './county.ts';
import type { DistrictStore } from './district.ts';
import type { FeatureInput, HistoryEntry, WriteContext, Written } from './feature-records.ts';
import type { IncidentStore } from './incidents.ts';
import type { PublicationStore } from './publications.ts';
import type { ScenarioStore } from './scenarios.ts';
import type { SecurityLog } from './security-log.ts';
import type { TerrainStore } from './terrain.ts';

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

/** A county's share of a layer kept per county. */
export interface CountySummary extends LayerSummary {
  /** The six-digit 行政区划代码 its rows carry. */
  code: string;
  extent: BBox;
}

export interface StockRow {
  quantity: number;
  unit: string;
  expires_on?: string | null;
}

/** Which features of a layer whose features may be planned a spatial query reads. */
export type PlannedRows = 'include' | 'exclude' | 'only';

/** A feature handed over in the order of PostGIS's KNN (`geom <-> point`), with that plain-degree distance. */
export interface PlanarCandidate {
  feature: Feature<Geometry>;
  planarDeg: number;
}

/** Features that share the values of some fields: how many, and the sums of other fields over them. */
export interface CountedGroup {
  properties: Record<string, unknown>;
  count: number;
  sums: Record<string, number>;
}

export interface WithinQuery {
  planned: PlannedRows;
  /** The points nearest first to hand over (at least these many, if the radius holds them). */
  nearest: number;
  /** Fields the points decided inside are counted by, and fields summed over them. */
  groupBy: string[];
  sums: string[];
}

/**
 * What lies within a distance of a place, split where the store's haversine (in SQL) could disagree
 * with the analyses' (Turf's, in JavaScript) by a rounding: whatever is near the radius, or not a
 * point, is handed over for an exact distance; the rest is decided and counted in the database.
 */
export interface WithinDistance {
  /**
   * Points within the radius (and a hair beyond), nearest first by the store's haversine: the first
   * `nearest` of them and every one within a rounding of the last, so the exact `nearest` nearest are
   * among them whatever rounding reorders.
   */
  near: Feature<Geometry>[];
  /** Points within a rounding of the radius, and every other geometry whose box meets the cap's box. */
  edge: Feature<Geometry>[];
  /** The points clearly inside the radius (none of `edge`), counted by `groupBy`. */
  inside: CountedGroup[];
}

/** What `zoneLevels` tallies of a layer: the fields counted by and summed. */
export interface ZoneLevelQuery {
  groupBy: string[];
  sums: string[];
}

/**
 * A layer's features by the highest level (lowest number, 1–4) of the risk zones their anchor lies in
 * (a point itself, an area the centre of its vertices, a line the whole line), each counted once;
 * features in no zone are left out.
 */
export interface ZoneLevels {
  /** Counted by `level` and the query's `groupBy`, in `properties`. */
  inside: CountedGroup[];
  /** Areas the centre of whose vertices lies outside them: handed over whole, to be placed by the caller. */
  handed: Feature<Geometry>[];
}

/**
 * The one door to the database. Routes and scripts use these named queries; only the store
 * writes SQL, and it takes identifiers from the layer registry alone.
 */
export interface Store {
  readonly kind: 'embedded' | 'postgres';
  /** Which counties it reads and writes of the layers kept per county (county.ts). */
  readonly county: CountyScope;
  /** Staff accounts and their tokens. */
  readonly accounts: AccountStore;
  /** The published maps: numbered versions that never change. */
  readonly publications: PublicationStore;
  /** Sign-ins, account changes, publications and imports: who, when, from where. */
  readonly securityLog: SecurityLog;
  /** Planners' scenarios: proposals kept apart from the layers until promoted. */
  readonly scenarios: ScenarioStore;
  /** Incidents on record: the duty room's timelines, staff only. */
  readonly incidents: IncidentStore;
  /** The district's set-up: its admin areas and its name, replaced together. */
  readonly district: DistrictStore;
  /** The elevation model (DEM) for line-of-sight analyses: internal, one at a time, versioned. */
  readonly terrain: TerrainStore;
  listItems(layer: LayerDef, query: ItemsQuery): Promise<ItemsPage>;
  getItem(layer: LayerDef, id: string, audience: Visibility): Promise<Feature<Geometry> | undefined>;
  summarize(layer: LayerDef): Promise<LayerSummary>;
  /**
   * Active features per county of a layer kept per county (county.ts), of the counties this store
   * sees, by code; counties with none are left out.
   */
  summarizeByCounty(layer: LayerDef): Promise<CountySummary[]>;
  /** Adds features in one transaction, each with its history row; returns their ids. */
  insertFeatures(layer: LayerDef, features: FeatureInput[], context: WriteContext): Promise<string[]>;
  /**
   * Replaces a feature's fields and geometry if it is still at `expectedRevision`; throws
   * FeatureNotFound or StaleRevision otherwise. Depot stock is replaced only when given.
   */
  replaceFeature(
    layer: LayerDef,
    id: string,
    feature: FeatureInput,
    expectedRevision: number,
    context: WriteContext,
  ): Promise<Written>;
  /**
   * Re-import: features whose (source, external_id) is already stored replace it, the rest are
   * created; all in one transaction, each with its history row.
   */
  upsertFeatures(
    layer: LayerDef,
    features: FeatureInput[],
    context: WriteContext,
  ): Promise<{ created: string[]; updated: string[] }>;
  deleteFeature(layer: LayerDef, id: string, expectedRevision: number, context: WriteContext): Promise<void>;
  /** Sets (or, with null, removes) one item of a depot's stock; the depot's revision moves on. */
  setStock(
    depotId: string,
    item: string,
    row: StockRow | null,
    expectedRevision: number,
    context: WriteContext,
  ): Promise<Written>;
  history(layer: LayerDef, id: string): Promise<HistoryEntry[]>;
  /** Changes across layers, newest first, for the administrators' audit. */
  audit(query: AuditQuery): Promise<AuditPage>;
  countHistory(): Promise<number>;
  /** PostGIS's reason each geometry is invalid, or null where it is valid. */
  geometryProblems(geometries: Geometry[]): Promise<Array<string | null>>;
  /**
   * A vector tile (MVT) of a layer's active features with the fields this audience may read; empty
   * when none falls in it. At most TILE.maxFeatures, the first by id.
   */
  tile(layer: LayerDef, address: TileAddress, audience: Visibility): Promise<Uint8Array>;
  /** How many active features a layer has, counting no further than `atMost`: whether it is large, cheaply. */
  countUpTo(layer: LayerDef, atMost: number): Promise<number>;
  /** Active point features by the values of `fields`: what a need's filters read, counted without loading the layer. */
  countBy(layer: LayerDef, fields: string[]): Promise<CountedGroup[]>;
  /** The first `limit` active features in order of plain-degree distance from a place (PostGIS KNN), as staff read them. */
  nearestCandidates(
    layer: LayerDef,
    from: Position,
    query: { limit: number; planned: PlannedRows },
  ): Promise<PlanarCandidate[]>;
  /** What lies within `radiusM` (great-circle) of a place, as staff read it; see WithinDistance. */
  withinDistance(layer: LayerDef, at: Position, radiusM: number, query: WithinQuery): Promise<WithinDistance>;
  /** A layer's features counted by the highest level of the `zones` they lie in, without loading either; see ZoneLevels. */
  zoneLevels(layer: LayerDef, zones: LayerDef, query: ZoneLevelQuery): Promise<ZoneLevels>;
  /** Every item some active depot stocks. */
  stockedItems(): Promise<string[]>;
  /** A counter per layer that moves on with every change to it; caches compare it to know they are stale. */
  layerVersions(): Promise<Record<string, number>>;
  /** The bounding box of the district-level admin areas, if any. */
  districtExtent(): Promise<BBox | null>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  /**
   * The same database seen from another county's scope, as another API process configured for it
   * would see it; it shares this store's connections, which closing this store closes.
   */
  inCounty(county: CountyScope): Store;
  close(): Promise<void>;
}
