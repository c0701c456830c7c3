/**
 * pgRouting as the independent oracle and the baseline for the in-process router: a scratch database
 * with the extension, and the routing graph's pieces loaded as pgRouting's edge table (node ids + 1,
 * `reverse_cost` -1 on a one-way piece), each with the straight line between its nodes so a query can
 * bound the edges it reads by a box, as pgRouting's maintainers advise. Shared by the equality test
 * and the routing benchmark, so both compare against the same table.
 */
import pg from 'pg';
import type { RoadGraph } from '../../server/routing/graph.ts';

export const PGROUTING_MISSING =
  'pgRouting is not installed for the PostgreSQL server: install postgresql-15-pgrouting (as .ci/run does)';

/** The edge query pgRouting reads, optionally bounded to a box around a point (lon, lat, degrees). */
export const EDGES_SQL = 'SELECT id, source, target, cost, reverse_cost FROM edges';
export const edgesNear = (lon: number, lat: number, degrees: number) =>
  `${EDGES_SQL} WHERE geom && ST_Expand(ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326), ${degrees})`;

export interface RoutingDatabase {
  client: pg.Client;
  drop(): Promise<void>;
}

/** A new database on the server at `adminUrl` with pgRouting, or PGROUTING_MISSING when it cannot have it. */
export async function routingDatabase(adminUrl: string, name: string): Promise<RoutingDatabase> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client(url.toString());
  const drop = async () => {
    await client.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  };
  try {
    await client.connect();
    await client.query('CREATE EXTENSION pgrouting CASCADE').catch((error: Error) => {
      throw new Error(`${PGROUTING_MISSING} (${error.message})`);
    });
    return { client, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The graph's pieces as pgRouting's edge table, indexed by id, node and box. */
export async function loadEdges(client: pg.Client, g: RoadGraph): Promise<void> {
  await client.query(`CREATE TABLE edges (id integer PRIMARY KEY, source integer NOT NULL, target integer NOT NULL,
    cost float8 NOT NULL, reverse_cost float8 NOT NULL, geom geometry(LineString, 4326))`);
  const chunk = 50_000;
  for (let from = 0; from < g.pieceCount; from += chunk) {
    const ids = Array.from({ length: Math.min(chunk, g.pieceCount - from) }, (_, i) => from + i);
    const xy = (node: number) => [g.nodeLonLat[2 * node], g.nodeLonLat[2 * node + 1]];
    await client.query(
      `INSERT INTO edges SELECT id, s, t, c, r, ST_SetSRID(ST_MakeLine(ST_MakePoint(x0, y0), ST_MakePoint(x1, y1)), 4326)
       FROM unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
         $8::float8[], $9::float8[]) AS e(id, s, t, c, r, x0, y0, x1, y1)`,
      [
        ids.map((p) => p + 1),
        ids.map((p) => g.pieceSource[p] + 1),
        ids.map((p) => g.pieceTarget[p] + 1),
        ids.map((p) => g.pieceCost[p]),
        ids.map((p) => (g.pieceOneway[p] ? -1 : g.pieceCost[p])),
        ids.map((p) => xy(g.pieceSource[p])[0]),
        ids.map((p) => xy(g.pieceSource[p])[1]),
        ids.map((p) => xy(g.pieceTarget[p])[0]),
        ids.map((p) => xy(g.pieceTarget[p])[1]),
      ],
    );
  }
  await client.query(
    'CREATE INDEX ON edges (source); CREATE INDEX ON edges (target); CREATE INDEX ON edges USING gist (geom)',
  );
  await client.query('ANALYZE edges');
}
