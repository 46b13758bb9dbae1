/**
 * Test support for the web app's integration tests: a fresh seeded Postgres database
 * (`@zomma/db/testing`), real BullMQ queues on Redis under a prefix unique to this file,
 * and `createCaller` for any role. Not imported by application code.
 */
import { randomUUID } from 'node:crypto';
import { type QueueName, ROLES, type Role, type Signal } from '@zomma/contracts';
import { createTestDatabase } from '@zomma/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { getTestEnv } from '../../env.ts';
import type { Context, SessionUser } from '../context.ts';
import { createQueueClient } from '../queue.ts';
import { appRouter } from '../routers/index.ts';
import { createCallerFactory } from '../trpc.ts';

export const DEMO_EMAILS: Record<Role, string> = {
  ADMIN: 'admin@zomma.dev',
  RISK_MANAGER: 'risk@zomma.dev',
  TRADER: 'trader@zomma.dev',
  VIEWER: 'viewer@zomma.dev',
};

export const TEST_CONFIG: Context['config'] = {
  brokerName: 'simulated',
  signalModelName: 'test-model',
  signalSymbol: 'ZMA',
};

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export async function createWebHarness() {
  const testDb = await createTestDatabase({ seed: true });
  const { REDIS_URL, QUEUE_PREFIX } = getTestEnv();
  const prefix = `${QUEUE_PREFIX}-web-${randomUUID().slice(0, 8)}`;
  const queue = createQueueClient({ redisUrl: REDIS_URL, prefix });
  const inspection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const inspectors = new Map<QueueName, Queue>();
  const log = pino({ level: 'silent' });

  const users = {} as Record<Role, SessionUser>;
  for (const role of ROLES) {
    const row = await testDb.repos.users.findForSignIn(DEMO_EMAILS[role]);
    if (!row) throw new Error(`seed lacks ${DEMO_EMAILS[role]}`);
    users[role] = { id: row.id, email: row.email, name: row.name, role };
  }

  function context(role: Role | null, overrides: Partial<Context> = {}): Context {
    return {
      user: role ? users[role] : null,
      repos: testDb.repos,
      queue,
      now: () => new Date(),
      log,
      config: TEST_CONFIG,
      ...overrides,
    };
  }

  /** A BullMQ queue on the same prefix, to look at what procedures enqueued. */
  function inspect(name: QueueName): Queue {
    let q = inspectors.get(name);
    if (!q) {
      q = new Queue(name, { connection: inspection, prefix });
      inspectors.set(name, q);
    }
    return q;
  }

  return {
    testDb,
    repos: testDb.repos,
    prisma: testDb.db.prisma,
    prefix,
    redisUrl: REDIS_URL,
    queue,
    users,
    context,
    caller: (role: Role | null, overrides: Partial<Context> = {}): Caller =>
      createCaller(context(role, overrides)),
    inspect,
    async close() {
      for (const q of inspectors.values()) {
        await q.obliterate({ force: true });
        await q.close();
      }
      await queue.close();
      inspection.disconnect();
      await testDb.drop();
    },
  };
}

export type WebHarness = Awaited<ReturnType<typeof createWebHarness>>;

/** The champion version id of the first seeded model (signals need a model version). */
export async function anyModelVersionId(h: WebHarness): Promise<string> {
  const overview = await h.repos.models.overview();
  const version = overview[0]?.versions[0];
  if (!version) throw new Error('seed has no model versions');
  return version.id;
}

export interface SpreadSpec {
  quantity?: number;
  expiresAt?: Date;
}

/**
 * A bull put spread on ZMA @ 100 with known numbers: sell 1 95 put, buy 1 90 put for a
 * 1.50 credit. Per unit (×100): max loss (5 − 1.5) × 100 = 350, max profit 150, delta +12.
 */
export async function createBullPutSpread(h: WebHarness, spec: SpreadSpec = {}): Promise<Signal> {
  const asOf = new Date();
  const expiry = new Date(Date.UTC(asOf.getUTCFullYear() + 1, 0, 15));
  const leg = (
    idx: number,
    side: 'BUY' | 'SELL',
    strike: string,
    bid: string,
    ask: string,
    delta: string,
  ) => ({
    idx,
    symbol: `ZMA270115P${strike.padStart(5, '0')}000`,
    right: 'PUT' as const,
    side,
    ratio: 1,
    strike,
    expiry,
    bid,
    ask,
    mid: ((Number(bid) + Number(ask)) / 2).toFixed(2),
    iv: '0.25',
    delta,
  });
  return h.repos.signals.create({
    asOf,
    expiresAt: spec.expiresAt ?? new Date(asOf.getTime() + 10 * 60_000),
    underlying: 'ZMA',
    underlyingPrice: '100',
    strategy: 'BULL_PUT_SPREAD',
    quantity: spec.quantity ?? 3,
    netDebit: '-1.5',
    maxLoss: '350',
    maxProfit: '150',
    delta: '12',
    rationale: 'test fixture',
    modelVersionId: await anyModelVersionId(h),
    dedupeKey: `web-test:${randomUUID()}`,
    legs: [leg(0, 'SELL', '95', '2.90', '3.10', '-0.30'), leg(1, 'BUY', '90', '1.40', '1.60', '-0.18')],
  });
}

/** Row counts of everything a mutation could write, to prove a refusal wrote nothing. */
export async function snapshot(h: WebHarness) {
  const p = h.prisma;
  const [audit, orders, limitVersions, aliasEvents, pending, aliases] = await Promise.all([
    p.auditEvent.count(),
    p.order.count(),
    p.riskLimitVersion.count(),
    p.modelAliasEvent.count(),
    p.signal.count({ where: { status: 'PENDING' } }),
    p.modelAlias.findMany({
      select: { name: true, alias: true, modelVersionId: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return { audit, orders, limitVersions, aliasEvents, pending, aliases };
}
