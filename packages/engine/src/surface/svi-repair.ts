/**
 * Arbitrage repair of raw SVI slices by a constrained refit: minimize the weighted squared distance to
 * target total variances plus an increasing penalty on Durrleman's g(k) < margin (butterfly) and on
 * w(k) below a floor slice (calendar), until the dense checks pass. In the spirit of Gatheral–Jacquier
 * 2014 §5 ("the closest arbitrage-free SVI slice").
 */
import { sviArgminTotalVariance, sviMinG, uniformGrid } from './arbitrage.ts';
import { nelderMead } from './optimize.ts';
import { durrlemanG, type SviParams, sviD2w, sviDw, sviRaiseToAdmissible, sviTotalVariance } from './svi.ts';
import type { WeightedTotalVariance } from './svi-quasi-explicit.ts';

/** A repair target: a weighted total variance, or (upperOnly) an upper bound such as an ask with no bid. */
export interface RepairTarget extends WeightedTotalVariance {
  /** Only a fitted w above `w` costs (a quote with an ask and no usable bid). */
  upperOnly?: boolean;
}

/** Σ weight·(w(k) − target)², one-sided for upper bounds: the data term of every repair. */
export function sviTargetLoss(p: SviParams, points: readonly RepairTarget[]): number {
  let loss = 0;
  for (const q of points) {
    const r = sviTotalVariance(p, q.k) - q.w;
    if (q.upperOnly && r <= 0) continue;
    loss += q.weight * r * r;
  }
  return loss;
}

/** Σ weight·w², the scale the data term is divided by (1 when it is 0). */
export function repairTargetNorm(points: readonly RepairTarget[]): number {
  let norm = 0;
  for (const p of points) norm += p.weight * p.w * p.w;
  return norm > 0 ? norm : 1;
}

export interface SviRepairOptions {
  /** k range of the butterfly constraint and final check (default [−3, 3]). */
  kMin?: number;
  kMax?: number;
  /** Calendar floor: the refit must satisfy w(k) ≥ floor(k) on `floorGrid`. */
  floor?: (k: number) => number;
  floorGrid?: readonly number[];
  /** Target margin for g (default 1e-4): penalized where g < margin, so the result has a little slack. */
  gMargin?: number;
}

/** Penalty weight starts at 10 and grows 30× per round: 10 … 2.4e9. */
const MAX_ROUNDS = 6;

export type SviRepairResult =
  | { ok: true; params: SviParams; rounds: number }
  | { ok: false; reason: 'NO_ARBITRAGE_FREE_FIT'; params: SviParams };

/**
 * Search coordinates scaled to the data: (m, ln σ, w(m)/W, ln(bσ/W), atanh ρ) with W a typical target
 * total variance. Raw (a, b) cancel badly on short expiries (a ≈ −bσ), these do not.
 */
export const sviToSearchCoords = (p: SviParams, wScale: number): number[] => [
  p.m,
  Math.log(Math.max(p.sigma, 1e-4)),
  (p.a + p.b * p.sigma) / wScale,
  Math.log(Math.max(p.b * p.sigma, 1e-12 * wScale) / wScale),
  Math.atanh(Math.max(-0.999, Math.min(0.999, p.rho))),
];
/** Inverse of {@link sviToSearchCoords}, raised to the admissible set when rounding left it a few ulps outside; null if invalid. */
export const sviFromSearchCoords = (x: readonly number[], wScale: number): SviParams | null => {
  const sigma = Math.exp(x[1] ?? 0);
  const c = wScale * Math.exp(x[3] ?? 0);
  const p = { a: wScale * (x[2] ?? 0) - c, b: c / sigma, rho: Math.tanh(x[4] ?? 0), m: x[0] ?? 0, sigma };
  return sviRaiseToAdmissible(p);
};

/** A typical target total variance: the weighted mean of the targets (1 when undefined). */
export function repairTargetScale(points: readonly RepairTarget[]): number {
  let sumW = 0;
  let sumWeight = 0;
  for (const p of points) {
    sumW += p.weight * p.w;
    sumWeight += p.weight;
  }
  return sumWeight > 0 && sumW > 0 ? sumW / sumWeight : 1;
}

