-- The district's elevation model (DEM), one at a time, for line-of-sight analyses. Internal: a DEM is
-- never served to the public (a fine national DEM is classified), only to staff as a download. Kept in
-- the database so that every API process reads the same one; `version` moves on with each import, so
-- caches of viewsheds computed on an older DEM know they are stale.

CREATE TABLE terrain_dem (
  -- One row: the DEM in use.
  only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
  version integer NOT NULL CHECK (version >= 1),
  -- A projected system in metres, e.g. EPSG:4528 (CGCS2000 3° Gauss-Krüger zone 40).
  crs text NOT NULL CHECK (crs ~ '^EPSG:[0-9]{4,5}$'),
  cols integer NOT NULL CHECK (cols >= 2),
  rows integer NOT NULL CHECK (rows >= 2),
  -- The grid's north-west corner and cell sizes, m.
  west double precision NOT NULL,
  north double precision NOT NULL,
  cell_x double precision NOT NULL CHECK (cell_x > 0),
  cell_y double precision NOT NULL CHECK (cell_y > 0),
  -- Heights as little-endian float32, row by row from the north; NaN where there is none.
  heights bytea NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Where it came from (e.g. the uploaded file's name), who imported it and when.
  source text NOT NULL CHECK (length(source) <= 500),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(heights) = 4::bigint * cols * rows)
);
