/**
 * Every procedure × every role through createCaller: allowed roles get an answer, the rest
 * FORBIDDEN (writing nothing), and no session at all is UNAUTHORIZED. Every mutation, when
 * allowed, writes exactly one audit event with its action, by the caller.
 *
 * Who is allowed is written out below (EXPECTED), independently of ROLE_PERMISSIONS and `can`,
 * so a wrong entry in the permission table fails this test.
 */
import { type Permission, ROLES, type Role } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTrpcError } from '../testing/expect-error.ts';
import {
  type Caller,
  createBullPutSpread,
  createWebHarness,
  snapshot,
  type WebHarness,
} from '../testing/web-harness.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await createWebHarness();
});
afterAll(async () => {
  await h?.close();
});

const ROLE_ORDER = ['ADMIN', 'RISK_MANAGER', 'TRADER', 'VIEWER'] as const satisfies readonly Role[];
type Row = readonly [admin: boolean, riskManager: boolean, trader: boolean, viewer: boolean];
const ALL: Row = [true, true, true, true];

/** The expected access matrix: procedure × role (duties separated; viewers only read). */
// biome-ignore format: the matrix reads best aligned
const EXPECTED: Record<string, Row> = {
  //                    ADMIN  RISK_M  TRADER VIEWER
  me:                  ALL,
  'signals.list':      ALL,
  'signals.approve':   [false, false, true, false],
  'signals.reject':    [false, false, true, false],
  'positions.list':    ALL,
  'risk.portfolio':    ALL,
  'risk.limits':       ALL,
  'risk.updateLimits': [false, true, false, false],
  'models.overview':   ALL,
  'models.promote':    [true, false, false, false],
  'models.rollback':   [true, false, false, false],
  'models.generateNow': [true, false, false, false],
  'audit.list':        [true, true, false, false],
  'audit.verify':      [true, true, false, false],
};

function expectedAllowed(path: string, role: Role): boolean {
  const row = EXPECTED[path];
  if (!row) throw new Error(`no expected access row for ${path}`);
  const allowed = row[ROLE_ORDER.indexOf(role)];
  if (allowed === undefined) throw new Error(`no expected access for ${role} on ${path}`);
  return allowed;
}

it('the expected matrix covers exactly the roles there are', () => {
  expect([...ROLES].sort()).toEqual([...ROLE_ORDER].sort());
});

interface Case {
  path: string;
  /** The permission named in a refusal; null: any signed-in user. */
  permission: Permission | null;
  mutation: boolean;
  /** Mutations: the action of the one audit event an allowed call writes. */
  audit?: string;
  /** Makes fixtures (before the snapshot) and returns the call's argument. */
  prepare?: () => Promise<unknown>;
  /** Calls the procedure with a valid input; allowed roles must get a result. */
  call: (caller: Caller, prepared: unknown) => Promise<unknown>;
  /** Checks an allowed call's result. */
  check?: (result: unknown, role: Role) => void | Promise<void>;
}

async function nonChampionVersionId(): Promise<{ name: string; versionId: string }> {
  for (const model of await h.repos.models.overview()) {
    const v = model.versions.find((x) => !x.aliases.includes('champion'));
    if (v) return { name: model.name, versionId: v.id };
  }
  throw new Error('seed has no non-champion model version');
}