function calendarOk(p: SviParams, opts: SviRepairOptions): boolean {
  const { floor, floorGrid } = opts;
  if (!floor || !floorGrid) return true;
  return floorGrid.every((k) => sviTotalVariance(p, k) >= floor(k));
}

/**
 * Refit raw SVI to `points` subject to no butterfly arbitrage on [kMin, kMax] (and the optional
 * calendar floor), starting from `start`. Returns the refit when the dense checks pass.
 */
export function refitSviArbitrageFree(
  start: SviParams,
  points: readonly RepairTarget[],
  opts: SviRepairOptions = {},
): SviRepairResult {
  const kMin = opts.kMin ?? -3;
  const kMax = opts.kMax ?? 3;
  const margin = opts.gMargin ?? 1e-4;
  const penaltyGrid: number[] = [];
  for (let i = 0; i <= 240; i++) penaltyGrid.push(kMin + ((kMax - kMin) * i) / 240);
  const norm = repairTargetNorm(points);
  const wScale = repairTargetScale(points);
  const floorVals = opts.floor && opts.floorGrid ? opts.floorGrid.map((k) => opts.floor?.(k) ?? 0) : null;
  let current = start;
  let lambda = 10;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const objective = (x: readonly number[]): number => {
      const p = sviFromSearchCoords(x, wScale);
      if (p === null || p.b * (1 + Math.abs(p.rho)) > 2) return Number.POSITIVE_INFINITY;
      const data = sviTargetLoss(p, points);
      let pen = 0;
      // Grid clustered at the vertex too, so narrow smiles are constrained where they bend.
      const gPenalty = (k: number): number => {
        const g = durrlemanG(sviTotalVariance(p, k), sviDw(p, k), sviD2w(p, k), k);
        return g < margin ? (margin - g) * (margin - g) : 0;
      };
      for (const k of penaltyGrid) pen += gPenalty(k);
      for (let j = -20; j <= 20; j++) pen += gPenalty(p.m + (j / 4) * p.sigma);
      // And at the argmin of w, where w = 0 would give g = −∞ (an infinite objective: infeasible).
      pen += gPenalty(sviArgminTotalVariance(p));
      if (floorVals && opts.floorGrid) {
        opts.floorGrid.forEach((k, i) => {
          // Aim a little above the floor (relative margin 1e-4) so the strict check passes.
          const short = ((floorVals[i] ?? 0) * (1 + 1e-4) - sviTotalVariance(p, k)) / wScale;
          if (short > 0) pen += short * short;
        });
      }
      return data / norm + lambda * pen;
    };
    let x = sviToSearchCoords(current, wScale);
    for (let restart = 0; restart < 2; restart++) {
      x = nelderMead(objective, x, {
        step: [0.05 * Math.max(current.sigma, 0.01), 0.1, 0.05, 0.1, 0.1],
        maxEvaluations: 1000,
        fTolerance: 1e-14,
        xTolerance: 1e-9,
      }).x;
    }
    // The best simplex vertex has a finite objective, hence admissible parameters, unless no vertex
    // ever had one (an inadmissible start): then there is nothing to return but the start.
    current = sviFromSearchCoords(x, wScale) ?? current;
    if (sviMinG(current, kMin, kMax) >= 0 && calendarOk(current, opts)) {
      return { ok: true, params: current, rounds: round };
    }
    lambda *= 30;
  }
  return { ok: false, reason: 'NO_ARBITRAGE_FREE_FIT', params: current };
}

/**
 * The nearest butterfly-free raw SVI slice to `p` on [kMin, kMax]: a refit to p's own total variance on
 * a uniform grid (equal weights) under the butterfly constraint. Returns `p` itself when already free.
 */
export function repairSviButterfly(p: SviParams, opts: SviRepairOptions = {}): SviRepairResult {
  const kMin = opts.kMin ?? -3;
  const kMax = opts.kMax ?? 3;
  if (sviMinG(p, kMin, kMax) >= 0 && calendarOk(p, opts)) return { ok: true, params: p, rounds: 0 };
  const targets: WeightedTotalVariance[] = uniformGrid(kMin, kMax, 241).map((k) => ({
    k,
    w: sviTotalVariance(p, k),
    weight: 1,
  }));
  return refitSviArbitrageFree(p, targets, opts);
}
