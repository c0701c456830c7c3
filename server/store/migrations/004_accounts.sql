-- Staff accounts and their bearer tokens. The public reads without an account.
-- Each role may do what the roles before it may: responder < planner < publisher < admin.

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,39}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
  role text NOT NULL CHECK (role IN ('responder', 'planner', 'publisher', 'admin')),
  -- scrypt$N$r$p$salt$key, salt and key in base64.
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Only a digest of each token is kept, so a copy of the database signs nobody in.
CREATE TABLE tokens (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX tokens_user_idx ON tokens (user_id);

-- The audit reads history by layer, by user and by time across all features.
CREATE INDEX history_changed_at_idx ON history (changed_at);
CREATE INDEX history_changed_by_idx ON history (changed_by, changed_at);
