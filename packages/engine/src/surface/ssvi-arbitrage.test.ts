import { describe, expect, it } from 'vitest';
import { checkButterfly, checkCalendar, uniformGrid } from './arbitrage.ts';
import { isotonicNonDecreasing, nelderMead, solveSmallQp } from './optimize.ts';
import {
  type SsviParams,
  ssviConditionReport,
  ssviParamsViolation,
  ssviSlice,
  ssviTotalVariance,
} from './ssvi.ts';
import { sviSlice } from './svi.ts';

const K = uniformGrid(-3, 3, 1201);
const THETAS = [0.001, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];

describe('SSVI', () => {
  const good: SsviParams = { rho: -0.6, eta: 1.2, gamma: 0.4 }; // η(1+|ρ|) = 1.92 ≤ 2
  it('w(0, θ) = θ (θ is the ATM total variance) to 4 ulp', () => {
    for (const theta of THETAS) {
      expect(Math.abs(ssviTotalVariance(good, theta, 0) - theta)).toBeLessThanOrEqual(
        4 * Number.EPSILON * theta,
      );
    }
  });
  it('slice derivatives match central differences', () => {
    for (const theta of [0.01, 0.3]) {
      const s = ssviSlice(good, theta);
      for (const k of uniformGrid(-2, 2, 41)) {
        const h = 1e-5;
        expect(Math.abs(s.dw(k) - (s.w(k + h) - s.w(k - h)) / (2 * h))).toBeLessThan(1e-8);
        const hh = 1e-4;
        const fd2 = (s.w(k + hh) - 2 * s.w(k) + s.w(k - hh)) / (hh * hh);
        expect(Math.abs(s.d2w(k) - fd2)).toBeLessThan(1e-5 * (1 + fd2));
      }
    }
  });
  it('parameters in the sufficient region give g ≥ 0 and calendar-free slices (checked densely)', () => {
    expect(ssviParamsViolation(good)).toBeNull();
    const rep = ssviConditionReport(good, THETAS);
    expect(rep.butterflyOk && rep.calendarOk).toBe(true);
    for (const theta of THETAS) expect(checkButterfly(ssviSlice(good, theta), K).ok).toBe(true);
    const dated = THETAS.map((theta, i) => ({ tYears: i + 1, slice: ssviSlice(good, theta) }));
    expect(checkCalendar(dated, K).ok).toBe(true);
  });
  it('η(1+|ρ|) ≫ 2 is rejected, Theorem 4.2 fails at large θ, and the dense g check confirms it', () => {
    const bad: SsviParams = { rho: 0.5, eta: 4, gamma: 0.5 };
    expect(ssviParamsViolation(bad)).toContain('eta');
    const rep = ssviConditionReport(bad, THETAS);
    expect(rep.butterflyOk).toBe(false);
    const failing = rep.failingThetas;
    expect(failing.length).toBeGreaterThan(0);
    for (const theta of failing) expect(checkButterfly(ssviSlice(bad, theta), K).ok).toBe(false);
  });
  it('rejects γ outside (0, ½] and |ρ| ≥ 1', () => {
    expect(ssviParamsViolation({ rho: 0, eta: 1, gamma: 0.7 })).toContain('gamma');
    expect(ssviParamsViolation({ rho: -1, eta: 1, gamma: 0.3 })).toContain('rho');
  });
});

describe('calendar check', () => {
  // w₁ ≡ 0.04 + tiny curvature; w₂ = raw SVI with minimum 0.03 at k = 0.2: w₂ < w₁ exactly where
  // 0.03 + 0.1(√((k−0.2)² + 0.01) − 0.1) < w₁(k), an interval around 0.2 computed by bisection below.
  const s1 = sviSlice({ a: 0.04 - 1e-6, b: 1e-5, rho: 0, m: 0, sigma: 0.1 });
  const s2 = sviSlice({ a: 0.03 - 0.01, b: 0.1, rho: 0, m: 0.2, sigma: 0.1 });
  it('flags the k interval where the later slice is below the earlier one', () => {
    const grid = uniformGrid(-1, 1, 2001);
    const rep = checkCalendar(
      [
        { tYears: 0.5, slice: s1 },
        { tYears: 1, slice: s2 },
      ],
      grid,
    );
    expect(rep.ok).toBe(false);
    const v = rep.violations[0];
    expect(v?.kWorst).toBeCloseTo(0.2, 3);
    expect(v?.excess).toBeCloseTo(s1.w(0.2) - 0.03, 9);
    // Independent root: w₂(k) = w₁(k) on k > 0.2 by bisection.
    let lo = 0.2;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (s2.w(mid) < s1.w(mid)) lo = mid;
      else hi = mid;
    }
    expect(Math.abs((v?.failing[0]?.to ?? 0) - lo)).toBeLessThanOrEqual(0.001);
  });
  it('ordered slices pass; unsorted input throws', () => {
    const dated = [
      { tYears: 0.5, slice: s2 },
      { tYears: 1, slice: s1 },
    ];
    expect(
      checkCalendar(
        [
          { tYears: 0.5, slice: s1 },
          { tYears: 1, slice: s1 },
        ],
        K,
      ).ok,
    ).toBe(true);
    expect(() => checkCalendar([...dated].reverse(), K)).toThrow(RangeError);
  });
});

describe('optimizer helpers', () => {
  it('small QP matches a brute-force grid minimum of a constrained quadratic', () => {
    // min (x−2)² + (y−1)² + xy  s.t. x + y ≤ 1, x ≥ 0, y ≥ 0.
    const h = [
      [2, 1],
      [1, 2],
    ];
    const g = [4, 2];
    const x =
      solveSmallQp(
        h,
        g,
        [
          [1, 1],
          [-1, 0],
          [0, -1],
        ],
        [1, 0, 0],
      ) ?? [];
    const f = (a: number, b: number): number => (a - 2) ** 2 + (b - 1) ** 2 + a * b;
    let best = { f: Number.POSITIVE_INFINITY, a: 0, b: 0 };
    for (let i = 0; i <= 1000; i++)
      for (let j = 0; i + j <= 1000; j++) {
        const v = f(i / 1000, j / 1000);
        if (v < best.f) best = { f: v, a: i / 1000, b: j / 1000 };
      }
    expect(Math.abs((x[0] ?? 0) - best.a)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs((x[1] ?? 0) - best.b)).toBeLessThanOrEqual(1e-3);
  });
  it('Nelder–Mead finds the Rosenbrock minimum (1, 1)', () => {
    const r = nelderMead(
      (x) => 100 * ((x[1] ?? 0) - (x[0] ?? 0) ** 2) ** 2 + (1 - (x[0] ?? 0)) ** 2,
      [-1.2, 1],
      {
        step: [0.5, 0.5],
        maxEvaluations: 5000,
        fTolerance: 1e-20,
        xTolerance: 1e-12,
      },
    );
    expect(Math.abs((r.x[0] ?? 0) - 1)).toBeLessThan(1e-6);
    expect(Math.abs((r.x[1] ?? 0) - 1)).toBeLessThan(1e-6);
  });
  it('isotonic regression pools violators into weighted means', () => {
    expect(isotonicNonDecreasing([1, 3, 2, 4])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonicNonDecreasing([3, 1], [1, 3])).toEqual([1.5, 1.5]);
  });
});
