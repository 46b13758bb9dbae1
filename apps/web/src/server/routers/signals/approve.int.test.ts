/**
 * Approval end to end through createCaller, real Postgres and real BullMQ: exactly one
 * execution job after the commit, refusals by a tightened limit name the limit and the
 * excess, expired signals are CONFLICT, and a failed enqueue does not undo the approval.
 */
import { type AppError, isAppError, type RiskCheck } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueClient } from '../../queue.ts';
import { expectTrpcError } from '../../testing/expect-error.ts';
import { createBullPutSpread, createWebHarness, type WebHarness } from '../../testing/web-harness.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await createWebHarness();
});
afterAll(async () => {
  await h?.close();
});

async function setLimits(change: {
  maxContractsPerOrder?: number;
  maxLossPerTrade?: string;
  maxPortfolioDelta?: string;
}) {
  const current = await h.repos.limits.current();
  return h.caller('RISK_MANAGER').risk.updateLimits({
    expectedVersion: current.version,
    maxContractsPerOrder: change.maxContractsPerOrder ?? current.maxContractsPerOrder,
    maxLossPerTrade: change.maxLossPerTrade ?? current.maxLossPerTrade,
    maxPortfolioDelta: change.maxPortfolioDelta ?? current.maxPortfolioDelta,
    reason: 'test adjusts limits',
  });
}

const GENEROUS = { maxContractsPerOrder: 1000, maxLossPerTrade: '1000000', maxPortfolioDelta: '1000000' };

async function ordersJobs() {
  return h.inspect('orders').getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
}

function failing(error: unknown): RiskCheck[] {
  const cause = (error as { cause?: unknown }).cause;
  if (!isAppError(cause)) throw new Error('expected an AppError cause');
  const verdict = cause.details?.verdict as { checks: RiskCheck[] } | undefined;
  return verdict?.checks.filter((c) => c.status === 'fail') ?? [];
}

