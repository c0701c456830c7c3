-- Every resource layer can hold what is planned but not built: a shelter, depot, team or weather
-- station with status 'planned' is drawn on the staff map and counted in the plan's figures, but no
-- responder is sent to it and the public never sees it. A shelter is open, closed or planned; the
-- other resource layers are existing or planned (no status reads as existing).

ALTER TABLE shelters DROP CONSTRAINT shelters_status_check;
ALTER TABLE shelters ADD CONSTRAINT shelters_status_check CHECK (status IN ('open', 'closed', 'planned'));

ALTER TABLE depots ADD COLUMN status text CHECK (status IN ('existing', 'planned'));
ALTER TABLE teams ADD COLUMN status text CHECK (status IN ('existing', 'planned'));
ALTER TABLE weather_stations ADD COLUMN status text CHECK (status IN ('existing', 'planned'));
