/**
 * Robust raw SVI fit of one expiry to bid/ask implied vols.
 *
 * Residuals are measured in half-spreads: e = (σ_model − σ_mid)/h with h the half bid/ask spread in
 * vol. Because h ≈ (half price spread)/vega, this is the vega-weighted vol error in units of the price
 * spread: wide or low-vega quotes count less. The quasi-explicit SVI fit is run inside iteratively
 * reweighted least squares with a Huber loss (quotes more than `huberDelta` half-spreads away are
 * down-weighted ∝ 1/|e|), so a few bad quotes cannot drag the smile. Quotes with no bid constrain the
 * fit from above only (fitted vol ≤ ask vol). The result is checked for butterfly arbitrage and, if
 * needed, refitted under the g(k) ≥ 0 constraint.
 */
import { type ButterflyReport, checkSviButterfly } from './arbitrage.ts';
import type { SviParams } from './svi.ts';
import { sviTotalVariance } from './svi.ts';
import { fitSviQuasiExplicit, type WeightedTotalVariance } from './svi-quasi-explicit.ts';
import { refitSviArbitrageFree } from './svi-repair.ts';

/** One strike of a smile: log-forward-moneyness and bid/ask implied vols (bidVol null = no usable bid). */
export interface SmileQuote {
  k: number;
  bidVol: number | null;
  askVol: number;
}

export interface SviSmileFitOptions {
  /** Floor on the half-spread in vol (default 0.0025 = ¼ vol point) so tight quotes do not dominate. */
  minHalfSpreadVol?: number;
  /** Huber threshold in half-spreads (default 1). */
  huberDelta?: number;
  /** IRLS rounds (default 4). */
  rounds?: number;
  /** Refit under the butterfly constraint when the free fit has arbitrage (default true). */
  repair?: boolean;
  /** k range of the butterfly check and repair (default: [−3, 3] widened to the data range ± 1, within [−5, 5]). */
  kMin?: number;
  kMax?: number;
}

export type SviSmileFit =
  | { ok: true; params: SviParams; butterfly: ButterflyReport; repaired: boolean }
  | { ok: false; reason: 'TOO_FEW_QUOTES' | 'NO_ARBITRAGE_FREE_FIT' };

/** Fewest two-sided quotes a slice needs (five parameters). */
export const SVI_MIN_QUOTES = 5;

function modelVol(p: SviParams, k: number, tYears: number): number {
  return Math.sqrt(Math.max(sviTotalVariance(p, k), 0) / tYears);
}

export function fitSviSmile(
  quotes: readonly SmileQuote[],
  tYears: number,
  opts: SviSmileFitOptions = {},
): SviSmileFit {
  if (!(tYears > 0) || !Number.isFinite(tYears)) throw new RangeError('tYears must be positive and finite');
  const minHalf = opts.minHalfSpreadVol ?? 0.0025;
  const delta = opts.huberDelta ?? 1;
  const rounds = opts.rounds ?? 4;
  const clean = quotes.filter(
    (q) =>
      Number.isFinite(q.k) &&
      q.askVol > 0 &&
      Number.isFinite(q.askVol) &&
      (q.bidVol === null || (q.bidVol >= 0 && q.bidVol <= q.askVol)),
  );
  const twoSided = clean.filter((q) => q.bidVol !== null && q.bidVol > 0);
  if (twoSided.length < SVI_MIN_QUOTES) return { ok: false, reason: 'TOO_FEW_QUOTES' };
  // Per-quote target (vol), half-spread and whether it is an upper bound only.
  const items = clean.map((q) => {
    const bid = q.bidVol !== null && q.bidVol > 0 ? q.bidVol : null;
    const target = bid === null ? q.askVol : 0.5 * (bid + q.askVol);
    const half =
      bid === null ? Math.max(0.05 * q.askVol, minHalf) : Math.max(0.5 * (q.askVol - bid), minHalf);
    return { k: q.k, target, half, upperOnly: bid === null, robust: bid === null ? 0 : 1 };
  });
  let kLo = Number.POSITIVE_INFINITY;
  let kHi = Number.NEGATIVE_INFINITY;
  for (const it of items) {
    kLo = Math.min(kLo, it.k);
    kHi = Math.max(kHi, it.k);
  }
  const kMin = opts.kMin ?? Math.max(-5, Math.min(-3, kLo - 1));
  const kMax = opts.kMax ?? Math.min(5, Math.max(3, kHi + 1));
  const points = (): WeightedTotalVariance[] =>
    items.map((it) => {
      // dσ ≈ dw/(2σt): weight 1/(2σt·h)² turns a w residual into half-spread units.
      const scale = 2 * it.target * tYears * it.half;
      return { k: it.k, w: it.target * it.target * tYears, weight: it.robust / (scale * scale) };
    });
  let params: SviParams | null = null;
  for (let r = 0; r < rounds; r++) {
    params = fitSviQuasiExplicit(points()).params;
    for (const it of items) {
      const e = (modelVol(params, it.k, tYears) - it.target) / it.half;
      if (it.upperOnly && e <= 0) it.robust = 0;
      else it.robust = Math.abs(e) <= delta ? 1 : delta / Math.abs(e);
    }
  }
  if (params === null) return { ok: false, reason: 'TOO_FEW_QUOTES' };
  const butterfly = checkSviButterfly(params, kMin, kMax);
  if (butterfly.ok || opts.repair === false) return { ok: true, params, butterfly, repaired: false };
  const fixed = refitSviArbitrageFree(params, points(), { kMin, kMax });
  if (!fixed.ok) return { ok: false, reason: 'NO_ARBITRAGE_FREE_FIT' };
  return {
    ok: true,
    params: fixed.params,
    butterfly: checkSviButterfly(fixed.params, kMin, kMax),
    repaired: true,
  };
}

export interface SmileFitStats {
  /** Two-sided quotes (bid vol and ask vol both known). */
  nTwoSided: number;
  /** Root-mean-square of (fitted vol − mid vol) over two-sided quotes. */
  rmseVol: number;
  /** Largest |fitted vol − mid vol| over two-sided quotes. */
  maxAbsErrorVol: number;
  /** Share of two-sided quotes whose fitted vol lies in [bid vol, ask vol]. */
  insideShare: number;
}

/** Fit quality of a slice `volAt(k)` against two-sided quotes. */
export function smileFitStats(volAt: (k: number) => number, quotes: readonly SmileQuote[]): SmileFitStats {
  let n = 0;
  let sq = 0;
  let maxAbs = 0;
  let inside = 0;
  for (const q of quotes) {
    if (q.bidVol === null || !(q.bidVol > 0) || !(q.askVol >= q.bidVol)) continue;
    const v = volAt(q.k);
    const err = v - 0.5 * (q.bidVol + q.askVol);
    n++;
    sq += err * err;
    maxAbs = Math.max(maxAbs, Math.abs(err));
    if (v >= q.bidVol && v <= q.askVol) inside++;
  }
  return {
    nTwoSided: n,
    rmseVol: n > 0 ? Math.sqrt(sq / n) : Number.NaN,
    maxAbsErrorVol: maxAbs,
    insideShare: n > 0 ? inside / n : Number.NaN,
  };
}

/** Fitted implied vol of a raw SVI slice: √(w(k)/t). */
export function sviImpliedVol(p: SviParams, k: number, tYears: number): number {
  return modelVol(p, k, tYears);
}