const CASES: Case[] = [
  {
    path: 'me',
    permission: null,
    mutation: false,
    call: (c) => c.me(),
    check: (result, role) => {
      expect(result).toMatchObject({ role, email: h.users[role].email });
      expect((result as { permissions: string[] }).permissions).toContain('signal.read');
    },
  },
  {
    path: 'signals.list',
    permission: 'signal.read',
    mutation: false,
    call: (c) => c.signals.list({ limit: 10 }),
  },
  {
    path: 'signals.approve',
    audit: 'signal.approve',
    permission: 'signal.approve',
    mutation: true,
    prepare: async () => (await createBullPutSpread(h, { quantity: 1 })).id,
    call: (c, signalId) => c.signals.approve({ signalId: String(signalId) }),
    check: (result) => expect(result).toMatchObject({ verdict: { ok: true } }),
  },
  {
    path: 'signals.reject',
    audit: 'signal.reject',
    permission: 'signal.reject',
    mutation: true,
    prepare: async () => (await createBullPutSpread(h)).id,
    call: (c, signalId) => c.signals.reject({ signalId: String(signalId), reason: 'too close to earnings' }),
    check: (result) =>
      expect(result).toMatchObject({ status: 'REJECTED', decisionReason: 'too close to earnings' }),
  },
  { path: 'positions.list', permission: 'position.read', mutation: false, call: (c) => c.positions.list() },
  { path: 'risk.portfolio', permission: 'risk.read', mutation: false, call: (c) => c.risk.portfolio() },
  {
    path: 'risk.limits',
    permission: 'risk.read',
    mutation: false,
    call: (c) => c.risk.limits(),
    check: (result) => {
      const r = result as { current: { version: number }; history: { version: number }[] };
      expect(r.history[0]?.version).toBe(r.current.version);
    },
  },
  {
    path: 'risk.updateLimits',
    audit: 'limit.update',
    permission: 'limit.update',
    mutation: true,
    call: async (c) => {
      const current = await h.repos.limits.current();
      return c.risk.updateLimits({
        expectedVersion: current.version,
        maxContractsPerOrder: current.maxContractsPerOrder + 1,
        maxLossPerTrade: current.maxLossPerTrade,
        maxPortfolioDelta: current.maxPortfolioDelta,
        reason: 'access test',
      });
    },
    check: (result) => {
      const r = result as { previous: { version: number }; current: { version: number } };
      expect(r.current.version).toBe(r.previous.version + 1);
    },
  },
  { path: 'models.overview', permission: 'model.read', mutation: false, call: (c) => c.models.overview() },
  {
    path: 'models.promote',
    audit: 'model.promote',
    permission: 'model.promote',
    mutation: true,
    call: async (c) => c.models.promote({ ...(await nonChampionVersionId()), reason: 'better backtest' }),
  },
  {
    path: 'models.rollback',
    audit: 'model.rollback',
    permission: 'model.rollback',
    mutation: true,
    // Runs after models.promote above, so there is a promotion to undo.
    prepare: async () =>
      (await h.repos.models.overview()).find((m) => m.history.some((e) => e.action === 'PROMOTE'))?.name ??
      'none',
    call: (c, name) => c.models.rollback({ name: String(name), reason: 'regression' }),
  },
  {
    path: 'models.generateNow',
    audit: 'model.generate_requested',
    permission: 'model.run',
    mutation: true,
    call: (c) => c.models.generateNow({}),
    check: async (result) => {
      const { jobId } = result as { jobId: string };
      const job = await h.inspect('signals').getJob(jobId);
      expect(job?.name).toBe('signals.generate');
      expect(job?.data).toMatchObject({
        symbol: 'ZMA',
        modelName: 'test-model',
        requestedBy: h.users.ADMIN.id,
      });
      const [event] = await h.repos.audit.list({ action: 'model.generate_requested', limit: 1 });
      expect(event).toMatchObject({
        entityType: 'Model',
        entityId: 'test-model',
        data: { jobId, modelName: 'test-model', symbol: 'ZMA', requestId: job?.data.requestId },
      });
      expect(jobId).toBe(`signals.generate--${String(job?.data.requestId)}`);
    },
  },
  { path: 'audit.list', permission: 'audit.read', mutation: false, call: (c) => c.audit.list({ limit: 5 }) },
  {
    path: 'audit.verify',
    permission: 'audit.read',
    mutation: false,
    call: (c) => c.audit.verify(),
    check: (result) => expect(result).toMatchObject({ intact: true, brokenAtSeq: null }),
  },
];

it('covers every procedure of the router, each with a row of the expected matrix', async () => {
  const { appRouter } = await import('./index.ts');
  expect(Object.keys(appRouter._def.procedures).sort()).toEqual(CASES.map((c) => c.path).sort());
  expect(Object.keys(EXPECTED).sort()).toEqual(CASES.map((c) => c.path).sort());
});

it('marks exactly the router mutations as mutations, each with its audit action', async () => {
  const { appRouter } = await import('./index.ts');
  // Flat at runtime (dotted paths), nested in its type.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
  const mutations = Object.entries(procedures)
    .filter(([, p]) => p._def.type === 'mutation')
    .map(([path]) => path)
    .sort();
  expect(
    CASES.filter((c) => c.mutation)
      .map((c) => c.path)
      .sort(),
  ).toEqual(mutations);
  expect(CASES.filter((c) => c.mutation && !c.audit).map((c) => c.path)).toEqual([]);
  expect(CASES.filter((c) => !c.mutation && c.audit).map((c) => c.path)).toEqual([]);
});

describe.each(CASES)('$path', (tc) => {
  // Forbidden roles first, so an allowed mutation cannot change what a refusal would see.
  const roles = [...ROLES].sort((a, b) => Number(allowed(a)) - Number(allowed(b)));
  function allowed(role: Role): boolean {
    return expectedAllowed(tc.path, role);
  }

  it('no session → UNAUTHORIZED, nothing written', async () => {
    const prepared = await tc.prepare?.();
    const before = await snapshot(h);
    await expectTrpcError(tc.call(h.caller(null), prepared), 'UNAUTHORIZED');
    if (tc.mutation) expect(await snapshot(h)).toEqual(before);
  });

  it.each(roles.map((role) => ({ role, allowed: allowed(role) })))(
    '$role → allowed: $allowed',
    async ({ role, allowed: ok }) => {
      const prepared = await tc.prepare?.();
      if (ok) {
        const auditBefore = await h.prisma.auditEvent.count();
        const result = await tc.call(h.caller(role), prepared);
        expect(result).toBeDefined();
        if (tc.mutation) {
          expect(await h.prisma.auditEvent.count()).toBe(auditBefore + 1);
          const [last] = await h.repos.audit.list({ limit: 1 });
          expect(last).toMatchObject({ action: tc.audit, actorEmail: h.users[role].email, actorRole: role });
        }
        await tc.check?.(result, role);
      } else {
        const before = await snapshot(h);
        const error = await expectTrpcError(tc.call(h.caller(role), prepared), 'FORBIDDEN');
        expect(error.message).toContain(tc.permission ?? '');
        expect(await snapshot(h)).toEqual(before);
      }
    },
  );
});
