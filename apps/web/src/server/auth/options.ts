import { ROLES, type Role } from '@zomma/contracts';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getEnv } from '../../env.ts';
import type { SessionUser } from '../context.ts';
import { getLogger } from '../logger.ts';
import { getRuntime } from '../runtime.ts';
import { authorizeCredentials } from './authorize.ts';
import {
  clientIpOf,
  createSignInThrottle,
  DEFAULT_SIGN_IN_THROTTLE,
  type SignInThrottle,
} from './sign-in-throttle.ts';

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

let cached: NextAuthOptions | undefined;

const THROTTLE_KEY = Symbol.for('zomma.web.sign-in-throttle');
type GlobalWithThrottle = typeof globalThis & { [THROTTLE_KEY]?: SignInThrottle };

/** The process-wide failed sign-in limiter (10 failures per email / per IP in 15 minutes). */
function signInThrottle(): SignInThrottle {
  const g = globalThis as GlobalWithThrottle;
  g[THROTTLE_KEY] ??= createSignInThrottle(DEFAULT_SIGN_IN_THROTTLE);
  return g[THROTTLE_KEY];
}

/** next-auth v4: Credentials (bcrypt against the users repository) + JWT carrying id, email, role. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  cached = {
    secret: getEnv().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const { repos } = getRuntime();
          const clientIp = clientIpOf(req.headers);
          const user = await authorizeCredentials((email) => repos.users.findForSignIn(email), credentials, {
            throttle: signInThrottle(),
            clientIp,
          });
          getLogger().info({ email: credentials?.email, clientIp, ok: user !== null }, 'sign-in attempt');
          return user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as unknown as SessionUser;
          token.sub = u.id;
          token.email = u.email;
          token.name = u.name;
          token.role = u.role;
        }
        return token;
      },
      session({ session, token }) {
        const role = isRole(token.role) ? token.role : null;
        if (session.user && token.sub && role) {
          session.user = { id: token.sub, email: token.email ?? '', name: token.name ?? '', role };
        }
        return session;
      },
    },
  };
  return cached;
}

/** The signed-in user of the current request (server components, route handlers), or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user;
  if (!user?.id || !user.email || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name ?? user.email, role: user.role };
}
