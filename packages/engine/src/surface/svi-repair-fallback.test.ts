import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUTTERFLY_CHECK_ATM_SDS,
  BUTTERFLY_CHECK_MARGIN_SDS,
  butterflyCheckRange,
  checkButterfly,
  checkSviButterfly,
  sviArgminTotalVariance,
  sviCheckGrid,
  sviMinG,
  uniformGrid,
} from './arbitrage.ts';
import { blDensity, fdMinG } from './butterfly.test-helper.ts';
import { ssviTotalVariance } from './ssvi.ts';
import {
  type SviParams,
  sviMinTotalVariance,
  sviParamsViolation,
  sviRaiseToAdmissible,
  sviSlice,
  sviTotalVariance,
} from './svi.ts';
import { fitSviSmile, type SmileQuote, smileFitStats, sviImpliedVol } from './svi-fit.ts';
import type { RepairTarget } from './svi-repair.ts';
import { sviTargetLoss } from './svi-repair.ts';
import {
  fitSsviShapedSlice,
  refineSviFeasible,
  repairSviSmile,
  ssviShapeMaxPhi,
  sviFromSsviShape,
} from './svi-repair-fallback.ts';

// Gatheral & Jacquier (2014) §5.1: Axel Vogt's raw SVI slice, which has butterfly arbitrage near k ≈ 0.9.
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };
const VOGT_T = 0.99722;
const CASES: SviParams[] = [
  VOGT,
  { a: 0.02, b: 0.1, rho: 0, m: 0, sigma: 0.2 },
  { a: 0.01, b: 0.3, rho: -0.7, m: 0.05, sigma: 0.1 },
  { a: 0.001, b: 0.05, rho: 0.4, m: -0.02, sigma: 0.01 },
];
/** Equal-weight targets sampling a slice on [−1.5, 1.5]. */
const targetsOf = (p: SviParams): RepairTarget[] =>
  uniformGrid(-1.5, 1.5, 121).map((k) => ({ k, w: sviTotalVariance(p, k), weight: 1 }));

describe('sviRaiseToAdmissible', () => {
  // The 3-day VXX case: the quasi-explicit constraint active, min variance −1.7e-18 after rounding.
  const b = 0.025564579230012083;
  const sigma = 0.12104803762178555;
  const rho = 4.245048575097066e-17;
  const bound = -b * sigma * Math.sqrt(1 - rho * rho);
  it('moves a min variance of −1.7e-18 to ≥ 0 by a change in a below 1e-17', () => {
    const p: SviParams = { a: bound - 1.7e-18, b, rho, m: -0.2755, sigma };
    expect(sviParamsViolation(p)).toContain('minimum total variance');
    const q = sviRaiseToAdmissible(p);
    expect(q).not.toBeNull();
    if (q === null) return;
    expect(sviParamsViolation(q)).toBeNull();
    expect(sviMinTotalVariance(q)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(q.a - p.a)).toBeLessThan(1e-17);
    expect({ ...q, a: 0 }).toEqual({ ...p, a: 0 });
  });
  it('returns admissible parameters unchanged and refuses other violations', () => {
    expect(sviRaiseToAdmissible(VOGT)).toBe(VOGT);
    expect(sviRaiseToAdmissible({ ...VOGT, b: -0.1 })).toBeNull();
    expect(sviRaiseToAdmissible({ ...VOGT, rho: 1 })).toBeNull();
    expect(sviRaiseToAdmissible({ ...VOGT, m: Number.NaN })).toBeNull();
  });
});

describe('butterfly check range', () => {
  it('3-day option at 80% vol: ±6 ATM sds plus the quotes widened by 1 sd, not ±3', () => {
    const w = (0.8 * 0.8 * 3) / 365;
    const sd = Math.sqrt(w);
    // Quotes narrower than ±6 sd: the ±6 sd core decides.
    expect(butterflyCheckRange(-0.1, 0.2, w)).toEqual({ kMin: -6 * sd, kMax: 6 * sd });
    // Quotes wider than the core: they decide, plus the margin.
    const r = butterflyCheckRange(-0.7, 1, w);
    expect(r.kMin).toBeCloseTo(-0.7 - sd, 15);
    expect(r.kMax).toBeCloseTo(1 + sd, 15);
    expect(BUTTERFLY_CHECK_ATM_SDS * sd).toBeLessThan(0.5);
    expect(BUTTERFLY_CHECK_MARGIN_SDS).toBe(1);
  });
  it('caps the core at ±3 for large w, still covers quotes up to ±5, never empty', () => {
    expect(butterflyCheckRange(-0.5, 0.5, 1)).toEqual({ kMin: -3, kMax: 3 });
    const r = butterflyCheckRange(-4, 0.5, 0.01);
    expect(r.kMin).toBeCloseTo(-4.1, 15);
    expect(r.kMax).toBeCloseTo(0.6, 15);
    expect(butterflyCheckRange(-9, 9, 0.01)).toEqual({ kMin: -5, kMax: 5 });
    expect(butterflyCheckRange(Number.NaN, Number.NaN, 0)).toEqual({ kMin: -3, kMax: 3 });
  });
});

