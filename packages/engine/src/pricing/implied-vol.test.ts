import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionRight } from '../types.ts';
import { greeksEuropean, priceEuropean } from './black-scholes.ts';
import { impliedVol } from './implied-vol.ts';

const market = { spot: 100, rate: 0.03, dividendYield: 0.01 };

describe('impliedVol round trip', () => {
  // Property: for log-moneyness ln(K/F) ∈ [−0.6, 0.6], T ∈ [1 day, 5 y], σ ∈ [2%, 300%], both rights,
  // the solver recovers σ to 1e-9 absolute whenever the option has usable vega (vega ≥ 1e-6·S·√T:
  // below that a price carries too few significant digits to pin σ) and otherwise reprices to
  // 1e-12·S absolute.
  it('recovers the vol that produced the price (fast-check, 2000 runs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.6, max: 0.6, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.02, max: 3, noNaN: true }),
        fc.constantFrom<OptionRight>('call', 'put'),
        (logMoneyness, tYears, vol, right) => {
          const forward = market.spot * Math.exp((market.rate - market.dividendYield) * tYears);
          const strike = forward * Math.exp(logMoneyness);
          const o = { ...market, right, strike, tYears, vol };
          const g = greeksEuropean(o);
          const res = impliedVol({ ...market, right, strike, tYears, price: g.price });
          if (!res.ok) {
            // Only a price indistinguishable from a bound may fail, and then as a bound, not as a crash.
            expect(g.vega).toBeLessThan(1e-6 * market.spot * Math.sqrt(tYears));
            return;
          }
          const repriced = priceEuropean({ ...o, vol: res.vol });
          expect(Math.abs(repriced - g.price)).toBeLessThanOrEqual(1e-12 * market.spot);
          if (g.vega >= 1e-6 * market.spot * Math.sqrt(tYears)) {
            expect(Math.abs(res.vol - vol)).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: 2000, seed: 20240601 },
    );
  });

  it('table: typical listed options recover σ to 1e-12', () => {
    for (const strike of [80, 90, 100, 110, 120])
      for (const tYears of [7 / 365, 30 / 365, 0.5, 2])
        for (const vol of [0.1, 0.25, 0.6])
          for (const right of ['call', 'put'] as const) {
            const price = priceEuropean({ ...market, right, strike, tYears, vol });
            const res = impliedVol({ ...market, right, strike, tYears, price });
            const vega = greeksEuropean({ ...market, right, strike, tYears, vol }).vega;
            if (vega < 1e-3) continue; // far OTM weekly: too few digits in the price
            expect(res.ok).toBe(true);
            if (res.ok)
              expect(Math.abs(res.vol - vol)).toBeLessThanOrEqual(1e-12 / Math.min(1, vega) + 1e-13);
          }
  });

  it('Hull example: c = 4.7594 at S=42, K=40, r=10%, T=0.5 implies σ ≈ 20% (±1e-4)', () => {
    const res = impliedVol({
      right: 'call',
      spot: 42,
      strike: 40,
      tYears: 0.5,
      rate: 0.1,
      dividendYield: 0,
      price: 4.7594,
    });
    expect(res.ok && Math.abs(res.vol - 0.2) < 1e-4).toBe(true);
  });
});

describe('impliedVol bounds', () => {
  const q = { ...market, strike: 90, tYears: 0.5 };
  const spotPv = market.spot * Math.exp(-market.dividendYield * 0.5);
  const strikePv = 90 * Math.exp(-market.rate * 0.5);
  it('BELOW_INTRINSIC below the discounted forward intrinsic', () => {
    expect(impliedVol({ ...q, right: 'call', price: spotPv - strikePv - 0.01 })).toEqual({
      ok: false,
      reason: 'BELOW_INTRINSIC',
    });
    expect(impliedVol({ ...q, right: 'put', price: -0.01 })).toEqual({
      ok: false,
      reason: 'BELOW_INTRINSIC',
    });
  });
  it('ABOVE_MAX at or above S·e^{−qT} (call) and K·e^{−rT} (put)', () => {
    expect(impliedVol({ ...q, right: 'call', price: spotPv })).toEqual({ ok: false, reason: 'ABOVE_MAX' });
    expect(impliedVol({ ...q, right: 'call', price: spotPv + 1 })).toEqual({
      ok: false,
      reason: 'ABOVE_MAX',
    });
    expect(impliedVol({ ...q, right: 'put', price: strikePv + 0.5 })).toEqual({
      ok: false,
      reason: 'ABOVE_MAX',
    });
  });
  it('exactly intrinsic implies zero vol', () => {
    expect(impliedVol({ ...q, right: 'call', price: spotPv - strikePv })).toEqual({ ok: true, vol: 0 });
  });
  it('just inside the bounds still solves', () => {
    const res = impliedVol({ ...q, right: 'call', price: spotPv - strikePv + 0.05 });
    expect(res.ok).toBe(true);
    if (res.ok) {
      const repriced = priceEuropean({ ...q, right: 'call', vol: res.vol });
      expect(Math.abs(repriced - (spotPv - strikePv + 0.05))).toBeLessThan(1e-12);
    }
  });
});
