/**
 * Limit prices end to end: the order's limit is the signal's natural net price (buy at the
 * ask, sell at the bid), the simulated broker fills only at a net price no worse than the
 * limit, a working order is re-checked on every lookup, and one still working after the time
 * in force (ORDER_TTL_MS) is canceled.
 */
import { AppError } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedBroker } from '../broker/simulated-broker.ts';
import { chainAt, toSnapshot } from '../sim-market.ts';
import { createNewOrder, insertQuote } from '../testing/fixtures.ts';
import { testContext, testEnv } from '../testing/test-context.ts';
import { executeOrder, TIME_IN_FORCE_REASON } from './execute-order.handler.ts';

const now = new Date('2026-03-02T15:30:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

/** Natural net per share at a quote, computed here from the chain in cents (integers). */
function naturalNetCents(
  quote: { price: string; vol: string; at: Date },
  legs: { symbol: string; side: 'BUY' | 'SELL'; ratio: number }[],
): number {
  const chain = chainAt(toSnapshot({ symbol: 'ZMA', ...quote }));
  let cents = 0;
  for (const leg of legs) {
    const q = chain.find((c) => c.symbol === leg.symbol);
    if (!q) throw new Error(`${leg.symbol} not in the chain`);
    const price = Math.round((leg.side === 'BUY' ? q.ask : q.bid) * 100);
    cents += (leg.side === 'BUY' ? 1 : -1) * leg.ratio * price;
  }
  return cents;
}

describe('orders.execute with limit prices', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase({ seed: true, now });
    await insertQuote(t.repos, { at: now, price: '100', vol: '0.25' });
  });
  afterEach(async () => {
    await t?.drop();
  });

  it('the order is limited at the natural price, and at that price it fills, at exactly the limit', async () => {
    const o = await createNewOrder(t.repos, { now, quantity: 2 });
    const order = await t.repos.orders.get(o.orderId);
    const expected = naturalNetCents({ price: '100', vol: '0.25', at: now }, o.legs);
    expect(Math.round(Number(order.limitPrice) * 100)).toBe(expected);
    // Not the mid: crossing the spread costs more than the signal's mid net debit.
    const signal = await t.repos.signals.get(o.signalId);
    expect(Number(order.limitPrice)).toBeGreaterThan(Number(signal.netDebit));

    const result = await executeOrder(testContext(t.repos, { now: () => now }), { orderId: o.orderId });
    expect(result).toMatchObject({ outcome: 'filled', fills: 3 });
    const fills = await t.db.prisma.fill.findMany({
      where: { orderId: o.orderId },
      select: { side: true, quantity: true, price: true },
    });
    // Σ signed fill value per unit (quantity 2) = the limit, in cents.
    const netCents = fills.reduce(
      (sum, f) => sum + (f.side === 'BUY' ? 1 : -1) * (f.quantity / 2) * Math.round(f.price.toNumber() * 100),
      0,
    );
    expect(netCents).toBe(expected);
  });

  it('a limit better than the market works (not filled), then is canceled after the time in force', async () => {
    const o = await createNewOrder(t.repos, { now, quantity: 2 });
    const natural = await t.repos.orders.get(o.orderId);
    // One cent better than the natural debit: the market never gives it at this quote.
    const better = (Number(natural.limitPrice) - 0.01).toFixed(2);
    await t.db.prisma.order.update({ where: { id: o.orderId }, data: { limitPrice: better } });
    const env = testEnv({ ORDER_TTL_MS: '60000' });
    const run = (ms: number) =>
      executeOrder(testContext(t.repos, { env, now: () => at(ms) }), { orderId: o.orderId }).catch(
        (e: unknown) => e,
      );

    for (const ms of [0, 30_000, 59_999]) {
      const error = await run(ms);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', retryable: true });
      expect((await t.repos.orders.get(o.orderId)).status).toBe('ACCEPTED');
    }
    const atBroker = await new SimulatedBroker(t.repos).getByClientOrderId(o.clientOrderId);
    expect(atBroker).toMatchObject({ status: 'accepted', fills: [] });
    expect(await t.repos.positions.portfolio()).toMatchObject({ openOrders: 1, positions: 0 });

    expect(await run(60_000)).toEqual({ outcome: 'canceled', reason: TIME_IN_FORCE_REASON });
    const order = await t.repos.orders.get(o.orderId);
    expect(order).toMatchObject({ status: 'CANCELED', rejectReason: TIME_IN_FORCE_REASON });
    expect(await t.db.prisma.fill.count()).toBe(0);
    expect(await t.db.prisma.position.count()).toBe(0);
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: 'order.cancel', entityId: o.orderId } }),
    ).toBe(1);
    expect(await new SimulatedBroker(t.repos).getByClientOrderId(o.clientOrderId)).toMatchObject({
      status: 'canceled',
      rejectReason: TIME_IN_FORCE_REASON,
    });
    // Canceled: no longer in flight, and final.
    expect(await t.repos.positions.portfolio()).toMatchObject({ openOrders: 0, pendingDelta: 0 });
    expect(await run(120_000)).toEqual({ outcome: 'already-final', status: 'CANCELED' });
  });

  it('a working order fills once the market reaches its limit', async () => {
    const o = await createNewOrder(t.repos, { now, quantity: 1 });
    const natural = await t.repos.orders.get(o.orderId);
    const better = (Number(natural.limitPrice) - 0.05).toFixed(2);
    await t.db.prisma.order.update({ where: { id: o.orderId }, data: { limitPrice: better } });
    const env = testEnv({ ORDER_TTL_MS: '600000' });
    const first = await executeOrder(testContext(t.repos, { env, now: () => now }), {
      orderId: o.orderId,
    }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'BROKER_UNAVAILABLE' });

    // Vol jumps: the long butterfly is short vol, so its natural debit falls below the limit.
    const later = at(10_000);
    await insertQuote(t.repos, { at: later, price: '100', vol: '0.6' });
    const naturalLater = naturalNetCents({ price: '100', vol: '0.6', at: later }, o.legs);
    expect(naturalLater).toBeLessThanOrEqual(Math.round(Number(better) * 100)); // precondition
    const result = await executeOrder(testContext(t.repos, { env, now: () => later }), {
      orderId: o.orderId,
    });
    expect(result).toMatchObject({ outcome: 'filled', submitted: false });
    expect((await t.repos.orders.get(o.orderId)).status).toBe('FILLED');
    expect(await t.db.prisma.fill.count({ where: { orderId: o.orderId } })).toBe(3);
  });

  it('canceling an order the broker already filled returns it filled; an unknown one, null', async () => {
    const o = await createNewOrder(t.repos, { now, quantity: 1 });
    const broker = new SimulatedBroker(t.repos, () => now);
    // The broker fills it at submission; our side only got as far as ACCEPTED.
    await t.repos.orders.markSubmitting(o.orderId, now);
    const full = await t.repos.orders.get(o.orderId);
    const placed = await broker.submit({
      clientOrderId: full.clientOrderId,
      underlying: full.underlying,
      quantity: full.quantity,
      limitPrice: full.limitPrice,
      legs: full.legs.map(({ id: _id, ...leg }) => leg),
    });
    expect(placed.status).toBe('filled');
    expect(await broker.cancel(full.clientOrderId, 'too late')).toMatchObject({ status: 'filled' });
    expect(await broker.cancel('zm-never-sent', 'nothing')).toBeNull();
  });
});
