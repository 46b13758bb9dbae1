import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionRight, VanillaInputs } from '../types.ts';
import { priceEuropean } from './black-scholes.ts';
import { greeksEuropean } from './greeks.ts';
import { impliedVol } from './implied-vol.ts';

const market = { spot: 100, rate: 0.03, dividendYield: 0.01 };

/**
 * The criterion for a price strictly inside the bounds: the solved vol reprices to 1e-12
 * relative, or (where the price pins σ only loosely) recovers σ to 1e-9 relative.
 */
function checkRoundTrip(o: VanillaInputs): void {
  const price = priceEuropean(o);
  const res = impliedVol({ ...o, price });
  const upper =
    o.right === 'call'
      ? o.spot * Math.exp(-o.dividendYield * o.tYears)
      : o.strike * Math.exp(-o.rate * o.tYears);
  if (!res.ok) {
    // Only a price that rounds onto the upper bound may fail, and then as ABOVE_MAX.
    expect(res.reason, JSON.stringify(o)).toBe('ABOVE_MAX');
    expect(price).toBeGreaterThanOrEqual(upper * (1 - 8 * Number.EPSILON));
    return;
  }
  const repriced = priceEuropean({ ...o, vol: res.vol });
  const priceOk = Math.abs(repriced - price) <= 1e-12 * price;
  const volOk = Math.abs(res.vol - o.vol) <= 1e-9 * o.vol;
  expect(priceOk || volOk, `${JSON.stringify(o)} price=${price} vol=${res.vol} repriced=${repriced}`).toBe(
    true,
  );
}

/** Strike k standard deviations from the forward. */
function strikeAt(k: number, tYears: number, vol: number, rate: number, q: number): number {
  return market.spot * Math.exp((rate - q) * tYears + k * vol * Math.sqrt(tYears));
}

describe('impliedVol round trip (Let’s Be Rational)', () => {
  it('fast-check: moneyness ±5 sd, 1 day–5 y, vol 1%–500%, rates −2%..10%, both rights (5000 runs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: -0.02, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.06, noNaN: true }),
        fc.constantFrom<OptionRight>('call', 'put'),
        (k, tYears, vol, rate, dividendYield, right) => {
          const strike = strikeAt(k, tYears, vol, rate, dividendYield);
          checkRoundTrip({ right, spot: market.spot, strike, tYears, rate, dividendYield, vol });
        },
      ),
      { numRuns: 5000, seed: 20240601 },
    );
  });

  it('dense grid: zero failures over 41 moneyness × 7 tenors × 10 vols × 2 rights × 2 markets', () => {
    let n = 0;
    for (let k = -5; k <= 5; k += 0.25)
      for (const tYears of [1 / 365, 7 / 365, 30 / 365, 0.25, 1, 2, 5])
        for (const vol of [0.01, 0.03, 0.1, 0.2, 0.4, 0.8, 1.5, 2.5, 3.5, 5])
          for (const right of ['call', 'put'] as const)
            for (const [rate, dividendYield] of [
              [0.03, 0.01],
              [-0.01, 0.05],
            ] as const) {
              const strike = strikeAt(k, tYears, vol, rate, dividendYield);
              checkRoundTrip({ right, spot: market.spot, strike, tYears, rate, dividendYield, vol });
              n++;
            }
    expect(n).toBe(41 * 7 * 10 * 2 * 2);
  });

  it('table: typical listed options recover σ to 1e-12 (absolute, scaled by 1/vega below 1)', () => {
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

  it('tiny out-of-the-money prices down to 1e-250 still solve (relative 1e-12 in price)', () => {
    for (const price of [1e-250, 1e-100, 1e-30, 1e-12]) {
      const q = { ...market, right: 'call' as const, strike: 150, tYears: 0.25, price };
      const res = impliedVol(q);
      expect(res.ok).toBe(true);
      if (res.ok)
        expect(Math.abs(priceEuropean({ ...q, vol: res.vol }) - price)).toBeLessThanOrEqual(1e-12 * price);
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

  it('monotone: a higher price implies a higher vol', () => {
    let prev = 0;
    for (let price = 0.5; price < 60; price += 0.5) {
      const res = impliedVol({ ...market, right: 'put', strike: 95, tYears: 0.75, price });
      expect(res.ok).toBe(true);
      if (res.ok) {
        expect(res.vol).toBeGreaterThan(prev);
        prev = res.vol;
      }
    }
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
    expect(impliedVol({ ...q, right: 'put', price: -1e-300 })).toEqual({
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
  it('exactly intrinsic (or zero for an OTM option) implies zero vol', () => {
    expect(impliedVol({ ...q, right: 'call', price: spotPv - strikePv })).toEqual({ ok: true, vol: 0 });
    expect(impliedVol({ ...q, right: 'put', price: 0 })).toEqual({ ok: true, vol: 0 });
  });
  it('just inside the bounds still solves', () => {
    for (const price of [spotPv - strikePv + 0.05, spotPv - strikePv + 1e-9, spotPv * (1 - 1e-9)]) {
      const res = impliedVol({ ...q, right: 'call', price });
      expect(res.ok).toBe(true);
      if (res.ok) {
        const repriced = priceEuropean({ ...q, right: 'call', vol: res.vol });
        expect(Math.abs(repriced - price)).toBeLessThanOrEqual(1e-12 * price);
      }
    }
  });
  it('at expiry only the intrinsic value is attainable', () => {
    const expired = { ...q, tYears: 0, right: 'call' as const };
    expect(impliedVol({ ...expired, price: 10 })).toEqual({ ok: true, vol: 0 });
    expect(impliedVol({ ...expired, price: 10.5 })).toEqual({ ok: false, reason: 'ABOVE_MAX' });
    expect(impliedVol({ ...expired, price: 9 })).toEqual({ ok: false, reason: 'BELOW_INTRINSIC' });
  });
  it('rejects nonsense inputs (programmer error)', () => {
    expect(() => impliedVol({ ...q, right: 'call', price: Number.NaN })).toThrow(RangeError);
    expect(() => impliedVol({ ...q, right: 'call', spot: 0, price: 1 })).toThrow(RangeError);
  });
});
