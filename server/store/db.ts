/** The two backends differ only here: how a statement reaches PostgreSQL and how a transaction is held. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters, e.g. a migration file. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /**
   * Where statements known to only read, outside any transaction, may go instead: hot standbys
   * (replicas.ts). Absent when there are none, and reads go where everything else does.
   */
  readonly reads?: Queryable;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Parse PostGIS geometry (by type oid) into GeoJSON from now on. */
  useGeometryParser(oid: number): void;
  close(): Promise<void>;
}
