-- The census layers a province holds by the million — hazard points, risk zones, enterprise risk points
-- and population — kept per county: each row carries its county's six-digit code (行政区划代码) and the
-- tables are partitioned by LIST on it, one partition per county and a DEFAULT for a county without
-- one yet. A county's reads name its code, so PostgreSQL scans its partition alone. The keys gain the
-- code, as a distributed PostgreSQL will want them: (county_code, id), (county_code, source, external_id).
-- The same schema on both backends (PGlite is PostgreSQL 17+, which partitions as the server does).

-- The county of a database holding one district: its set-up's code, or 000000 before there is one.
CREATE FUNCTION onemap_county() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT a.code FROM admin_areas a
                   WHERE a.level = 'district' AND a.lifecycle = 'active' AND a.code ~ '^[0-9]{6}$'
                   ORDER BY a.code LIMIT 1), '000000')
$$;

-- A county's partition of each county layer, made once; its rows waiting in the DEFAULT move into it.
CREATE FUNCTION onemap_add_county(code text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  layer text;
  part text;
BEGIN
  IF code !~ '^[0-9]{6}$' THEN
    RAISE EXCEPTION 'a county code is six digits, not %', code USING ERRCODE = 'check_violation';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('onemap.county_partitions'));
  FOREACH layer IN ARRAY ARRAY['hazards', 'risk_zones', 'enterprise_risks', 'population'] LOOP
    part := layer || '_' || code;
    CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, layer);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE county_code = %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
      layer || '_default', code, part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', layer, part, code);
  END LOOP;
END $$;

-- History keeps the county of a county layer's feature, so a county reads its own features' past alone.
ALTER TABLE history ADD COLUMN county_code text CHECK (county_code ~ '^[0-9]{6}$');
UPDATE history SET county_code = onemap_county()
WHERE layer IN ('hazards', 'risk_zones', 'enterprise_risks', 'population');

-- Density cells per county as well (county_code '' for the layers kept whole).
ALTER TABLE tile_density ADD COLUMN county_code text NOT NULL DEFAULT '';
ALTER TABLE tile_density DROP CONSTRAINT tile_density_pkey;
ALTER TABLE tile_density ADD PRIMARY KEY (layer, county_code, z, cx, cy);

