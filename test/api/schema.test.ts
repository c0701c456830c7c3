import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allFields, layers } from '../../server/layers/registry.ts';
import type { FieldType } from '../../server/layers/types.ts';
import type { Db } from '../../server/store/db.ts';
import { openEmbedded } from '../../server/store/embedded.ts';
import { loadMigrations, migrate } from '../../server/store/migrate.ts';
import { openPostgres } from '../../server/store/postgres.ts';
import { embeddedCopy, postgresCopy } from '../support/backends.ts';

const columnType: Record<FieldType, string> = {
  text: 'text',
  enum: 'text',
  'enum[]': 'ARRAY',
  integer: 'integer',
  number: 'double precision',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp with time zone',
  json: 'jsonb',
};

const opens: Array<[string, () => Promise<Db>]> = [['embedded', () => openEmbedded(embeddedCopy())]];
const adminUrl = inject('postgresAdminUrl');
if (adminUrl) opens.push(['postgres', async () => openPostgres(await postgresCopy(adminUrl))]);

describe.each(opens)('the schema on the %s backend', (_name, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('has a column of the registry’s type for every stored field of every layer', async () => {
    const rows = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    for (const layer of layers) {
      for (const field of allFields(layer).filter((f) => !f.derived)) {
        expect(columns.get(`${layer.id}.${field.name}`), `${layer.id}.${field.name}`).toBe(columnType[field.type]);
      }
      expect(columns.get(`${layer.id}.geom`), layer.id).toBe('USER-DEFINED');
    }
  });

  it('has a spatial index on every layer, and on every partition of a layer kept per county', async () => {
    const rows = await db.query<{ tablename: string; partition: boolean }>(
      `SELECT i.tablename, c.relispartition AS partition FROM pg_indexes i JOIN pg_class c ON c.relname = i.tablename
       WHERE i.schemaname = 'public' AND i.indexdef LIKE '%USING gist (geom)%'`,
    );
    expect(
      rows
        .filter((r) => !r.partition)
        .map((r) => r.tablename)
        .sort(),
    ).toEqual(layers.map((l) => l.id).sort());
    const partitions = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'p'`,
    );
    // The demo's county (350303) and the DEFAULT of each of the four county layers.
    expect(partitions.map((p) => p.name).sort()).toEqual(
      ['enterprise_risks', 'hazards', 'population', 'risk_zones']
        .flatMap((l) => [`${l}_350303`, `${l}_default`])
        .sort(),
    );
    expect(
      rows
        .filter((r) => r.partition)
        .map((r) => r.tablename)
        .sort(),
    ).toEqual(partitions.map((p) => p.name).sort());
  });

  it('applies each migration once', async () => {
    expect(await migrate(db)).toEqual([]);
    const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual((await loadMigrations()).map((m) => m.version));
  });

  describe('keeps the security audit append-only, even against a direct write', () => {
    beforeAll(async () => {
      await db.query(`INSERT INTO security_events (event, username) VALUES ('sign_in', 'someone')`);
    });

    it.each([
      `UPDATE security_events SET username = 'someone else'`,
      'DELETE FROM security_events',
      'TRUNCATE security_events',
    ])('refuses %s', async (statement) => {
      await expect(db.query(statement)).rejects.toThrow(/only ever appended/);
    });

    it('refuses an event it does not know, and keeps the one it was given', async () => {
      await expect(
        db.query(`INSERT INTO security_events (event, username) VALUES ('coffee_break', 'someone')`),
      ).rejects.toThrow();
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM security_events WHERE username = 'someone'`,
      );
      expect(n).toBe(1);
    });
  });

  const point = `ST_SetSRID(ST_MakePoint(119.1, 25.5), 4326)`;
  it.each([
    ['a grade outside the enumeration', `INSERT INTO shelters (name, grade, geom) VALUES ('x', 'Z', ${point})`],
    ['a negative capacity', `INSERT INTO shelters (name, capacity, geom) VALUES ('x', -1, ${point})`],
    ['a longitude of 200', `INSERT INTO shelters (name, geom) VALUES ('x', ST_SetSRID(ST_MakePoint(200, 25.5), 4326))`],
    [
      'a self-intersecting risk zone',
      `INSERT INTO risk_zones (name, level, geom) VALUES ('x', 1, ST_GeomFromText(
        'POLYGON((119 25, 119.1 25.1, 119.1 25, 119 25.1, 119 25))', 4326))`,
    ],
  ])('refuses %s, even from a direct write', async (_what, statement) => {
    await expect(db.query(statement)).rejects.toThrow();
  });
});
