import { ROLES, type Role } from '@zomma/contracts';
import type { SessionUser } from '../context.ts';
import type { FindForSignIn } from './authorize.ts';

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * Checks the user a session (JWT, valid for hours) claims against the database, once per
 * request: a user who is gone, disabled, renamed to another id, or holds an unknown role is
 * signed out (null); a changed role takes effect at once (the database role wins). One query
 * (`users.findForSignIn` by the session's email).
 */
export async function verifySessionUser(
  findForSignIn: FindForSignIn,
  claimed: SessionUser | null,
): Promise<SessionUser | null> {
  if (!claimed) return null;
  const row = await findForSignIn(claimed.email.trim().toLowerCase());
  if (!row || row.id !== claimed.id || row.disabled || !isRole(row.role)) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
