import { ROLES, type Role } from '../../catalog/roles.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { tokenDigest } from '../../server/accounts/tokens.ts';
import type { Store } from '../../server/store/index.ts';

/** Every test store holds one user per role, named after it, with this password and a known token. */
export const TEST_PASSWORD = 'test-password-0123';

export const TEST_TOKENS: Record<Role, string> = {
  responder: 'test-token-responder-0123456789',
  planner: 'test-token-planner-0123456789',
  publisher: 'test-token-publisher-0123456789',
  admin: 'test-token-admin-0123456789',
};

/** Request headers of a signed-in user with `role`. */
export function as(role: Role): { authorization: string } {
  return { authorization: `Bearer ${TEST_TOKENS[role]}` };
}

export async function seedTestAccounts(store: Store): Promise<void> {
  const password_hash = await hashPassword(TEST_PASSWORD);
  for (const role of ROLES) {
    const user = await store.accounts.createUser({ username: role, display_name: `测试${role}`, role, password_hash });
    await store.accounts.addToken(tokenDigest(TEST_TOKENS[role]), user.id, 'test', null);
  }
}
