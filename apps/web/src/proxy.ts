import { withAuth } from 'next-auth/middleware';
import { getEnv } from './env.ts';

/**
 * Every page needs a session; the sign-in page, next-auth's own routes, the tRPC endpoint
 * (procedures enforce auth themselves), /metrics and static assets are left out by `matcher`.
 */
export default withAuth({
  pages: { signIn: '/signin' },
  // Read per request, so building the app needs no secret.
  get secret() {
    return getEnv().NEXTAUTH_SECRET;
  },
});

export const config = {
  matcher: [
    '/((?!signin|api/auth|api/trpc|metrics|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|ico|css|js|txt)$).*)',
  ],
};
