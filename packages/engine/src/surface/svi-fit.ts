/**
 * Robust raw SVI fit of one expiry to bid/ask implied vols.
 *
 * Residuals are measured in half-spreads: e = (σ_model − σ_mid)/h with h the half bid/ask spread in
 * vol. Because h ≈ (half price spread)/vega, this is the vega-weighted vol error in units of the price
 * spread: wide or low-vega quotes count less. The quasi-explicit SVI fit is run inside iteratively
 * reweighted least squares with a Huber loss (quotes more than `huberDelta` half-spreads away are
 * down-weighted ∝ 1/|e|), so a few bad quotes cannot drag the smile. Quotes with no bid constrain the
 * fit from above only (fitted vol ≤ ask vol). The result is checked for butterfly arbitrage on a k
 * range scaled to the smile ({@link butterflyCheckRange}) and, if needed, repaired
 * ({@link repairSviSmile}, which always ends arbitrage-free on that range).
 *
 * Never throws on market data: a fit that cannot be made returns `{ ok: false, reason }`.
 */
import { type ButterflyReport, butterflyCheckRange, checkSviButterfly } from './arbitrage.ts';
import { type SviParams, sviParamsViolation, sviTotalVariance } from './svi.ts';
import { trySviQuasiExplicit } from './svi-quasi-explicit.ts';
import type { RepairTarget } from './svi-repair.ts';
import { repairSviSmile, type SviRepairMethod } from './svi-repair-fallback.ts';

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
  /** Repair butterfly arbitrage when the free fit has some (default true). */
  repair?: boolean;
  /** k range of the butterfly check and repair (default: {@link butterflyCheckRange} of the quotes and the fit's w(0)). */
  kMin?: number;
  kMax?: number;
}

export type SviSmileFit =
  | {
      ok: true;
      params: SviParams;
      /** Butterfly check on [kMin, kMax]: ok unless the caller passed `repair: false`. */
      butterfly: ButterflyReport;
      repaired: boolean;
      /** How the free fit was made butterfly-free; null when it already was (or `repair: false`). */
      repair: SviRepairMethod | null;
      /** The k range checked (and repaired). */
      kMin: number;
      kMax: number;
    }
  | { ok: false; reason: 'TOO_FEW_QUOTES' | 'NO_ARBITRAGE_FREE_FIT' | 'NUMERICAL_FAILURE' };

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
  const rounds = Math.max(1, opts.rounds ?? 4);
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
  // dσ ≈ dw/(2σt): weight 1/(2σt·h)² turns a w residual into half-spread units.
  const baseWeight = (it: (typeof items)[number]): number => {
    const scale = 2 * it.target * tYears * it.half;
    return 1 / (scale * scale);
  };
  let params: SviParams | null = null;
  for (let r = 0; r < rounds; r++) {
    const fit = trySviQuasiExplicit(
      items.map((it) => ({ k: it.k, w: it.target * it.target * tYears, weight: it.robust * baseWeight(it) })),
    );
    if (fit === 'TOO_FEW_POINTS') return { ok: false, reason: 'TOO_FEW_QUOTES' };
    if (fit === 'NO_FEASIBLE_POINT') return { ok: false, reason: 'NUMERICAL_FAILURE' };
    params = fit.params;
    for (const it of items) {
      const e = (modelVol(params, it.k, tYears) - it.target) / it.half;
      if (it.upperOnly && e <= 0) it.robust = 0;
      else it.robust = Math.abs(e) <= delta ? 1 : delta / Math.abs(e);
    }
  }
  // The quasi-explicit fit returns admissible parameters by construction; guard that invariant here
  // without throwing on data (checkSviButterfly would).
  if (params === null || sviParamsViolation(params) !== null)
    return { ok: false, reason: 'NUMERICAL_FAILURE' };
  const range = butterflyCheckRange(kLo, kHi, sviTotalVariance(params, 0));
  const kMin = opts.kMin ?? range.kMin;
  const kMax = opts.kMax ?? range.kMax;
  const butterfly = checkSviButterfly(params, kMin, kMax);
  if (butterfly.ok || opts.repair === false) {
    return { ok: true, params, butterfly, repaired: false, repair: null, kMin, kMax };
  }
  // Repair targets: the last IRLS weights for two-sided quotes; asks without a bid as one-sided upper
  // bounds at full weight, so no repair candidate may lift the wing above them for free.
  const targets: RepairTarget[] = items.map((it) => ({
    k: it.k,
    w: it.target * it.target * tYears,
    weight: (it.upperOnly ? 1 : it.robust) * baseWeight(it),
    upperOnly: it.upperOnly,
  }));
  const fixed = repairSviSmile(params, targets, kMin, kMax);
  if (!fixed.ok) return { ok: false, reason: fixed.reason };
  return {
    ok: true,
    params: fixed.params,
    butterfly: checkSviButterfly(fixed.params, kMin, kMax),
    repaired: true,
    repair: fixed.method,
    kMin,
    kMax,
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
