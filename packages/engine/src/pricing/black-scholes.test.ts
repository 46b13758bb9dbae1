import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../types.ts';
import { priceEuropean } from './black-scholes.ts';
import { thetaPerDay, vegaPerVolPoint } from './display.ts';
import { greeksEuropean } from './greeks.ts';
import { normCdf } from './normal.ts';
import { vanilla } from './test-inputs.ts';

const EPS = Number.EPSILON;
/** 50-digit mpmath references: packages/engine/fixtures/european-reference.py. */
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/european-reference.json', import.meta.url), 'utf8'),
) as { bsm: Array<[1 | -1, number, number, number, number, number, number, number]> };

const base = vanilla;

describe('published prices', () => {
  // Hull, "Options, Futures, and Other Derivatives", Example 15.6 (S=42, K=40, r=10%, σ=20%, T=0.5):
  // c = 4.76, p = 0.81 (2 dp).
  it('Hull example: call 4.76, put 0.81 (±0.005)', () => {
    const o = base({ spot: 42, strike: 40, rate: 0.1, vol: 0.2, tYears: 0.5 });
    expect(Math.abs(priceEuropean(o) - 4.76)).toBeLessThan(0.005);
    expect(Math.abs(priceEuropean({ ...o, right: 'put' }) - 0.81)).toBeLessThan(0.005);
  });

  // Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed.), chapter 1, worked examples
  // (generalized BSM with cost of carry b = r − q), quoted to 4 dp: tolerance ±0.00005.
  const haug: Array<[string, VanillaInputs, number]> = [
    // 1.1.1 Black–Scholes stock option: c = 2.1334
    ['BS 1973 call', base({ spot: 60, strike: 65, tYears: 0.25, rate: 0.08, vol: 0.3 }), 2.1334],
    // 1.1.2 Merton 1973 index option with yield q = 5%: p = 2.4648
    [
      'Merton put',
      base({ right: 'put', spot: 95 + 5, strike: 95, tYears: 0.5, rate: 0.1, dividendYield: 0.05, vol: 0.2 }),
      2.4648,
    ],
    // 1.1.3 Black 1976 futures option (b = 0 ⇒ q = r): c = p = 1.7011
    [
      'Black-76 call',
      base({ spot: 19, strike: 19, tYears: 0.75, rate: 0.1, dividendYield: 0.1, vol: 0.28 }),
      1.7011,
    ],
    [
      'Black-76 put',
      base({ right: 'put', spot: 19, strike: 19, tYears: 0.75, rate: 0.1, dividendYield: 0.1, vol: 0.28 }),
      1.7011,
    ],
    // 1.1.6 Garman–Kohlhagen currency option (q = foreign rate 8%): c = 0.0291
    [
      'Garman-Kohlhagen call',
      base({ spot: 1.56, strike: 1.6, tYears: 0.5, rate: 0.06, dividendYield: 0.08, vol: 0.12 }),
      0.0291,
    ],
  ];
  it.each(haug)('Haug: %s', (_name, o, want) => {
    expect(Math.abs(priceEuropean(o) - want)).toBeLessThan(5e-5);
  });
});

describe('published Greeks (Haug ch. 2 examples, 4 dp, ±0.00005)', () => {
  it('futures-option delta (S=105, K=100, T=0.5, r=10%, b=0, σ=36%): call 0.5946, put −0.3566', () => {
    const o = base({ spot: 105, strike: 100, tYears: 0.5, rate: 0.1, dividendYield: 0.1, vol: 0.36 });
    expect(Math.abs(greeksEuropean(o).delta - 0.5946)).toBeLessThan(5e-5);
    expect(Math.abs(greeksEuropean({ ...o, right: 'put' }).delta + 0.3566)).toBeLessThan(5e-5);
  });
  it('gamma and vega (S=55, K=60, T=0.75, r=b=10%, σ=30%): gamma 0.0278, vega 18.9358', () => {
    const o = base({ spot: 55, strike: 60, tYears: 0.75, rate: 0.1, vol: 0.3 });
    expect(Math.abs(greeksEuropean(o).gamma - 0.0278)).toBeLessThan(5e-5);
    expect(Math.abs(greeksEuropean(o).vega - 18.9358)).toBeLessThan(5e-5);
  });
  it('index-option put theta (S=430, K=405, T=0.0833, r=7%, b=2%, σ=20%): −31.1924 per year', () => {
    const o = base({
      right: 'put',
      spot: 430,
      strike: 405,
      tYears: 0.0833,
      rate: 0.07,
      dividendYield: 0.05,
      vol: 0.2,
    });
    expect(Math.abs(greeksEuropean(o).theta + 31.1924)).toBeLessThan(5e-5);
  });
  it('rho (S=72, K=75, T=1, r=b=9%, σ=19%): call 38.7325', () => {
    const o = base({ spot: 72, strike: 75, tYears: 1, rate: 0.09, vol: 0.19 });
    expect(Math.abs(greeksEuropean(o).rho - 38.7325)).toBeLessThan(5e-5);
  });
});

