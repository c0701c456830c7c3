-- Sign-in throttling shared by every API process, and the security audit a 等保 (MLPS 2.0) review
-- reads: who signed in or failed to and from where, who changed which account, who published,
-- withdrew and imported.

-- Attempts to sign in, counted per account name and client address, and per account name over every
-- address (client '*'). Keyed by the name as typed, whether or not such an account exists, so that
-- being refused says nothing about which names do. A row's count lapses at `until`; the attempt that
-- reaches the limit moves `until` on, which makes it a lock. `signed_in_at` marks an address the
-- account has signed in from, which the account-wide count does not hold back.
CREATE TABLE sign_in_attempts (
  username text NOT NULL,
  client text NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0),
  until timestamptz NOT NULL,
  signed_in_at timestamptz,
  PRIMARY KEY (username, client)
);
CREATE INDEX sign_in_attempts_until_idx ON sign_in_attempts (until);

-- The throttle above replaces the per-account counter, which anyone could use to lock a user out.
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;

CREATE TABLE security_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL CHECK (event IN (
    'sign_in', 'sign_in_failed', 'sign_out',
    'user_added', 'user_renamed', 'user_role_changed', 'user_password_reset', 'user_disabled', 'user_enabled',
    'publication', 'withdrawal', 'import'
  )),
  -- Who: the signed-in user, the name typed at a failed sign-in, or cli:<system user> for the command line.
  username text NOT NULL,
  -- The client's address; null for the command line and the server itself.
  client text,
  -- The account a user change was made to.
  subject text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_at_idx ON security_events (at);
CREATE INDEX security_events_username_idx ON security_events (username, id);
CREATE INDEX security_events_subject_idx ON security_events (subject, id) WHERE subject IS NOT NULL;

-- An audit trail is appended to, never edited: no statement the API makes, and no stray one typed
-- at a console, can change or remove an entry. Retiring old entries is a deliberate act of the
-- table's owner (dropping the triggers), outside the product.
CREATE FUNCTION onemap_security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the security audit is only ever appended to' USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
  FOR EACH ROW EXECUTE FUNCTION onemap_security_events_append_only();
CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON security_events
  FOR EACH STATEMENT EXECUTE FUNCTION onemap_security_events_append_only();
