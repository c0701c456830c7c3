import { TURF_RADIUS } from '../analysis/geometry.ts';
import { capBoxes } from '../analysis/nearest.ts';
import { isPlannable, PLANNED } from '../layers/planned.ts';
import { allFields, type LayerDef } from '../layers/registry.ts';
import { andInCounty, type CountyScope, keptPerCounty } from './county.ts';
import type { Queryable } from './db.ts';
import { ident, selectColumns, selectList } from './sql.ts';
import { type Row, toFeature } from './sql-reads.ts';
import type { CountedGroup, PlannedRows, Store, WithinQuery } from './store.ts';

/**
 * The spatial named queries that let the analyses read a large layer near a place instead of whole:
 * KNN candidates (`ORDER BY geom <-> point`, plain degrees: the caller re-ranks them by haversine and
 * reads on until no farther one can matter) and what lies within a distance (the GiST index on a box
 * holding the cap, then a haversine in SQL, once per point: one statement gives the counts, the edge
 * and the nearest from a single reading of the points in the box). The SQL haversine is Turf's
 * formula, but PostgreSQL's sin and atan2 may round otherwise than V8's, so whatever lies within EDGE
 * of the radius is handed over for the exact figure rather than decided here. Plain SQL on both
 * backends.
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
export function column(layer: LayerDef, name: string, alias = 't'): string {
  const field = allFields(layer).find((f) => f.name === name && !f.derived);
  if (!field) throw new Error(`${layer.id} has no column ${name}`);
  return `${alias}.${ident(field.name)}`;
}

/** Rows grouped by `fields` as CountedGroups: the group's values, its count and the sums asked for. */
export function groupsOf(rows: Record<string, unknown>[], fields: string[], sums: string[]): CountedGroup[] {
  return rows.map((row) => ({
    properties: Object.fromEntries(fields.map((f, i) => [f, row[`g${i}`]])),
    count: Number(row.n),
    sums: Object.fromEntries(sums.map((f, i) => [f, Number(row[`s${i}`] ?? 0)])),
  }));
}

/** How many points past the n nearest one reading hands over, so that ties with the n-th rarely need another. */
const SPARE = 32;

/** A row of the one reading of `withinDistance`, by the part it belongs to. */
interface Parted {
  _part: 'inside' | 'edge' | 'near';
  _rank: number | string | null;
  _d: number | null;
}

/**
 * Everything `withinDistance` needs from one pass over the points in the cap's boxes, each one's
 * haversine computed once (the CTE, materialized): the points clearly inside counted and summed by
 * group (one row each, `_part` 'inside', `g0…`, `s0…`, `n`), then the features handed over whole,
 * read back by key: those within a rounding of the radius or not points (`edge`), and the first
 * `limit` by distance then id (`near`, ranked by `_rank`, with their distance `_d`).
 */
function oneReading(layer: LayerDef, query: WithinQuery, from: string, inCounty: string, limit: number): string {
  const perCounty = keptPerCounty(layer);
  const key = perCounty ? 't.id AS k_id, t.county_code AS k_county' : 't.id AS k_id';
  const keyed = perCounty ? 'k_id, k_county' : 'k_id';
  const sameKey = `t.id = k.k_id${perCounty ? ' AND t.county_code = k.k_county' : ''}`;
  const keys = query.groupBy.map((f, i) => `${column(layer, f)} AS g${i}`);
  const summed = query.sums.map((f, i) => `${column(layer, f)} AS s${i}`);
  const columns = selectColumns(layer, 'internal');
  const groups = query.groupBy.map((_, i) => `g${i}`);
  const sums = query.sums.map((_, i) => `sum(s${i})::float8`);
  return `WITH c AS MATERIALIZED (SELECT ${[key, ...keys, ...summed, `${HAVERSINE} AS d`].join(', ')} ${from})
    SELECT r.*, k.part AS _part, k.rank AS _rank, k.d AS _d, NULL::integer AS n${groups.map((g) => `, NULL AS ${g}`).join('')}${sums.map((_, i) => `, NULL::float8 AS s${i}`).join('')}
    FROM (
      SELECT 'edge' AS part, 0::bigint AS rank, d, ${keyed} FROM c WHERE d IS NULL OR d BETWEEN $3 AND $4
      UNION ALL
      SELECT 'near', row_number() OVER (ORDER BY d, k_id), d, ${keyed}
      FROM (SELECT d, ${keyed} FROM c WHERE d <= $4 ORDER BY d, k_id LIMIT ${limit}) nearest
    ) k CROSS JOIN LATERAL (SELECT ${columns.join(', ')} FROM ${ident(layer.id)} t WHERE ${sameKey}${inCounty}) r
    UNION ALL
    SELECT ${columns.map(() => 'NULL').join(', ')}, 'inside', NULL, NULL, count(*)::integer${groups.map((g) => `, ${g}`).join('')}${sums.map((s) => `, ${s}`).join('')}
    FROM c WHERE d < $3${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''}`;
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
      const n = Math.max(0, Math.floor(query.nearest));
      const rows = await db.query<Row & Parted>(oneReading(layer, query, from, inCounty, n ? n + SPARE : 0), params);
      const inside = rows.filter((row) => row._part === 'inside');
      const edge = rows.filter((row) => row._part === 'edge');
      let near = rows.filter((row) => row._part === 'near').sort((a, b) => Number(a._rank) - Number(b._rank));
      if (near.length > n) {
        // Any tied within a rounding with the n-th, read on for when more than the spare are.
        const last = Number(near[n - 1]._d) * (1 + EDGE) + 1e-6;
        if (Number(near[near.length - 1]._d) > last) near = near.filter((row) => Number(row._d) <= last);
        else
          near = await db.query<Row & Parted>(
            `SELECT ${selectList(layer, 'internal')} ${from} AND ${HAVERSINE} <= h.hi AND ${HAVERSINE} <= $${params.length + 1}
             ORDER BY ${HAVERSINE}, t.id`,
            [...params, last],
          );
      }
      return {
        near: near.map((row) => toFeature(layer, 'internal', row)),
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
