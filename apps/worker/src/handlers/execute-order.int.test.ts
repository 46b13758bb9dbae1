import { AppError } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerAdapter } from '../broker/broker-adapter.ts';
import { SimulatedBroker } from '../broker/simulated-broker.ts';
import { CRASH_POINTS, type CrashPoint } from '../crash-points.ts';
import { chainAt, toSnapshot } from '../sim-market.ts';
import { createNewOrder, insertQuote } from '../testing/fixtures.ts';
import { testContext } from '../testing/test-context.ts';
import { executeOrder } from './execute-order.handler.ts';

class SimulatedCrash extends Error {}

/** Counts calls to the real simulated broker. */
function countingBroker(inner: BrokerAdapter) {
  const calls = { submit: 0, get: 0 };
  const broker: BrokerAdapter = {
    name: inner.name,
    submit: (o) => {
      calls.submit += 1;
      return inner.submit(o);
    },
    getByClientOrderId: (id) => {
      calls.get += 1;
      return inner.getByClientOrderId(id);
    },
    cancel: (id, reason) => inner.cancel(id, reason),
  };
  return { broker, calls };
}

describe('orders.execute', () => {
  let t: TestDatabase;
  const now = new Date('2026-03-02T15:30:00Z');

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, now });
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    // Each test gets its own quote slot so they do not see each other's fills' prices.
    await insertQuote(t.repos, { at: now, price: '100', vol: '0.25' });
  });

  async function bookState(d: TestDatabase, orderId: string, clientOrderId: string) {
    const p = d.db.prisma;
    const [order, brokerOrders, fills, audits] = await Promise.all([
      d.repos.orders.get(orderId),
      p.simBrokerOrder.count({ where: { clientOrderId } }),
      p.fill.findMany({
        where: { orderId },
        select: { brokerFillId: true, quantity: true, side: true, orderLegId: true },
      }),
      p.auditEvent.count({ where: { action: 'order.fill', entityId: orderId } }),
    ]);
    const positions = await p.position.findMany({
      where: { symbol: { in: order.legs.map((l) => l.symbol) } },
      select: { symbol: true, quantity: true },
    });
    return { order, brokerOrders, fills, audits, positions };
  }

  /** The invariant of one execution: one broker order, one fill per leg, positions = qty × ratio. */
  async function expectExactlyOnce(
    d: TestDatabase,
    orderId: string,
    clientOrderId: string,
    quantity: number,
  ) {
    const s = await bookState(d, orderId, clientOrderId);
    expect(s.order.status).toBe('FILLED');
    expect(s.brokerOrders).toBe(1);
    expect(s.fills).toHaveLength(s.order.legs.length);
    expect(new Set(s.fills.map((f) => f.orderLegId)).size).toBe(s.order.legs.length);
    expect(s.audits).toBe(1);
    for (const leg of s.order.legs) {
      const signed = (leg.side === 'BUY' ? 1 : -1) * quantity * leg.ratio;
      expect(s.positions.find((p) => p.symbol === leg.symbol)?.quantity).toBe(signed);
    }
  }

  it('fills every leg at the quote: buys at the ask, sells at the bid, fill ids from the client order id', async () => {
    // Positions are per contract and shared across tests: use a dedicated database here.
    const own = await createTestDatabase({ seed: true, now });
    try {
      await insertQuote(own.repos, { at: now, price: '100', vol: '0.25' });
      const o = await createNewOrder(own.repos, { now, quantity: 3 });
      const result = await executeOrder(testContext(own.repos, { now: () => now }), { orderId: o.orderId });
      expect(result).toMatchObject({ outcome: 'filled', fills: 3, submitted: true });
      const chain = chainAt(toSnapshot({ symbol: 'ZMA', at: now, price: '100', vol: '0.25' }));
      const fills = await own.db.prisma.fill.findMany({
        where: { orderId: o.orderId },
        select: {
          brokerFillId: true,
          price: true,
          quantity: true,
          side: true,
          orderLeg: { select: { idx: true, symbol: true } },
        },
        orderBy: { brokerFillId: 'asc' },
      });
      expect(fills.map((f) => f.brokerFillId)).toEqual([0, 1, 2].map((i) => `${o.clientOrderId}-${i}`));
      for (const f of fills) {
        const q = chain.find((c) => c.symbol === f.orderLeg.symbol);
        expect(q).toBeDefined();
        // Tick-rounded quotes: the ask is at or above mid, the bid at or below.
        const expected = f.side === 'BUY' ? q?.ask : q?.bid;
        expect(Number(f.price.toString())).toBeCloseTo(expected ?? Number.NaN, 9);
        expect(f.quantity).toBe(3 * (f.orderLeg.idx === 1 ? 2 : 1));
      }
      const positions = await own.db.prisma.position.findMany({
        select: { symbol: true, quantity: true, avgPrice: true },
      });
      expect(positions).toHaveLength(3);
    } finally {
      await own.drop();
    }
  });

  it('running the same job twice has one side effect', async () => {
    const o = await createNewOrder(t.repos, { now, quantity: 2 });
    const ctx = testContext(t.repos, { now: () => now });
    const before = await t.db.prisma.position.findMany({ select: { symbol: true, quantity: true } });
    const first = await executeOrder(ctx, { orderId: o.orderId });
    const second = await executeOrder(ctx, { orderId: o.orderId });
    expect(first.outcome).toBe('filled');
    expect(second).toEqual({ outcome: 'already-final', status: 'FILLED' });
    const s = await bookState(t, o.orderId, o.clientOrderId);
    expect(s.brokerOrders).toBe(1);
    expect(s.fills).toHaveLength(3);
    expect(s.audits).toBe(1);
    const after = await t.db.prisma.position.findMany({ select: { symbol: true, quantity: true } });
    for (const leg of s.order.legs) {
      const was = before.find((p) => p.symbol === leg.symbol)?.quantity ?? 0;
      const is = after.find((p) => p.symbol === leg.symbol)?.quantity ?? 0;
      expect(is - was).toBe((leg.side === 'BUY' ? 1 : -1) * 2 * leg.ratio);
    }
  });

  describe.each(CRASH_POINTS)('a crash at %s', (point: CrashPoint) => {
    it('loses nothing and duplicates nothing when the job runs again', async () => {
      const db = await createTestDatabase({ seed: true, now });
      try {
        await insertQuote(db.repos, { at: now });
        const o = await createNewOrder(db.repos, { now, quantity: 2 });
        const { broker, calls } = countingBroker(new SimulatedBroker(db.repos, () => now));
        const crashing = testContext(db.repos, {
          now: () => now,
          broker,
          crash: (step) => {
            if (step === point) throw new SimulatedCrash(step);
          },
        });
        await expect(executeOrder(crashing, { orderId: o.orderId })).rejects.toBeInstanceOf(SimulatedCrash);
        const submitsBefore = calls.submit;
        const result = await executeOrder(testContext(db.repos, { now: () => now, broker }), {
          orderId: o.orderId,
        });
        await expectExactlyOnce(db, o.orderId, o.clientOrderId, 2);
        // After the broker got the order, the retry must ask instead of submitting again.
        const reachedBroker = CRASH_POINTS.indexOf(point) >= CRASH_POINTS.indexOf('after-broker-submit');
        if (point === 'after-book-fills') {
          expect(result.outcome).toBe('already-final');
        } else {
          expect(calls.get).toBeGreaterThanOrEqual(1);
          expect(calls.submit - submitsBefore).toBe(reachedBroker ? 0 : 1);
        }
        expect(await db.db.prisma.simBrokerOrder.count()).toBe(1);
      } finally {
        await db.drop();
      }
    });
  });

  it('a broker rejection marks the order REJECTED and is final (expired contract)', async () => {
    const db = await createTestDatabase({ seed: true, now });
    try {
      await insertQuote(db.repos, { at: now });
      const o = await createNewOrder(db.repos, { now });
      // The market moves past the legs' expiry before the order reaches the broker.
      const later = new Date(now.getTime() + 60 * 86_400_000);
      await insertQuote(db.repos, { at: later });
      const result = await executeOrder(testContext(db.repos, { now: () => later }), { orderId: o.orderId });
      expect(result.outcome).toBe('rejected');
      const order = await db.repos.orders.get(o.orderId);
      expect(order.status).toBe('REJECTED');
      expect(order.rejectReason).toMatch(/expired/);
      expect(await db.db.prisma.fill.count()).toBe(0);
      expect(await db.db.prisma.position.count()).toBe(0);
      expect(await executeOrder(testContext(db.repos), { orderId: o.orderId })).toEqual({
        outcome: 'already-final',
        status: 'REJECTED',
      });
    } finally {
      await db.drop();
    }
  });

  it('a transient broker failure is retryable and leaves the order SUBMITTING, then completes', async () => {
    const db = await createTestDatabase({ seed: true, now });
    try {
      await insertQuote(db.repos, { at: now });
      const o = await createNewOrder(db.repos, { now });
      const failing: BrokerAdapter = {
        name: 'sim',
        submit: () => Promise.reject(new AppError('BROKER_UNAVAILABLE', 'connection reset')),
        getByClientOrderId: () => Promise.resolve(null),
        cancel: () => Promise.resolve(null),
      };
      const error = await executeOrder(testContext(db.repos, { broker: failing }), {
        orderId: o.orderId,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).retryable).toBe(true);
      expect((await db.repos.orders.get(o.orderId)).status).toBe('SUBMITTING');
      await executeOrder(testContext(db.repos, { now: () => now }), { orderId: o.orderId });
      await expectOnce(db, o.orderId);
    } finally {
      await db.drop();
    }
  });

  it('a request the broker refuses outright (BROKER_REJECTED) rejects the order without retry', async () => {
    const db = await createTestDatabase({ seed: true, now });
    try {
      await insertQuote(db.repos, { at: now });
      const o = await createNewOrder(db.repos, { now });
      const refusing: BrokerAdapter = {
        name: 'sim',
        submit: () => Promise.reject(new AppError('BROKER_REJECTED', 'quantity exceeds account limit')),
        getByClientOrderId: () => Promise.resolve(null),
        cancel: () => Promise.resolve(null),
      };
      const result = await executeOrder(testContext(db.repos, { broker: refusing }), { orderId: o.orderId });
      expect(result).toEqual({ outcome: 'rejected', reason: 'quantity exceeds account limit' });
      const order = await db.repos.orders.get(o.orderId);
      expect(order.status).toBe('REJECTED');
      expect(
        await db.db.prisma.auditEvent.count({ where: { action: 'order.reject', entityId: o.orderId } }),
      ).toBe(1);
      expect(await db.db.prisma.fill.count()).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('the simulated broker refuses a malformed request and answers a duplicate id with the first order', async () => {
    const broker = new SimulatedBroker(t.repos, () => now);
    const leg = {
      idx: 0,
      symbol: 'X',
      right: 'CALL' as const,
      side: 'BUY' as const,
      ratio: 1,
      strike: '100',
      expiry: now,
    };
    const bad = await broker
      .submit({ clientOrderId: 'zm-bad', underlying: 'ZMA', quantity: 0, limitPrice: '1', legs: [leg] })
      .catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('BROKER_REJECTED');
    expect(await broker.getByClientOrderId('zm-bad')).toBeNull();

    const q = chainAt(toSnapshot({ symbol: 'ZMA', at: now, price: '100', vol: '0.25' }))[0];
    if (!q) throw new Error('empty chain');
    const good = {
      clientOrderId: 'zm-dup',
      underlying: 'ZMA',
      quantity: 2,
      // At the natural price (the ask): marketable, so it fills.
      limitPrice: q.ask.toFixed(6),
      legs: [{ ...leg, symbol: q.symbol, strike: String(q.strike), expiry: q.expiry }],
    };
    const first = await broker.submit(good);
    const again = await broker.submit({ ...good, quantity: 5 });
    expect(again).toEqual(first);
    expect(first.fills).toEqual([
      { id: 'zm-dup-0', legIdx: 0, side: 'BUY', quantity: 2, price: q.ask.toFixed(6), filledAt: now },
    ]);
    expect(await t.db.prisma.simBrokerOrder.count({ where: { clientOrderId: 'zm-dup' } })).toBe(1);
  });

  async function expectOnce(db: TestDatabase, orderId: string) {
    const order = await db.repos.orders.get(orderId);
    expect(order.status).toBe('FILLED');
    expect(order.attempts).toBe(2);
    expect(await db.db.prisma.fill.count({ where: { orderId } })).toBe(order.legs.length);
  }

  describe('an order left ACCEPTED (the broker acknowledged it, the fills were never booked)', () => {
    /** A NEW order sent to the simulated broker (which fills it) and marked ACCEPTED, as a run that died there. */
    async function acceptedOrder(db: TestDatabase, quantity = 2) {
      const o = await createNewOrder(db.repos, { now, quantity });
      await db.repos.orders.markSubmitting(o.orderId, now);
      const full = await db.repos.orders.get(o.orderId);
      const sim = new SimulatedBroker(db.repos, () => now);
      const brokerOrder = await sim.submit({
        clientOrderId: full.clientOrderId,
        underlying: full.underlying,
        quantity: full.quantity,
        limitPrice: full.limitPrice,
        legs: full.legs.map(({ id: _id, ...leg }) => leg),
      });
      expect(brokerOrder.status).toBe('filled');
      const accepted = await db.repos.orders.markAccepted(o.orderId, brokerOrder.id);
      expect(accepted.status).toBe('ACCEPTED');
      return { ...o, brokerOrder, sim };
    }

    async function withDb(fn: (db: TestDatabase) => Promise<void>) {
      const db = await createTestDatabase({ seed: true, now });
      try {
        await insertQuote(db.repos, { at: now });
        await fn(db);
      } finally {
        await db.drop();
      }
    }

    it('asks the broker by client order id and books its fills, without submitting', async () => {
      await withDb(async (db) => {
        const o = await acceptedOrder(db);
        const { broker, calls } = countingBroker(o.sim);
        const result = await executeOrder(testContext(db.repos, { now: () => now, broker }), {
          orderId: o.orderId,
        });
        expect(result).toEqual({
          outcome: 'filled',
          brokerOrderId: o.brokerOrder.id,
          fills: 3,
          submitted: false,
        });
        expect(calls).toEqual({ submit: 0, get: 1 });
        await expectExactlyOnce(db, o.orderId, o.clientOrderId, 2);
        // markSubmitting is not re-run: attempts stay at the one real submission.
        expect((await db.repos.orders.get(o.orderId)).attempts).toBe(1);
      });
    });

    it('never resubmits when the broker cannot find it: retryable failure, order stays ACCEPTED', async () => {
      await withDb(async (db) => {
        const o = await acceptedOrder(db);
        const calls = { submit: 0, get: 0 };
        const amnesiac: BrokerAdapter = {
          name: 'sim',
          submit: (req) => {
            calls.submit += 1;
            return o.sim.submit(req);
          },
          getByClientOrderId: () => {
            calls.get += 1;
            return Promise.resolve(null);
          },
          cancel: () => Promise.resolve(null),
        };
        const error = await executeOrder(testContext(db.repos, { now: () => now, broker: amnesiac }), {
          orderId: o.orderId,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('BROKER_UNAVAILABLE');
        expect((error as AppError).retryable).toBe(true);
        expect(calls).toEqual({ submit: 0, get: 1 });
        const order = await db.repos.orders.get(o.orderId);
        expect(order).toMatchObject({ status: 'ACCEPTED', brokerOrderId: o.brokerOrder.id, attempts: 1 });
        expect(await db.db.prisma.fill.count()).toBe(0);
        expect(await db.db.prisma.simBrokerOrder.count()).toBe(1);
      });
    });

    it('waits (retryably) while the broker has not filled it, then books the fills once', async () => {
      await withDb(async (db) => {
        const o = await acceptedOrder(db);
        let filledAtBroker = false;
        const { broker, calls } = countingBroker({
          name: 'sim',
          submit: (req) => o.sim.submit(req),
          getByClientOrderId: async (id) => {
            const real = await o.sim.getByClientOrderId(id);
            return real && !filledAtBroker ? { ...real, status: 'accepted', fills: [] } : real;
          },
          cancel: (id, reason) => o.sim.cancel(id, reason),
        });
        const ctx = testContext(db.repos, { now: () => now, broker });
        const error = await executeOrder(ctx, { orderId: o.orderId }).catch((e: unknown) => e);
        expect((error as AppError).code).toBe('BROKER_UNAVAILABLE');
        expect((await db.repos.orders.get(o.orderId)).status).toBe('ACCEPTED');
        expect(await db.db.prisma.fill.count()).toBe(0);

        filledAtBroker = true;
        expect(await executeOrder(ctx, { orderId: o.orderId })).toMatchObject({
          outcome: 'filled',
          submitted: false,
        });
        expect(await executeOrder(ctx, { orderId: o.orderId })).toEqual({
          outcome: 'already-final',
          status: 'FILLED',
        });
        expect(calls.submit).toBe(0);
        await expectExactlyOnce(db, o.orderId, o.clientOrderId, 2);
      });
    });

    it('refuses (not retryable) when the broker answers with another order than the one it accepted', async () => {
      await withDb(async (db) => {
        const o = await acceptedOrder(db);
        const impostor: BrokerAdapter = {
          name: 'sim',
          submit: (req) => o.sim.submit(req),
          getByClientOrderId: async (id) => {
            const real = await o.sim.getByClientOrderId(id);
            return real && { ...real, id: 'someone-else' };
          },
          cancel: (id, reason) => o.sim.cancel(id, reason),
        };
        const error = await executeOrder(testContext(db.repos, { now: () => now, broker: impostor }), {
          orderId: o.orderId,
        }).catch((e: unknown) => e);
        expect((error as AppError).code).toBe('CONFLICT');
        expect((error as AppError).retryable).toBe(false);
        expect((await db.repos.orders.get(o.orderId)).status).toBe('ACCEPTED');
        expect(await db.db.prisma.fill.count()).toBe(0);
      });
    });
  });

  it('an unknown order is NOT_FOUND (not retryable)', async () => {
    const error = await executeOrder(testContext(t.repos), {
      orderId: '00000000-0000-4000-8000-000000000000',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect((error as AppError).retryable).toBe(false);
  });
});
