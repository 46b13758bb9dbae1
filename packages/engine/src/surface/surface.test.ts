import { describe, expect, it } from 'vitest';
import { checkButterfly, checkCalendar, uniformGrid } from './arbitrage.ts';
import { ssviTotalVariance } from './ssvi.ts';
import { surfaceFromSlices, surfaceFromSsvi } from './surface.ts';
import { type SviParams, sviSlice, sviTotalVariance } from './svi.ts';
import { fitSviSmile, type SmileQuote, smileFitStats, sviImpliedVol } from './svi-fit.ts';

const P1: SviParams = { a: 0.01, b: 0.08, rho: -0.5, m: 0.02, sigma: 0.15 };
const P2: SviParams = { a: 0.03, b: 0.1, rho: -0.4, m: 0.05, sigma: 0.25 };

describe('Surface from slices', () => {
  const s = surfaceFromSlices([
    { tYears: 0.25, slice: sviSlice(P1) },
    { tYears: 1, slice: sviSlice(P2) },
  ]);
  it('reproduces the slices at their expiries and is linear in t between them', () => {
    for (const k of [-0.5, 0, 0.3]) {
      expect(s.totalVariance(k, 0.25)).toBe(sviTotalVariance(P1, k));
      expect(s.totalVariance(k, 1)).toBe(sviTotalVariance(P2, k));
      const mid = 0.5 * (sviTotalVariance(P1, k) + sviTotalVariance(P2, k));
      expect(Math.abs(s.totalVariance(k, 0.625) - mid)).toBeLessThanOrEqual(4 * Number.EPSILON * mid);
    }
  });
  it('extrapolates with flat implied vol per k at both ends', () => {
    for (const k of [-0.5, 0, 0.3]) {
      const v1 = Math.sqrt(sviTotalVariance(P1, k) / 0.25);
      const v2 = Math.sqrt(sviTotalVariance(P2, k) / 1);
      expect(Math.abs(s.impliedVol(k, 0.01) - v1)).toBeLessThan(1e-14);
      expect(Math.abs(s.impliedVol(k, 3) - v2)).toBeLessThan(1e-14);
    }
  });
  it('is calendar- and butterfly-free on a dense (k, t) grid when its slices are', () => {
    const grid = uniformGrid(-2, 2, 401);
    const ts = [0.01, 0.1, 0.25, 0.4, 0.6, 0.8, 1];
    expect(
      checkCalendar(
        ts.map((t) => ({ tYears: t, slice: s.sliceAt(t) })),
        grid,
      ).ok,
    ).toBe(true);
    for (const t of ts) expect(checkButterfly(s.sliceAt(t), grid).ok).toBe(true);
  });
  it('rejects t ≤ 0 and unsorted slices', () => {
    expect(() => s.totalVariance(0, 0)).toThrow(RangeError);
    expect(() =>
      surfaceFromSlices([
        { tYears: 1, slice: sviSlice(P2) },
        { tYears: 0.25, slice: sviSlice(P1) },
      ]),
    ).toThrow(RangeError);
  });
  it('SSVI surface: w(0, t) interpolates θ linearly and equals SSVI at the nodes', () => {
    const p = { rho: -0.5, eta: 1, gamma: 0.4 };
    const ss = surfaceFromSsvi(p, [
      { tYears: 0.5, theta: 0.02 },
      { tYears: 1, theta: 0.05 },
    ]);
    expect(ss.totalVariance(0, 0.75)).toBeCloseTo(0.035, 15);
    expect(ss.totalVariance(0.3, 1)).toBe(ssviTotalVariance(p, 0.05, 0.3));
  });
});

describe('robust SVI fit to bid/ask vols (synthetic, known answer)', () => {
  const t = 0.5;
  const truth: SviParams = { a: 0.012, b: 0.09, rho: -0.45, m: 0.03, sigma: 0.18 };
  const ks = uniformGrid(-0.6, 0.5, 34);
  const clean: SmileQuote[] = ks.map((k) => {
    const v = Math.sqrt(sviTotalVariance(truth, k) / t);
    return { k, bidVol: v - 0.005, askVol: v + 0.005 };
  });
  it('recovers the generating smile to 0.05 vol points with every quote inside its band', () => {
    const fit = fitSviSmile(clean, t);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    for (const k of uniformGrid(-0.6, 0.5, 100)) {
      const err = Math.abs(sviImpliedVol(fit.params, k, t) - Math.sqrt(sviTotalVariance(truth, k) / t));
      expect(err).toBeLessThan(5e-4);
    }
    expect(smileFitStats((k) => sviImpliedVol(fit.params, k, t), clean).insideShare).toBe(1);
  });
  it('ignores bad quotes: 4 quotes shifted by ±10 vol points barely move the fit (Huber IRLS)', () => {
    const dirty = clean.map((q, i) =>
      i % 8 === 3
        ? {
            k: q.k,
            bidVol: (q.bidVol ?? 0) + (i % 16 === 3 ? 0.1 : -0.1),
            askVol: q.askVol + (i % 16 === 3 ? 0.1 : -0.1),
          }
        : q,
    );
    const fit = fitSviSmile(dirty, t);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    const good = clean.filter((_, i) => i % 8 !== 3);
    const st = smileFitStats((k) => sviImpliedVol(fit.params, k, t), good);
    expect(st.maxAbsErrorVol).toBeLessThan(0.005);
    expect(st.insideShare).toBeGreaterThanOrEqual(0.95);
  });
  it('quotes without a bid only cap the fit; fewer than 5 two-sided quotes is TOO_FEW_QUOTES', () => {
    const few = clean.map((q, i) => (i < 30 ? { k: q.k, bidVol: null, askVol: q.askVol } : q));
    expect(fitSviSmile(few, t)).toEqual({ ok: false, reason: 'TOO_FEW_QUOTES' });
  });
});
