import type { Feature, Geometry } from 'geojson';
import type { LayerDef, Visibility } from '../layers/registry.ts';
import { visibleFields } from '../layers/registry.ts';
import { andInCounty, type CountyScope, countyCondition } from './county.ts';
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

function whereClause(layer: LayerDef, query: ItemsQuery, params: unknown[], scope: CountyScope): string {
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const county = countyCondition(scope, layer, 't', param);
  if (county) conditions.push(county);
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
  | 'summarizeByCounty'
  | 'history'
  | 'countHistory'
  | 'geometryProblems'
  | 'districtExtent'
  | 'layerVersions'
  | 'getMeta'
>;

export function sqlReads(db: Db, scope: CountyScope): Reads {
  return {
    async listItems(layer, query) {
      const params: unknown[] = [];
      const where = whereClause(layer, query, params, scope);
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
      const params: unknown[] = [id];
      const rows = await db.query<Row>(
        `SELECT ${selectList(layer, audience)} FROM ${ident(layer.id)} t
         WHERE t.id = $1::uuid${andInCounty(scope, layer, 't', params)}`,
        params,
      );
      return rows[0] && toFeature(layer, audience, rows[0]);
    },

    async summarize(layer) {
      const params: unknown[] = [];
      const [row] = await db.query<{ count: number; x0: number | null; y0: number; x1: number; y1: number }>(
        `SELECT s.count::integer AS count, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
         FROM (SELECT count(*) AS count, ST_Extent(geom)::box3d AS e FROM ${ident(layer.id)} t
               WHERE t.lifecycle = 'active'${andInCounty(scope, layer, 't', params)}) s`,
        params,
      );
      return { count: row.count, extent: row.x0 === null ? null : [row.x0, row.y0, row.x1, row.y1] };
    },

    async history(layer, id) {
      const params: unknown[] = [layer.id, id];
      return db.query<HistoryEntry>(
        `SELECT revision, action, changed_by,
                to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at, before, after
         FROM history h WHERE h.layer = $1 AND h.feature_id = $2::uuid${andInCounty(scope, layer, 'h', params)}
         ORDER BY h.id`,
        params,
      );
    },

    async summarizeByCounty(layer) {
      const params: unknown[] = [];
      const rows = await db.query<{ code: string; count: number; x0: number; y0: number; x1: number; y1: number }>(
        `SELECT s.code, s.count::integer AS count, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
         FROM (SELECT t.county_code AS code, count(*) AS count, ST_Extent(t.geom)::box3d AS e FROM ${ident(layer.id)} t
               WHERE t.lifecycle = 'active'${andInCounty(scope, layer, 't', params)} GROUP BY t.county_code) s
         ORDER BY s.code`,
        params,
      );
      return rows.map(({ code, count, x0, y0, x1, y1 }) => ({ code, count, extent: [x0, y0, x1, y1] }));
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
