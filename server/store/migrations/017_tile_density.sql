-- The density of every layer of points, kept for the vector tiles of the server backend (server/tiles/
-- rules.ts, DENSITY): at each zoom 0 to 14, the Web Mercator tiles cut into 16 × 16 cells, and for each
-- cell with points the count and the sums of their longitudes and latitudes (the mean is the cell's
-- point). A tile too full for its points is drawn from its cells, so a tile over ten million points
-- costs at most 18 × 18 rows. Triggers on each point layer move the cells as rows are written, a whole
-- statement at a time (an import of thousands of rows is one aggregation); a retired feature leaves
-- its cells. A cell emptied keeps its row at n = 0, which tiles skip.

CREATE TABLE tile_density (
  layer text NOT NULL,
  z smallint NOT NULL,
  cx integer NOT NULL,
  cy integer NOT NULL,
  n integer NOT NULL,
  sum_lon double precision NOT NULL,
  sum_lat double precision NOT NULL,
  PRIMARY KEY (layer, z, cx, cy)
);

-- Adds (sign 1) or takes away (sign -1) points at lon/lat to the cells of every zoom.
CREATE FUNCTION onemap_density_change(layer_name text, sign integer, lons double precision[], lats double precision[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO tile_density AS d (layer, z, cx, cy, n, sum_lon, sum_lat)
  SELECT layer_name, z, cx, cy, sign * count(*), sign * sum(lon), sign * sum(lat)
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
  ON CONFLICT (layer, z, cx, cy) DO UPDATE
    SET n = d.n + excluded.n, sum_lon = d.sum_lon + excluded.sum_lon, sum_lat = d.sum_lat + excluded.sum_lat;
$$;

-- Active points only: a retired feature is gone from the map, and from its cells.
CREATE FUNCTION onemap_density_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, 1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM new_rows WHERE lifecycle = 'active' HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION onemap_density_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, -1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
    FROM old_rows WHERE lifecycle = 'active' HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Only rows whose place or lifecycle changed move cells: an edit of a name moves nothing.
CREATE FUNCTION onemap_density_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM onemap_density_change(TG_TABLE_NAME, -1, array_agg(ST_X(o.geom)), array_agg(ST_Y(o.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE o.lifecycle = 'active' AND (NOT ST_Equals(o.geom, n.geom) OR n.lifecycle <> 'active')
    HAVING count(*) > 0;
  PERFORM onemap_density_change(TG_TABLE_NAME, 1, array_agg(ST_X(n.geom)), array_agg(ST_Y(n.geom)))
    FROM old_rows o JOIN new_rows n USING (id)
    WHERE n.lifecycle = 'active' AND (NOT ST_Equals(o.geom, n.geom) OR o.lifecycle <> 'active')
    HAVING count(*) > 0;
  RETURN NULL;
END $$;

DO $$
DECLARE
  layer text;
BEGIN
  FOREACH layer IN ARRAY ARRAY['shelters', 'depots', 'teams', 'fire_stations', 'cameras', 'enterprise_risks',
    'broadcast_terminals', 'weather_stations', 'protected_targets'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_insert()', layer || '_density_insert', layer);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_delete()', layer || '_density_delete', layer);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION onemap_density_update()', layer || '_density_update', layer);
    EXECUTE format('SELECT onemap_density_change(%L, 1, array_agg(ST_X(geom)), array_agg(ST_Y(geom)))
      FROM %I WHERE lifecycle = ''active'' HAVING count(*) > 0', layer, layer);
  END LOOP;
END $$;
