/**
 * Static no-arbitrage checks on total-variance smiles.
 * - Butterfly: Durrleman's g(k) ≥ 0 on a dense k grid (Gatheral–Jacquier 2014, Lemma 2.2).
 * - Calendar: total variance non-decreasing in t at every fixed k (GJ 2014, Lemma 2.1).
 */
import {
  durrlemanG,
  type SviParams,
  sviD2w,
  sviDw,
  sviParamsViolation,
  sviSlice,
  sviTotalVariance,
  type TotalVarianceSlice,
} from './svi.ts';

/** A k interval on which g < 0 (endpoints are grid points). */
export interface KInterval {
  from: number;
  to: number;
}

export interface ButterflyReport {
  ok: boolean;
  /** Smallest g over the grid, and where. */
  minG: number;
  kAtMinG: number;
  /** Maximal runs of grid points with g < −tolerance. Empty when ok. */
  failing: KInterval[];
}

/** Uniform grid of `n` points on [kMin, kMax]. */
export function uniformGrid(kMin: number, kMax: number, n: number): number[] {
  if (!(kMax > kMin) || !(n >= 2)) throw new RangeError('grid needs kMax > kMin and n >= 2');
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = kMin + ((kMax - kMin) * i) / (n - 1);
  return out;
}

/** Points of {@link sviCheckGrid}'s uniform part and vertex cluster (kept in one place so {@link sviMinG} matches it). */
const CHECK_POINTS = 1201;
const VERTEX_STEPS = 400;
const VERTEX_STEP_SIGMAS = 1 / 20;

/**
 * Where raw SVI's total variance is smallest: k* = m − ρσ/√(1 − ρ²). A slice whose minimum is 0 has
 * g = −∞ there (zero implied vol at one interior strike: the call price touches intrinsic value, which
 * no positive density allows) but g > 0 at every other k, so the check grid must contain k* itself.
 */
export function sviArgminTotalVariance(p: SviParams): number {
  return p.m - (p.rho * p.sigma) / Math.sqrt(1 - p.rho * p.rho);
}

/**
 * A check grid for a raw SVI slice: uniform on [kMin, kMax] plus points clustered around the vertex m
 * (spacing σ/20 out to ±20σ), so narrow smiles are resolved, plus the argmin of w. Sorted, within
 * [kMin, kMax].
 */
export function sviCheckGrid(p: SviParams, kMin = -3, kMax = 3, n = CHECK_POINTS): number[] {
  const pts = uniformGrid(kMin, kMax, n);
  for (let j = -VERTEX_STEPS; j <= VERTEX_STEPS; j++) {
    const k = p.m + j * VERTEX_STEP_SIGMAS * p.sigma;
    if (k >= kMin && k <= kMax) pts.push(k);
  }
  const kStar = sviArgminTotalVariance(p);
  if (kStar >= kMin && kStar <= kMax) pts.push(kStar);
  return pts.sort((x, y) => x - y);
}

/**
 * Smallest Durrleman g of a raw SVI slice over exactly the points of {@link sviCheckGrid} (computed
 * without allocating or sorting), −∞ when `p` is not a valid raw SVI slice or its wing slope
 * b(1 + |ρ|) exceeds 2. Hence `sviMinG(p, kMin, kMax) >= 0` ⇔ `checkSviButterfly(p, kMin, kMax).ok`,
 * which lets optimizers use the final check itself as a hard constraint. With `stopBelow` it returns
 * as soon as a value below it is seen (a cheap infeasibility test; the value is then an upper bound).
 */
export function sviMinG(p: SviParams, kMin = -3, kMax = 3, stopBelow = Number.NEGATIVE_INFINITY): number {
  if (sviParamsViolation(p) !== null || p.b * (1 + Math.abs(p.rho)) > 2) return Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  const at = (k: number): boolean => {
    const g = durrlemanG(sviTotalVariance(p, k), sviDw(p, k), sviD2w(p, k), k);
    if (!(g >= min)) min = g;
    return !(min >= stopBelow);
  };
  // The argmin of w and the vertex cluster first: g is smallest there on most slices, so early exits come early.
  const kStar = sviArgminTotalVariance(p);
  if (kStar >= kMin && kStar <= kMax && at(kStar)) return min;
  for (let j = -VERTEX_STEPS; j <= VERTEX_STEPS; j++) {
    const k = p.m + j * VERTEX_STEP_SIGMAS * p.sigma;
    if (k >= kMin && k <= kMax && at(k)) return min;
  }
  for (let i = 0; i < CHECK_POINTS; i++) if (at(kMin + ((kMax - kMin) * i) / (CHECK_POINTS - 1))) return min;
  return min;
}

/**
 * The butterfly check covers at least ±6 ATM standard deviations, k = ±6·√w(0). Why 6: under a
 * lognormal with the ATM vol the probability beyond is ~2e-9 and an out-of-the-money option struck
 * there is worth ≈ F·√w·φ(6)/36 ≈ 1e-10·F, far below any tick, so a butterfly there cannot trade at a
 * positive price. Fat-tailed smiles put more mass out there, which is why every quoted strike (with
 * or without a bid: the slice prices them all) is covered too, plus a margin.
 */
export const BUTTERFLY_CHECK_ATM_SDS = 6;
/** Margin beyond the outermost quote, in ATM standard deviations √w(0). */
export const BUTTERFLY_CHECK_MARGIN_SDS = 1;
/**
 * The ±6·√w(0) part is capped at |k| ≤ 3 (strikes 1/20 to 20 times the forward; reached only when
 * the ATM total vol √w exceeds 0.5, e.g. 70% vol at 1 year); quoted strikes are covered up to |k| ≤ 5.
 */