describe('put–call parity with yield: C − P = S·e^{−qT} − K·e^{−rT} (|err| ≤ 1e-12·max(S, K))', () => {
  const cases: VanillaInputs[] = [];
  for (const strike of [50, 80, 100, 120, 200])
    for (const tYears of [1 / 365, 0.1, 1, 5])
      for (const vol of [0.05, 0.3, 1.2])
        for (const [rate, dividendYield] of [
          [0, 0],
          [0.05, 0.02],
          [-0.01, 0.04],
        ] as const)
          cases.push(base({ strike, tYears, vol, rate, dividendYield }));
  it(`holds on a ${cases.length}-point grid`, () => {
    for (const o of cases) {
      const c = priceEuropean(o);
      const p = priceEuropean({ ...o, right: 'put' });
      const rhs = o.spot * Math.exp(-o.dividendYield * o.tYears) - o.strike * Math.exp(-o.rate * o.tYears);
      expect(Math.abs(c - p - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(o.spot, o.strike));
    }
  });
});

describe('Greeks against central finite differences', () => {
  const cases: VanillaInputs[] = [];
  for (const right of ['call', 'put'] as const)
    for (const strike of [70, 95, 100, 110, 140])
      for (const tYears of [0.05, 0.5, 2])
        for (const vol of [0.1, 0.4])
          cases.push(base({ right, strike, tYears, vol, rate: 0.03, dividendYield: 0.015 }));

  // Steps: spot h = 1e-4·S (delta, gamma), vol 1e-5, T 1e-6, rate 1e-6. Truncation O(h²) and
  // rounding O(ε·V/h) are both far below the tolerance |err| ≤ 1e-6·(1 + |greek|) (gamma: 1e-5).
  it(`match on ${cases.length} cases`, () => {
    for (const o of cases) {
      const g = greeksEuropean(o);
      const p = (d: Partial<VanillaInputs>) => priceEuropean({ ...o, ...d });
      const hs = 1e-4 * o.spot;
      const delta = (p({ spot: o.spot + hs }) - p({ spot: o.spot - hs })) / (2 * hs);
      const gamma = (p({ spot: o.spot + hs }) - 2 * g.price + p({ spot: o.spot - hs })) / (hs * hs);
      const vega = (p({ vol: o.vol + 1e-5 }) - p({ vol: o.vol - 1e-5 })) / 2e-5;
      const theta = -(p({ tYears: o.tYears + 1e-6 }) - p({ tYears: o.tYears - 1e-6 })) / 2e-6;
      const rho = (p({ rate: o.rate + 1e-6 }) - p({ rate: o.rate - 1e-6 })) / 2e-6;
      expect(Math.abs(g.delta - delta)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(delta)));
      expect(Math.abs(g.gamma - gamma)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(gamma)));
      expect(Math.abs(g.vega - vega)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(vega)));
      expect(Math.abs(g.theta - theta)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(theta)));
      expect(Math.abs(g.rho - rho)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(rho)));
    }
  });
});

describe('monotonicity', () => {
  it('price increases in vol (both rights) and calls increase / puts decrease in spot', () => {
    for (const right of ['call', 'put'] as const) {
      let prev = -1;
      for (let vol = 0.01; vol <= 2; vol += 0.01) {
        const v = priceEuropean(base({ right, strike: 110, vol }));
        expect(v).toBeGreaterThan(prev);
        prev = v;
      }
    }
    let prevCall = -1;
    let prevPut = Number.POSITIVE_INFINITY;
    for (let spot = 50; spot <= 200; spot += 1) {
      const c = priceEuropean(base({ spot }));
      const p = priceEuropean(base({ spot, right: 'put' }));
      expect(c).toBeGreaterThan(prevCall);
      expect(p).toBeLessThan(prevPut);
      prevCall = c;
      prevPut = p;
    }
  });
});

