import type { Feature, Geometry } from 'geojson';
import { allFields, type LayerDef, type Visibility, visibleFields } from '../layers/registry.ts';
import type { Db, Queryable } from './db.ts';
import { filterCondition, ident, jsonValue, selectList } from './sql.ts';
import type { BBox, ItemsQuery, Store } from './store.ts';

const INSERT_BATCH = 1000;

type Row = Record<string, unknown> & { id: string; geom: Geometry };

function toFeature(layer: LayerDef, audience: Visibility, row: Row): Feature<Geometry> {
  const properties: Record<string, unknown> = {};
  for (const field of visibleFields(layer, audience)) {
    if (field.name in row) properties[field.name] = row[field.name];
  }
  return { type: 'Feature', id: row.id, geometry: row.geom, properties };
}

/** The store's queries, the same SQL on both backends. */
export function createSqlStore(db: Db): Store {
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

  async function insertBatch(tx: Queryable, layer: LayerDef, features: Feature[], user: string): Promise<string[]> {
    const fields = allFields(layer).filter((f) => !f.managed && !f.derived);
    const columns = ['id', ...fields.map((f) => f.name), 'updated_by', 'geom'].map(ident).join(', ');
    const values = [
      `coalesce((f->>'id')::uuid, gen_random_uuid())`,
      ...fields.map((f) => {
        if (f.name === 'lifecycle') return `coalesce(${jsonValue(f)}, 'active')`;
        if (f.name === 'source_crs') return `coalesce(${jsonValue(f)}, 'EPSG:4326')`;
        return jsonValue(f);
      }),
      '$2',
      `ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)`,
    ].join(', ');
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO ${ident(layer.id)} (${columns})
       SELECT ${values} FROM jsonb_array_elements($1::jsonb) f RETURNING id`,
      [JSON.stringify(features), user],
    );
    const ids = rows.map((r) => r.id);
    if (layer.id === 'depots') await insertStock(tx, features, ids);
    await tx.query(
      `INSERT INTO history (layer, feature_id, revision, action, changed_by, after)
       SELECT $1, t.id, t.revision, 'create', $2,
              jsonb_build_object('geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom')
       FROM ${ident(layer.id)} t WHERE t.id = ANY($3::uuid[])`,
      [layer.id, user, ids],
    );
    return ids;
  }

  async function insertStock(tx: Queryable, features: Feature[], ids: string[]): Promise<void> {
    const rows = features.flatMap((feature, i) => {
      const stock = (feature.properties?.stock ?? []) as Array<Record<string, unknown>>;
      return stock.map((s) => ({ ...s, depot_id: ids[i] }));
    });
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO depot_stock (depot_id, item, quantity, unit, expires_on)
       SELECT (s->>'depot_id')::uuid, s->>'item', (s->>'quantity')::double precision, s->>'unit', (s->>'expires_on')::date
       FROM jsonb_array_elements($1::jsonb) s`,
      [JSON.stringify(rows)],
    );
  }

  return {
    kind: db.kind,

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

    async insertFeatures(layer, features, { user }) {
      return db.transaction(async (tx) => {
        const ids: string[] = [];
        for (let i = 0; i < features.length; i += INSERT_BATCH) {
          ids.push(...(await insertBatch(tx, layer, features.slice(i, i + INSERT_BATCH), user)));
        }
        return ids;
      });
    },

    async getMeta<T>(key: string) {
      const rows = await db.query<{ value: T }>('SELECT value FROM meta WHERE key = $1', [key]);
      return rows[0]?.value;
    },

    async setMeta(key, value) {
      await db.query(
        'INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, JSON.stringify(value)],
      );
    },

    close: () => db.close(),
  };
}

export type { BBox };
