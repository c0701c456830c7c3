-- The road network: lines with a class from catalog/road-classes.ts, which sets their speed from the
-- district profile unless a segment states its own. Status is live: a responder closes a road cut by
-- a landslide and every route leaves it out. A missing oneway, bridge, tunnel or status reads as
-- two-way, on the ground and open. Like every layer it has a version counter (caches of the routing
-- graph follow it) and a township that follows the township polygons.

SELECT onemap_create_layer('roads', ARRAY['LINESTRING', 'MULTILINESTRING']);
ALTER TABLE roads
  ADD COLUMN class text NOT NULL CHECK (class IN ('expressway', 'national', 'provincial', 'county', 'township',
    'village', 'urban', 'track')),
  ADD COLUMN ref text,
  ADD COLUMN tech_grade text CHECK (tech_grade IN ('expressway', 'class1', 'class2', 'class3', 'class4',
    'substandard')),
  ADD COLUMN speed_kmh double precision CHECK (speed_kmh BETWEEN 1 AND 200),
  ADD COLUMN oneway boolean,
  ADD COLUMN bridge boolean,
  ADD COLUMN tunnel boolean,
  ADD COLUMN status text CHECK (status IN ('open', 'closed')),
  ADD COLUMN closure_note text;
CREATE INDEX roads_class_idx ON roads (class);

INSERT INTO layer_versions (layer) VALUES ('roads');
CREATE TRIGGER roads_version AFTER INSERT OR UPDATE OR DELETE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('roads');

-- As in 003, with roads among the layers whose township follows a redrawn township.
CREATE OR REPLACE FUNCTION onemap_rederive_townships() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  layer text;
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  FOREACH layer IN ARRAY ARRAY['shelters', 'depots', 'teams', 'fire_stations', 'cameras', 'forest_areas',
    'hazards', 'risk_zones', 'enterprise_risks', 'broadcast_terminals', 'weather_stations', 'population',
    'protected_targets', 'roads']
  LOOP
    EXECUTE format(
      'UPDATE %1$I t SET township = d.township FROM (SELECT id, onemap_township_of(geom) AS township FROM %1$I) d
       WHERE t.id = d.id AND t.township IS DISTINCT FROM d.township', layer);
  END LOOP;
  UPDATE admin_areas a SET township = onemap_township_of(a.geom)
  WHERE a.level = 'village' AND a.township IS DISTINCT FROM onemap_township_of(a.geom);
  RETURN NULL;
END $$;
