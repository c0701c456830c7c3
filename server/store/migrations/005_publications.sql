-- The bureau's published maps: numbered versions whose content never changes once written.
-- A version can be withdrawn (with a reason) but not edited or deleted; older versions stay readable.

CREATE TABLE publications (
  version integer PRIMARY KEY CHECK (version > 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  map_date date NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by text,
  withdrawn_reason text CHECK (length(withdrawn_reason) BETWEEN 1 AND 2000),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL) AND (withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);

-- Each published layer as the exact GeoJSON text served to the public, with its digest.
CREATE TABLE publication_layers (
  version integer NOT NULL REFERENCES publications (version),
  layer text NOT NULL,
  feature_count integer NOT NULL CHECK (feature_count >= 0),
  geojson text NOT NULL,
  sha256 text NOT NULL,
  PRIMARY KEY (version, layer)
);

CREATE FUNCTION onemap_publication_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a publication is never deleted: withdraw it instead' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_TABLE_NAME = 'publication_layers'
     OR OLD.withdrawn_at IS NOT NULL
     OR (NEW.version, NEW.title, NEW.map_date, NEW.note, NEW.published_by, NEW.published_at)
        IS DISTINCT FROM (OLD.version, OLD.title, OLD.map_date, OLD.note, OLD.published_by, OLD.published_at) THEN
    RAISE EXCEPTION 'a publication never changes; only withdrawing it once is allowed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER publications_immutable BEFORE UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION onemap_publication_immutable();
CREATE TRIGGER publication_layers_immutable BEFORE UPDATE OR DELETE ON publication_layers
  FOR EACH ROW EXECUTE FUNCTION onemap_publication_immutable();
