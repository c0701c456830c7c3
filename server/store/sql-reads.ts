import type { Feature, Geometry } from 'geojson';
import type { LayerDef, Visibility } from '../layers/registry.ts';
import { visibleFields } from '../layers/registry.ts';
import type { Db } from './db.ts';
import type { HistoryEntry } from './feature-records.ts';
import { filterCondition, ident, selectList } from './sql.ts';
import type { BBox, ItemsQuery, Store } from './store.ts';

export type Row = Record<string, unknown> & { id: string; geom: Geometry };

export function toFeature(layer: LayerDef, audience: Visibility, row: Row): Feature<Geometry> {
  const properties: Record<string, unknown> = {};
  for (const field of visibleFields(layer, audience)) {
    if (field.name in row) properties[field.name] = row[field.name];
  }
  return { type: 'Feature', id: row.id, geometry: row.geom, properties };
}

function whereClause(layer: LayerDef, query: ItemsQuery, params: unknown[]): string {
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Retired records stay in the database for history, off the map unless asked for.
  if (!query.filters.some((f) => f.field.name === 'lifecycle')) conditions.push(`t.lifecycle = 'active'`);
  if (query.bbox) {
    const [minX, minY, maxX, maxY] = query.bbox.map(param);
    conditions.push(`ST_Intersects(t.geom, ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4326))`);
  }
  for (const filter of query.filters) conditions.push(filterCondition(layer, filter.field, param(filter.values)));
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

type Reads = Pick<
  Store,
  | 'listItems'
  | 'getItem'
  | 'summarize'
  | 'history'
  | 'countHistory'
  | 'geometryProblems'
  | 'districtExtent'
  | 'layerVersions'
  | 'getMeta'
>;

export function sqlReads(db: Db): Reads {
  return {
    async listItems(layer, query) {
      const params: unknown[] = [];
      const where = whereClause(layer, query, params);
      const table = ident(layer.id);
      const [{ count }] = await db.query<{ count: number }>(
        `SELECT count(*)::integer AS count FROM ${table} t ${where}`,
        params,
      );
      const rows = await db.query<Row>(
        `SELECT ${selectList(layer, query.audience)} FROM ${table} t ${where}
         ORDER BY t.id LIMIT ${Number(query.limit)} OFFSET ${Number(query.offset)}`,
        params,
      );
      return { features: rows.map((row) => toFeature(layer, query.audience, row)), numberMatched: count };
    },

    async getItem(layer, id, audience) {
      const rows = await db.query<Row>(
        `SELECT ${selectList(layer, audience)} FROM ${ident(layer.id)} t WHERE t.id = $1::uuid`,
        [id],
      );
      return rows[0] && toFeature(layer, audience, rows[0]);
    },

    async summarize(layer) {
      const [row] = await db.query<{ count: number; x0: number | null; y0: number; x1: number; y1: number }>(
        `SELECT s.count::integer AS count, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
         FROM (SELECT count(*) AS count, ST_Extent(geom)::box3d AS e FROM ${ident(layer.id)} WHERE lifecycle = 'active') s`,
      );
      return { count: row.count, extent: row.x0 === null ? null : [row.x0, row.y0, row.x1, row.y1] };
    },

    async history(layer, id) {
      return db.query<HistoryEntry>(
        `SELECT revision, action, changed_by,
                to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at, before, after
         FROM history WHERE layer = $1 AND feature_id = $2::uuid ORDER BY id`,
        [layer.id, id],
      );
    },

    async countHistory() {
      const [{ count }] = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM history');
      return count;
    },

    async geometryProblems(geometries) {
      if (geometries.length === 0) return [];
      const rows = await db.query<{ reason: string | null }>(
        `SELECT CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason
         FROM (SELECT ST_GeomFromGeoJSON(value) AS g, ordinality
               FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY) s
         ORDER BY ordinality`,
        [JSON.stringify(geometries)],
      );
      return rows.map((r) => r.reason);
    },

    async districtExtent(): Promise<BBox | null> {
      const [row] = await db.query<{ x0: number | null; y0: number; x1: number; y1: number }>(
        `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
         FROM (SELECT ST_Extent(geom)::box3d AS e FROM admin_areas WHERE level = 'district' AND lifecycle = 'active') s`,
      );
      return row.x0 === null ? null : [row.x0, row.y0, row.x1, row.y1];
    },

    async layerVersions() {
      const rows = await db.query<{ layer: string; version: string | number }>(
        'SELECT layer, version FROM layer_versions',
      );
      return Object.fromEntries(rows.map((r) => [r.layer, Number(r.version)]));
    },

    async getMeta<T>(key: string) {
      const rows = await db.query<{ value: T }>('SELECT value FROM meta WHERE key = $1', [key]);
      return rows[0]?.value;
    },
  };
}
