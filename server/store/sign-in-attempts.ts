import type { Db } from './db.ts';

/** How many attempts a scope allows before it refuses, and for how long a count (or a lock) lasts. */
export interface AttemptLimit {
  attempts: number;
  seconds: number;
}

export interface SignInLimits {
  /** Per account name and client address. */
  perAddress: AttemptLimit;
  /** Per account name over every address, except the addresses the account has signed in from. */
  perAccount: AttemptLimit;
  /** How long an address the account signed in from counts as the user's own. */
  knownAddressDays: number;
}

/** Whether an attempt may check its password, and its number in its address's count (to forgive it on success). */
export interface Reservation {
  allowed: boolean;
  attempt: number;
}

export interface SignInAttempts {
  /**
   * Counts an attempt before its password is checked, in one statement per scope, so that parallel
   * attempts (from as many API processes as share the database) cannot all slip under the limit.
   * `at` stands in for the database's clock.
   */
  reserveSignIn(username: string, client: string, limits: SignInLimits, at?: Date): Promise<Reservation>;
  /**
   * A good password from `client`: the address becomes one the account signs in from, and its count
   * starts again, unless other attempts were counted after this one meanwhile.
   */
  signedIn(username: string, client: string, attempt: number, at?: Date): Promise<void>;
}

/** The account-wide count's client: no address is written like this. */
const EVERY_ADDRESS = '*';

// The count lapses at `until`; the attempt that reaches the limit moves `until` on by the lock's
// length, and attempts after it, refused, do not: a lock ends when it says, however hard it is tried.
const RESERVE = `
  INSERT INTO sign_in_attempts AS a (username, client, attempts, until)
  VALUES ($1, $2, 1, coalesce($5::timestamptz, now()) + make_interval(secs => $4))
  ON CONFLICT (username, client) DO UPDATE SET
    attempts = CASE WHEN a.until <= coalesce($5::timestamptz, now()) THEN 1 ELSE a.attempts + 1 END,
    until = CASE
      WHEN a.until <= coalesce($5::timestamptz, now()) OR a.attempts + 1 = $3
        THEN coalesce($5::timestamptz, now()) + make_interval(secs => $4)
      ELSE a.until END
  RETURNING attempts, signed_in_at > coalesce($5::timestamptz, now()) - make_interval(days => $6) AS known`;

const SIGNED_IN = `
  INSERT INTO sign_in_attempts AS a (username, client, attempts, until, signed_in_at)
  VALUES ($1, $2, 0, coalesce($4::timestamptz, now()), coalesce($4::timestamptz, now()))
  ON CONFLICT (username, client) DO UPDATE SET
    signed_in_at = coalesce($4::timestamptz, now()),
    attempts = CASE WHEN a.attempts = $3 THEN 0 ELSE a.attempts END,
    until = CASE WHEN a.attempts = $3 THEN coalesce($4::timestamptz, now()) ELSE a.until END`;

// Counts that have lapsed at addresses the account has not signed in from lately say nothing more.
// Rows another attempt holds are left for later, so parallel attempts never wait on each other here.
const PRUNE = `
  DELETE FROM sign_in_attempts WHERE (username, client) IN (
    SELECT username, client FROM sign_in_attempts
    WHERE until < coalesce($1::timestamptz, now())
      AND (signed_in_at IS NULL OR signed_in_at < coalesce($1::timestamptz, now()) - make_interval(days => $2))
    LIMIT 1000 FOR UPDATE SKIP LOCKED)`;

/** The sign-in throttle's counts, kept in the database so that every API process shares them. */
export function signInAttemptQueries(db: Db): SignInAttempts {
  const count = async (username: string, client: string, limit: AttemptLimit, days: number, at?: Date) => {
    const [row] = await db.query<{ attempts: number; known: boolean | null }>(RESERVE, [
      username,
      client,
      limit.attempts,
      limit.seconds,
      at?.toISOString() ?? null,
      days,
    ]);
    return { attempt: row.attempts, allowed: row.attempts <= limit.attempts, known: row.known === true };
  };
  return {
    async reserveSignIn(username, client, limits, at) {
      await db.query(PRUNE, [at?.toISOString() ?? null, limits.knownAddressDays]);
      const own = await count(username, client, limits.perAddress, limits.knownAddressDays, at);
      if (!own.allowed || own.known) return { allowed: own.allowed, attempt: own.attempt };
      // Counted only once the address's own count allows it, so one address alone never fills it.
      const all = await count(username, EVERY_ADDRESS, limits.perAccount, limits.knownAddressDays, at);
      return { allowed: all.allowed, attempt: own.attempt };
    },

    async signedIn(username, client, attempt, at) {
      await db.query(SIGNED_IN, [username, client, attempt, at?.toISOString() ?? null]);
    },
  };
}
