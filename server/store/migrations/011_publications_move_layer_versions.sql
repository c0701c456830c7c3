-- Anonymous readers of a published layer see its latest publication. Publishing or withdrawing a
-- version changes what they read, so the layer's counter moves, and every cache keyed by it (tiles'
-- ETags, the published view in each API process) is renewed.

CREATE FUNCTION onemap_bump_published_layer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layer_versions SET version = version + 1 WHERE layer = NEW.layer;
  RETURN NULL;
END $$;
CREATE TRIGGER publication_layers_bump AFTER INSERT ON publication_layers
  FOR EACH ROW EXECUTE FUNCTION onemap_bump_published_layer();

CREATE FUNCTION onemap_bump_withdrawn_layers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layer_versions SET version = version + 1
  WHERE layer IN (SELECT l.layer FROM publication_layers l WHERE l.version = NEW.version);
  RETURN NULL;
END $$;
CREATE TRIGGER publications_withdrawn_bump AFTER UPDATE OF withdrawn_at ON publications
  FOR EACH ROW EXECUTE FUNCTION onemap_bump_withdrawn_layers();
