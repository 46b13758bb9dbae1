/**
 * Regression tests on real VXX slices (December 2016) that used to break `fitSviSmile`: the 3-day
 * slice of 2016-12-13 on which it threw, the 14 short-dated slices on which the butterfly repair gave
 * up (NO_ARBITRAGE_FREE_FIT) and 2016-12-16 / 2016-12-23, whose repair on k ∈ [−3, 3] left 8% of the
 * liquid strikes inside bid/ask. Butterfly-freeness is checked with independent references
 * (butterfly.test-helper.ts): g from finite differences, and the Breeden–Litzenberger density.
 */
import { describe, expect, it } from 'vitest';
import { sviArgminTotalVariance } from './arbitrage.ts';
import { blDensity, fdMinG } from './butterfly.test-helper.ts';
import { type ChainSmileQuote, inferForward, smileFromChain } from './chain-smile.ts';
import { readVxxChains } from './real-chains.test-helper.ts';
import { sviMinTotalVariance, sviParamsViolation, sviTotalVariance } from './svi.ts';
import { fitSviSmile, smileFitStats, sviImpliedVol } from './svi-fit.ts';
import type { RepairTarget } from './svi-repair.ts';
import { refitSviArbitrageFree } from './svi-repair.ts';
import { repairSviSmile } from './svi-repair-fallback.ts';

const VXX = readVxxChains();

/** OTM bid/ask vol smile of one VXX (quote date, expiry), as real-chains.test.ts builds it. */
function slice(quoteDate: string, expiry: string): { tYears: number; quotes: ChainSmileQuote[] } {
  const c = VXX.find((x) => x.quoteDate === quoteDate && x.expiry === expiry);
  if (!c) throw new Error(`no VXX chain ${quoteDate} ${expiry}`);
  const fw = inferForward(c.quotes, c.tYears);
  if (!fw.ok) throw new Error('no forward');
  return { tYears: c.tYears, quotes: smileFromChain(c.quotes, c.tYears, fw.forward, fw.rate) };
}

const twoSided = (q: ChainSmileQuote): boolean => q.bidVol !== null && q.bidVol > 0;

describe('VXX 2016-12-13, expiry 2016-12-17 (3 days): used to throw RangeError', () => {
  const { tYears, quotes } = slice('12/13/2016', '12/17/2016');
  it('the free fit hits w ≥ 0 exactly (the case that threw) and now returns admissible parameters', () => {
    const free = fitSviSmile(quotes, tYears, { repair: false });
    expect(free.ok).toBe(true);
    if (!free.ok) return;
    expect(sviParamsViolation(free.params)).toBeNull();
    // The quasi-explicit constraint a + c − |d| ≥ 0 is active: minimum total variance 0 to rounding.
    expect(sviMinTotalVariance(free.params)).toBeLessThanOrEqual(1e-15 * sviTotalVariance(free.params, 0));
    // w = 0 at an interior strike is arbitrage, and the check (which samples the argmin of w) says so.
    expect(free.butterfly.ok).toBe(false);
  });
  it('the default fit is ok, repaired, butterfly-free by finite differences and by BL density', () => {
    const fit = fitSviSmile(quotes, tYears);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.repaired).toBe(true);
    expect(sviParamsViolation(fit.params)).toBeNull();
    const w = (k: number): number => sviTotalVariance(fit.params, k);
    const kStar = sviArgminTotalVariance(fit.params);
    expect(fdMinG(w, fit.kMin, fit.kMax, 4001, [kStar]).minG).toBeGreaterThan(-1e-6);
    for (const q of quotes) expect(blDensity(w, q.k, tYears)).toBeGreaterThan(-1e-8);
    // Most two-sided quotes inside bid/ask (measured 19 of 20; the 20th is a crossed-looking far call).
    const st = smileFitStats((k) => sviImpliedVol(fit.params, k, tYears), quotes);
    expect(st.insideShare).toBeGreaterThanOrEqual(0.9);
  });
});

