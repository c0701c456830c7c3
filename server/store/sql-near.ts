import { TURF_RADIUS } from '../analysis/geometry.ts';
import { capBoxes } from '../analysis/nearest.ts';
import { isPlannable, PLANNED } from '../layers/planned.ts';
import { allFields, type LayerDef } from '../layers/registry.ts';
import { andInCounty, type CountyScope } from './county.ts';
import type { Queryable } from './db.ts';
import { ident, selectList } from './sql.ts';
import { type Row, toFeature } from './sql-reads.ts';
import type { CountedGroup, PlannedRows, Store } from './store.ts';

/**
 * The spatial named queries that let the analyses read a large layer near a place instead of whole:
 * KNN candidates (`ORDER BY geom <-> point`, plain degrees: the caller re-ranks them by haversine and
 * reads on until no farther one can matter) and what lies within a distance (the GiST index on a box
 * holding the cap, then a haversine in SQL). The SQL haversine is Turf's formula, but PostgreSQL's
 * sin and atan2 may round otherwise than V8's, so whatever lies within EDGE of the radius is handed
 * over for the exact figure rather than decided here. Plain SQL on both backends.
 */

/** Relative band around a distance inside which SQL and JavaScript roundings could disagree: far above either. */
const EDGE = 1e-9;

/** Turf's haversine of each row's point from ($1, $2), NULL for other geometries; h.lo and h.hi ($3, $4) bound the edge band. */
const HAVERSINE = `CASE WHEN GeometryType(t.geom) = 'POINT' THEN 2 * ${TURF_RADIUS} * atan2(sqrt(h.a), sqrt(1 - h.a)) END`;
const HALF_CHORD = `CROSS JOIN LATERAL (SELECT CASE WHEN GeometryType(t.geom) = 'POINT' THEN
    power(sin(radians(ST_Y(t.geom) - $2::float8) / 2), 2)
    + power(sin(radians(ST_X(t.geom) - $1::float8) / 2), 2) * cos(radians($2::float8)) * cos(radians(ST_Y(t.geom)))
  END AS a, $3::float8 AS lo, $4::float8 AS hi) h`;

/** The condition on `status` that keeps the planned features asked for. */
function plannedCondition(layer: LayerDef, planned: PlannedRows): string {
  if (planned === 'include') return 'true';
  if (!isPlannable(layer.id)) return planned === 'only' ? 'false' : 'true';
  return planned === 'only' ? `t.status = '${PLANNED}'` : `t.status IS DISTINCT FROM '${PLANNED}'`;
}

/** A column of the layer's own table, by a name the registry knows. */
function column(layer: LayerDef, name: string): string {
  const field = allFields(layer).find((f) => f.name === name && !f.derived);
  if (!field) throw new Error(`${layer.id} has no column ${name}`);
  return `t.${ident(field.name)}`;
}

/** Rows grouped by `fields` as CountedGroups: the group's values, its count and the sums asked for. */
function groupsOf(rows: Record<string, unknown>[], fields: string[], sums: string[]): CountedGroup[] {
  return rows.map((row) => ({
    properties: Object.fromEntries(fields.map((f, i) => [f, row[`g${i}`]])),
    count: Number(row.n),
    sums: Object.fromEntries(sums.map((f, i) => [f, Number(row[`s${i}`] ?? 0)])),
  }));
}

type Near = Pick<Store, 'countUpTo' | 'countBy' | 'nearestCandidates' | 'withinDistance' | 'stockedItems'>;

