import type { LayerDef } from '../layers/registry.ts';
import { andInCounty, type CountyScope } from './county.ts';
import type { Db, Queryable } from './db.ts';
import { ident, selectList } from './sql.ts';
import { column, groupsOf } from './sql-near.ts';
import { type Row, toFeature } from './sql-reads.ts';
import type { Store } from './store.ts';

/**
 * Exposure of a layer too large to hold in the API process (a province's population or hazard
 * points), in one grouped statement: each feature's anchor, then the lowest level number among the
 * active risk zones that cover it (a lateral min through the zones' GiST index), then counts and sums
 * by that level. The anchor is the in-memory analysis's (analysis/geometry.ts `anchorOf`): a point
 * itself; an area the mean of its vertices, the closing one of each ring left out and added in
 * Turf's order so that the same bits come out, when that lies in the area (otherwise the area is
 * handed over whole, for Turf's point on the surface); a line is tested whole. ST_Intersects counts
 * a point on a zone's edge as inside, as Turf's booleanPointInPolygon does. Plain SQL on both backends,
 * in a transaction of its own with JIT off: PostgreSQL 15 compiled the statement for 0.9 s of a 1 s
 * answer at 10⁵ points (0.4 s without), so it goes to the primary, not a read replica.
 */

const AREA = `GeometryType(t.geom) IN ('POLYGON', 'MULTIPOLYGON')`;

/**
 * The mean of an area's vertices, as turf.centroid sums them: in the order of their paths (polygon,
 * ring, vertex), the closing vertex of each ring (the last of its ring's paths) left out. One dump of
 * the points, so that the planner's estimate stays that of one set-returning function.
 */
const VERTEX_MEAN = `(SELECT ST_SetSRID(ST_MakePoint(sum(w.x ORDER BY w.path) / count(*)::float8,
    sum(w.y ORDER BY w.path) / count(*)::float8), 4326)
  FROM (SELECT ST_X(v.geom) AS x, ST_Y(v.geom) AS y, v.path,
      lead(v.path[:array_length(v.path, 1) - 1]) OVER (ORDER BY v.path)
        IS NOT DISTINCT FROM v.path[:array_length(v.path, 1) - 1] AS open
    FROM ST_DumpPoints(t.geom) v) w
  WHERE w.open)`;

type ZoneLevelsQuery = Pick<Store, 'zoneLevels'>;

export function sqlZoneLevels(db: Db, county: CountyScope): ZoneLevelsQuery {
  return {
    async zoneLevels(layer: LayerDef, zones: LayerDef, query) {
      const params: unknown[] = [];
      const level = column(zones, 'level', 'z');
      const keys = query.groupBy.map((f, i) => `${column(layer, f)} AS g${i + 1}`);
      const sums = query.sums.map((f, i) => `sum(${column(layer, f)})::float8 AS s${i}`);
      const inZoneCounty = andInCounty(county, zones, 'z', params);
      const inCounty = andInCounty(county, layer, 't', params);
      const rows = await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL jit = off');
        return tx.query<Record<string, unknown> & { handed: string[] | null }>(
          `SELECT CASE WHEN a.at IS NULL THEN 0 ELSE m.level END AS g0, ${[...keys, 'count(*)::integer AS n', ...sums].join(', ')},
           array_agg(t.id::text) FILTER (WHERE a.at IS NULL) AS handed
         FROM ${ident(layer.id)} t
         CROSS JOIN LATERAL (SELECT CASE WHEN ${AREA} THEN ${VERTEX_MEAN} ELSE t.geom END AS c OFFSET 0) c
         CROSS JOIN LATERAL (SELECT CASE WHEN NOT ${AREA} OR ST_Intersects(t.geom, c.c) THEN c.c END AS at OFFSET 0) a
         CROSS JOIN LATERAL (SELECT min(${level}) AS level FROM ${ident(zones.id)} z
           WHERE a.at IS NOT NULL AND z.lifecycle = 'active' AND ${level} BETWEEN 1 AND 4
             AND ST_Intersects(z.geom, a.at)${inZoneCounty}) m
         WHERE t.lifecycle = 'active'${inCounty} AND (a.at IS NULL OR m.level IS NOT NULL)
         GROUP BY ${['g0', ...keys.map((_, i) => `g${i + 1}`)].join(', ')}`,
          params,
        );
      });
      const handed = rows.flatMap((row) => row.handed ?? []);
      const inside = groupsOf(
        rows.filter((row) => Number(row.g0) > 0),
        ['level', ...query.groupBy],
        query.sums,
      );
      return { inside, handed: handed.length ? await handedOver(db, county, layer, handed) : [] };
    },
  };
}

/** The handed-over areas, whole, as staff read them. */
async function handedOver(db: Queryable, county: CountyScope, layer: LayerDef, ids: string[]) {
  const params: unknown[] = [ids];
  const inCounty = andInCounty(county, layer, 't', params);
  const rows = await db.query<Row>(
    `SELECT ${selectList(layer, 'internal')} FROM ${ident(layer.id)} t
     WHERE t.id::text = ANY($1::text[])${inCounty} ORDER BY t.id`,
    params,
  );
  return rows.map((row) => toFeature(layer, 'internal', row));
}
