import { describe, expect, it } from 'vitest';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { checkSviButterfly, uniformGrid } from './arbitrage.ts';
import {
  durrlemanG,
  type SviParams,
  sviD2w,
  sviDw,
  sviMinTotalVariance,
  sviParamsViolation,
  sviTotalVariance,
} from './svi.ts';
import { repairSviButterfly } from './svi-repair.ts';

// Gatheral & Jacquier (2014), "Arbitrage-free SVI volatility surfaces", §5.1: Axel Vogt's raw SVI
// slice, which has butterfly arbitrage.
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };
const VOGT_T = 0.99722;

const CASES: Array<[string, SviParams]> = [
  ['Vogt', VOGT],
  ['symmetric', { a: 0.02, b: 0.1, rho: 0, m: 0, sigma: 0.2 }],
  ['negative skew', { a: 0.01, b: 0.3, rho: -0.7, m: 0.05, sigma: 0.1 }],
  ['narrow vertex', { a: 0.001, b: 0.05, rho: 0.4, m: -0.02, sigma: 0.01 }],
];

/**
 * Breeden–Litzenberger: the risk-neutral density of K is e^{rT}·∂²C/∂K². With F = 1 and r = q = 0,
 * density(K) = ∂²C/∂K², computed here by a central second difference of Black–Scholes prices at the
 * slice's implied vols: a reference independent of the g(k) formula.
 */
function blDensity(p: SviParams, k: number, t: number): number {
  const call = (kk: number): number =>
    priceEuropean({
      right: 'call',
      spot: 1,
      strike: Math.exp(kk),
      tYears: t,
      rate: 0,
      dividendYield: 0,
      vol: Math.sqrt(sviTotalVariance(p, kk) / t),
    });
  const kStrike = Math.exp(k);
  const h = 1e-3 * kStrike;
  const at = (strike: number): number => call(Math.log(strike));
  return (at(kStrike + h) - 2 * at(kStrike) + at(kStrike - h)) / (h * h);
}

describe('raw SVI derivatives vs central finite differences', () => {
  for (const [name, p] of CASES) {
    it(`${name}: dw and d2w to 1e-7 relative on k ∈ [−1.5, 1.5]`, () => {
      for (const k of uniformGrid(-1.5, 1.5, 61)) {
        const h = 1e-5;
        const fd1 = (sviTotalVariance(p, k + h) - sviTotalVariance(p, k - h)) / (2 * h);
        const hh = 1e-4 * Math.max(p.sigma, 0.05);
        const fd2 =
          (sviTotalVariance(p, k + hh) - 2 * sviTotalVariance(p, k) + sviTotalVariance(p, k - hh)) /
          (hh * hh);
        expect(Math.abs(sviDw(p, k) - fd1)).toBeLessThan(1e-7 * (1 + Math.abs(fd1)));
        expect(Math.abs(sviD2w(p, k) - fd2)).toBeLessThan(1e-4 * (1 + Math.abs(fd2)));
      }
    });
  }
  it('minimum total variance a + bσ√(1−ρ²) equals the grid minimum (to 1e-9)', () => {
    for (const [, p] of CASES) {
      let min = Number.POSITIVE_INFINITY;
      for (const k of uniformGrid(-3, 3, 600_001)) min = Math.min(min, sviTotalVariance(p, k));
      expect(Math.abs(sviMinTotalVariance(p) - min)).toBeLessThan(1e-9);
    }
  });
});

describe('parameter constraints', () => {
  const bad: Array<[string, SviParams, string]> = [
    ['b < 0', { ...VOGT, b: -0.1 }, 'b < 0'],
    ['|ρ| = 1', { ...VOGT, rho: 1 }, '|rho| >= 1'],
    ['σ = 0', { ...VOGT, sigma: 0 }, 'sigma <= 0'],
    ['negative variance', { ...VOGT, a: -0.1 }, 'minimum total variance'],
    ['NaN', { ...VOGT, m: Number.NaN }, 'non-finite'],
  ];
  for (const [name, p, why] of bad) {
    it(`rejects ${name}`, () => expect(sviParamsViolation(p)).toContain(why));
  }
  it('accepts Vogt (valid, merely arbitrageable)', () => expect(sviParamsViolation(VOGT)).toBeNull());
});

describe("Durrleman's g and the Vogt example", () => {
  it('g agrees in sign with the Breeden–Litzenberger density wherever |g| > 1e-3', () => {
    let compared = 0;
    for (const k of uniformGrid(-1.2, 1.5, 55)) {
      const g = durrlemanG(sviTotalVariance(VOGT, k), sviDw(VOGT, k), sviD2w(VOGT, k), k);
      if (Math.abs(g) < 1e-3) continue;
      expect(Math.sign(blDensity(VOGT, k, VOGT_T))).toBe(Math.sign(g));
      compared++;
    }
    expect(compared).toBeGreaterThan(45);
  });

  it('is flagged: g < 0 on an interval around k ≈ 0.9 where the BL density is negative', () => {
    const report = checkSviButterfly(VOGT, -1.5, 1.5);
    expect(report.ok).toBe(false);
    expect(report.minG).toBeLessThan(-0.02);
    expect(report.failing.length).toBe(1);
    const [iv] = report.failing;
    expect(iv?.from).toBeGreaterThan(0.5);
    expect(iv?.to).toBeLessThan(1.4);
    expect(blDensity(VOGT, report.kAtMinG, VOGT_T)).toBeLessThan(0);
  });

  it('repair returns a nearby slice with g ≥ 0 and a non-negative BL density', () => {
    const r = repairSviButterfly(VOGT, { kMin: -1.5, kMax: 1.5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sviParamsViolation(r.params)).toBeNull();
    const report = checkSviButterfly(r.params, -1.5, 1.5);
    expect(report.ok).toBe(true);
    expect(report.minG).toBeGreaterThanOrEqual(0);
    let maxVolDiff = 0;
    for (const k of uniformGrid(-1.5, 1.5, 301)) {
      const v0 = Math.sqrt(sviTotalVariance(VOGT, k) / VOGT_T);
      const v1 = Math.sqrt(sviTotalVariance(r.params, k) / VOGT_T);
      maxVolDiff = Math.max(maxVolDiff, Math.abs(v1 - v0));
      // FD noise floor of the BL second difference ~1e-9.
      expect(blDensity(r.params, k, VOGT_T)).toBeGreaterThan(-1e-7);
    }
    // Measured 1.9 vol points at worst (in the repaired region), well under 3.
    expect(maxVolDiff).toBeLessThan(0.03);
  });

  it('an arbitrage-free slice is returned unchanged by the repair', () => {
    const p = CASES[1]?.[1] ?? VOGT;
    const r = repairSviButterfly(p);
    expect(r.ok && r.rounds === 0 && r.params === p).toBe(true);
  });
});
