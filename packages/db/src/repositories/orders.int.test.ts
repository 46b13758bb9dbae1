import type { AuditActor, Side } from '@zomma/contracts';
import { Position } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, passingVerdict, signalDraft, type TestDatabase } from '../testing.ts';

let t: TestDatabase;
let modelId: string;
const trader: AuditActor = { id: null, email: 'trader@zomma.dev', role: 'TRADER' };
const SYMBOL = 'ZMA270115C00105000';
const expiry = new Date('2027-01-15T00:00:00.000Z');

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  modelId = (await t.repos.models.champion('signal-rule')).id;
});
afterAll(() => t.drop());

/** An approved one-leg order on SYMBOL (side, quantity contracts). */
async function singleLegOrder(side: Side, quantity: number) {
  const draft = signalDraft(modelId, {
    quantity,
    legs: [
      {
        idx: 0,
        symbol: SYMBOL,
        right: 'CALL',
        side,
        ratio: 1,
        strike: '105',
        expiry,
        bid: '1',
        ask: '2',
        mid: '1.5',
        iv: '0.2',
        delta: '0.4',
      },
    ],
  });
  const s = await t.repos.signals.create(draft);
  const { order } = await t.repos.signals.approve({
    signalId: s.id,
    actor: trader,
    now: new Date(),
    broker: 'simulated',
    evaluate: () => passingVerdict(1),
  });
  return t.repos.orders.get(order.id);
}

async function fillAll(side: Side, quantity: number, price: string, id = crypto.randomUUID()) {
  const order = await singleLegOrder(side, quantity);
  const leg = order.legs[0];
  if (!leg) throw new Error('fixture');
  return t.repos.orders.bookFills({
    orderId: order.id,
    brokerOrderId: `B-${id}`,
    fills: [{ brokerFillId: `F-${id}`, orderLegId: leg.id, side, quantity, price, filledAt: new Date() }],
    now: new Date(),
  });
}

async function position(symbol = SYMBOL) {
  const row = await t.db.prisma.position.findUnique({
    where: { symbol },
    select: { quantity: true, avgPrice: true, realizedPnl: true },
  });
  return row && { q: row.quantity, avg: row.avgPrice.toString(), pnl: row.realizedPnl.toString() };
}

