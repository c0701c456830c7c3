-- Scenarios (规划方案): a planner's named groups of proposed facilities, kept apart from the layers so
-- that nothing in one reaches a responder, an export, a tile or the public. A proposal becomes a
-- feature only when it is promoted; the scenario then records which feature it became.
-- Every write appends its before and after to `history` under the layer name 'scenarios'.

CREATE TABLE scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  -- Per layer a FeatureCollection of proposals, each with its own uuid id.
  proposals jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(proposals) = 'object'),
  -- The proposals built since: each with the feature it became, who promoted it and when.
  promoted jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(promoted) = 'array'),
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)
);
CREATE INDEX scenarios_updated_idx ON scenarios (updated_at DESC);
