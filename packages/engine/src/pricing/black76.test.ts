import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionRight } from '../types.ts';
import { priceEuropean } from './black-scholes.ts';
import { type Black76Inputs, logMoneyness, priceBlack76 } from './black76.ts';

const EPS = Number.EPSILON;
/** 50-digit mpmath references: packages/engine/fixtures/european-reference.py. */
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/european-reference.json', import.meta.url), 'utf8'),
) as { black76: Array<[1 | -1, number, number, number, number, number, number]> };
const rightOf = (theta: 1 | -1): OptionRight => (theta === 1 ? 'call' : 'put');

describe('published Black-76 prices', () => {
  // Haug (2nd ed.) 1.1.3: F = 19, K = 19, T = 0.75, r = 10%, σ = 28% → c = p = 1.7011 (4 dp).
  it('Haug 1.1.3: call = put = 1.7011 (±5e-5), with a rate or the same discount factor', () => {
    const base = { forward: 19, strike: 19, tYears: 0.75, vol: 0.28 };
    for (const right of ['call', 'put'] as const) {
      expect(Math.abs(priceBlack76({ ...base, right, rate: 0.1 }) - 1.7011)).toBeLessThan(5e-5);
      const withDiscount = priceBlack76({ ...base, right, discount: Math.exp(-0.075) });
      expect(withDiscount).toBe(priceBlack76({ ...base, right, rate: 0.1 }));
    }
  });
  // Hull, "Options, Futures, and Other Derivatives", futures-option example: F = K = 20, T = 4/12,
  // r = 9%, σ = 25% → put = 1.12 (2 dp).
  it('Hull futures put: 1.12 (±0.005)', () => {
    const p = priceBlack76({ right: 'put', forward: 20, strike: 20, tYears: 4 / 12, rate: 0.09, vol: 0.25 });
    expect(Math.abs(p - 1.12)).toBeLessThan(0.005);
  });
});

describe('far out of the money against 50-digit mpmath (strikes up to 30 standard deviations)', () => {
  // Relative error against the exact price of the same double inputs. The price's condition number
  // in x = ln(F/K) is |∂ln V/∂x| ≈ |x|/s², and x itself is known to an ulp (ε·|x|), so the
  // attainable relative error is ≈ (x/s)²·ε = k²·ε for a strike k standard deviations away.
  // Measured worst: 1.5e-14 at k = 10, 5.6e-14 at k = 20, 1.3e-13 at k = 30.
  it(`${reference.black76.length} prices: relative error ≤ 1e-14 + 2·k²·ε, and ≤ 1e-13 up to k = 20`, () => {
    for (const [theta, forward, strike, tYears, discount, vol, want] of reference.black76) {
      const got = priceBlack76({ right: rightOf(theta), forward, strike, tYears, discount, vol });
      const k = Math.abs(Math.log(strike / forward)) / (vol * Math.sqrt(tYears));
      const rel = Math.abs(got - want) / want;
      expect(rel, `θ=${theta} F=${forward} K=${strike}`).toBeLessThanOrEqual(1e-14 + 2 * k * k * EPS);
      if (k <= 20.5) expect(rel).toBeLessThanOrEqual(1e-13);
    }
  });
});

