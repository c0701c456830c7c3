import type { Publication } from '../../catalog/publications.ts';
import type { Db } from './db.ts';

export interface PublishedLayer {
  geojson: string;
  sha256: string;
}

export interface LayerSnapshot {
  layer: string;
  feature_count: number;
  geojson: string;
  sha256: string;
}

export interface NewPublication {
  title: string;
  map_date: string;
  note: string;
  published_by: string;
  layers: LayerSnapshot[];
}

export interface PublicationStore {
  /** Every version, newest first, withdrawn ones included. */
  list(): Promise<Publication[]>;
  get(version: number): Promise<Publication | undefined>;
  /** The newest version that is not withdrawn: what the public sees. */
  latest(): Promise<Publication | undefined>;
  layer(version: number, layer: string): Promise<PublishedLayer | undefined>;
  /** Writes the next version number with its layers, in one transaction. */
  publish(publication: NewPublication): Promise<Publication>;
  /** Returns undefined if there is no such version, false if it was withdrawn already. */
  withdraw(version: number, by: string, reason: string): Promise<Publication | false | undefined>;
}

const timestamp = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${column}`;

const SELECT = `SELECT p.version, p.title, p.map_date::text AS map_date, p.note, p.published_by,
  ${timestamp('published_at')}, ${timestamp('withdrawn_at')}, p.withdrawn_by, p.withdrawn_reason,
  coalesce((SELECT json_agg(json_build_object('layer', l.layer, 'feature_count', l.feature_count, 'sha256', l.sha256)
            ORDER BY l.layer) FROM publication_layers l WHERE l.version = p.version), '[]') AS layers
  FROM publications p`;

export function publicationQueries(db: Db): PublicationStore {
  const one = async (where: string, params: unknown[]) => {
    const [row] = await db.query<Publication>(`${SELECT} ${where}`, params);
    return row;
  };
  return {
    list: () => db.query<Publication>(`${SELECT} ORDER BY p.version DESC`),
    get: (version) => one('WHERE p.version = $1', [version]),
    latest: () => one('WHERE p.withdrawn_at IS NULL ORDER BY p.version DESC LIMIT 1', []),

    async layer(version, layer) {
      const [row] = await db.query<PublishedLayer>(
        'SELECT geojson, sha256 FROM publication_layers WHERE version = $1 AND layer = $2',
        [version, layer],
      );
      return row;
    },

    async publish(publication) {
      const version = await db.transaction(async (tx) => {
        // Two publishers at once get consecutive numbers rather than one failing on the key.
        await tx.exec('LOCK TABLE publications IN EXCLUSIVE MODE');
        const [{ next }] = await tx.query<{ next: number }>(
          'SELECT coalesce(max(version), 0) + 1 AS next FROM publications',
        );
        await tx.query(
          'INSERT INTO publications (version, title, map_date, note, published_by) VALUES ($1, $2, $3, $4, $5)',
          [next, publication.title, publication.map_date, publication.note, publication.published_by],
        );
        for (const l of publication.layers) {
          await tx.query(
            `INSERT INTO publication_layers (version, layer, feature_count, geojson, sha256)
             VALUES ($1, $2, $3, $4, $5)`,
            [next, l.layer, l.feature_count, l.geojson, l.sha256],
          );
        }
        return next;
      });
      return (await one('WHERE p.version = $1', [version])) as Publication;
    },

    async withdraw(version, by, reason) {
      const rows = await db.query<{ version: number }>(
        `UPDATE publications SET withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3
         WHERE version = $1 AND withdrawn_at IS NULL RETURNING version`,
        [version, by, reason],
      );
      const found = await one('WHERE p.version = $1', [version]);
      if (!found) return undefined;
      return rows.length === 0 ? false : found;
    },
  };
}
