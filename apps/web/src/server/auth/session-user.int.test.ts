/**
 * A session (JWT) is trusted for hours; the request context re-checks its user in the
 * database on every request: disabled → UNAUTHORIZED at once, demoted → the new role at once.
 * Users are signed in through the real credentials check against the seeded database.
 */
import type { Role } from '@zomma/contracts';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../context.ts';
import { appRouter } from '../routers/index.ts';
import { buildRequestContext } from '../runtime.ts';
import { expectTrpcError } from '../testing/expect-error.ts';
import { createBullPutSpread, createWebHarness, type WebHarness } from '../testing/web-harness.ts';
import { createCallerFactory } from '../trpc.ts';
import { authorizeCredentials } from './authorize.ts';
import { verifySessionUser } from './session-user.ts';

const createCaller = createCallerFactory(appRouter);
const PASSWORD = 'session-test-password';

let h: WebHarness;
let hash: string;
beforeAll(async () => {
  h = await createWebHarness();
  hash = await bcrypt.hash(PASSWORD, 4);
});
afterAll(async () => {
  await h?.close();
});

let n = 0;
/** A fresh user of `role`, signed in: the session user next-auth would put in the JWT. */
async function signedIn(role: Role): Promise<SessionUser> {
  const email = `session-${++n}-${role.toLowerCase()}@zomma.dev`;
  await h.prisma.user.create({ data: { email, name: `Session ${n}`, role, passwordHash: hash } });
  const user = await authorizeCredentials((e) => h.repos.users.findForSignIn(e), {
    email,
    password: PASSWORD,
  });
  if (!user) throw new Error('sign-in failed');
  return user;
}

/** What the tRPC route does per request: context from the session's claim, then the call. */
async function callerFor(claimed: SessionUser) {
  const { user: _ignored, ...base } = h.context(null);
  return createCaller(await buildRequestContext(claimed, base));
}

describe('request context re-checks the session user', () => {
  it('a disabled user is UNAUTHORIZED from the next call on', async () => {
    const session = await signedIn('VIEWER');
    expect(await (await callerFor(session)).me()).toMatchObject({ email: session.email, role: 'VIEWER' });
    await h.prisma.user.update({ where: { id: session.id }, data: { disabled: true } });
    await expectTrpcError((await callerFor(session)).me(), 'UNAUTHORIZED');
    await expectTrpcError((await callerFor(session)).signals.list({ limit: 1 }), 'UNAUTHORIZED');
  });

  it('a TRADER demoted to VIEWER is FORBIDDEN to approve, and nothing is written', async () => {
    const session = await signedIn('TRADER');
    const signal = await createBullPutSpread(h, { quantity: 1 });
    await h.prisma.user.update({ where: { id: session.id }, data: { role: 'VIEWER' } });
    const caller = await callerFor(session);
    expect(await caller.me()).toMatchObject({ role: 'VIEWER' });
    const ordersBefore = await h.prisma.order.count();
    const error = await expectTrpcError(caller.signals.approve({ signalId: signal.id }), 'FORBIDDEN');
    expect(error.message).toContain('VIEWER');
    expect(await h.prisma.order.count()).toBe(ordersBefore);
    const row = await h.prisma.signal.findUnique({ where: { id: signal.id }, select: { status: true } });
    expect(row?.status).toBe('PENDING');
  });

  it('a promoted user gets the new role at once (the database role wins)', async () => {
    const session = await signedIn('VIEWER');
    await h.prisma.user.update({ where: { id: session.id }, data: { role: 'RISK_MANAGER' } });
    expect(await (await callerFor(session)).me()).toMatchObject({ role: 'RISK_MANAGER' });
  });

  it('a deleted user, or a session whose id does not match the email, is unauthenticated', async () => {
    const session = await signedIn('VIEWER');
    const find = (e: string) => h.repos.users.findForSignIn(e);
    expect(await verifySessionUser(find, { ...session, id: h.users.ADMIN.id })).toBeNull();
    await h.prisma.user.delete({ where: { id: session.id } });
    expect(await verifySessionUser(find, session)).toBeNull();
    await expectTrpcError((await callerFor(session)).me(), 'UNAUTHORIZED');
  });

  it('no session stays no session (no query)', async () => {
    let asked = 0;
    const find = async () => {
      asked++;
      return null;
    };
    expect(await verifySessionUser(find, null)).toBeNull();
    expect(asked).toBe(0);
  });
});
