import type { AccountStore, User } from '../store/accounts.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { newToken, tokenDigest } from './tokens.ts';

/** Long enough for a duty shift; the client asks again when a session ends. */
export const SESSION_HOURS = 12;
const LOCK_AFTER_FAILURES = 5;
const LOCK_SECONDS = 5 * 60;

export interface Session {
  token: string;
  expires_at: string | null;
  user: User;
}

export type SignInResult = { ok: true; session: Session } | { ok: false; reason: 'wrong' | 'locked' };

// Checked against when the user does not exist, so a wrong name costs as long as a wrong password.
const decoy = hashPassword('a password that no account has');

export async function signIn(accounts: AccountStore, username: string, password: string): Promise<SignInResult> {
  const user = await accounts.findUser(username);
  if (!user) {
    await verifyPassword(password, await decoy);
    return { ok: false, reason: 'wrong' };
  }
  if (user.locked_until) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(password, user.password_hash)) || !user.active) {
    await accounts.recordFailedSignIn(user.id, LOCK_AFTER_FAILURES, LOCK_SECONDS);
    return { ok: false, reason: 'wrong' };
  }
  await accounts.recordSignIn(user.id);
  const { password_hash: _hash, failed_logins: _failed, locked_until: _locked, ...plain } = user;
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
