import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../types.ts';
import { type EuropeanGreeks, greeksEuropean } from './greeks.ts';
import { GREEK_FIELDS, GREEKS_SIGMA_MIN } from './greeks-batch.ts';
import { vanilla } from './test-inputs.ts';

const EPS = Number.EPSILON;
const base = vanilla;

const grid: VanillaInputs[] = [];
for (const strike of [40, 85, 100, 117, 300])
  for (const tYears of [1 / 365, 0.3, 2, 10])
    for (const vol of [0.05, 0.35, 1.5])
      for (const [rate, dividendYield] of [
        [0.05, 0.02],
        [-0.01, 0.04],
      ] as const)
        grid.push(base({ strike, tYears, vol, rate, dividendYield }));

const sum = (xs: number[]): number => xs.reduce((acc, x) => acc + x, 0);

/** |a − b| ≤ tol·(sum of magnitudes), the scale at which floating-point rounding acts. */
function close(a: number, b: number, scale: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * scale;
}

describe(`identities on a ${grid.length}-point grid (calls and puts)`, () => {
  it('put–call parity, differentiated: C − P for each field equals the derivative of S·e^{−qT} − K·e^{−rT}', () => {
    for (const o of grid) {
      const c = greeksEuropean(o);
      const p = greeksEuropean({ ...o, right: 'put' });
      const { spot: s, strike: k, tYears: t, rate: r, dividendYield: q } = o;
      const sc = s * Math.exp(-q * t);
      const kd = k * Math.exp(-r * t);
      const parity: Record<keyof EuropeanGreeks, number> = {
        price: sc - kd,
        delta: sc / s,
        theta: q * sc - r * kd,
        rho: t * kd,
        epsilon: -t * sc,
        charm: (q * sc) / s,
        dualDelta: -kd / k,
        gamma: 0,
        vega: 0,
        vanna: 0,
        vomma: 0,
        veta: 0,
        speed: 0,
        zomma: 0,
        color: 0,
        ultima: 0,
        dualGamma: 0,
      };
      // The rounding scale includes the parity's own terms (C and P each carry S·e^{−qT}-sized terms).
      const termScale: Partial<Record<keyof EuropeanGreeks, number>> = {
        price: sc + kd,
        theta: Math.abs(q * sc) + Math.abs(r * kd),
      };
      for (const f of GREEK_FIELDS) {
        const scale = Math.abs(c[f]) + Math.abs(p[f]) + Math.abs(parity[f]) + (termScale[f] ?? 0);
        expect(close(c[f] - p[f], parity[f], scale, 64 * EPS), `${f} ${JSON.stringify(o)}`).toBe(true);
      }
    }
  });

  it('homogeneity: V = S·delta + K·dualDelta and S²·gamma = K²·dualGamma', () => {
    for (const right of ['call', 'put'] as const)
      for (const o0 of grid) {
        const o = { ...o0, right };
        const g = greeksEuropean(o);
        const a = o.spot * g.delta;
        const b = o.strike * g.dualDelta;
        expect(close(g.price, a + b, Math.abs(a) + Math.abs(b) + EPS, 32 * EPS)).toBe(true);
        const s2g = o.spot * o.spot * g.gamma;
        expect(close(s2g, o.strike * o.strike * g.dualGamma, s2g, 32 * EPS)).toBe(true);
      }
  });

  it('vega = σ·T·S²·gamma and the Black–Scholes PDE: theta = rV − (r − q)S·delta − ½σ²S²·gamma', () => {
    for (const right of ['call', 'put'] as const)
      for (const o0 of grid) {
        const o = { ...o0, right };
        const { spot: s, tYears: t, rate: r, dividendYield: q, vol: sig } = o;
        const g = greeksEuropean(o);
        const vg = sig * t * s * s * g.gamma;
        expect(close(g.vega, vg, g.vega, 32 * EPS)).toBe(true);
        const terms = [r * g.price, -(r - q) * s * g.delta, -0.5 * sig * sig * s * s * g.gamma];
        const scale = terms.reduce((acc, x) => acc + Math.abs(x), Math.abs(g.theta));
        expect(close(g.theta, sum(terms), scale, 64 * EPS)).toBe(true);
      }
  });

  it('PDE differentiated in S and σ: charm and veta', () => {
    for (const right of ['call', 'put'] as const)
      for (const o0 of grid) {
        const o = { ...o0, right };
        const { spot: s, rate: r, dividendYield: q, vol: sig } = o;
        const b = r - q;
        const g = greeksEuropean(o);
        // charm = q·delta − (σ² + b)·S·gamma − ½σ²S²·speed
        const c = [q * g.delta, -(sig * sig + b) * s * g.gamma, -0.5 * sig * sig * s * s * g.speed];
        const cScale = c.reduce((acc, x) => acc + Math.abs(x), Math.abs(g.charm));
        expect(close(g.charm, sum(c), cScale, 128 * EPS), `charm ${JSON.stringify(o)}`).toBe(true);
        // veta = r·vega − b·S·vanna − σS²·gamma − ½σ²S²·zomma
        const v = [r * g.vega, -b * s * g.vanna, -sig * s * s * g.gamma, -0.5 * sig * sig * s * s * g.zomma];
        const vScale = v.reduce((acc, x) => acc + Math.abs(x), Math.abs(g.veta));
        expect(close(g.veta, sum(v), vScale, 128 * EPS), `veta ${JSON.stringify(o)}`).toBe(true);
      }
  });
});

