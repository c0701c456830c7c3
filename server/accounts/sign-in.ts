import type { User } from '../../catalog/users.ts';
import type { AccountStore } from '../store/accounts.ts';
import type { SecurityLog } from '../store/security-log.ts';
import { loggable } from '../store/security-log.ts';
import type { SignInLimits } from '../store/sign-in-attempts.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SignInFailure } from './security-events.ts';
import { newToken, tokenDigest } from './tokens.ts';

/** Long enough for a duty shift; the client asks again when a session ends. */
export const SESSION_HOURS = 12;

export interface SignInPolicy extends SignInLimits {
  /** The throttle's clock; the database's when absent (tests move it on instead of waiting). */
  now?: () => Date;
}

/**
 * Guessing is slowed per account and client address: five attempts, then that address waits five
 * minutes, after which it starts afresh. An anonymous client can lock out only itself, never the
 * user at their own desk. Across every address an account allows 100 attempts an hour — more than
 * one address can make (5 every 5 minutes is 60 an hour), so it takes many addresses to reach —
 * and once reached, only the addresses the account signed in from in the last 30 days go on.
 */
export const SIGN_IN_POLICY: SignInPolicy = {
  perAddress: { attempts: 5, seconds: 5 * 60 },
  perAccount: { attempts: 100, seconds: 60 * 60 },
  knownAddressDays: 30,
};

export interface Session {
  token: string;
  expires_at: string | null;
  user: User;
}

/** Failure carries no reason: an unknown name, a wrong password, a disabled or a throttled account all look alike. */
export type SignInResult = { ok: true; session: Session } | { ok: false };

export interface SignInAttempt {
  username: string;
  password: string;
  /** The client's address, for the throttle and the audit. */
  client: string;
}

// Checked against when the user does not exist, so a wrong name costs as long as a wrong password.
const decoy = hashPassword('a password that no account has');

/**
 * Signs a user in. The attempt is counted before the password is checked, so parallel guesses
 * cannot all be checked before the first failure is counted; every outcome goes to the security audit.
 */
export async function signIn(
  store: { accounts: AccountStore; securityLog: SecurityLog },
  attempt: SignInAttempt,
  policy: SignInPolicy = SIGN_IN_POLICY,
): Promise<SignInResult> {
  const { accounts, securityLog } = store;
  const username = loggable(attempt.username.trim().toLowerCase());
  const at = policy.now?.();
  const failed = async (reason: SignInFailure): Promise<SignInResult> => {
    await securityLog.record({ event: 'sign_in_failed', username, client: attempt.client, details: { reason } });
    return { ok: false };
  };
  const reservation = await accounts.reserveSignIn(username, attempt.client, policy, at);
  if (!reservation.allowed) return failed('throttled');
  const user = await accounts.findUser(username);
  const right = await verifyPassword(attempt.password, user?.password_hash ?? (await decoy));
  if (!user) return failed('unknown_user');
  if (!right) return failed('wrong_password');
  if (!user.active) return failed('disabled');
  await accounts.signedIn(username, attempt.client, reservation.attempt, at);
  await securityLog.record({ event: 'sign_in', username, client: attempt.client });
  const { password_hash: _hash, ...plain } = user;
  return { ok: true, session: await issueToken(accounts, plain, 'sign-in', SESSION_HOURS) };
}

/** A token for `user`; with `hours` null it lasts until revoked (for an integration). */
export async function issueToken(
  accounts: AccountStore,
  user: User,
  label: string,
  hours: number | null,
): Promise<Session> {
  const token = newToken();
  const expires = hours === null ? null : new Date(Date.now() + hours * 3600_000);
  await accounts.addToken(tokenDigest(token), user.id, label, expires);
  return { token, expires_at: expires?.toISOString() ?? null, user };
}

export function signOut(accounts: AccountStore, token: string): Promise<void> {
  return accounts.removeToken(tokenDigest(token));
}
