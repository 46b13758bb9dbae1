import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../types.ts';
import { priceEuropean } from './black-scholes.ts';
import { type EuropeanGreeks, greeksEuropean } from './greeks.ts';
import { GREEK_FIELDS } from './greeks-batch.ts';
import { vanilla } from './test-inputs.ts';

const EPS = Number.EPSILON;
const base = vanilla;

describe('published Greeks: Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), ch. 2', () => {
  // Haug quotes 4 decimals; tolerance ±0.00005. b = cost of carry = r − q.
  const cases: Array<[string, VanillaInputs, keyof EuropeanGreeks, number]> = [
    // Delta example (futures option, b = 0): S=105, K=100, T=0.5, r=10%, σ=36%.
    [
      'delta call',
      base({ spot: 105, tYears: 0.5, rate: 0.1, dividendYield: 0.1, vol: 0.36 }),
      'delta',
      0.5946,
    ],
    [
      'delta put',
      base({ right: 'put', spot: 105, tYears: 0.5, rate: 0.1, dividendYield: 0.1, vol: 0.36 }),
      'delta',
      -0.3566,
    ],
    // Gamma and vega examples: S=55, K=60, T=0.75, r=b=10%, σ=30%.
    ['gamma', base({ spot: 55, strike: 60, tYears: 0.75, rate: 0.1, vol: 0.3 }), 'gamma', 0.0278],
    ['vega', base({ spot: 55, strike: 60, tYears: 0.75, rate: 0.1, vol: 0.3 }), 'vega', 18.9358],
    // Theta example (index put): S=430, K=405, T=0.0833, r=7%, b=2% (q=5%), σ=20%: −31.1924 per year.
    [
      'theta put',
      base({
        right: 'put',
        spot: 430,
        strike: 405,
        tYears: 0.0833,
        rate: 0.07,
        dividendYield: 0.05,
        vol: 0.2,
      }),
      'theta',
      -31.1924,
    ],
    // Rho example: S=72, K=75, T=1, r=b=9%, σ=19%.
    ['rho call', base({ spot: 72, strike: 75, rate: 0.09, vol: 0.19 }), 'rho', 38.7325],
    // DdeltaDvol (vanna) example, put: S=90, K=80, T=0.25, r=b=5%, σ=20%.
    [
      'vanna put',
      base({ right: 'put', spot: 90, strike: 80, tYears: 0.25, rate: 0.05, vol: 0.2 }),
      'vanna',
      -1.0008,
    ],
    // DvegaDvol (vomma) example: S=90, K=130, T=0.75, r=5%, b=0 (q=5%), σ=28%.
    [
      'vomma',
      base({ spot: 90, strike: 130, tYears: 0.75, rate: 0.05, dividendYield: 0.05, vol: 0.28 }),
      'vomma',
      92.3444,
    ],
  ];
  it.each(cases)('%s', (_name, o, field, want) => {
    expect(Math.abs(greeksEuropean(o)[field] - want)).toBeLessThan(5e-5);
  });
});

