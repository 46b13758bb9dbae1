import { describe, expect, it } from 'vitest';
import { legValue, type PositionLeg } from '../portfolio/position.ts';
import { maxProfitLoss } from './analytics.ts';
import type { Leg } from './leg.ts';
import { horizonPnl, netDebit, profitLoss } from './payoff.ts';
import { ALL, asOf, built, ctx, isMultiExpiry, market, volOf } from './strategy-fixtures.test-helper.ts';

/** Independent expiry P&L: Σ intrinsic·q·m + stock − Σ q·m·entry. */
function refPnl(legs: readonly PositionLeg[], s: number): number {
  let v = 0;
  for (const l of legs) {
    const i = l.instrument;
    const m = i.kind === 'option' ? i.multiplier : 1;
    const x = i.kind === 'stock' ? s : Math.max(0, i.right === 'call' ? s - i.strike : i.strike - s);
    v += l.quantity * m * (x - (l.entryPrice ?? 0));
  }
  return v;
}

const single = ALL.filter(([, legs]) => !isMultiExpiry(legs));
const multi = ALL.filter(([, legs]) => isMultiExpiry(legs));

describe('profitLoss, single expiry (exact, piecewise linear)', () => {
  it.each(single)('%s: breakevens are exact roots with a sign change', (_n, legs) => {
    const { breakevens } = profitLoss(legs, ctx);
    for (const b of breakevens) {
      expect(Math.abs(refPnl(legs, b))).toBeLessThan(1e-9);
      const d = 1e-6 * b;
      expect(refPnl(legs, b - d) * refPnl(legs, b + d)).toBeLessThan(0);
    }
    // Brute force: every sign change on a fine grid is bracketed by a reported breakeven.
    let prev = refPnl(legs, 0.005);
    for (let s = 0.01; s < 400; s += 0.01) {
      const cur = refPnl(legs, s);
      if (prev * cur < 0) expect(breakevens.some((b) => b > s - 0.011 && b < s + 1e-9)).toBe(true);
      prev = cur;
    }
  });

  it.each(single)('%s: max profit/loss match a brute-force grid and the asymptotic slope', (_n, legs) => {
    const r = profitLoss(legs, ctx);
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    // The grid (step 0.5) contains every integer strike and 0, where the extremes lie.
    for (let s = 0; s <= 400; s += 0.5) {
      hi = Math.max(hi, refPnl(legs, s));
      lo = Math.min(lo, refPnl(legs, s));
    }
    const far = refPnl(legs, 1e7) - refPnl(legs, 1e7 - 1);
    if (far > 1e-6) expect(r.maxProfit).toBe('unlimited');
    else expect(r.maxProfit).toBeCloseTo(hi, 8);
    if (far < -1e-6) expect(r.maxLoss).toBe('unlimited');
    else expect(r.maxLoss).toBeCloseTo(-lo, 8);
    const cost = legs.reduce(
      (c, l) => c + l.quantity * (l.instrument.kind === 'option' ? 100 : 1) * (l.entryPrice ?? Number.NaN),
      0,
    );
    expect(r.netDebit).toBeCloseTo(cost, 9);
  });

  it('agrees with the legacy per-share analytics on option-only strategies (× multiplier)', () => {
    for (const [name, legs] of single) {
      if (legs.some((l) => l.instrument.kind === 'stock')) continue;
      const old: Leg[] = legs.map((l) => {
        const i = l.instrument;
        if (i.kind !== 'option') throw new Error('stock');
        const mid = l.entryPrice ?? 0;
        return {
          ...{ symbol: name, right: i.right, strike: i.strike, expiry: i.expiry },
          ...{ side: l.quantity > 0 ? 'buy' : 'sell', ratio: Math.abs(l.quantity) },
          ...{ bid: mid, ask: mid, mid, iv: 0, delta: 0 },
        };
      });
      const a = maxProfitLoss(old);
      const b = profitLoss(legs, ctx);
      const same = (x: number | 'unlimited', y: number | 'unlimited') =>
        x === 'unlimited' ? expect(y).toBe('unlimited') : expect(y).toBeCloseTo(x * 100, 8);
      same(a.maxProfit, b.maxProfit);
      same(a.maxLoss, b.maxLoss);
    }
  });

  it('covered call: closed-form max profit and loss including the stock leg', () => {
    const legs = built('covered_call');
    const call = legs.find((l) => l.instrument.kind === 'option');
    if (call?.instrument.kind !== 'option') throw new Error('no call');
    const prem = call.entryPrice ?? 0;
    const r = profitLoss(legs, ctx);
    expect(r.maxProfit).toBeCloseTo((call.instrument.strike - market.spot + prem) * 100, 9);
    expect(r.maxLoss).toBeCloseTo((market.spot - prem) * 100, 9);
    expect(r.maxLossAt).toBe(0);
    expect(r.breakevens).toHaveLength(1);
    expect(r.breakevens[0]).toBeCloseTo(market.spot - prem, 9);
  });
});

describe('profitLoss, several expiries (at the near expiry, far legs by BSM)', () => {
  it.each(multi)('%s: breakevens are roots; extremes match a brute-force grid of legValue', (_n, legs) => {
    const h = horizonPnl(legs, ctx);
    expect(h.linear).toBe(false);
    const near = h.horizon ?? asOf;
    // Independent path: position value by legValue with asOf = the near expiry.
    const ref = (s: number) =>
      legs.reduce(
        (v, l) =>
          v + legValue(l, { ...market, spot: s }, near, { spotMove: 0, volShift: 0, daysForward: 0 }, volOf),
        0,
      ) - netDebit(legs);
    const r = profitLoss(legs, ctx);
    expect(r.breakevens.length).toBeGreaterThanOrEqual(1);
    for (const b of r.breakevens) {
      expect(Math.abs(ref(b))).toBeLessThan(1e-9);
      expect(ref(b * (1 - 1e-6)) * ref(b * (1 + 1e-6))).toBeLessThan(0);
    }
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    let crossings = 0;
    let prev = ref(0.05);
    for (let s = 0.05; s <= 1000; s += 0.05) {
      const v = ref(s);
      hi = Math.max(hi, v);
      lo = Math.min(lo, v);
      if (v * prev < 0) crossings++;
      prev = v;
    }
    expect(r.breakevens.filter((b) => b > 0.05 && b < 1000)).toHaveLength(crossings);
    // Bounded both ways with q > 0 only when the slope at ∞ is 0 (not for a net short far call).
    if (typeof r.maxProfit === 'number') {
      expect(r.maxProfit).toBeGreaterThanOrEqual(hi - 1e-9);
      expect(r.maxProfit - hi).toBeLessThan(1e-3);
    }
    if (typeof r.maxLoss === 'number') expect(Math.abs(r.maxLoss + lo)).toBeLessThan(0.5);
  });

  it('calendar: max profit near the strike, loss bounded by the debit (q = 0)', () => {
    const legs = built('call_calendar');
    const flatCtx = { ...ctx, market: { ...market, dividendYield: 0 } };
    const r = profitLoss(legs, flatCtx);
    const k = legs[0]?.instrument.kind === 'option' ? legs[0].instrument.strike : 0;
    expect(typeof r.maxProfitAt === 'number' && Math.abs(r.maxProfitAt - k) < 2).toBe(true);
    expect(r.maxLoss).not.toBe('unlimited');
    expect(r.maxLoss).toBeLessThanOrEqual(netDebit(legs) + 1e-9);
    expect(r.maxLoss).toBeGreaterThan(netDebit(legs) * 0.9);
  });
});
