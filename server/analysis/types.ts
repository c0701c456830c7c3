/**
 * Types shared by the analysis modules: what goes in (layers as GeoJSON, the district profile) and the
 * figure shapes that come out. Analyses read properties by the names the layer registry gives them.
 */
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import type { Label } from '../../catalog/label.ts';
import type { LayerId } from '../../catalog/layers.ts';
import type { Unknown } from './scorecard-facts.ts';

export type Props = Record<string, unknown>;

/** A layer as the analyses take it: a FeatureCollection or a plain array of features. */
export type Layer<G extends Geometry | null = Geometry | null, P = Props> = FeatureCollection<G, P> | Feature<G, P>[];

/** Layer ids (catalog/layers.ts): the keys of every analysis input. */
export type { LayerId };

/** Several layers by id, as an analysis takes them. */
export type Layers = Partial<Record<LayerId, Layer>>;

export type AnyFeature = Feature<Geometry | null, Props>;
export type PointFeature<P = Props> = Feature<Point, P>;

export type LonLat = Position;

export type { Label };

export type Comparison = '>=' | '>' | '<=' | '<';

/** One target of the district profile (data/profiles/*.json, `targets`). */
export interface Target {
  value: number | null;
  unit: string;
  comparison: Comparison;
  year?: number;
  source?: string;
  /** Forest video: the number of camera points the target assumes. */
  points?: number;
  milestones?: { year: number; value: number; points?: number }[];
  /** Shelters: the smallest site GB 21734 accepts. */
  site_min_m2?: number;
}

export interface ShelterRule {
  radius_m: number;
  m2_per_person: number;
}

/** The parts of a district profile the analyses read. Every threshold comes from here. */
export interface Profile {
  id: string;
  name: Label;
  /** Service radius and space per person by shelter kind (emergency / fixed / central). */
  shelter: Record<string, ShelterRule>;
  fire: { response_minutes: number; speed_kmh: number };
  relief: { limit_hours: number; speed_kmh: number };
  targets: Record<string, Target>;
  /** Travel on roads: km/h by road class (a segment's own speed wins), and on foot to and from a road. */
  roads?: { speeds_kmh: Readonly<Record<string, number>>; walk_kmh: number };
}

/** How a figure was measured: on the roads, by straight-line distance, by view sector, by counting, by overlaying areas. */
export type Method = 'road' | 'straight' | 'viewshed' | 'sector' | 'count' | 'overlay';

/** Residents reached out of residents, the shape of every people-coverage figure. */
export interface PeopleFigures {
  residents: number;
  covered: number;
  /** covered ÷ residents × 100; null when there is nobody to cover. */
  coveredPct: number | null;
  /** Why the share is null, when it is. */
  why?: { coveredPct?: Unknown };
}

/** Where a figure belongs: a township (乡镇/街道) or the whole district. */
export interface Place {
  township: string;
  code: string | null;
}

/** Straight-line results say so: distances are great-circle (Turf haversine), not travel. */
export interface Reached<P = Props> {
  feature: PointFeature<P>;
  distanceM: number;
  bearingDeg: number;
  straightLine: true;
}
