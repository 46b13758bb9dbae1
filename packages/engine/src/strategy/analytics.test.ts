import { describe, expect, it } from 'vitest';
import type { OptionRight } from '../types.ts';
import {
  breakevens,
  maxProfitLoss,
  netDebitPerShare,
  payoffAtExpiry,
  pnlAtExpiry,
  strategyDelta,
} from './analytics.ts';
import type { Leg, LegSide } from './leg.ts';

const expiry = new Date('2026-12-18T00:00:00Z');
const leg = (right: OptionRight, strike: number, side: LegSide, mid: number, delta = 0, ratio = 1): Leg => ({
  symbol: `T${right[0]}${strike}`,
  right,
  strike,
  expiry,
  side,
  ratio,
  bid: mid - 0.05,
  ask: mid + 0.05,
  mid,
  iv: 0.2,
  delta,
});

// Hand-checkable iron condor 90/95/105/110: credit 1.20 + 1.10 − 0.50 − 0.40 = 1.40 per share;
// max profit 1.40 between the short strikes, max loss 5 − 1.40 = 3.60 beyond either wing,
// breakevens 95 − 1.40 = 93.60 and 105 + 1.40 = 106.40.
const condor = [
  leg('put', 90, 'buy', 0.5, -0.1),
  leg('put', 95, 'sell', 1.2, -0.2),
  leg('call', 105, 'sell', 1.1, 0.22),
  leg('call', 110, 'buy', 0.4, 0.09),
];
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12);

describe('iron condor by hand', () => {
  it('net credit, max profit / loss, breakevens, delta', () => {
    close(netDebitPerShare(condor), -1.4);
    const pl = maxProfitLoss(condor);
    expect(typeof pl.maxProfit === 'number' && typeof pl.maxLoss === 'number').toBe(true);
    close(pl.maxProfit as number, 1.4);
    close(pl.maxLoss as number, 3.6);
    const be = breakevens(condor);
    expect(be).toHaveLength(2);
    close(be[0] ?? 0, 93.6);
    close(be[1] ?? 0, 106.4);
    // −(−0.1) ... Σ sign·delta = −0.1 + 0.2 − 0.22 + 0.09 = −0.03
    close(strategyDelta(condor), -0.03);
  });
  it('payoff table', () => {
    const table: Array<[number, number]> = [
      [0, -5],
      [90, -5],
      [92.5, -2.5],
      [95, 0],
      [100, 0],
      [105, 0],
      [108, -3],
      [110, -5],
      [500, -5],
    ];
    for (const [s, want] of table) close(payoffAtExpiry(condor, s), want);
  });
  it('is symmetric around 100 when built symmetrically', () => {
    for (let x = 0; x <= 30; x += 0.7)
      close(payoffAtExpiry(condor, 100 + x), payoffAtExpiry(condor, 100 - x));
  });
  it('priceOf selects the price used (natural: pay ask, receive bid)', () => {
    const natural = netDebitPerShare(condor, (l) => (l.side === 'buy' ? l.ask : l.bid));
    close(natural, -1.4 + 4 * 0.05);
  });
});

describe('verticals by hand (max loss = width − credit)', () => {
  it('bull put spread 95/90, credit 0.70: max profit 0.70, max loss 4.30, breakeven 94.30', () => {
    const legs = [leg('put', 90, 'buy', 0.5), leg('put', 95, 'sell', 1.2)];
    close(netDebitPerShare(legs), -0.7);
    const pl = maxProfitLoss(legs);
    close(pl.maxProfit as number, 0.7);
    close(pl.maxLoss as number, 4.3);
    const [be] = breakevens(legs);
    close(be ?? 0, 94.3);
  });
  it('bear call spread 105/110, credit 0.70: max loss 4.30, breakeven 105.70', () => {
    const legs = [leg('call', 105, 'sell', 1.1), leg('call', 110, 'buy', 0.4)];
    const pl = maxProfitLoss(legs);
    close(pl.maxProfit as number, 0.7);
    close(pl.maxLoss as number, 4.3);
    const [be] = breakevens(legs);
    close(be ?? 0, 105.7);
  });
  it('bull call (debit) spread 100/105 for 2.10: max profit 2.90, max loss 2.10, breakeven 102.10', () => {
    const legs = [leg('call', 100, 'buy', 3.0), leg('call', 105, 'sell', 0.9)];
    close(netDebitPerShare(legs), 2.1);
    const pl = maxProfitLoss(legs);
    close(pl.maxProfit as number, 2.9);
    close(pl.maxLoss as number, 2.1);
    close(breakevens(legs)[0] ?? 0, 102.1);
  });
});

describe('unbounded and degenerate shapes', () => {
  it('long call: unlimited profit, loss = premium, breakeven K + premium', () => {
    const legs = [leg('call', 100, 'buy', 2.5)];
    expect(maxProfitLoss(legs)).toEqual({ maxProfit: 'unlimited', maxLoss: 2.5 });
    expect(breakevens(legs)).toEqual([102.5]);
  });
  it('short call: unlimited loss; short put: loss K − premium at S = 0', () => {
    expect(maxProfitLoss([leg('call', 100, 'sell', 2.5)])).toEqual({ maxProfit: 2.5, maxLoss: 'unlimited' });
    expect(maxProfitLoss([leg('put', 100, 'sell', 2.5)])).toEqual({ maxProfit: 2.5, maxLoss: 97.5 });
  });
  it('call ratio spread 1×2: unlimited loss above, breakevens on both sides', () => {
    // Buy 1 100C at 3, sell 2 105C at 1.5: zero cost. P&L = 0 below 100, peaks at +5 at 105, 0 at 110.
    const legs = [leg('call', 100, 'buy', 3), leg('call', 105, 'sell', 1.5, 0, 2)];
    expect(maxProfitLoss(legs)).toEqual({ maxProfit: 5, maxLoss: 'unlimited' });
    expect(breakevens(legs)).toEqual([0, 100, 110]);
  });
  it('box spread: payoff is the strike difference at every spot', () => {
    const box = [
      leg('call', 95, 'buy', 7),
      leg('call', 105, 'sell', 1.5),
      leg('put', 105, 'buy', 6.4),
      leg('put', 95, 'sell', 2.0),
    ];
    for (const s of [0, 50, 95, 99.9, 100, 105, 150, 1e4]) close(payoffAtExpiry(box, s), 10);
    close(netDebitPerShare(box), 9.9);
    const pl = maxProfitLoss(box);
    close(pl.maxProfit as number, 0.1);
    close(pl.maxLoss as number, -0.1);
    expect(breakevens(box)).toEqual([]);
    close(pnlAtExpiry(box, 42), 0.1);
  });
  it('mixed expiries are a programmer error for expiry analytics', () => {
    const other = { ...leg('call', 100, 'buy', 1), expiry: new Date('2027-01-15T00:00:00Z') };
    expect(() => maxProfitLoss([leg('call', 100, 'sell', 1), other])).toThrow(RangeError);
  });
});