describe('identities', () => {
  const arb = fc.record({
    forward: fc.double({ min: 1, max: 1000, noNaN: true }),
    logK: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
    tYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
    rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
    vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
  });
  it('put–call parity C − P = D·(F − K) (absolute 8·ε·D·max(F, K))', () => {
    fc.assert(
      fc.property(arb, ({ forward, logK, tYears, rate, vol }) => {
        const strike = forward * Math.exp(logK);
        const o = { forward, strike, tYears, rate, vol };
        const d = Math.exp(-rate * tYears);
        const c = priceBlack76({ ...o, right: 'call' });
        const p = priceBlack76({ ...o, right: 'put' });
        expect(Math.abs(c - p - d * (forward - strike))).toBeLessThanOrEqual(
          8 * EPS * d * Math.max(forward, strike),
        );
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
  it('equals BSM with F = S·e^{(r−q)T} (relative 1e-13)', () => {
    fc.assert(
      fc.property(
        arb,
        fc.double({ min: -0.05, max: 0.1, noNaN: true }),
        fc.constantFrom<OptionRight>('call', 'put'),
        (a, q, right) => {
          const spot = a.forward;
          const strike = spot * Math.exp(a.logK);
          const forward = spot * Math.exp((a.rate - q) * a.tYears);
          const bsm = priceEuropean({
            right,
            spot,
            strike,
            tYears: a.tYears,
            rate: a.rate,
            dividendYield: q,
            vol: a.vol,
          });
          const b76 = priceBlack76({ right, forward, strike, tYears: a.tYears, rate: a.rate, vol: a.vol });
          expect(Math.abs(bsm - b76)).toBeLessThanOrEqual(
            1e-13 * Math.max(bsm, 1e-300) + 1e-15 * Math.max(spot, strike),
          );
        },
      ),
      { numRuns: 1000, seed: 4 },
    );
  });
  it('logMoneyness is within 1 ulp of ln(F/K) computed in higher precision by log1p', () => {
    for (const [f, k] of [
      [100, 99.99999999999],
      [1.0000000000000002, 1],
      [3, 7],
    ] as const) {
      const want = Math.log1p((f - k) / k);
      expect(Math.abs(logMoneyness(f, k) - want)).toBeLessThanOrEqual(2 * EPS * Math.abs(want));
    }
  });
});

describe('degenerate inputs give the limits, never NaN', () => {
  const o: Black76Inputs = { right: 'call', forward: 105, strike: 100, tYears: 0.5, rate: 0.04, vol: 0.3 };
  const d = Math.exp(-0.02);
  it('T = 0 or σ = 0: discounted intrinsic on the forward', () => {
    expect(priceBlack76({ ...o, vol: 0 })).toBe(d * 5);
    expect(priceBlack76({ ...o, vol: 0, right: 'put' })).toBe(0);
    expect(priceBlack76({ ...o, tYears: 0 })).toBe(5);
  });
  it('tiny positive σ or T tends to the limit', () => {
    for (const vol of [1e-300, 1e-100, 1e-12]) {
      expect(priceBlack76({ ...o, vol })).toBe(d * 5);
      expect(priceBlack76({ ...o, vol, strike: 105 })).toBeGreaterThan(0);
      // At the money: D·F·s/√(2π) + O(s³).
      const atm = (d * 105 * vol * Math.sqrt(0.5)) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(priceBlack76({ ...o, vol, strike: 105 }) - atm)).toBeLessThanOrEqual(8 * EPS * atm);
    }
    expect(Math.abs(priceBlack76({ ...o, tYears: 1e-300 }) - 5)).toBeLessThanOrEqual(4 * EPS * 5);
  });
  it('huge vol tends to D·F (call) and D·K (put)', () => {
    expect(Math.abs(priceBlack76({ ...o, vol: 1e6 }) - d * 105)).toBeLessThanOrEqual(4 * EPS * 105);
    expect(Math.abs(priceBlack76({ ...o, vol: 1e6, right: 'put' }) - d * 100)).toBeLessThanOrEqual(
      4 * EPS * 100,
    );
  });
  it('rejects nonsense inputs (programmer error)', () => {
    expect(() => priceBlack76({ ...o, forward: 0 })).toThrow(RangeError);
    expect(() => priceBlack76({ ...o, vol: Number.NaN })).toThrow(RangeError);
    expect(() => priceBlack76({ ...o, tYears: -1 })).toThrow(RangeError);
    expect(() =>
      priceBlack76({ right: 'call', forward: 1, strike: 1, tYears: 1, vol: 0.2, discount: 0 }),
    ).toThrow(RangeError);
  });
});