describe('degenerate inputs return limits, never NaN', () => {
  const r = 0.05;
  const q = 0.02;
  it('T = 0: intrinsic', () => {
    expect(priceEuropean(base({ tYears: 0, spot: 110 }))).toBe(10);
    expect(priceEuropean(base({ tYears: 0, spot: 90 }))).toBe(0);
    expect(priceEuropean(base({ tYears: 0, spot: 90, right: 'put' }))).toBe(10);
    const g = greeksEuropean(base({ tYears: 0, spot: 110 }));
    expect(g).toMatchObject({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0 });
  });
  it('σ = 0: discounted intrinsic on the forward', () => {
    const o = base({ vol: 0, rate: r, dividendYield: q, spot: 100, strike: 95, tYears: 2 });
    const want = 100 * Math.exp(-q * 2) - 95 * Math.exp(-r * 2);
    expect(Math.abs(priceEuropean(o) - want)).toBeLessThan(1e-13);
    expect(priceEuropean({ ...o, right: 'put' })).toBe(0);
    const g = greeksEuropean(o);
    for (const v of Object.values(g)) expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(g.delta - Math.exp(-q * 2))).toBeLessThan(1e-15);
  });
  it('σ → 0 converges to the σ = 0 limit (continuity)', () => {
    const o = base({ rate: r, dividendYield: q, strike: 95, tYears: 2 });
    expect(Math.abs(priceEuropean({ ...o, vol: 1e-9 }) - priceEuropean({ ...o, vol: 0 }))).toBeLessThan(
      1e-12,
    );
    expect(Math.abs(priceEuropean({ ...o, tYears: 1e-14 }) - 5)).toBeLessThan(1e-9);
  });
  it('deep OTM stays positive and tiny, not negative or NaN', () => {
    const v = priceEuropean(base({ strike: 1000, vol: 0.1, tYears: 0.1 }));
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThan(1e-100);
  });
  it('rejects nonsense inputs (programmer error)', () => {
    expect(() => priceEuropean(base({ spot: -1 }))).toThrow(RangeError);
    expect(() => priceEuropean(base({ vol: Number.NaN }))).toThrow(RangeError);
    expect(() => priceEuropean(base({ tYears: -0.1 }))).toThrow(RangeError);
  });
});

describe('display helpers', () => {
  it('theta per day = theta/365, vega per vol point = vega/100', () => {
    expect(thetaPerDay(-36.5)).toBe(-0.1);
    expect(vegaPerVolPoint(25)).toBe(0.25);
  });
});

describe('tails: far out-of-the-money prices against 50-digit mpmath', () => {
  // Strikes 10–25 standard deviations from the forward, prices down to ~1e-140. The bound is the
  // problem's conditioning: ln(F/K) is known to ~ε·|x|, and |∂ln V/∂x| ≈ |x|/s², so the attainable
  // relative error is ≈ k²·ε (k = |ln(K/F)|/s). Measured worst: 6e-14 at k = 15, 1.1e-13 at k = 25.
  it(`${reference.bsm.length} prices: relative error ≤ 1e-14 + 2·k²·ε, and ≤ 1e-13 up to k = 20`, () => {
    for (const [theta, spot, strike, tYears, rate, dividendYield, vol, want] of reference.bsm) {
      const o = base({ right: theta === 1 ? 'call' : 'put', spot, strike, tYears, rate, dividendYield, vol });
      const got = priceEuropean(o);
      const forward = spot * Math.exp((rate - dividendYield) * tYears);
      const k = Math.abs(Math.log(strike / forward)) / (vol * Math.sqrt(tYears));
      const rel = Math.abs(got - want) / want;
      expect(rel, JSON.stringify(o)).toBeLessThanOrEqual(1e-14 + 2 * k * k * EPS);
      if (k <= 20.5) expect(rel).toBeLessThanOrEqual(1e-13);
    }
  });
  it('the textbook F·Φ(d1) − K·Φ(d2) loses these digits (so the test can fail)', () => {
    const [theta, spot, strike, tYears, rate, dividendYield, vol, want] = reference.bsm.find(
      (r) => r[0] === 1 && r[2] / r[1] > 5,
    ) ?? [1, 0, 0, 0, 0, 0, 0, 0];
    expect(theta).toBe(1);
    const f = spot * Math.exp((rate - dividendYield) * tYears);
    const sd = vol * Math.sqrt(tYears);
    const d1 = Math.log(f / strike) / sd + 0.5 * sd;
    const naive = Math.exp(-rate * tYears) * (f * normCdf(d1) - strike * normCdf(d1 - sd));
    expect(Math.abs(naive - want) / want).toBeGreaterThan(1e-13);
  });
});

describe('tiny positive σ√T tends to the limit, never NaN', () => {
  it('σ or T down to 1e-300: discounted forward intrinsic; at the money D·F·σ√T/√(2π)', () => {
    for (const tiny of [1e-300, 1e-150, 1e-20]) {
      const itm = base({ strike: 90, rate: 0.03, dividendYield: 0.01, vol: tiny });
      const want = 100 * Math.exp(-0.01) - 90 * Math.exp(-0.03);
      expect(Math.abs(priceEuropean(itm) - want)).toBeLessThanOrEqual(8 * EPS * 100);
      expect(priceEuropean({ ...itm, right: 'put' })).toBe(0);
      const atm = base({ vol: 0.2, tYears: tiny });
      const atmWant = (100 * 0.2 * Math.sqrt(tiny)) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(priceEuropean(atm) - atmWant)).toBeLessThanOrEqual(8 * EPS * atmWant);
    }
  });
});