describe('sviMinG and the check grid', () => {
  it('sviMinG equals the minimum of checkButterfly on sviCheckGrid, and ≥ 0 ⇔ checkSviButterfly.ok', () => {
    for (const p of CASES) {
      for (const [lo, hi] of [
        [-3, 3],
        [-0.4, 0.7],
      ] as const) {
        const grid = checkButterfly(sviSlice(p), sviCheckGrid(p, lo, hi));
        expect(sviMinG(p, lo, hi)).toBe(grid.minG);
        expect(sviMinG(p, lo, hi) >= 0).toBe(checkSviButterfly(p, lo, hi).ok);
      }
    }
    expect(sviMinG({ ...VOGT, b: -1 })).toBe(Number.NEGATIVE_INFINITY);
    expect(sviMinG({ ...VOGT, b: 2, rho: 0.5 })).toBe(Number.NEGATIVE_INFINITY); // wing slope 3 > 2
  });
  it('a slice whose minimum total variance is 0 is flagged at the argmin of w (found by brute force)', () => {
    const p: SviParams = { a: 0, b: 0.2, rho: -0.6, m: 0.013, sigma: 0.07 };
    const q = { ...p, a: -p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho) };
    let kBrute = 0;
    for (const k of uniformGrid(-1, 1, 2_000_001))
      if (sviTotalVariance(q, k) < sviTotalVariance(q, kBrute)) kBrute = k;
    expect(Math.abs(sviArgminTotalVariance(q) - kBrute)).toBeLessThanOrEqual(1e-6);
    const report = checkSviButterfly(q, -1, 1);
    expect(report.ok).toBe(false);
    expect(report.kAtMinG).toBe(sviArgminTotalVariance(q));
  });
});

describe('SSVI-shaped slices (Gatheral–Jacquier 2014, Theorem 4.2)', () => {
  it('the raw SVI form equals the SSVI formula of ssvi.ts', () => {
    for (const [theta, rho, phi] of [
      [0.004, -0.7, 20],
      [0.05, 0.3, 3],
      [1.2, 0.9, 0.5],
    ] as const) {
      const p = sviFromSsviShape(theta, rho, phi);
      const eta = phi * theta ** 0.5 * (1 + theta) ** 0.5; // φ(θ) = η/(θ^½(1+θ)^½) with γ = ½
      for (const k of uniformGrid(-2, 2, 41)) {
        const ref = ssviTotalVariance({ rho, eta, gamma: 0.5 }, theta, k);
        expect(Math.abs(sviTotalVariance(p, k) - ref)).toBeLessThanOrEqual(1e-14 * ref);
      }
    }
  });
  it('inside the bounds g ≥ 0 (finite differences) for random θ, ρ, φ ≤ φ_max', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Math.log(1e-3), max: Math.log(3), noNaN: true }),
        fc.double({ min: -0.95, max: 0.95, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (lnTheta, rho, frac) => {
          const theta = Math.exp(lnTheta);
          const p = sviFromSsviShape(theta, rho, frac * ssviShapeMaxPhi(theta, rho));
          const k0 = sviArgminTotalVariance(p);
          expect(fdMinG((k) => sviTotalVariance(p, k), -3, 3, 1201, [k0]).minG).toBeGreaterThan(-1e-6);
          expect(sviMinG(p, -3, 3)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 60, seed: 20161213 },
    );
  });
  it('the bound matters: at 2·φ_max, g < 0 somewhere for θ = 0.005 and ρ = −0.7', () => {
    const theta = 0.005;
    const p = sviFromSsviShape(theta, -0.7, 2 * ssviShapeMaxPhi(theta, -0.7));
    expect(fdMinG((k) => sviTotalVariance(p, k), -3, 3).minG).toBeLessThan(-0.05);
  });
});

describe('fallback repairs on Vogt', () => {
  const targets = targetsOf(VOGT);
  it('the SSVI-shaped fit is arbitrage-free; the barrier refit keeps that and fits at least as well', () => {
    const shaped = fitSsviShapedSlice(targets, { theta: sviTotalVariance(VOGT, 0), rho: VOGT.rho });
    expect(shaped).not.toBeNull();
    if (shaped === null) return;
    expect(sviMinG(shaped, -1.5, 1.5)).toBeGreaterThanOrEqual(0);
    const refined = refineSviFeasible(shaped, targets, -1.5, 1.5);
    expect(refined).not.toBeNull();
    if (refined === null) return;
    expect(checkSviButterfly(refined, -1.5, 1.5).ok).toBe(true);
    expect(sviTargetLoss(refined, targets)).toBeLessThanOrEqual(sviTargetLoss(shaped, targets));
    expect(fdMinG((k) => sviTotalVariance(refined, k), -1.5, 1.5).minG).toBeGreaterThan(-1e-6);
  });
  it('refineSviFeasible refuses an arbitrageable start', () => {
    expect(refineSviFeasible(VOGT, targets, -1.5, 1.5)).toBeNull();
  });
  it('repairSviSmile returns an arbitrage-free slice with a non-negative BL density', () => {
    const r = repairSviSmile(VOGT, targets, -1.5, 1.5);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const w = (k: number): number => sviTotalVariance(r.params, k);
    expect(fdMinG(w, -1.5, 1.5).minG).toBeGreaterThan(-1e-6);
    for (const k of uniformGrid(-1.4, 1.4, 57)) expect(blDensity(w, k, VOGT_T)).toBeGreaterThan(-1e-8);
  });
});

