-- Incidents on record (事件): the duty room's record of an emergency from its first report to its
-- final report. Staff data, never published, tiled or exported. An incident's timeline is its
-- entries, appended and never changed or removed (a trigger refuses it), so the record is its own
-- history: who wrote what at which stage and when, with the analysis results as the responder saw them.

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL,
  -- 突发事件分级: 1 特别重大 … 4 一般; set at the first report, changed by an assessment.
  level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  geom geometry(Point, 4326) NOT NULL,
  -- When the bureau first heard of it (接报时间): the reporting deadlines run from here.
  reported_at timestamptz NOT NULL,
  -- Who reported it to the bureau (a person, a unit, a phone number): free text.
  reporter text NOT NULL CHECK (length(reporter) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX incidents_status_idx ON incidents (status, reported_at DESC);

CREATE TABLE incident_entries (
  incident_id uuid NOT NULL REFERENCES incidents (id),
  seq integer NOT NULL CHECK (seq >= 1),
  stage text NOT NULL
    CHECK (stage IN ('first_report', 'assessment', 'dispatch', 'follow_up', 'final_report')),
  body text NOT NULL CHECK (length(body) <= 4000),
  -- The entry records a report upward by phone or in writing: the deadlines' clocks stop on it.
  report text CHECK (report IN ('phone', 'written')),
  -- An assessment may set the incident's level anew: the level it set.
  level integer CHECK (level BETWEEN 1 AND 4),
  -- A dispatch: the team, depot, station or shelter sent, as it was (layer, id, name, place, distance).
  dispatched jsonb CHECK (dispatched IS NULL OR jsonb_typeof(dispatched) = 'object'),
  -- Analysis results (around the incident, nearest resources) exactly as the responder saw them.
  attachment jsonb CHECK (attachment IS NULL OR jsonb_typeof(attachment) = 'object'),
  written_by text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, seq)
);

CREATE FUNCTION onemap_incident_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an incident''s entries are never changed or removed: add another entry'
    USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER incident_entries_immutable BEFORE UPDATE OR DELETE ON incident_entries
  FOR EACH ROW EXECUTE FUNCTION onemap_incident_entry_immutable();

-- A listed hazard's rectification deadline (挂牌督办 整改期限): the situation flags it once past.
ALTER TABLE hazards ADD COLUMN rectify_by date;
