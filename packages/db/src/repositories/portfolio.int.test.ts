/**
 * Pre-trade exposure counts orders in flight (pendingDelta, openOrders), and the risk-book
 * lock makes concurrent approvals of different signals see each other's orders.
 */
import { type AuditActor, isAppError, type RiskVerdict } from '@zomma/contracts';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKS } from '../locks.ts';
import {
  createTestDatabase,
  fillOrderCompletely,
  passingVerdict,
  signalDraft,
  type TestDatabase,
} from '../testing.ts';
import type { ApproveContext } from './approve-signal.ts';

let t: TestDatabase;
let modelId: string;
const trader: AuditActor = { id: null, email: 'trader@zomma.dev', role: 'TRADER' };

// Each test owns a database: the book (positions, orders) is what is measured.
beforeEach(async () => {
  t = await createTestDatabase({ seed: true, poolMax: 6 });
  modelId = (await t.repos.models.champion('signal-rule')).id;
});
afterEach(() => t.drop());

/** A PENDING bull put spread: per-unit delta `delta` shares, `quantity` units. */
async function pendingSignal(delta: string, quantity: number) {
  return t.repos.signals.create(signalDraft(modelId, { delta, quantity }));
}

async function approve(
  signalId: string,
  evaluate: (ctx: ApproveContext) => RiskVerdict = () => passingVerdict(),
) {
  return t.repos.signals.approve({ signalId, actor: trader, now: new Date(), broker: 'simulated', evaluate });
}

/**
 * The portfolio-delta rule written out here (not the engine's): |book + in flight + this trade|
 * must not exceed `limit` shares.
 */
function deltaRule(limit: number) {
  return ({ signal, limits, portfolio }: ApproveContext): RiskVerdict => {
    const value = portfolio.delta + portfolio.pendingDelta + Number(signal.delta) * signal.quantity;
    const excess = Math.max(0, Math.abs(value) - limit);
    return {
      ok: excess === 0,
      limitsVersion: limits.version,
      checks: [
        {
          name: 'MAX_PORTFOLIO_DELTA',
          label: 'Portfolio delta',
          status: excess === 0 ? 'pass' : 'fail',
          value,
          limit,
          excess,
          unit: 'shares',
          message: `${value} of ${limit} shares`,
        },
      ],
    };
  };
}

describe('portfolioRisk: orders in flight', () => {
  it('an empty book: zeros', async () => {
    expect(await t.repos.positions.portfolio()).toEqual({
      delta: 0,
      pendingDelta: 0,
      openOrders: 0,
      positions: 0,
      unrealizedPnl: 0,
      realizedPnl: 0,
    });
  });

  it('counts NEW, SUBMITTING and ACCEPTED orders at signal delta × quantity; not REJECTED ones', async () => {
    // 12.5 × 2 = 25 and −3.25 × 4 = −13, exact in decimal: pending 12.
    const a = await approve((await pendingSignal('12.5', 2)).id);
    const b = await approve((await pendingSignal('-3.25', 4)).id);
    expect(await t.repos.positions.portfolio()).toMatchObject({ delta: 0, pendingDelta: 12, openOrders: 2 });

    await t.repos.orders.markSubmitting(a.order.id);
    expect(await t.repos.positions.portfolio()).toMatchObject({ pendingDelta: 12, openOrders: 2 });
    await t.repos.orders.markAccepted(a.order.id, 'BRK-A');
    expect(await t.repos.positions.portfolio()).toMatchObject({ pendingDelta: 12, openOrders: 2 });

    await t.repos.orders.markRejected(b.order.id, 'broker said no');
    expect(await t.repos.positions.portfolio()).toMatchObject({ pendingDelta: 25, openOrders: 1 });
  });

  it('a FILLED order counts through its positions only, not twice', async () => {
    const approved = await approve((await pendingSignal('12', 2)).id);
    expect(await t.repos.positions.portfolio()).toMatchObject({ delta: 0, pendingDelta: 24, openOrders: 1 });

    const now = new Date();
    await fillOrderCompletely(t.repos, approved.order.id, {
      buy: '1.5',
      sell: '3',
      brokerOrderId: 'BRK-F',
      now,
    });
    // Filled, not yet marked: the exposure moved from in flight to the book at booking, from
    // the legs' deltas: short 2 × 95P at −0.30 → +60 shares; long 2 × 90P at −0.18 → −36.
    expect(await t.repos.positions.portfolio()).toMatchObject({
      delta: 24,
      pendingDelta: 0,
      openOrders: 0,
      positions: 2,
    });
    // Marked (deltas per contract −28 and −17): −28 × −2 + −17 × 2 = 56 − 34 = 22.
    await t.repos.positions.applyMarks(
      [
        { symbol: 'ZMA270115P00095000', markPrice: '3', deltaPerContract: -28 },
        { symbol: 'ZMA270115P00090000', markPrice: '1.5', deltaPerContract: -17 },
      ],
      now,
    );
    expect(await t.repos.positions.portfolio()).toMatchObject({ delta: 22, pendingDelta: 0, openOrders: 0 });
  });
});

