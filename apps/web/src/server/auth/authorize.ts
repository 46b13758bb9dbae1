import { ROLES, type Role } from '@zomma/contracts';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import type { SessionUser } from '../context.ts';
import { type SignInThrottle, throttleKeys } from './sign-in-throttle.ts';

/** What the credentials check needs of the user repository. */
export interface SignInUser {
  id: string;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  disabled: boolean;
}
export type FindForSignIn = (email: string) => Promise<SignInUser | null>;

export const SignInCredentials = z.object({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email()),
  password: z.string().min(1).max(200),
});
export type SignInCredentials = z.infer<typeof SignInCredentials>;

/** A valid bcrypt hash of a random secret: unknown emails cost as much as wrong passwords. */
const TIMING_DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.uWHxTtiVDz2pxW8kaPe6ZpmKcWxa';

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

export interface SignInGuard {
  throttle: SignInThrottle;
  /** The client's IP, when known (see `clientIpOf`). */
  clientIp: string | null;
}

/**
 * The credentials check behind next-auth's Credentials provider. Returns the session user, or
 * null for every kind of refusal (unknown email, wrong password, disabled account, malformed
 * input, too many recent failures for the email or the client IP) so the sign-in page cannot
 * tell them apart. With a `guard`, every refusal counts as a failure for both keys, a
 * throttled attempt is refused without looking at the password, and a success clears the
 * email's failures.
 */
export async function authorizeCredentials(
  findForSignIn: FindForSignIn,
  credentials: unknown,
  guard?: SignInGuard,
): Promise<SessionUser | null> {
  const parsed = SignInCredentials.safeParse(credentials);
  if (!parsed.success) return null;
  const keys = throttleKeys(parsed.data.email, guard?.clientIp ?? null);
  if (guard?.throttle.isBlocked(keys)) return null;
  const user = await findForSignIn(parsed.data.email);
  const passwordOk = await bcrypt.compare(parsed.data.password, user?.passwordHash ?? TIMING_DUMMY_HASH);
  if (!user || !passwordOk || user.disabled || !isRole(user.role)) {
    guard?.throttle.recordFailure(keys);
    return null;
  }
  const [emailKey] = keys;
  if (guard && emailKey) guard.throttle.clear(emailKey);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
