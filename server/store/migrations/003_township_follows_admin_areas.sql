-- When a township polygon is added, redrawn, renamed or retired, the features it holds follow:
-- their derived township is worked out again. The per-feature trigger does the work; this only
-- touches the rows whose township would change.

CREATE FUNCTION onemap_rederive_townships() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  layer text;
BEGIN
  -- Its own update of village areas below must not set it off again.
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  FOREACH layer IN ARRAY ARRAY['shelters', 'depots', 'teams', 'fire_stations', 'cameras', 'forest_areas',
    'hazards', 'risk_zones', 'enterprise_risks', 'broadcast_terminals', 'weather_stations', 'population',
    'protected_targets']
  LOOP
    EXECUTE format(
      'UPDATE %1$I t SET township = d.township FROM (SELECT id, onemap_township_of(geom) AS township FROM %1$I) d
       WHERE t.id = d.id AND t.township IS DISTINCT FROM d.township', layer);
  END LOOP;
  UPDATE admin_areas a SET township = onemap_township_of(a.geom)
  WHERE a.level = 'village' AND a.township IS DISTINCT FROM onemap_township_of(a.geom);
  RETURN NULL;
END $$;

CREATE TRIGGER admin_areas_rederive AFTER INSERT OR UPDATE OR DELETE ON admin_areas
  FOR EACH STATEMENT EXECUTE FUNCTION onemap_rederive_townships();