describe('order lifecycle', () => {
  it('markSubmitting counts attempts; markAccepted records the broker id; terminal orders stay put', async () => {
    const order = await singleLegOrder('BUY', 1);
    const at = new Date('2026-11-24T10:00:00.000Z');
    const s1 = await t.repos.orders.markSubmitting(order.id, at);
    expect(s1).toMatchObject({ status: 'SUBMITTING', attempts: 1, submittedAt: at });
    const s2 = await t.repos.orders.markSubmitting(order.id, at);
    expect(s2.attempts).toBe(2);
    const acc = await t.repos.orders.markAccepted(order.id, 'BRK-1');
    expect(acc).toMatchObject({ status: 'ACCEPTED', brokerOrderId: 'BRK-1' });
    expect((await t.repos.orders.markSubmitting(order.id)).status).toBe('ACCEPTED');
    const rejected = await t.repos.orders.markRejected(order.id, 'broker said no');
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'broker said no' });
    expect((await t.repos.orders.markRejected(order.id, 'twice')).rejectReason).toBe('broker said no');
    const audits = await t.repos.audit.list({ action: 'order.reject', limit: 10 });
    expect(audits.filter((a) => a.entityId === order.id)).toHaveLength(1);
    expect((await t.repos.orders.markSubmitting(order.id)).status).toBe('REJECTED');
  });

  it('listStale returns NEW/SUBMITTING/ACCEPTED orders not updated since the cutoff', async () => {
    const fresh = await singleLegOrder('BUY', 1);
    const future = () => new Date(Date.now() + 60_000);
    const stale = await t.repos.orders.listStale({ olderThan: future() });
    expect(stale).toContain(fresh.id);
    expect(await t.repos.orders.listStale({ olderThan: new Date(Date.now() - 3_600_000) })).not.toContain(
      fresh.id,
    );
    await t.repos.orders.markSubmitting(fresh.id);
    expect(await t.repos.orders.listStale({ olderThan: future() })).toContain(fresh.id);
    // Acknowledged by the broker but never filled: still stale.
    await t.repos.orders.markAccepted(fresh.id, 'BRK-STALE');
    expect(await t.repos.orders.listStale({ olderThan: future() })).toContain(fresh.id);
    const accepted = await t.db.prisma.order.findUniqueOrThrow({
      where: { id: fresh.id },
      select: { updatedAt: true },
    });
    expect(await t.repos.orders.listStale({ olderThan: accepted.updatedAt })).not.toContain(fresh.id);
    await t.repos.orders.markRejected(fresh.id, 'cleanup');
    expect(await t.repos.orders.listStale({ olderThan: future() })).not.toContain(fresh.id);
  });

  it('unknown order → NOT_FOUND', async () => {
    await expect(t.repos.orders.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('bookFills', () => {
  it('books a replay once: same fills, same position, one audit', async () => {
    const order = await singleLegOrder('SELL', 3);
    const leg = order.legs[0];
    if (!leg) throw new Error('fixture');
    const sym = leg.symbol;
    const before = await position(sym);
    const args = {
      orderId: order.id,
      brokerOrderId: 'BRK-R',
      fills: [
        {
          brokerFillId: 'R-1',
          orderLegId: leg.id,
          side: 'SELL' as const,
          quantity: 1,
          price: '2',
          filledAt: new Date(),
        },
        {
          brokerFillId: 'R-2',
          orderLegId: leg.id,
          side: 'SELL' as const,
          quantity: 2,
          price: '2.3',
          filledAt: new Date(),
        },
      ],
      now: new Date(),
    };
    const first = await t.repos.orders.bookFills(args);
    const second = await t.repos.orders.bookFills(args);
    const [third] = await Promise.all([t.repos.orders.bookFills(args), t.repos.orders.bookFills(args)]);
    expect(first.booked).toBe(2);
    expect(second.booked).toBe(0);
    expect(third?.booked).toBe(0);
    expect(first.order).toMatchObject({ status: 'FILLED', brokerOrderId: 'BRK-R' });
    expect(await t.repos.orders.listStale({ olderThan: new Date(Date.now() + 60_000) })).not.toContain(
      order.id,
    );
    expect(await t.db.prisma.fill.count({ where: { orderId: order.id } })).toBe(2);
    // -3 @ (1×2 + 2×2.3)/3 = 6.6/3 = 2.2 added to whatever was there (nothing: fresh symbol usage below)
    expect(before).toBeNull();
    expect(await position(sym)).toEqual({ q: -3, avg: '2.2', pnl: '0' });
    const audits = await t.repos.audit.list({ action: 'order.fill', limit: 50 });
    expect(audits.filter((a) => a.entityId === order.id)).toHaveLength(1);
    // clean the symbol for the next test: buy back 3 @ 2.2 → flat, realized 0
    await fillAll('BUY', 3, '2.2');
    expect(await position(sym)).toEqual({ q: 0, avg: '0', pnl: '0' });
  });

  it('refuses a fill for a leg of another order', async () => {
    const a = await singleLegOrder('BUY', 1);
    const b = await singleLegOrder('BUY', 1);
    const bLeg = b.legs[0];
    if (!bLeg) throw new Error('fixture');
    await expect(
      t.repos.orders.bookFills({
        orderId: a.id,
        brokerOrderId: 'x',
        fills: [
          {
            brokerFillId: 'X-1',
            orderLegId: bLeg.id,
            side: 'BUY',
            quantity: 1,
            price: '1',
            filledAt: new Date(),
          },
        ],
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('position arithmetic: open, add, reduce, flip, close (hand-computed, multiplier 100)', async () => {
    await fillAll('BUY', 2, '1.5');
    expect(await position()).toEqual({ q: 2, avg: '1.5', pnl: '0' });
    await fillAll('BUY', 1, '2.1'); // (2×1.5 + 2.1)/3 = 1.7
    expect(await position()).toEqual({ q: 3, avg: '1.7', pnl: '0' });
    await fillAll('SELL', 1, '2'); // (2 − 1.7) × 1 × 100 = 30
    expect(await position()).toEqual({ q: 2, avg: '1.7', pnl: '30' });
    await fillAll('SELL', 5, '1.2'); // close 2: (1.2 − 1.7) × 2 × 100 = −100 → −70; open −3 @ 1.2
    expect(await position()).toEqual({ q: -3, avg: '1.2', pnl: '-70' });
    const listed = await t.repos.positions.list();
    const p = listed.find((x) => x.symbol === SYMBOL);
    expect(p && Position.parse(p)).toMatchObject({
      quantity: -3,
      avgPrice: '1.2',
      realizedPnl: '-70',
      underlying: 'ZMA',
      right: 'CALL',
      strike: '105',
      multiplier: 100,
    });
    await fillAll('BUY', 3, '0.95'); // (1.2 − 0.95) × 3 × 100 = 75 → 5; flat
    expect(await position()).toEqual({ q: 0, avg: '0', pnl: '5' });
    expect((await t.repos.positions.list()).some((x) => x.symbol === SYMBOL)).toBe(false);
  });
});

describe('marks and portfolio', () => {
  it('applyMarks sets (mark − avg) × qty × multiplier and per-contract delta × qty; portfolio sums them', async () => {
    await fillAll('SELL', 2, '3'); // SYMBOL was flat with realized 5: now −2 @ 3
    const other = await singleLegOrder('BUY', 1);
    const leg = other.legs[0];
    if (!leg) throw new Error('fixture');
    const at = new Date('2026-11-24T12:00:00.000Z');
    const marked = await t.repos.positions.applyMarks(
      [
        // A call at delta 0.4025: +40.25 shares per contract, −80.5 for the −2 held.
        { symbol: SYMBOL, markPrice: '2.5', deltaPerContract: 40.25 },
        { symbol: 'NOT-HELD', markPrice: '1', deltaPerContract: 1 },
      ],
      at,
    );
    expect(marked).toBe(1);
    const p = (await t.repos.positions.list()).find((x) => x.symbol === SYMBOL);
    // (2.5 − 3) × (−2) × 100 = +100
    expect(p).toMatchObject({ markPrice: '2.5', unrealizedPnl: '100', delta: '-80.5', markedAt: at });
    const portfolio = await t.repos.positions.portfolio();
    const allRealized = await t.db.prisma.position.findMany({ select: { realizedPnl: true } });
    const realized = allRealized.reduce((s, r) => s + r.realizedPnl.toNumber(), 0);
    // Orders in flight (this file leaves some NEW), summed here row by row with Prisma.
    const inFlight = await t.db.prisma.order.findMany({
      where: { status: { in: ['NEW', 'SUBMITTING', 'ACCEPTED'] } },
      select: { id: true, quantity: true, signal: { select: { delta: true } } },
    });
    expect(inFlight.map((o) => o.id)).toContain(other.id);
    const pendingDelta = inFlight.reduce((s, o) => s + o.signal.delta.toNumber() * o.quantity, 0);
    expect(portfolio).toEqual({
      delta: -80.5,
      pendingDelta,
      openOrders: inFlight.length,
      positions: 1,
      unrealizedPnl: 100,
      realizedPnl: realized,
    });
    expect(realized).toBe(5);
  });

  it('a fill after a mark carries the mark: unrealized at the last mark price, delta scaled', async () => {
    await fillAll('SELL', 2, '2'); // −4 @ (2×3 + 2×2)/4 = 2.5
    const p = (await t.repos.positions.list()).find((x) => x.symbol === SYMBOL);
    // (2.5 − 2.5) × (−4) × 100 = 0; delta −80.5 × 4/2 = −161
    expect(p).toMatchObject({ quantity: -4, avgPrice: '2.5', unrealizedPnl: '0', delta: '-161' });
  });
});

describe('delta at booking and at marks', () => {
  // A symbol of its own: the tests above leave SYMBOL's row behind.
  const SYM = 'ZMA270115C00110000';

  async function orderOn(side: Side, quantity: number, legDelta: string) {
    const s = await t.repos.signals.create(
      signalDraft(modelId, {
        quantity,
        legs: [
          {
            idx: 0,
            symbol: SYM,
            right: 'CALL',
            side,
            ratio: 1,
            strike: '110',
            expiry,
            bid: '1',
            ask: '1.2',
            mid: '1.1',
            iv: '0.2',
            delta: legDelta,
          },
        ],
      }),
    );
    const { order } = await t.repos.signals.approve({
      signalId: s.id,
      actor: trader,
      now: new Date(),
      broker: 'simulated',
      evaluate: () => passingVerdict(1),
    });
    return t.repos.orders.get(order.id);
  }

  async function fill(side: Side, quantity: number, legDelta: string) {
    const order = await orderOn(side, quantity, legDelta);
    const leg = order.legs[0];
    if (!leg) throw new Error('fixture');
    const id = crypto.randomUUID();
    await t.repos.orders.bookFills({
      orderId: order.id,
      brokerOrderId: `B-${id}`,
      fills: [
        { brokerFillId: `F-${id}`, orderLegId: leg.id, side, quantity, price: '1.1', filledAt: new Date() },
      ],
      now: new Date(),
    });
  }

  async function deltaOf(symbol = SYM) {
    const row = await t.db.prisma.position.findUniqueOrThrow({ where: { symbol }, select: { delta: true } });
    return row.delta?.toString() ?? null;
  }

  it('opened from flat: leg delta × signed quantity × multiplier, before any mark', async () => {
    await fill('BUY', 3, '0.35'); // 0.35 × 3 × 100 = 105
    expect(await deltaOf()).toBe('105');
    // Unmarked, added to: per contract still the leg's (35), × 5.
    await fill('BUY', 2, '0.5'); // the position's 35/contract is kept, not the new leg's 50
    expect(await deltaOf()).toBe('175');
    // Marked at 42 per contract: the mark's per-contract delta wins for the next fill.
    expect(
      await t.repos.positions.applyMarks(
        [{ symbol: SYM, markPrice: '1.3', deltaPerContract: 42 }],
        new Date(),
      ),
    ).toBe(1);
    expect(await deltaOf()).toBe('210');
    await fill('SELL', 1, '0.35'); // 42 × 4 = 168
    expect(await deltaOf()).toBe('168');
    await fill('SELL', 4, '0.35'); // flat: 0
    expect(await deltaOf()).toBe('0');
    // Reopened short from flat: the leg's delta again, signed: 0.3 × (−2) × 100 = −60.
    await fill('SELL', 2, '0.3');
    expect(await deltaOf()).toBe('-60');
    const portfolio = await t.repos.positions.portfolio();
    const rows = await t.db.prisma.position.findMany({
      where: { quantity: { not: 0 } },
      select: { delta: true },
    });
    expect(portfolio.delta).toBe(rows.reduce((sum, r) => sum + (r.delta?.toNumber() ?? 0), 0));
  });

  it('applyMarks multiplies the per-contract delta by the quantity under the lock, not a stale one', async () => {
    // The caller read the position at −2 and computed its marks; then a fill moved it to −5.
    const stale = (await t.repos.positions.list()).find((p) => p.symbol === SYM);
    expect(stale?.quantity).toBe(-2);
    await fill('SELL', 3, '0.3');
    await t.repos.positions.applyMarks(
      [{ symbol: SYM, markPrice: '1.25', deltaPerContract: 31.5 }],
      new Date(),
    );
    // 31.5 × (−5) = −157.5 (a whole-position delta from the stale read would say −63).
    expect(await deltaOf()).toBe('-157.5');
  });
});

describe('bookFills: quantities', () => {
  it('partial fills are booked and keep the order ACCEPTED; the last one makes it FILLED', async () => {
    const order = await singleLegOrder('BUY', 3);
    const leg = order.legs[0];
    if (!leg) throw new Error('fixture');
    const before = (await position())?.q ?? 0;
    const part = (id: string, quantity: number) => ({
      orderId: order.id,
      brokerOrderId: 'BRK-P',
      fills: [
        {
          brokerFillId: id,
          orderLegId: leg.id,
          side: 'BUY' as const,
          quantity,
          price: '1.5',
          filledAt: new Date(),
        },
      ],
      now: new Date(),
    });
    const first = await t.repos.orders.bookFills(part('P-1', 1));
    expect(first).toMatchObject({ booked: 1, complete: false });
    expect(first.order).toMatchObject({ status: 'ACCEPTED', brokerOrderId: 'BRK-P', filledAt: null });
    expect((await position())?.q).toBe(before + 1);
    // Still in flight: its exposure stays pending until the whole order is filled.
    expect(await t.repos.orders.listStale({ olderThan: new Date(Date.now() + 60_000) })).toContain(order.id);

    const last = await t.repos.orders.bookFills(part('P-2', 2));
    expect(last).toMatchObject({ booked: 1, complete: true });
    expect(last.order.status).toBe('FILLED');
    expect((await position())?.q).toBe(before + 3);
    const audits = await t.repos.audit.list({ action: 'order.fill', limit: 50 });
    expect(audits.filter((a) => a.entityId === order.id)).toHaveLength(2);
  });

  it('a multi-leg order with one leg unfilled is not FILLED', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId, { quantity: 2 }));
    const { order: ref } = await t.repos.signals.approve({
      signalId: s.id,
      actor: trader,
      now: new Date(),
      broker: 'simulated',
      evaluate: () => passingVerdict(1),
    });
    const order = await t.repos.orders.get(ref.id);
    const [sell, buy] = order.legs;
    if (!sell || !buy) throw new Error('fixture');
    const one = { orderLegId: sell.id, side: sell.side, quantity: 2, price: '3', filledAt: new Date() };
    const r = await t.repos.orders.bookFills({
      orderId: order.id,
      brokerOrderId: 'BRK-M',
      fills: [{ ...one, brokerFillId: 'M-0' }],
      now: new Date(),
    });
    expect(r).toMatchObject({ complete: false, order: { status: 'ACCEPTED' } });
    const done = await t.repos.orders.bookFills({
      orderId: order.id,
      brokerOrderId: 'BRK-M',
      fills: [
        {
          brokerFillId: 'M-1',
          orderLegId: buy.id,
          side: buy.side,
          quantity: 2,
          price: '1.5',
          filledAt: new Date(),
        },
      ],
      now: new Date(),
    });
    expect(done).toMatchObject({ complete: true, order: { status: 'FILLED' } });
  });

  it('an over-fill is corrupt data: CORRUPT_DATA, nothing written (in one call or across calls)', async () => {
    const order = await singleLegOrder('BUY', 2);
    const leg = order.legs[0];
    if (!leg) throw new Error('fixture');
    const f = (id: string, quantity: number) => ({
      brokerFillId: id,
      orderLegId: leg.id,
      side: 'BUY' as const,
      quantity,
      price: '1.5',
      filledAt: new Date(),
    });
    const counts = async () => ({
      fills: await t.db.prisma.fill.count({ where: { orderId: order.id } }),
      audits: await t.db.prisma.auditEvent.count({ where: { entityId: order.id } }),
      position: await position(),
      status: (await t.repos.orders.get(order.id)).status,
    });
    const before = await counts();
    const over = await t.repos.orders
      .bookFills({
        orderId: order.id,
        brokerOrderId: 'BRK-O',
        fills: [f('O-1', 2), f('O-2', 1)],
        now: new Date(),
      })
      .catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'CORRUPT_DATA', details: { filled: 3, ordered: 2 } });
    expect(await counts()).toEqual(before);

    const filled = await t.repos.orders.bookFills({
      orderId: order.id,
      brokerOrderId: 'BRK-O',
      fills: [f('O-1', 2)],
      now: new Date(),
    });
    expect(filled.order.status).toBe('FILLED');
    const afterFill = await counts();
    const again = await t.repos.orders
      .bookFills({
        orderId: order.id,
        brokerOrderId: 'BRK-O',
        fills: [f('O-1', 2), f('O-3', 1)],
        now: new Date(),
      })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'CORRUPT_DATA' });
    expect(await counts()).toEqual(afterFill);
  });
});

describe('markCanceled', () => {
  it('ACCEPTED → CANCELED with the reason and one order.cancel audit; terminal orders stay put', async () => {
    const order = await singleLegOrder('BUY', 1);
    await t.repos.orders.markAccepted(order.id, 'BRK-C');
    const canceled = await t.repos.orders.markCanceled(order.id, 'limit not reached within time in force');
    expect(canceled).toMatchObject({
      status: 'CANCELED',
      rejectReason: 'limit not reached within time in force',
    });
    expect((await t.repos.orders.markCanceled(order.id, 'again')).rejectReason).toBe(
      'limit not reached within time in force',
    );
    const audits = (await t.repos.audit.list({ action: 'order.cancel', limit: 10 })).filter(
      (a) => a.entityId === order.id,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.data).toMatchObject({ previousStatus: 'ACCEPTED' });
    expect(await t.repos.orders.listStale({ olderThan: new Date(Date.now() + 60_000) })).not.toContain(
      order.id,
    );
  });
});
