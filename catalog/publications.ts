/** A published version of the risk map as the API lists it (GET /publications): numbered, never changed. */
export interface Publication {
  version: number;
  title: string;
  /** The date the map is dated by, as the bureau approved it (YYYY-MM-DD). */
  map_date: string;
  note: string;
  published_by: string;
  published_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
  layers: Array<{ layer: string; feature_count: number; sha256: string }>;
}
