/**
 * Who may do what. Each role may do everything the roles before it may, so a route names the
 * least role it needs. The public reads without an account and has no role.
 */
export const ROLES = ['responder', 'planner', 'publisher', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  responder: { zh: '值班应急人员', en: 'Responder' },
  planner: { zh: '规划编辑', en: 'Planner' },
  publisher: { zh: '审核发布', en: 'Publisher' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Does `role` include the powers of `least`? Anonymous readers (undefined) have none. */
export function hasRole(role: Role | undefined, least: Role): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(least);
}