describe('degenerate inputs: limits, never NaN', () => {
  const r = 0.05;
  const q = 0.02;
  it('T = 0 off the kink: intrinsic, delta ±1/0, theta/rho/epsilon/charm limits, the rest 0', () => {
    const g = greeksEuropean(base({ tYears: 0, spot: 110, rate: r, dividendYield: q }));
    expect(g.price).toBe(10);
    expect(g.delta).toBe(1);
    expect(g.dualDelta).toBe(-1);
    expect(g.theta).toBeCloseTo(q * 110 - r * 100, 14);
    expect(g.charm).toBe(q);
    for (const f of [
      'gamma',
      'vega',
      'vanna',
      'vomma',
      'veta',
      'speed',
      'zomma',
      'color',
      'ultima',
      'dualGamma',
    ] as const)
      expect(g[f]).toBe(0);
    const p = greeksEuropean(base({ right: 'put', tYears: 0, spot: 110 }));
    expect(p.price).toBe(0);
    expect(p.delta === 0 && p.dualDelta === 0).toBe(true);
  });
  it('T = 0 at the kink: price 0, delta ½·ω, Dirac-type Greeks reported as 0', () => {
    const c = greeksEuropean(base({ tYears: 0 }));
    const p = greeksEuropean(base({ tYears: 0, right: 'put' }));
    expect([c.price, c.delta, c.dualDelta, c.gamma, c.vega]).toEqual([0, 0.5, -0.5, 0, 0]);
    expect([p.price, p.delta, p.dualDelta]).toEqual([0, -0.5, 0.5]);
  });
  it('σ = 0 off the kink: discounted intrinsic on the forward; equals σ = 1e-6 to 1e-12', () => {
    const o = base({ vol: 0, rate: r, dividendYield: q, strike: 95, tYears: 2 });
    const g0 = greeksEuropean(o);
    const g1 = greeksEuropean({ ...o, vol: 1e-6 });
    expect(g0.price).toBeCloseTo(100 * Math.exp(-q * 2) - 95 * Math.exp(-r * 2), 13);
    for (const f of GREEK_FIELDS) expect(Math.abs(g0[f] - g1[f]), f).toBeLessThan(1e-12);
  });
  it('σ = 0 at the forward kink (r = q, S = K): finite σ → 0 limits match σ = 1e-9 (½ on the Φ terms)', () => {
    // Differences are O(σ) (theta's −S·e^{−qT}·φ·σ/(2√T) term): ≈ 3e-8 here.
    const o = base({ vol: 0, rate: 0.03, dividendYield: 0.03, tYears: 0.5 });
    const g0 = greeksEuropean(o);
    const g1 = greeksEuropean({ ...o, vol: 1e-9 });
    for (const f of [
      'delta',
      'vega',
      'theta',
      'rho',
      'epsilon',
      'vanna',
      'charm',
      'vomma',
      'veta',
      'ultima',
      'dualDelta',
    ] as const)
      expect(Math.abs(g0[f] - g1[f]), f).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(g1[f])));
    expect(g0.vega).toBeGreaterThan(0);
    expect([g0.gamma, g0.speed, g0.zomma, g0.color, g0.dualGamma]).toEqual([0, 0, 0, 0, 0]);
  });
  it('σ below GREEKS_SIGMA_MIN is treated as σ = 0; just above it the regular formulas agree', () => {
    const o = base({ rate: 0.03, dividendYield: 0.03, tYears: 0.5 });
    const zero = greeksEuropean({ ...o, vol: 0 });
    expect(greeksEuropean({ ...o, vol: GREEKS_SIGMA_MIN * 0.99 })).toEqual(zero);
    const above = greeksEuropean({ ...o, vol: GREEKS_SIGMA_MIN * 1.01 });
    for (const f of ['price', 'delta', 'vega', 'theta', 'vanna', 'veta', 'ultima', 'dualDelta'] as const)
      expect(Math.abs(above[f] - zero[f]), f).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(zero[f])));
  });
  it('far tail (|d1| ≥ 37.5): φ-terms 0, Φ-terms exact (deep ITM call = forward minus strike, discounted)', () => {
    const o = base({ strike: 10, tYears: 0.25, vol: 0.1, rate: 0.04, dividendYield: 0.01 }); // d1 ≈ 46
    const g = greeksEuropean(o);
    const dq = Math.exp(-0.01 * 0.25);
    const dr = Math.exp(-0.04 * 0.25);
    expect(Math.abs(g.price - (100 * dq - 10 * dr))).toBeLessThanOrEqual(4 * EPS * 100);
    expect([g.delta, g.dualDelta, g.gamma, g.vega, g.vomma, g.ultima]).toEqual([dq, -dr, 0, 0, 0, 0]);
    const p = greeksEuropean({ ...o, right: 'put' });
    expect([p.price, Math.abs(p.delta), Math.abs(p.rho)]).toEqual([0, 0, 0]);
  });
  it('rejects invalid inputs with RangeError', () => {
    expect(() => greeksEuropean(base({ spot: 0 }))).toThrow(RangeError);
    expect(() => greeksEuropean(base({ vol: -0.1 }))).toThrow(RangeError);
    expect(() => greeksEuropean(base({ tYears: Number.NaN }))).toThrow(RangeError);
  });
  it('never NaN over extreme inputs (fast-check, 3000 runs; T down to 1e-320, σ down to 1e-310, S/K ∈ [1e-4, 1e4])', () => {
    const logUniform = (lo: number, hi: number) =>
      fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        logUniform(1e-4, 1e4),
        fc.oneof(logUniform(1e-320, 50), fc.constant(0)),
        fc.oneof(logUniform(1e-310, 10), fc.constant(0)),
        fc.double({ min: -0.2, max: 0.5, noNaN: true }),
        fc.double({ min: -0.2, max: 0.5, noNaN: true }),
        fc.boolean(),
        (right, moneyness, tYears, vol, rate, dividendYield, atKink) => {
          const strike = atKink ? 100 : 100 * moneyness;
          const g = greeksEuropean({ right, spot: 100, strike, tYears, rate, dividendYield, vol });
          for (const f of GREEK_FIELDS) if (Number.isNaN(g[f])) return false;
          // Finite except at the kink when σ·T^1.5 is tiny: there |color| ≈ 0.2/(S·σ·T^1.5) truly overflows.
          const x = Math.log(100 / strike) + (rate - dividendYield) * tYears;
          const mayOverflow = Math.abs(x) < 1e-12 && vol * tYears ** 1.5 < 1e-280;
          if (!mayOverflow) for (const f of GREEK_FIELDS) if (!Number.isFinite(g[f])) return false;
          return g.price >= 0;
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });
});
