import type { Geometry } from 'geojson';
import type { Label } from '../../../catalog/label.ts';
import type { Said } from '../said.ts';

export type Format = 'csv' | 'xlsx' | 'geojson' | 'shapefile' | 'kml' | 'kmz' | 'geopackage' | 'osm';

/** A CRS the file itself states: a .prj, a GeoPackage's spatial reference, a GeoJSON `crs` member, or KML's fixed WGS84. */
export interface DeclaredCrs {
  code: string;
  from: string;
  /** Only the format's default (GeoJSON without a `crs` member): coordinates that are plainly metres override it. */
  assumed?: boolean;
  /** Why the stated CRS cannot be used, in both languages; only an explicit CRS gets past it. */
  problem?: Label;
}

/** One row of a sheet or one feature of a vector file, before anything is mapped or checked. */
export interface SourceRecord {
  /** Where the user finds it: the row number their spreadsheet shows, or the feature's place in the file. */
  row: number;
  values: Record<string, unknown>;
  /** Vector files carry geometry; sheets carry coordinate columns instead. */
  geometry?: Geometry | null;
}

/** A file as read: column names, records, and what was decided while reading it. */
export interface Source {
  format: Format;
  /** How the report names a record: by sheet row, or by feature number. */
  unit: 'row' | 'feature';
  columns: string[];
  records: SourceRecord[];
  hasGeometry: boolean;
  crs?: DeclaredCrs;
  /** Decisions taken while reading (encoding, sheet, header row), for the report. */
  notes: Said[];
}

/** A sheet before its header row is known: rows of cells as the file has them. */
export interface Grid {
  format: 'csv' | 'xlsx';
  rows: unknown[][];
  notes: Said[];
}