// Every slice whose fit used to fail, plus 2016-12-16 / 2016-12-23 (a bad repair on [−3, 3]).
const FORMERLY_BROKEN: Array<[string, string]> = [
  ['12/07/2016', '12/17/2016'],
  ['12/14/2016', '12/17/2016'],
  ['12/15/2016', '12/23/2016'],
  ['12/16/2016', '12/23/2016'],
  ['12/19/2016', '12/23/2016'],
  ['12/19/2016', '12/30/2016'],
  ['12/19/2016', '01/06/2017'],
  ['12/21/2016', '01/06/2017'],
  ['12/21/2016', '01/13/2017'],
  ['12/22/2016', '12/23/2016'],
  ['12/23/2016', '12/30/2016'],
  ['12/23/2016', '01/06/2017'],
  ['12/27/2016', '12/30/2016'],
  ['12/28/2016', '12/30/2016'],
  ['12/29/2016', '12/30/2016'],
];

describe('short-dated VXX slices the repair used to give up on', () => {
  for (const [date, expiry] of FORMERLY_BROKEN) {
    it(`${date} → ${expiry}: ok, g ≥ 0 on a range scaled to the smile, liquid strikes near the quotes`, () => {
      const { tYears, quotes } = slice(date, expiry);
      const fit = fitSviSmile(quotes, tYears);
      expect(fit.ok).toBe(true);
      if (!fit.ok) return;
      // The range covers every quote and is far narrower than ±3 for these ≤ 23-day expiries.
      const ks = quotes.map((q) => q.k);
      expect(fit.kMin).toBeLessThan(Math.min(...ks));
      expect(fit.kMax).toBeGreaterThan(Math.max(...ks));
      expect(fit.kMax - fit.kMin).toBeLessThan(2.5);
      const w = (k: number): number => sviTotalVariance(fit.params, k);
      expect(fdMinG(w, fit.kMin, fit.kMax, 4001, [sviArgminTotalVariance(fit.params)]).minG).toBeGreaterThan(
        -1e-6,
      );
      // Liquid strikes (two-sided, |k| ≤ 2 ATM sds): the fits that failed were replaced by neighbour
      // interpolation with RMSE 1.7–15 vol points; a fit of the slice itself must do far better.
      const sd = Math.sqrt(w(0));
      const liquid = quotes.filter((q) => twoSided(q) && Math.abs(q.k) <= 2 * sd);
      const st = smileFitStats((k) => sviImpliedVol(fit.params, k, tYears), liquid);
      expect(st.rmseVol).toBeLessThan(0.025);
      expect(st.insideShare).toBeGreaterThanOrEqual(0.6);
    });
  }
});

describe('the fallback on a case where the penalty refit fails', () => {
  it('2016-12-19 → 2016-12-30 on [−3, 3] with asks-only as two-sided targets (the old targets): refit fails, SSVI-started refit succeeds', () => {
    const { tYears, quotes } = slice('12/19/2016', '12/30/2016');
    const free = fitSviSmile(quotes, tYears, { repair: false, kMin: -3, kMax: 3 });
    expect(free.ok && !free.butterfly.ok).toBe(true);
    if (!free.ok) return;
    const targets: RepairTarget[] = quotes.map((q) => {
      const bid = twoSided(q) ? (q.bidVol ?? 0) : null;
      const v = bid === null ? q.askVol : 0.5 * (bid + q.askVol);
      const half =
        bid === null ? Math.max(0.05 * q.askVol, 0.0025) : Math.max(0.5 * (q.askVol - bid), 0.0025);
      const s = 2 * v * tYears * half;
      return { k: q.k, w: v * v * tYears, weight: 1 / (s * s) };
    });
    expect(refitSviArbitrageFree(free.params, targets, { kMin: -3, kMax: 3 }).ok).toBe(false);
    const r = repairSviSmile(free.params, targets, -3, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.method).not.toBe('refit');
    const w = (k: number): number => sviTotalVariance(r.params, k);
    expect(fdMinG(w, -3, 3, 6001, [sviArgminTotalVariance(r.params)]).minG).toBeGreaterThan(-1e-6);
  });
});