DROP FUNCTION onemap_density_change(text, integer, double precision[], double precision[]);
CREATE FUNCTION onemap_density_change(layer_name text, county text, sign integer, lons double precision[],
  lats double precision[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO tile_density AS d (layer, county_code, z, cx, cy, n, sum_lon, sum_lat)
  SELECT layer_name, county, z, cx, cy, sign * count(*), sign * sum(lon), sign * sum(lat)
  FROM (
    SELECT z, lon, lat,
      floor((lon + 180) / 360 * scale)::integer AS cx,
      floor((1 - ln(tan(radians(clat)) + 1 / cos(radians(clat))) / pi()) / 2 * scale)::integer AS cy
    FROM unnest(lons, lats) AS p (lon, lat)
      CROSS JOIN LATERAL (SELECT greatest(-85.0511287798, least(85.0511287798, lat)) AS clat) AS c
      CROSS JOIN generate_series(0, 14) AS zooms (z)
      CROSS JOIN LATERAL (SELECT (2 ^ z) * 16 AS scale) AS s
  ) AS cells
  GROUP BY z, cx, cy
  ON CONFLICT (layer, county_code, z, cx, cy) DO UPDATE
    SET n = d.n + excluded.n, sum_lon = d.sum_lon + excluded.sum_lon, sum_lat = d.sum_lat + excluded.sum_lat;
$$;

CREATE OR REPLACE FUNCTION onemap_density_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, '', 1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM new_rows WHERE lifecycle = 'active' HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION onemap_density_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, '', -1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM old_rows WHERE lifecycle = 'active' HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION onemap_density_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, '', -1, array_agg(ST_X(o.geom)), array_agg(ST_Y(o.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE o.lifecycle = 'active' AND (NOT ST_Equals(o.geom, n.geom) OR n.lifecycle <> 'active')
    HAVING count(*) > 0;
  PERFORM onemap_density_change(TG_TABLE_NAME, '', 1, array_agg(ST_X(n.geom)), array_agg(ST_Y(n.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE n.lifecycle = 'active' AND (NOT ST_Equals(o.geom, n.geom) OR o.lifecycle <> 'active')
    HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- The same for a county layer, a county's cells apart; a row moved to another county moves its cells.
CREATE FUNCTION onemap_density_insert_by_county() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, county_code, 1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM new_rows WHERE lifecycle = 'active' GROUP BY county_code;
  RETURN NULL;
END $$;

CREATE FUNCTION onemap_density_delete_by_county() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, county_code, -1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM old_rows WHERE lifecycle = 'active' GROUP BY county_code;
  RETURN NULL;
END $$;

CREATE FUNCTION onemap_density_update_by_county() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, o.county_code, -1, array_agg(ST_X(o.geom)), array_agg(ST_Y(o.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE o.lifecycle = 'active'
      AND (NOT ST_Equals(o.geom, n.geom) OR n.lifecycle <> 'active' OR o.county_code <> n.county_code)
    GROUP BY o.county_code;
  PERFORM onemap_density_change(TG_TABLE_NAME, n.county_code, 1, array_agg(ST_X(n.geom)), array_agg(ST_Y(n.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE n.lifecycle = 'active'
      AND (NOT ST_Equals(o.geom, n.geom) OR o.lifecycle <> 'active' OR o.county_code <> n.county_code)
    GROUP BY n.county_code;
  RETURN NULL;
END $$;

-- Each county layer becomes a partitioned table of the same columns, checks and defaults, its rows
-- stamped with the district's code; then its keys, indexes and triggers as before, on the partitioned
-- table, whence PostgreSQL gives them to every partition.
DO $$
DECLARE
  layer text;
  old text;
BEGIN
  FOREACH layer IN ARRAY ARRAY['hazards', 'risk_zones', 'enterprise_risks', 'population'] LOOP
    old := layer || '_unpartitioned';
    EXECUTE format('ALTER TABLE %I RENAME TO %I', layer, old);
    EXECUTE format($ddl$
      CREATE TABLE %1$I (
        LIKE %2$I INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        county_code text NOT NULL DEFAULT onemap_county() CONSTRAINT %3$I CHECK (county_code ~ '^[0-9]{6}$')
      ) PARTITION BY LIST (county_code)$ddl$, layer, old, layer || '_county_code_check');
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', layer || '_default', layer);
  END LOOP;
  IF onemap_county() <> '000000' THEN
    PERFORM onemap_add_county(onemap_county());
  END IF;
  FOREACH layer IN ARRAY ARRAY['hazards', 'risk_zones', 'enterprise_risks', 'population'] LOOP
    old := layer || '_unpartitioned';
    EXECUTE format('INSERT INTO %I SELECT *, onemap_county() FROM %I', layer, old);
    EXECUTE format('DROP TABLE %I', old);
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (county_code, id)', layer);
    EXECUTE format('ALTER TABLE %I ADD UNIQUE (county_code, source, external_id)', layer);
    -- A feature is found by its id alone too (a write's snapshot and history, a province view's item).
    EXECUTE format('CREATE INDEX %I ON %I (id)', layer || '_id_idx', layer);
    EXECUTE format('CREATE INDEX %I ON %I USING gist (geom)', layer || '_geom_idx', layer);
    EXECUTE format('CREATE INDEX %I ON %I (township)', layer || '_township_idx', layer);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION onemap_derive_township()',
      layer || '_township', layer);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version(%L)', layer || '_version', layer, layer);
  END LOOP;
  -- Of the county layers, enterprise risk points alone are drawn as density (a layer of points alone).
  DELETE FROM tile_density WHERE tile_density.layer = 'enterprise_risks';
  CREATE TRIGGER enterprise_risks_density_insert AFTER INSERT ON enterprise_risks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_insert_by_county();
  CREATE TRIGGER enterprise_risks_density_delete AFTER DELETE ON enterprise_risks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_delete_by_county();
  CREATE TRIGGER enterprise_risks_density_update AFTER UPDATE ON enterprise_risks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_update_by_county();
  PERFORM onemap_density_change('enterprise_risks', county_code, 1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM enterprise_risks WHERE lifecycle = 'active' GROUP BY county_code;
END $$;
