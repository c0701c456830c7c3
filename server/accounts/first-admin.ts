import type { AccountStore } from '../store/accounts.ts';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export interface FirstAdmin {
  username: string;
  /** Given only when it was generated here, to be shown once to whoever started the server. */
  generatedPassword?: string;
}

/**
 * A store with no active administrator gets one, so somebody can sign in and add the staff:
 * from ONEMAP_ADMIN_USER / ONEMAP_ADMIN_PASSWORD when set, else `admin` with a generated password.
 */
export async function ensureFirstAdmin(
  accounts: AccountStore,
  env: { username?: string; password?: string },
): Promise<FirstAdmin | undefined> {
  if ((await accounts.countActiveAdmins()) > 0) return undefined;
  const username = env.username || 'admin';
  if (env.password !== undefined && env.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`ONEMAP_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const password = env.password || generatePassword();
  const hash = await hashPassword(password);
  if (await accounts.findUser(username)) {
    await accounts.updateUser(username, { role: 'admin', active: true, password_hash: hash });
  } else {
    await accounts.createUser({ username, display_name: '系统管理员', role: 'admin', password_hash: hash });
  }
  return { username, generatedPassword: env.password ? undefined : password };
}