interface FixtureCase extends VanillaInputs {
  want: Record<string, string>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/greeks-reference.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

describe('all 17 outputs against mpmath (fixtures/greeks-reference.py: mp.diff of the price, 50 digits)', () => {
  // 48 cases incl. |d1| up to ~30, vol 2%–350%, T 0.01–5, negative rate. Observed worst 153ε; the
  // bound 400ε ≈ 9e-14 relative is the conditioning of the inputs (|d1|²·ε), not the formulas.
  it(`${fixture.cases.length} cases × ${GREEK_FIELDS.length} fields within 400ε relative`, () => {
    expect(fixture.cases.length).toBe(48);
    for (const { want, ...o } of fixture.cases) {
      const g = greeksEuropean(o);
      for (const f of GREEK_FIELDS) {
        const w = Number(want[f]);
        expect(Number.isFinite(w)).toBe(true);
        expect(Math.abs(g[f] - w), `${f} ${JSON.stringify(o)}`).toBeLessThanOrEqual(400 * EPS * Math.abs(w));
      }
    }
  });
  it('price agrees with priceEuropean (black-scholes.ts) to 1e-14·max(S, K) absolute', () => {
    for (const { want: _w, ...o } of fixture.cases) {
      expect(Math.abs(greeksEuropean(o).price - priceEuropean(o))).toBeLessThanOrEqual(
        1e-14 * Math.max(o.spot, o.strike),
      );
    }
  });
});

/** Richardson-extrapolated central difference: (4·D(h/2) − D(h))/3, D(h) = (f(h) − f(−h))/(2h). */
function richardson(f: (dx: number) => number, h: number): { value: number; noise: number } {
  const d = (s: number) => (f(s) - f(-s)) / (2 * s);
  const noise = (Math.max(Math.abs(f(h)), Math.abs(f(-h)), Math.abs(f(0))) * EPS) / h;
  return { value: (4 * d(h / 2) - d(h)) / 3, noise };
}

describe('every Greek against Richardson-extrapolated central differences', () => {
  const cases: VanillaInputs[] = [];
  for (const right of ['call', 'put'] as const)
    for (const strike of [80, 95, 100, 108, 125])
      for (const tYears of [0.1, 1, 3])
        for (const vol of [0.15, 0.5])
          for (const [rate, dividendYield] of [
            [0.04, 0.01],
            [-0.005, 0.03],
          ] as const)
            cases.push(base({ right, strike, tYears, vol, rate, dividendYield }));

  // Steps scale with the option's own std dev v = σ√T: S and K by 0.005·S·v (0.005·K·v), σ by
  // 0.002·σ, T by 0.002·T, r and q by 0.005·v/T. Truncation of the extrapolated difference is
  // O(step⁴) ≈ 1e-9 relative; rounding ≈ ε·|f|/h. Tolerance: 1e-7·|fd| + 1e4·(ε·|f|/h).
  type Field = keyof EuropeanGreeks;
  type Bump = 'spot' | 'strike' | 'vol' | 'tYears' | 'rate' | 'dividendYield';
  const price = (o: VanillaInputs): number => priceEuropean(o); // independent first-order source
  const from = (f: Field) => (o: VanillaInputs) => greeksEuropean(o)[f];
  const checks: Array<[Field, Bump, string, (o: VanillaInputs) => number, 1 | -1]> = [
    ['delta', 'spot', 'price', price, 1],
    ['vega', 'vol', 'price', price, 1],
    ['theta', 'tYears', 'price', price, -1],
    ['rho', 'rate', 'price', price, 1],
    ['epsilon', 'dividendYield', 'price', price, 1],
    ['dualDelta', 'strike', 'price', price, 1],
    ['gamma', 'spot', 'delta', from('delta'), 1],
    ['vanna', 'vol', 'delta', from('delta'), 1],
    ['vanna', 'spot', 'vega', from('vega'), 1],
    ['charm', 'tYears', 'delta', from('delta'), -1],
    ['vomma', 'vol', 'vega', from('vega'), 1],
    ['veta', 'tYears', 'vega', from('vega'), -1],
    ['speed', 'spot', 'gamma', from('gamma'), 1],
    ['zomma', 'vol', 'gamma', from('gamma'), 1],
    ['color', 'tYears', 'gamma', from('gamma'), -1],
    ['ultima', 'vol', 'vomma', from('vomma'), 1],
    ['dualGamma', 'strike', 'dualDelta', from('dualDelta'), 1],
  ];
  const step = (o: VanillaInputs, b: Bump): number => {
    const v = o.vol * Math.sqrt(o.tYears);
    if (b === 'spot') return 0.005 * o.spot * v;
    if (b === 'strike') return 0.005 * o.strike * v;
    if (b === 'vol') return 0.002 * o.vol;
    if (b === 'tYears') return 0.002 * o.tYears;
    return (0.005 * v) / o.tYears;
  };
  it.each(checks)(`%s: derivative in %s of %s on ${cases.length} cases`, (field, bump, _src, fn, sign) => {
    for (const o of cases) {
      const h = step(o, bump);
      const fd = richardson((dx) => fn({ ...o, [bump]: o[bump] + dx }), h);
      const want = sign * fd.value;
      const got = greeksEuropean(o)[field];
      expect(Math.abs(got - want), `${field} ${JSON.stringify(o)}`).toBeLessThanOrEqual(
        1e-7 * Math.abs(want) + 1e4 * fd.noise,
      );
    }
  });
});
