export const ROLES = ['ADMIN', 'RISK_MANAGER', 'TRADER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

/** Every permission, `resource.action`. */
export const PERMISSIONS = [
  'signal.read',
  'signal.approve',
  'signal.reject',
  'position.read',
  'risk.read',
  'limit.update',
  'model.read',
  'model.promote',
  'model.rollback',
  'model.run',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = ['signal.read', 'position.read', 'risk.read', 'model.read'];

/**
 * Roles grant permissions; nothing else does. Duties are separated: traders decide
 * signals, risk managers set limits, admins govern models. Viewers only read.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  VIEWER: READ,
  TRADER: [...READ, 'signal.approve', 'signal.reject'],
  RISK_MANAGER: [...READ, 'limit.update', 'audit.read'],
  ADMIN: [...READ, 'model.promote', 'model.rollback', 'model.run', 'audit.read'],
};

/** Fails closed: an unknown role or permission grants nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  if (!role || !Object.hasOwn(ROLE_PERMISSIONS, role)) return false;
  return ROLE_PERMISSIONS[role as Role].includes(permission);
}

export function permissionsOf(role: string | null | undefined): readonly Permission[] {
  if (!role || !Object.hasOwn(ROLE_PERMISSIONS, role)) return [];
  return ROLE_PERMISSIONS[role as Role];
}
