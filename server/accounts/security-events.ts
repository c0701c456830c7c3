import type { Role } from '../../catalog/roles.ts';

/**
 * What the security audit records: what a 等保 (MLPS 2.0) review asks of a system's audit — who
 * signed in, who failed to and from where, who signed out, who changed which account and how, who
 * published, withdrew or imported data. Never a password.
 */
export const SECURITY_EVENTS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'user_added',
  'user_renamed',
  'user_role_changed',
  'user_password_reset',
  'user_disabled',
  'user_enabled',
  'publication',
  'withdrawal',
  'import',
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENTS)[number];

export const SECURITY_EVENT_LABELS: Record<SecurityEventKind, { zh: string; en: string }> = {
  sign_in: { zh: '登录', en: 'Signed in' },
  sign_in_failed: { zh: '登录失败', en: 'Sign-in failed' },
  sign_out: { zh: '退出登录', en: 'Signed out' },
  user_added: { zh: '新增用户', en: 'User added' },
  user_renamed: { zh: '修改姓名', en: 'User renamed' },
  user_role_changed: { zh: '变更角色', en: 'Role changed' },
  user_password_reset: { zh: '重置密码', en: 'Password reset' },
  user_disabled: { zh: '停用用户', en: 'User disabled' },
  user_enabled: { zh: '启用用户', en: 'User enabled' },
  publication: { zh: '发布', en: 'Published' },
  withdrawal: { zh: '撤回发布', en: 'Withdrawn' },
  import: { zh: '数据导入', en: 'Import' },
};

/** Why a sign-in failed, as the audit says it; the person signing in is told none of this. */
export type SignInFailure = 'unknown_user' | 'wrong_password' | 'disabled' | 'throttled';

export const SIGN_IN_FAILURE_LABELS: Record<SignInFailure, string> = {
  unknown_user: '用户不存在',
  wrong_password: '密码错误',
  disabled: '账号已停用',
  throttled: '尝试过多，未核对密码',
};

/** An entry of the audit before it is stored: who did it, from where, to which account, and particulars. */
export interface SecurityEventInput {
  event: SecurityEventKind;
  username: string;
  client: string | null;
  subject?: string | null;
  details?: Record<string, unknown>;
}

interface UserBefore {
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
}

interface UserChange {
  display_name?: string;
  role?: Role;
  active?: boolean;
  password?: unknown;
}

/** The entries one change to an account makes: one per thing changed, so each can be found by its kind. */
export function userChangeEvents(
  before: UserBefore,
  change: UserChange,
): Array<Omit<SecurityEventInput, 'username' | 'client'>> {
  const subject = before.username;
  const events: Array<Omit<SecurityEventInput, 'username' | 'client'>> = [];
  if (change.display_name !== undefined && change.display_name !== before.display_name) {
    events.push({ event: 'user_renamed', subject, details: { from: before.display_name, to: change.display_name } });
  }
  if (change.role !== undefined && change.role !== before.role) {
    events.push({ event: 'user_role_changed', subject, details: { from: before.role, to: change.role } });
  }
  if (change.password !== undefined) events.push({ event: 'user_password_reset', subject });
  if (change.active !== undefined && change.active !== before.active) {
    events.push({ event: change.active ? 'user_enabled' : 'user_disabled', subject });
  }
  return events;
}
