-- The layers of the one map, their history and the depots' stock.
-- Written to the subset shared by PostgreSQL 15 / PostGIS 3.3 and PostgreSQL 18 / PostGIS 3.6.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Every write appends the before and after of the feature it changed.
CREATE TABLE history (
  id bigserial PRIMARY KEY,
  layer text NOT NULL,
  feature_id uuid NOT NULL,
  revision integer NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  before jsonb,
  after jsonb
);
CREATE INDEX history_feature_idx ON history (layer, feature_id, revision);

-- A table with the columns every layer shares, a spatial index and the township trigger.
CREATE FUNCTION onemap_create_layer(layer text, geometry_types text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($ddl$
    CREATE TABLE %1$I (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      township text,
      lifecycle text NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active', 'retired')),
      external_id text,
      source text,
      source_crs text NOT NULL DEFAULT 'EPSG:4326',
      revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text,
      geom geometry(Geometry, 4326) NOT NULL,
      CONSTRAINT %2$I CHECK (GeometryType(geom) = ANY (%3$L::text[])),
      CONSTRAINT %4$I CHECK (ST_IsValid(geom)),
      CONSTRAINT %5$I CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -90 AND ST_YMax(geom) <= 90),
      UNIQUE (source, external_id)
    )$ddl$, layer, layer || '_geom_type', geometry_types, layer || '_geom_valid', layer || '_geom_range');
  EXECUTE format('CREATE INDEX %I ON %I USING gist (geom)', layer || '_geom_idx', layer);
  EXECUTE format('CREATE INDEX %I ON %I (township)', layer || '_township_idx', layer);
  IF layer <> 'admin_areas' THEN
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION onemap_derive_township()',
      layer || '_township', layer);
  END IF;
END $$;

SELECT onemap_create_layer('admin_areas', ARRAY['POLYGON', 'MULTIPOLYGON']);
ALTER TABLE admin_areas
  ADD COLUMN level text NOT NULL CHECK (level IN ('district', 'township', 'village')),
  ADD COLUMN code text,
  ADD COLUMN population integer CHECK (population >= 0),
  ADD COLUMN area_km2 double precision CHECK (area_km2 >= 0);

-- The township is derived from the township polygons, never trusted from a client.
CREATE FUNCTION onemap_township_of(g geometry) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT a.name FROM admin_areas a
  WHERE a.level = 'township' AND a.lifecycle = 'active' AND ST_Intersects(a.geom, ST_PointOnSurface(g))
  ORDER BY a.name LIMIT 1
$$;

CREATE FUNCTION onemap_derive_township() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.township := onemap_township_of(NEW.geom);
  RETURN NEW;
END $$;

-- An admin area's township is itself (township level), the one it lies in (village level), or none.
CREATE FUNCTION onemap_derive_admin_township() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.township := CASE NEW.level
    WHEN 'township' THEN NEW.name
    WHEN 'village' THEN onemap_township_of(NEW.geom)
  END;
  RETURN NEW;
END $$;
CREATE TRIGGER admin_areas_township BEFORE INSERT OR UPDATE ON admin_areas
  FOR EACH ROW EXECUTE FUNCTION onemap_derive_admin_township();

SELECT onemap_create_layer('shelters', ARRAY['POINT']);
ALTER TABLE shelters
  ADD COLUMN grade text CHECK (grade IN ('A', 'B', 'C')),
  ADD COLUMN level text CHECK (level IN ('district', 'township', 'village')),
  ADD COLUMN kind text CHECK (kind IN ('emergency', 'fixed', 'central')),
  ADD COLUMN effective_area_m2 double precision CHECK (effective_area_m2 >= 0),
  ADD COLUMN capacity integer CHECK (capacity >= 0),
  ADD COLUMN free_places integer CHECK (free_places >= 0),
  ADD COLUMN standardised boolean,
  ADD COLUMN status text CHECK (status IN ('open', 'closed')),
  ADD COLUMN facilities text[] CHECK (facilities <@ ARRAY['water', 'power', 'medical', 'toilets', 'broadcast', 'storage']),
  ADD COLUMN address text,
  ADD COLUMN upgrading boolean,
  ADD COLUMN contact_person text,
  ADD COLUMN contact_phone text;

SELECT onemap_create_layer('depots', ARRAY['POINT']);
ALTER TABLE depots
  ADD COLUMN level text CHECK (level IN ('district', 'township', 'village')),
  ADD COLUMN owner text CHECK (owner IN ('government', 'enterprise', 'agreement', 'social')),
  ADD COLUMN reserve_mode text CHECK (reserve_mode IN ('physical', 'agreement', 'capacity')),
  ADD COLUMN area_m2 double precision CHECK (area_m2 >= 0),
  ADD COLUMN address text,
  ADD COLUMN manager text,
  ADD COLUMN phone text;

-- Stock as rows, so responders can ask which depots hold an item.
CREATE TABLE depot_stock (
  depot_id uuid NOT NULL REFERENCES depots (id) ON DELETE CASCADE,
  item text NOT NULL CHECK (length(item) BETWEEN 1 AND 100),
  quantity double precision NOT NULL CHECK (quantity >= 0),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
  expires_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (depot_id, item)
);
CREATE INDEX depot_stock_item_idx ON depot_stock (item);

SELECT onemap_create_layer('teams', ARRAY['POINT']);
ALTER TABLE teams
  ADD COLUMN kind text CHECK (kind IN ('professional', 'fire', 'forest', 'social', 'militia', 'township_composite')),
  ADD COLUMN specialties text[] CHECK (specialties <@ ARRAY['water_rescue', 'mountain', 'hazmat', 'forest_fire',
    'earthquake', 'collapse', 'flood', 'medical', 'power', 'traffic']),
  ADD COLUMN on_duty boolean,
  ADD COLUMN members integer CHECK (members >= 0),
  ADD COLUMN vehicles integer CHECK (vehicles >= 0),
  ADD COLUMN leader text,
  ADD COLUMN phone text;

