import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainAt, toSnapshot } from '../sim-market.ts';
import { createNewOrder, insertQuote } from '../testing/fixtures.ts';
import { testContext } from '../testing/test-context.ts';
import { executeOrder } from './execute-order.handler.ts';
import { markPositions } from './mark-positions.handler.ts';

describe('positions.mark', () => {
  let t: TestDatabase;
  const now = new Date('2026-03-02T15:30:00Z');
  let legs: Awaited<ReturnType<typeof createNewOrder>>['legs'];

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, now });
    await insertQuote(t.repos, { at: now, price: '100', vol: '0.25' });
    const order = await createNewOrder(t.repos, { now, quantity: 3 });
    legs = order.legs;
    await executeOrder(testContext(t.repos, { now: () => now }), { orderId: order.orderId });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('marks at the chain mid the signal was priced from, with delta × quantity × multiplier', async () => {
    const result = await markPositions(testContext(t.repos), {});
    expect(result).toEqual({ marked: 3, skipped: [] });
    const positions = await t.repos.positions.list();
    for (const leg of legs) {
      const p = positions.find((x) => x.symbol === leg.symbol);
      expect(p).toBeDefined();
      if (!p) continue;
      expect(Number(p.markPrice)).toBe(Number(leg.mid));
      expect(Number(p.delta)).toBeCloseTo(Number(leg.delta) * p.quantity * 100, 3);
      expect(Number(p.unrealizedPnl)).toBeCloseTo(
        (Number(leg.mid) - Number(p.avgPrice)) * p.quantity * 100,
        4,
      );
      expect(p.markedAt).toEqual(now);
    }
  });

  it('follows the market: a new quote re-marks every position at the new chain', async () => {
    const later = new Date(now.getTime() + 3_600_000);
    await insertQuote(t.repos, { at: later, price: '104', vol: '0.3' });
    await markPositions(testContext(t.repos), {});
    const chain = chainAt(toSnapshot({ symbol: 'ZMA', at: later, price: '104', vol: '0.3' }));
    for (const p of await t.repos.positions.list()) {
      const q = chain.find((c) => c.symbol === p.symbol);
      expect(q).toBeDefined();
      expect(Number(p.markPrice)).toBeCloseTo(q?.mid ?? Number.NaN, 6);
      expect(Number(p.delta)).toBeCloseTo((q?.delta ?? Number.NaN) * p.quantity * 100, 3);
    }
  });

  it('marks expired contracts at intrinsic value with no delta', async () => {
    const afterExpiry = new Date((legs[0]?.expiry.getTime() ?? 0) + 2 * 86_400_000);
    await insertQuote(t.repos, { at: afterExpiry, price: '103', vol: '0.25' });
    await markPositions(testContext(t.repos), {});
    for (const p of await t.repos.positions.list()) {
      expect(Number(p.markPrice)).toBeCloseTo(Math.max(103 - Number(p.strike), 0), 9);
      expect(Number(p.delta)).toBe(0);
    }
  });

  it('takes the quantity under the row lock: a fill booked after the list read is marked at its new size', async () => {
    const own = await createTestDatabase({ seed: true, now });
    try {
      await insertQuote(own.repos, { at: now, price: '100', vol: '0.25' });
      const first = await createNewOrder(own.repos, { now, quantity: 1 });
      await executeOrder(testContext(own.repos, { now: () => now }), { orderId: first.orderId });
      // Between the handler's read of the positions and its marks, another order fills on the
      // same contracts (1 unit → 3 units).
      const racing: typeof own.repos = {
        ...own.repos,
        positions: {
          ...own.repos.positions,
          list: async () => {
            const read = await own.repos.positions.list();
            const second = await createNewOrder(own.repos, { now, quantity: 2 });
            await executeOrder(testContext(own.repos, { now: () => now }), { orderId: second.orderId });
            return read;
          },
        },
      };
      expect(await markPositions(testContext(racing), {})).toEqual({ marked: 3, skipped: [] });
      const chain = chainAt(toSnapshot({ symbol: 'ZMA', at: now, price: '100', vol: '0.25' }));
      const positions = await own.repos.positions.list();
      expect(positions).toHaveLength(3);
      for (const p of positions) {
        const q = chain.find((c) => c.symbol === p.symbol);
        const ratio = first.legs.find((l) => l.symbol === p.symbol)?.ratio ?? Number.NaN;
        expect(Math.abs(p.quantity)).toBe(3 * ratio);
        // The delta of the 3-unit position, not of the 1 unit the handler read.
        expect(Number(p.delta)).toBeCloseTo((q?.delta ?? Number.NaN) * p.quantity * 100, 3);
      }
    } finally {
      await own.drop();
    }
  });
});