describe('fitSviSmile: repaired fits pass the check; market data never makes it throw', () => {
  it('quotes drawn from Vogt ±½ vol point: repaired, arbitrage-free on its range, close to the quotes', () => {
    const quotes: SmileQuote[] = uniformGrid(-1.2, 1.5, 55).map((k) => {
      const v = Math.sqrt(sviTotalVariance(VOGT, k) / VOGT_T);
      return { k, bidVol: v - 0.005, askVol: v + 0.005 };
    });
    const fit = fitSviSmile(quotes, VOGT_T);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.repaired && fit.repair !== null && fit.butterfly.ok).toBe(true);
    expect(fit.kMin).toBeLessThanOrEqual(-1.2);
    expect(fit.kMax).toBeGreaterThanOrEqual(1.5);
    expect(fdMinG((k) => sviTotalVariance(fit.params, k), fit.kMin, fit.kMax).minG).toBeGreaterThan(-1e-6);
    // Vogt's arbitrage costs the repaired smile some fit; GJ's own repair moves vols by ~2 vol points.
    const st = smileFitStats((k) => sviImpliedVol(fit.params, k, VOGT_T), quotes);
    expect(st.maxAbsErrorVol).toBeLessThan(0.03);
  });
  it('random smiles with noise, outliers, missing bids and malformed rows: a discriminated result, ok ⇒ arbitrage-free', () => {
    // Quotes around a random raw SVI smile (short to long expiries), each with a random spread, some
    // shifted by up to ±30 vol points, some without a bid, plus malformed rows the fit must skip.
    const smile = fc.record({
      tYears: fc.double({ min: 1 / 365, max: 3, noNaN: true }),
      atmVol: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
      rho: fc.double({ min: -0.95, max: 0.95, noNaN: true }),
      m: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      sigma: fc.double({ min: 0.005, max: 0.5, noNaN: true }),
    });
    const row = fc.record({
      z: fc.double({ min: -4, max: 4, noNaN: true }),
      spread: fc.double({ min: 0, max: 0.2, noNaN: true }),
      shift: fc.oneof(fc.constant(0), fc.double({ min: -0.3, max: 0.3, noNaN: true })),
      noBid: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
    });
    const junk = fc.record({
      k: fc.constantFrom(Number.NaN, 40, -40, 0.1),
      bidVol: fc.constantFrom(null, Number.NaN, -0.1, 2),
      askVol: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 1),
    });
    let ok = 0;
    let repaired = 0;
    const reasons: string[] = [];
    fc.assert(
      fc.property(
        smile,
        fc.array(row, { minLength: 3, maxLength: 30 }),
        fc.array(junk, { maxLength: 4 }),
        (s, rows, bad) => {
          const sd = s.atmVol * Math.sqrt(s.tYears);
          const p: SviParams = { a: 0, b: s.b * sd, rho: s.rho, m: s.m * sd, sigma: s.sigma };
          const a = sd * sd - sviTotalVariance(p, 0);
          const quotes: SmileQuote[] = rows.map((r) => {
            const k = r.z * sd;
            const v = Math.sqrt(Math.max(a + sviTotalVariance(p, k), 1e-4) / s.tYears) + r.shift;
            const ask = Math.max(v + r.spread / 2, 0.01);
            return { k, bidVol: r.noBid ? null : Math.max(v - r.spread / 2, 0), askVol: ask };
          });
          const fit = fitSviSmile([...quotes, ...bad], s.tYears);
          if (!fit.ok) {
            expect(['TOO_FEW_QUOTES', 'NO_ARBITRAGE_FREE_FIT', 'NUMERICAL_FAILURE']).toContain(fit.reason);
            reasons.push(fit.reason);
            return;
          }
          ok++;
          if (fit.repaired) repaired++;
          expect(sviParamsViolation(fit.params)).toBeNull();
          expect(fit.butterfly.ok).toBe(true);
          expect(sviMinG(fit.params, fit.kMin, fit.kMax)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 80, seed: 1217 },
    );
    // It must have exercised the fit and the repair, not only the quote filters (seeded: 55 fits, 19 repaired).
    expect(ok).toBeGreaterThan(30);
    expect(repaired).toBeGreaterThan(5);
    expect(reasons.every((r) => r === 'TOO_FEW_QUOTES')).toBe(true);
  });
});