/**
 * Waits until `n` backends of the test database wait on a lock. Polls from a connection of its
 * own outside any transaction (pg_stat_activity is frozen for the length of a transaction).
 */
async function waitForLockWaiters(n: number): Promise<void> {
  const observer = new pg.Client({ connectionString: t.url });
  await observer.connect();
  try {
    for (let i = 0; i < 400; i++) {
      const r = await observer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((r.rows[0]?.n ?? 0) >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${n} backends ever waited on a lock`);
  } finally {
    await observer.end();
  }
}

describe('signals.approve under the risk-book lock', () => {
  it('two concurrent approvals whose deltas fit alone but breach together: one approved, one refused', async () => {
    // 12 × 2 = 24 shares each against a limit of 40: either fits, both make 48.
    const s1 = await pendingSignal('12', 2);
    const s2 = await pendingSignal('12', 2);
    const rule = deltaRule(40);

    // Line both approvals up behind row locks on their signals held by another session, then
    // let them go at once: without the risk-book lock both read the same empty book.
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('SELECT id FROM "Signal" WHERE id = ANY($1::uuid[]) FOR UPDATE', [[s1.id, s2.id]]);
      const racing = Promise.allSettled([approve(s1.id, rule), approve(s2.id, rule)]);
      await waitForLockWaiters(2);
      await admin.query('COMMIT');
      const results = await racing;

      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      const error = rejected[0];
      expect(isAppError(error) && error.code).toBe('RISK_LIMIT_BREACH');
      expect(String((error as Error).message)).toContain('MAX_PORTFOLIO_DELTA');
    } finally {
      await admin.end();
    }
    expect(await t.db.prisma.order.count()).toBe(1);
    expect(await t.repos.positions.portfolio()).toMatchObject({ pendingDelta: 24, openOrders: 1 });
    const statuses = [(await t.repos.signals.get(s1.id)).status, (await t.repos.signals.get(s2.id)).status];
    expect(statuses.sort()).toEqual(['APPROVED', 'PENDING']);
    expect(await t.db.prisma.auditEvent.count({ where: { action: 'signal.approve_refused' } })).toBe(1);
  });

  it('approve waits for the risk-book lock (it is the registry key, taken first)', async () => {
    const s = await pendingSignal('1', 1);
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [...LOCKS.riskBook]);
      let settled = false;
      const pending = approve(s.id).finally(() => {
        settled = true;
      });
      await waitForLockWaiters(1);
      const waiting = await t.db.prisma.$queryRaw<{ classid: number; objid: number }[]>`
        SELECT classid::int AS classid, objid::int AS objid FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted`;
      expect(waiting).toEqual([{ classid: LOCKS.riskBook[0], objid: LOCKS.riskBook[1] }]);
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      expect((await pending).signal.status).toBe('APPROVED');
    } finally {
      await holder.end();
    }
  });
});
