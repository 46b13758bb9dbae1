/**
 * Static no-arbitrage checks on total-variance smiles.
 * - Butterfly: Durrleman's g(k) ≥ 0 on a dense k grid (Gatheral–Jacquier 2014, Lemma 2.2).
 * - Calendar: total variance non-decreasing in t at every fixed k (GJ 2014, Lemma 2.1).
 */
import { durrlemanG, type SviParams, sviSlice, type TotalVarianceSlice } from './svi.ts';

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

/**
 * A check grid for a raw SVI slice: uniform on [kMin, kMax] plus points clustered around the vertex m
 * (spacing σ/20 out to ±20σ), so narrow smiles are resolved. Sorted, within [kMin, kMax].
 */
export function sviCheckGrid(p: SviParams, kMin = -3, kMax = 3, n = 1201): number[] {
  const pts = uniformGrid(kMin, kMax, n);
  for (let j = -400; j <= 400; j++) {
    const k = p.m + (j / 20) * p.sigma;
    if (k >= kMin && k <= kMax) pts.push(k);
  }
  return pts.sort((x, y) => x - y);
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