describe('signals.approve', () => {
  it('approves, records a NEW order and enqueues exactly one ExecuteOrderJob after the commit', async () => {
    await setLimits(GENEROUS);
    const signal = await createBullPutSpread(h, { quantity: 2 });
    const jobsBefore = (await ordersJobs()).length;

    const result = await h.caller('TRADER').signals.approve({ signalId: signal.id });

    expect(result.signalId).toBe(signal.id);
    expect(result.verdict.ok).toBe(true);
    const order = await h.prisma.order.findUnique({
      where: { id: result.orderId },
      select: { status: true, signalId: true },
    });
    expect(order).toEqual({ status: 'NEW', signalId: signal.id });
    const stored = await h.repos.signals.get(signal.id);
    expect(stored?.status).toBe('APPROVED');
    expect(stored?.decidedByEmail).toBe('trader@zomma.dev');

    const jobs = (await ordersJobs()).filter((j) => j.data?.orderId === result.orderId);
    expect((await ordersJobs()).length).toBe(jobsBefore + 1);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.name).toBe('orders.execute');
    expect(jobs[0]?.id).toBe(`orders.execute--${result.orderId}`);
    expect(jobs[0]?.data).toEqual({ orderId: result.orderId });

    // A second approval is a CONFLICT and enqueues nothing more.
    const again = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: signal.id }),
      'CONFLICT',
    );
    expect((again.cause as AppError).code).toBe('SIGNAL_NOT_PENDING');
    expect((await ordersJobs()).filter((j) => j.data?.orderId === result.orderId)).toHaveLength(1);
  });

  it('is refused by a tightened contracts limit, naming the limit and the excess', async () => {
    // quantity 3 × (1 + 1) legs = 6 contracts against a limit of 4: excess 2.
    await setLimits({ ...GENEROUS, maxContractsPerOrder: 4 });
    const signal = await createBullPutSpread(h, { quantity: 3 });
    const jobsBefore = (await ordersJobs()).length;

    const error = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: signal.id }),
      'PRECONDITION_FAILED',
    );

    expect((error.cause as AppError).code).toBe('RISK_LIMIT_BREACH');
    const [check, ...others] = failing(error);
    expect(others).toEqual([]);
    expect(check).toMatchObject({
      name: 'MAX_CONTRACTS_PER_ORDER',
      value: 6,
      limit: 4,
      excess: 2,
      unit: 'contracts',
    });
    expect(error.message).toContain('MAX_CONTRACTS_PER_ORDER');
    expect(error.message).toMatch(/excess 2\b/);
    expect((await h.repos.signals.get(signal.id))?.status).toBe('PENDING');
    expect(await h.prisma.order.count({ where: { signalId: signal.id } })).toBe(0);
    expect((await ordersJobs()).length).toBe(jobsBefore);
  });

  it('is refused by a tightened max-loss limit with the dollar excess', async () => {
    // Max loss at the limit price: per unit 350 at mid (already × 100), plus (natural −1.30 −
    // mid −1.50) × 100 = 20 for crossing the spread → 370 × quantity 3 = 1110 against 800: excess 310.
    await setLimits({ ...GENEROUS, maxLossPerTrade: '800' });
    const signal = await createBullPutSpread(h, { quantity: 3 });
    const error = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: signal.id }),
      'PRECONDITION_FAILED',
    );
    const checks = failing(error);
    expect(checks.map((c) => c.name)).toEqual(['MAX_LOSS_PER_TRADE']);
    expect(checks[0]?.value).toBe(1110);
    expect(checks[0]?.limit).toBe(800);
    expect(checks[0]?.excess).toBeCloseTo(310, 6);
    expect(checks[0]?.unit).toBe('USD');
  });

  it('checks max loss at the natural limit price: 1100 refuses what passes at mid (1050); 1110 exactly approves', async () => {
    await setLimits({ ...GENEROUS, maxLossPerTrade: '1100' });
    const signal = await createBullPutSpread(h, { quantity: 3 });
    const error = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: signal.id }),
      'PRECONDITION_FAILED',
    );
    expect(failing(error)).toMatchObject([{ name: 'MAX_LOSS_PER_TRADE', value: 1110, limit: 1100 }]);

    await setLimits({ ...GENEROUS, maxLossPerTrade: '1110' });
    const approved = await h.caller('TRADER').signals.approve({ signalId: signal.id });
    expect(approved.verdict.checks.find((c) => c.name === 'MAX_LOSS_PER_TRADE')).toMatchObject({
      value: 1110,
      limit: 1110,
      excess: 0,
    });
    // The order is limited at that natural price: buy the 90P at 1.60, sell the 95P at 2.90.
    expect((await h.repos.orders.get(approved.orderId)).limitPrice).toBe('-1.3');
  });

  it('refuses an expired signal with CONFLICT (SIGNAL_EXPIRED) and writes no order', async () => {
    await setLimits(GENEROUS);
    const signal = await createBullPutSpread(h, { expiresAt: new Date(Date.now() + 60_000) });
    const later = new Date(signal.expiresAt.getTime() + 1_000);
    const error = await expectTrpcError(
      h.caller('TRADER', { now: () => later }).signals.approve({ signalId: signal.id }),
      'CONFLICT',
    );
    expect((error.cause as AppError).code).toBe('SIGNAL_EXPIRED');
    expect(await h.prisma.order.count({ where: { signalId: signal.id } })).toBe(0);
  });

  it('keeps the approval when the enqueue fails (the order stays NEW for the reconcile job)', async () => {
    await setLimits(GENEROUS);
    const signal = await createBullPutSpread(h, { quantity: 1 });
    const closed = createQueueClient({ redisUrl: h.redisUrl, prefix: h.prefix });
    await closed.close();

    const result = await h.caller('TRADER', { queue: closed }).signals.approve({ signalId: signal.id });

    expect((await h.repos.signals.get(signal.id))?.status).toBe('APPROVED');
    const order = await h.prisma.order.findUnique({
      where: { id: result.orderId },
      select: { status: true },
    });
    expect(order?.status).toBe('NEW');
    expect((await ordersJobs()).filter((j) => j.data?.orderId === result.orderId)).toHaveLength(0);
  });
});

describe('signals.list', () => {
  it('gives PENDING signals the verdict against the limits in force now, others none', async () => {
    const limits = await setLimits({ ...GENEROUS, maxContractsPerOrder: 7 });
    const pending = await createBullPutSpread(h, { quantity: 5 });
    const views = await h.caller('VIEWER').signals.list({ limit: 200 });
    const view = views.find((v) => v.id === pending.id);
    expect(view?.currentVerdict?.limitsVersion).toBe(limits.current.version);
    const contracts = view?.currentVerdict?.checks.find((c) => c.name === 'MAX_CONTRACTS_PER_ORDER');
    // 5 units × (1 + 1) legs.
    expect(contracts).toMatchObject({ value: 10, limit: 7, excess: 3, status: 'fail' });
    for (const v of views.filter((x) => x.status !== 'PENDING')) expect(v.currentVerdict).toBeNull();
    expect(views.some((v) => v.status !== 'PENDING')).toBe(true);

    const approvedOnly = await h.caller('VIEWER').signals.list({ status: 'APPROVED', limit: 200 });
    expect(approvedOnly.length).toBeGreaterThan(0);
    expect(approvedOnly.every((v) => v.status === 'APPROVED' && v.currentVerdict === null)).toBe(true);
  });
});