/** Reads of a layer kept per county see the scope's counties alone, as every other read does. */
export function sqlNear(db: Queryable, county: CountyScope): Near {
  return {
    async countUpTo(layer, atMost) {
      const params: unknown[] = [Math.max(0, Math.floor(atMost))];
      const inCounty = andInCounty(county, layer, 't', params);
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM (SELECT 1 FROM ${ident(layer.id)} t WHERE t.lifecycle = 'active'${inCounty} LIMIT $1) s`,
        params,
      );
      return n;
    },

    async countBy(layer, fields) {
      const keys = fields.map((f, i) => `${column(layer, f)} AS g${i}`);
      const params: unknown[] = [];
      const rows = await db.query(
        `SELECT ${[...keys, 'count(*)::integer AS n'].join(', ')} FROM ${ident(layer.id)} t
         WHERE t.lifecycle = 'active' AND GeometryType(t.geom) = 'POINT'${andInCounty(county, layer, 't', params)}
         ${fields.length ? `GROUP BY ${fields.map((_, i) => `g${i}`).join(', ')}` : ''}`,
        params,
      );
      return groupsOf(rows, fields, []);
    },

    async nearestCandidates(layer, [lon, lat], { limit, planned }) {
      const params: unknown[] = [lon, lat, Math.max(0, Math.floor(limit))];
      const inCounty = andInCounty(county, layer, 't', params);
      const rows = await db.query<Row & { planar_deg: number }>(
        `SELECT ${selectList(layer, 'internal')}, t.geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) AS planar_deg
         FROM ${ident(layer.id)} t
         WHERE t.lifecycle = 'active' AND ${plannedCondition(layer, planned)}${inCounty}
         ORDER BY t.geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT $3`,
        params,
      );
      return rows.map((row) => ({ feature: toFeature(layer, 'internal', row), planarDeg: Number(row.planar_deg) }));
    },

    async withinDistance(layer, [lon, lat], radiusM, query) {
      const params: unknown[] = [lon, lat, radiusM * (1 - EDGE), radiusM * (1 + EDGE)];
      const boxes = capBoxes(lon, lat, radiusM).map((box) => {
        const at = params.length;
        params.push(...box);
        return `t.geom && ST_MakeEnvelope($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, 4326)`;
      });
      const table = ident(layer.id);
      const inCounty = andInCounty(county, layer, 't', params);
      const from = `FROM ${table} t ${HALF_CHORD}
        WHERE t.lifecycle = 'active' AND ${plannedCondition(layer, query.planned)} AND (${boxes.join(' OR ')})${inCounty}`;
      const select = selectList(layer, 'internal');
      /** The first n points by the SQL haversine and every one within a rounding of the n-th: a few more, or all that near. */
      const nearest = async (n: number) => {
        if (n <= 0) return [];
        const spare = 32;
        const sql = (where: string, limit: string) =>
          `SELECT ${select}, ${HAVERSINE} AS d ${from} AND ${HAVERSINE} <= h.hi ${where}
           ORDER BY ${HAVERSINE}, t.id ${limit}`;
        const rows = await db.query<Row & { d: number }>(sql('', `LIMIT ${Math.floor(n) + spare}`), params);
        if (rows.length <= n) return rows;
        const last = rows[Math.floor(n) - 1].d * (1 + EDGE) + 1e-6;
        if (rows[rows.length - 1].d > last) return rows.filter((r) => r.d <= last);
        return db.query<Row & { d: number }>(sql(`AND ${HAVERSINE} <= $${params.length + 1}`, ''), [...params, last]);
      };
      const keys = query.groupBy.map((f, i) => `${column(layer, f)} AS g${i}`);
      const sums = query.sums.map((f, i) => `sum(${column(layer, f)})::float8 AS s${i}`);
      const inside = await db.query(
        `SELECT ${[...keys, ...sums, 'count(*)::integer AS n'].join(', ')} ${from} AND ${HAVERSINE} < h.lo
         ${keys.length ? `GROUP BY ${keys.map((_, i) => `g${i}`).join(', ')}` : ''}`,
        params,
      );
      const edge = await db.query<Row>(
        `SELECT ${select} ${from} AND (GeometryType(t.geom) <> 'POINT' OR ${HAVERSINE} BETWEEN h.lo AND h.hi)`,
        params,
      );
      return {
        near: (await nearest(query.nearest)).map((row) => toFeature(layer, 'internal', row)),
        edge: edge.map((row) => toFeature(layer, 'internal', row)),
        inside: groupsOf(inside, query.groupBy, query.sums),
      };
    },

    async stockedItems() {
      const rows = await db.query<{ item: string }>(
        `SELECT DISTINCT s.item FROM depot_stock s JOIN depots d ON d.id = s.depot_id WHERE d.lifecycle = 'active'`,
      );
      return rows.map((r) => r.item);
    },
  };
}