SELECT onemap_create_layer('fire_stations', ARRAY['POINT']);
ALTER TABLE fire_stations
  ADD COLUMN kind text CHECK (kind IN ('full_time', 'government', 'micro')),
  ADD COLUMN status text CHECK (status IN ('existing', 'planned')),
  ADD COLUMN staff integer CHECK (staff >= 0),
  ADD COLUMN vehicles integer CHECK (vehicles >= 0),
  ADD COLUMN phone text;

SELECT onemap_create_layer('cameras', ARRAY['POINT']);
ALTER TABLE cameras
  ADD COLUMN kind text CHECK (kind IN ('visible', 'thermal_dual')),
  ADD COLUMN status text CHECK (status IN ('existing', 'planned')),
  ADD COLUMN mast_height_m double precision CHECK (mast_height_m BETWEEN 0 AND 200),
  ADD COLUMN range_m double precision CHECK (range_m BETWEEN 0 AND 50000),
  ADD COLUMN heading_deg double precision CHECK (heading_deg BETWEEN 0 AND 360),
  ADD COLUMN fov_deg double precision CHECK (fov_deg BETWEEN 0 AND 360);

SELECT onemap_create_layer('forest_areas', ARRAY['POLYGON', 'MULTIPOLYGON']);
ALTER TABLE forest_areas
  ADD COLUMN kind text CHECK (kind IN ('forest', 'key_fire_area', 'scenic', 'industrial_park')),
  ADD COLUMN area_km2 double precision CHECK (area_km2 >= 0);

SELECT onemap_create_layer('hazards', ARRAY['POINT', 'LINESTRING', 'MULTILINESTRING']);
ALTER TABLE hazards
  ADD COLUMN kind text CHECK (kind IN ('landslide', 'waterlogging', 'flood_prone', 'reservoir', 'embankment', 'hazchem',
    'major_hazard', 'crowded_place', 'road')),
  ADD COLUMN stage text CHECK (stage IN ('found', 'listed', 'rectifying', 'closed')),
  ADD COLUMN threatened_people integer CHECK (threatened_people >= 0),
  ADD COLUMN threatened_property_wan double precision CHECK (threatened_property_wan >= 0),
  ADD COLUMN found_on date,
  ADD COLUMN listed_on date,
  ADD COLUMN rectifying_on date,
  ADD COLUMN closed_on date,
  ADD COLUMN responsible_person text,
  ADD COLUMN phone text;

SELECT onemap_create_layer('risk_zones', ARRAY['POLYGON', 'MULTIPOLYGON']);
ALTER TABLE risk_zones
  ADD COLUMN level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  ADD COLUMN hazard_type text CHECK (hazard_type IN ('geohazard', 'flood', 'forest_fire', 'hazchem', 'industrial',
    'crowded_place', 'typhoon')),
  ADD COLUMN score double precision CHECK (score >= 0),
  ADD COLUMN method text,
  ADD COLUMN control_measures text,
  ADD COLUMN responsible_unit text,
  ADD COLUMN reviewed_on date;

SELECT onemap_create_layer('enterprise_risks', ARRAY['POINT']);
ALTER TABLE enterprise_risks
  ADD COLUMN enterprise text,
  ADD COLUMN method text CHECK (method IN ('LEC', 'LS')),
  ADD COLUMN l double precision CHECK (l >= 0),
  ADD COLUMN e double precision CHECK (e >= 0),
  ADD COLUMN c double precision CHECK (c >= 0),
  ADD COLUMN s double precision CHECK (s >= 0),
  ADD COLUMN score double precision CHECK (score >= 0),
  ADD COLUMN level integer CHECK (level BETWEEN 1 AND 4),
  ADD COLUMN inherent_level integer CHECK (inherent_level BETWEEN 1 AND 4),
  ADD COLUMN residual_level integer CHECK (residual_level BETWEEN 1 AND 4),
  ADD COLUMN controls text,
  ADD COLUMN contact_person text,
  ADD COLUMN phone text;

SELECT onemap_create_layer('broadcast_terminals', ARRAY['POINT']);
ALTER TABLE broadcast_terminals
  ADD COLUMN kind text CHECK (kind IN ('loudspeaker', 'siren', 'screen')),
  ADD COLUMN status text CHECK (status IN ('existing', 'planned')),
  ADD COLUMN range_m double precision CHECK (range_m BETWEEN 0 AND 10000);

SELECT onemap_create_layer('weather_stations', ARRAY['POINT']);
ALTER TABLE weather_stations
  ADD COLUMN kind text CHECK (kind IN ('automatic', 'rain_gauge', 'hydrological')),
  ADD COLUMN operator text,
  ADD COLUMN elevation_m integer CHECK (elevation_m BETWEEN -100 AND 9000),
  ADD COLUMN phone text;

SELECT onemap_create_layer('population', ARRAY['POINT', 'POLYGON', 'MULTIPOLYGON']);
ALTER TABLE population
  ADD COLUMN kind text CHECK (kind IN ('village', 'grid')),
  ADD COLUMN residents integer NOT NULL CHECK (residents >= 0),
  ADD COLUMN village_code text;

SELECT onemap_create_layer('protected_targets', ARRAY['POINT']);
ALTER TABLE protected_targets
  ADD COLUMN kind text CHECK (kind IN ('school', 'kindergarten', 'hospital', 'nursing_home', 'prison', 'stadium')),
  ADD COLUMN people integer CHECK (people >= 0),
  ADD COLUMN contact_person text,
  ADD COLUMN phone text;
