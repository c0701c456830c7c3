-- A counter per layer that moves on with every change, so caches in any number of API processes
-- (in-memory indexes for nearest and coverage) know when to rebuild.

CREATE TABLE layer_versions (
  layer text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION onemap_bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_versions (layer, version) VALUES (TG_ARGV[0], 1)
  ON CONFLICT (layer) DO UPDATE SET version = layer_versions.version + 1;
  RETURN NULL;
END $$;

DO $$
DECLARE
  layer text;
BEGIN
  FOREACH layer IN ARRAY ARRAY['admin_areas', 'shelters', 'depots', 'teams', 'fire_stations', 'cameras',
    'forest_areas', 'hazards', 'risk_zones', 'enterprise_risks', 'broadcast_terminals', 'weather_stations',
    'population', 'protected_targets']
  LOOP
    INSERT INTO layer_versions (layer) VALUES (layer);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version(%L)', layer || '_version', layer, layer);
  END LOOP;
END $$;

-- Stock belongs to the depots layer: a change in stock is a change of depots.
CREATE TRIGGER depot_stock_version AFTER INSERT OR UPDATE OR DELETE ON depot_stock
  FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('depots');