export const BUTTERFLY_CHECK_CAP = 3;
export const BUTTERFLY_CHECK_LIMIT = 5;

/**
 * k range of the butterfly check of one smile: the hull of the quoted k range [quotedLo, quotedHi]
 * widened by {@link BUTTERFLY_CHECK_MARGIN_SDS}·√w(0) and of ±{@link BUTTERFLY_CHECK_ATM_SDS}·√w(0)
 * (that part capped at ±3), all within ±5. It scales with the smile's own ATM total variance: a 3-day
 * option at 80% vol (√w ≈ 0.07) is checked on about ±0.4 plus its quotes, not on ±3 (±40 sds).
 */
export function butterflyCheckRange(
  quotedLo: number,
  quotedHi: number,
  wAtm: number,
): { kMin: number; kMax: number } {
  const sd = Math.sqrt(Math.max(wAtm, 0));
  const core = Math.min(BUTTERFLY_CHECK_ATM_SDS * sd, BUTTERFLY_CHECK_CAP);
  const margin = BUTTERFLY_CHECK_MARGIN_SDS * sd;
  const lo = Number.isFinite(quotedLo) ? Math.min(quotedLo - margin, -core) : -core;
  const hi = Number.isFinite(quotedHi) ? Math.max(quotedHi + margin, core) : core;
  const kMin = Math.max(lo, -BUTTERFLY_CHECK_LIMIT);
  const kMax = Math.min(hi, BUTTERFLY_CHECK_LIMIT);
  // Degenerate input (no quotes and w(0) = 0): fall back to the conventional ±3 rather than an empty range.
  return kMax > kMin ? { kMin, kMax } : { kMin: -BUTTERFLY_CHECK_CAP, kMax: BUTTERFLY_CHECK_CAP };
}

/** Butterfly check of a slice on the given grid; g < −tolerance counts as arbitrage. */
export function checkButterfly(
  slice: TotalVarianceSlice,
  kGrid: readonly number[],
  tolerance = 0,
): ButterflyReport {
  let minG = Number.POSITIVE_INFINITY;
  let kAtMinG = Number.NaN;
  const failing: KInterval[] = [];
  let open: KInterval | null = null;
  for (const k of kGrid) {
    const g = durrlemanG(slice.w(k), slice.dw(k), slice.d2w(k), k);
    if (g < minG || Number.isNaN(kAtMinG)) {
      minG = g;
      kAtMinG = k;
    }
    if (g < -tolerance) {
      if (open) open.to = k;
      else open = { from: k, to: k };
    } else if (open) {
      failing.push(open);
      open = null;
    }
  }
  if (open) failing.push(open);
  return { ok: failing.length === 0, minG, kAtMinG, failing };
}

/**
 * Butterfly check of raw SVI: g on {@link sviCheckGrid} plus the asymptotic wing condition
 * b(1 + |ρ|) ≤ 2 (g → 1/4 − slope²/16 as |k| → ∞; Lee's moment bound).
 */
export function checkSviButterfly(p: SviParams, kMin = -3, kMax = 3, tolerance = 0): ButterflyReport {
  const report = checkButterfly(sviSlice(p), sviCheckGrid(p, kMin, kMax), tolerance);
  const wingSlope = p.b * (1 + Math.abs(p.rho));
  if (wingSlope > 2 + tolerance) {
    const side =
      p.rho >= 0
        ? { from: kMax, to: Number.POSITIVE_INFINITY }
        : { from: Number.NEGATIVE_INFINITY, to: kMin };
    return { ...report, ok: false, failing: [...report.failing, side] };
  }
  return report;
}

/** One expiry of a surface for the calendar check. */
export interface DatedSlice {
  tYears: number;
  slice: TotalVarianceSlice;
}

export interface CalendarViolation {
  /** Indices (into the sorted-by-t input) of the earlier and later slice. */
  earlier: number;
  later: number;
  /** k where w(earlier) − w(later) is largest, and that excess (> tolerance). */
  kWorst: number;
  excess: number;
  /** Runs of grid points where the later slice lies below the earlier one. */
  failing: KInterval[];
}

export interface CalendarReport {
  ok: boolean;
  violations: CalendarViolation[];
}

/**
 * Calendar check: for consecutive expiries t₁ < t₂, w(k, t₁) ≤ w(k, t₂) + tolerance at every grid k.
 * (Comparing consecutive pairs suffices: the relation is transitive.) Slices must be sorted by t.
 */
export function checkCalendar(
  slices: readonly DatedSlice[],
  kGrid: readonly number[],
  tolerance = 0,
): CalendarReport {
  const violations: CalendarViolation[] = [];
  for (let i = 1; i < slices.length; i++) {
    const prev = slices[i - 1];
    const next = slices[i];
    if (!prev || !next) continue;
    if (!(next.tYears > prev.tYears))
      throw new RangeError('slices must be sorted by strictly increasing tYears');
    let excess = Number.NEGATIVE_INFINITY;
    let kWorst = Number.NaN;
    const failing: KInterval[] = [];
    let open: KInterval | null = null;
    for (const k of kGrid) {
      const e = prev.slice.w(k) - next.slice.w(k);
      if (e > excess) {
        excess = e;
        kWorst = k;
      }
      if (e > tolerance) {
        if (open) open.to = k;
        else open = { from: k, to: k };
      } else if (open) {
        failing.push(open);
        open = null;
      }
    }
    if (open) failing.push(open);
    if (failing.length > 0) violations.push({ earlier: i - 1, later: i, kWorst, excess, failing });
  }
  return { ok: violations.length === 0, violations };
}
