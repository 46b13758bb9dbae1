import { describe, expect, it } from 'vitest';
import { MS_PER_YEAR, type PositionLeg } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { horizonOf, netDebit } from './payoff.ts';
import { daysAfter, pnlGrid } from './pnl-grid.ts';
import { ALL, asOf, built, isMultiExpiry, market, volOf } from './strategy-fixtures.test-helper.ts';

const prices = [60, 80, 95, 100, 104.5, 120, 150];
const volShifts = [-0.05, 0, 0.1];
const intrinsicPnl = (legs: readonly PositionLeg[], s: number) =>
  legs.reduce((v, l) => {
    const i = l.instrument;
    const m = i.kind === 'option' ? i.multiplier : 1;
    const x = i.kind === 'stock' ? s : Math.max(0, i.right === 'call' ? s - i.strike : i.strike - s);
    return v + l.quantity * m * (x - (l.entryPrice ?? 0));
  }, 0);
/** Current value by pricing each leg directly (independent of positionValue). */
const currentValue = (legs: readonly PositionLeg[]) =>
  legs.reduce((v, l) => {
    const i = l.instrument;
    if (i.kind === 'stock') return v + l.quantity * market.spot;
    const tYears = (i.expiry.getTime() - asOf.getTime()) / MS_PER_YEAR;
    const p = priceEuropean({
      ...market,
      right: i.right,
      strike: i.strike,
      tYears,
      vol: volOf(l as Parameters<typeof volOf>[0]),
    });
    return v + l.quantity * i.multiplier * p;
  }, 0);

describe('pnlGrid', () => {
  it.each(ALL.filter(([, l]) => !isMultiExpiry(l)))(
    '%s: expiry = payoff − cost; t=0 = value − cost',
    (_n, legs) => {
      const exp = horizonOf(legs);
      const dExp = exp ? daysAfter(asOf, exp) : 30;
      const g = pnlGrid(legs, {
        market,
        asOf,
        volOf,
        prices: [...prices, market.spot],
        days: [0, dExp, dExp + 5],
        volShifts,
      });
      expect(g.values).toHaveLength(8 * 3 * 3);
      prices.forEach((p, i) => {
        for (let k = 0; k < volShifts.length; k++) {
          expect(g.at(i, 1, k)).toBeCloseTo(intrinsicPnl(legs, p), 5);
          expect(g.at(i, 2, k)).toBeCloseTo(intrinsicPnl(legs, p), 9);
        }
      });
      // At spot, today, no shift: current value − cost; entries at mid make it ≈ 0.
      expect(g.at(prices.length, 0, 1)).toBeCloseTo(currentValue(legs) - netDebit(legs), 8);
      expect(Math.abs(g.at(prices.length, 0, 1))).toBeLessThan(1e-6 * Math.max(1, Math.abs(netDebit(legs))));
    },
  );

  it('calendar: at the near expiry the near leg is intrinsic and the far leg keeps time value', () => {
    const legs = built('call_calendar');
    const [near, far] = legs;
    if (near?.instrument.kind !== 'option' || far?.instrument.kind !== 'option') throw new Error('legs');
    const dNear = daysAfter(asOf, near.instrument.expiry);
    const g = pnlGrid(legs, { market, asOf, volOf, prices, days: [dNear], volShifts: [0, 0.1] });
    const tau = (far.instrument.expiry.getTime() - near.instrument.expiry.getTime()) / MS_PER_YEAR;
    const k = near.instrument.strike;
    prices.forEach((p, i) => {
      const farVal = priceEuropean({
        ...market,
        spot: p,
        right: 'call',
        strike: k,
        tYears: tau,
        vol: volOf(far as Parameters<typeof volOf>[0]),
      });
      const expected = -100 * Math.max(0, p - k) + 100 * farVal - netDebit(legs);
      expect(g.at(i, 0, 0)).toBeCloseTo(expected, 5);
      expect(farVal).toBeGreaterThan(Math.max(0, p - k) * Math.exp(-market.rate * tau) - 1e-12);
      // More vol: the long far leg gains.
      expect(g.at(i, 0, 1)).toBeGreaterThan(g.at(i, 0, 0));
    });
    expect(() => g.at(0, 1, 0)).toThrow(RangeError);
  });
});
