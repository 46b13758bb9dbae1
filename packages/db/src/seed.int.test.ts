import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_USERS, seedDemo } from './seed.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function counts() {
  const p = t.db.prisma;
  const [users, limits, versions, aliases, events, audit] = await Promise.all([
    p.user.count(),
    p.riskLimitVersion.count(),
    p.modelVersion.count(),
    p.modelAlias.count(),
    p.modelAliasEvent.count(),
    p.auditEvent.count(),
  ]);
  return { users, limits, versions, aliases, events, audit };
}

describe('seedDemo', () => {
  it('seeds once; a second (and a concurrent) run changes nothing', async () => {
    const now = new Date('2026-11-24T09:00:00.000Z');
    const first = await seedDemo(t.db, { now });
    expect(first).toEqual({
      usersCreated: 4,
      limitsCreated: true,
      modelVersionsCreated: 2,
      demoUsersSkipped: false,
    });
    const after = await counts();
    expect(after).toEqual({ users: 4, limits: 1, versions: 2, aliases: 2, events: 2, audit: 1 });
    const again = await Promise.all([seedDemo(t.db, { now }), seedDemo(t.db, { now })]);
    const nothing = {
      usersCreated: 0,
      limitsCreated: false,
      modelVersionsCreated: 0,
      demoUsersSkipped: false,
    };
    expect(again).toEqual([nothing, nothing]);
    expect(await counts()).toEqual(after);
    expect((await t.repos.audit.verify()).intact).toBe(true);
  });

  it('demo users sign in with the development password (bcrypt cost 10)', async () => {
    expect(DEMO_USERS.map((u) => [u.email, u.role])).toEqual([
      ['admin@zomma.dev', 'ADMIN'],
      ['risk@zomma.dev', 'RISK_MANAGER'],
      ['trader@zomma.dev', 'TRADER'],
      ['viewer@zomma.dev', 'VIEWER'],
    ]);
    for (const u of DEMO_USERS) {
      const row = await t.repos.users.findForSignIn(u.email);
      expect(row).toMatchObject({ email: u.email, role: u.role, disabled: false });
      expect(row?.passwordHash.startsWith('$2b$10$')).toBe(true);
      expect(await bcrypt.compare('zomma-demo', row?.passwordHash ?? '')).toBe(true);
      expect(await bcrypt.compare('wrong', row?.passwordHash ?? '')).toBe(false);
    }
    expect((await t.repos.users.list()).map((u) => u.email)).toEqual([
      'admin@zomma.dev',
      'risk@zomma.dev',
      'trader@zomma.dev',
      'viewer@zomma.dev',
    ]);
    expect(await t.repos.users.findForSignIn('ghost@zomma.dev')).toBeNull();
  });
});

describe('seedDemo in production', () => {
  const now = new Date('2026-11-24T09:00:00.000Z');

  async function withFreshDatabase(fn: (fresh: TestDatabase) => Promise<void>) {
    const fresh = await createTestDatabase();
    try {
      await fn(fresh);
    } finally {
      await fresh.drop();
    }
  }

  it('refuses the demo users (published password) but still seeds limits and models', async () => {
    await withFreshDatabase(async (fresh) => {
      const result = await seedDemo(fresh.db, { now, nodeEnv: 'production' });
      expect(result).toEqual({
        usersCreated: 0,
        limitsCreated: true,
        modelVersionsCreated: 2,
        demoUsersSkipped: true,
      });
      expect(await fresh.db.prisma.user.count()).toBe(0);
      expect(await fresh.db.prisma.riskLimitVersion.count()).toBe(1);
      expect(await fresh.db.prisma.modelVersion.count()).toBe(2);
    });
  });

  it("reads the process's NODE_ENV when the caller does not pass one", async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      await withFreshDatabase(async (fresh) => {
        const result = await seedDemo(fresh.db, { now });
        expect(result.usersCreated).toBe(0);
        expect(result.demoUsersSkipped).toBe(true);
        expect(await fresh.db.prisma.user.count()).toBe(0);
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('creates them only with an explicit allowDemoUsers: true', async () => {
    await withFreshDatabase(async (fresh) => {
      const result = await seedDemo(fresh.db, { now, nodeEnv: 'production', allowDemoUsers: true });
      expect(result).toMatchObject({ usersCreated: 4, demoUsersSkipped: false });
      expect(await fresh.repos.users.findForSignIn('admin@zomma.dev')).toMatchObject({ role: 'ADMIN' });
    });
  });
});
