/**
 * The portfolio-delta check counts orders in flight, through createCaller with the real
 * evaluateSignal, Postgres and BullMQ: concurrent approvals that only breach together get one
 * approval and one RISK_LIMIT_BREACH; a NEW order's delta is counted; a FILLED one is counted
 * through its positions, not twice.
 *
 * Numbers: createBullPutSpread is +12 shares per unit, so quantity 2 → 24, quantity 1 → 12.
 */
import { type AppError, isAppError, type RiskCheck } from '@zomma/contracts';
import { fillOrderCompletely } from '@zomma/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectTrpcError } from '../../testing/expect-error.ts';
import { createBullPutSpread, createWebHarness, type WebHarness } from '../../testing/web-harness.ts';

let h: WebHarness;
// A database per test: the book is what is measured.
beforeEach(async () => {
  h = await createWebHarness();
});
afterEach(async () => {
  await h?.close();
});

async function setDeltaLimit(maxPortfolioDelta: string) {
  const current = await h.repos.limits.current();
  await h.caller('RISK_MANAGER').risk.updateLimits({
    expectedVersion: current.version,
    maxContractsPerOrder: 1000,
    maxLossPerTrade: '1000000',
    maxPortfolioDelta,
    reason: 'exposure test',
  });
}

function deltaCheck(checks: RiskCheck[] | undefined): RiskCheck | undefined {
  return checks?.find((c) => c.name === 'MAX_PORTFOLIO_DELTA');
}

function refusedChecks(error: unknown): RiskCheck[] {
  const cause = (error as { cause?: unknown }).cause;
  if (!isAppError(cause)) throw new Error('expected an AppError cause');
  return (cause.details?.verdict as { checks: RiskCheck[] } | undefined)?.checks ?? [];
}

/**
 * Waits until `n` backends of the test database wait on a lock. Each poll is a statement of
 * its own (pg_stat_activity is frozen for the length of a transaction).
 */
async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await h.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${n} backends ever waited on a lock`);
}

/**
 * Runs `during` while another transaction holds row locks on the given signals, then commits
 * it: whatever `during` started that needs those rows waits, then goes at once.
 */
async function withSignalsLocked<T>(ids: string[], during: () => Promise<T>): Promise<T> {
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const holder = h.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Signal" WHERE id = ANY(${ids}::uuid[]) FOR UPDATE`;
      locked();
      await released;
    },
    { timeout: 30_000 },
  );
  await Promise.race([isLocked, holder]);
  try {
    return await during();
  } finally {
    release();
    await holder;
  }
}

describe('signals.approve: portfolio delta with orders in flight', () => {
  it('two concurrent approvals that fit alone but breach together: exactly one approved', async () => {
    await setDeltaLimit('40');
    const a = await createBullPutSpread(h, { quantity: 2 });
    const b = await createBullPutSpread(h, { quantity: 2 });

    // Hold both signals' rows from another transaction so both approvals are in flight, then
    // release them together: without the risk-book lock both would check the same empty book.
    const racing = await withSignalsLocked([a.id, b.id], async () => {
      const settled = Promise.allSettled([
        h.caller('TRADER').signals.approve({ signalId: a.id }),
        h.caller('TRADER').signals.approve({ signalId: b.id }),
      ]);
      await waitForLockWaiters(2);
      return { settled }; // wrapped: returning the promise itself would await it here
    });
    const results = await racing.settled;

    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = await expectTrpcError(Promise.reject(refused[0]), 'PRECONDITION_FAILED');
    expect((error.cause as AppError).code).toBe('RISK_LIMIT_BREACH');
    // 24 in flight + 24 = 48 against 40.
    expect(deltaCheck(refusedChecks(error))).toMatchObject({
      status: 'fail',
      value: 48,
      limit: 40,
      excess: 8,
    });
    expect(await h.prisma.order.count()).toBe(1);
    expect(await h.caller('VIEWER').risk.portfolio()).toMatchObject({
      delta: 0,
      pendingDelta: 24,
      openOrders: 1,
    });
  });

  it('counts a NEW order: the next approval sees its delta', async () => {
    await setDeltaLimit('30');
    const first = await h.caller('TRADER').signals.approve({
      signalId: (await createBullPutSpread(h, { quantity: 2 })).id,
    });
    expect(deltaCheck(first.verdict.checks)).toMatchObject({ status: 'pass', value: 24 });
    expect(await h.caller('VIEWER').risk.portfolio()).toMatchObject({
      delta: 0,
      pendingDelta: 24,
      openOrders: 1,
    });

    const second = await createBullPutSpread(h, { quantity: 1 });
    const error = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: second.id }),
      'PRECONDITION_FAILED',
    );
    // 24 pending + 12 = 36 against 30 (12 alone would pass).
    expect(deltaCheck(refusedChecks(error))).toMatchObject({
      status: 'fail',
      value: 36,
      limit: 30,
      excess: 6,
    });
    // The list's live verdict for the pending signal says the same.
    const view = (await h.caller('VIEWER').signals.list({ status: 'PENDING', limit: 50 })).find(
      (s) => s.id === second.id,
    );
    expect(deltaCheck(view?.currentVerdict?.checks)).toMatchObject({ status: 'fail', value: 36 });
  });

  it('counts a FILLED order through its positions right away (no mark needed), and only once', async () => {
    await setDeltaLimit('30');
    const approved = await h.caller('TRADER').signals.approve({
      signalId: (await createBullPutSpread(h, { quantity: 2 })).id,
    });
    await fillOrderCompletely(h.repos, approved.orderId, {
      buy: '1.6',
      sell: '2.9',
      brokerOrderId: 'BRK-1',
      now: new Date(),
    });
    // FILLED, never marked: short 2 × 95P at delta −0.30 → +60; long 2 × 90P at −0.18 → −36.
    expect(await h.caller('VIEWER').risk.portfolio()).toMatchObject({
      delta: 24,
      pendingDelta: 0,
      openOrders: 0,
      positions: 2,
    });

    // Right after the fill, no mark in between: 24 in positions + 12 = 36 > 30.
    const second = await createBullPutSpread(h, { quantity: 1 });
    const error = await expectTrpcError(
      h.caller('TRADER').signals.approve({ signalId: second.id }),
      'PRECONDITION_FAILED',
    );
    expect((error.cause as AppError).code).toBe('RISK_LIMIT_BREACH');
    expect(deltaCheck(refusedChecks(error))).toMatchObject({
      status: 'fail',
      value: 36,
      limit: 30,
      excess: 6,
    });

    // Counted once, not twice (in flight and in positions would be 60): 36 ≤ 50 passes.
    await setDeltaLimit('50');
    const next = await h.caller('TRADER').signals.approve({ signalId: second.id });
    expect(deltaCheck(next.verdict.checks)).toMatchObject({
      status: 'pass',
      value: 36,
      limit: 50,
      excess: 0,
    });
  });
});
