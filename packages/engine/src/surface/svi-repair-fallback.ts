/**
 * Butterfly repair of one fitted raw SVI smile that ends arbitrage-free. The penalty refit of
 * svi-repair.ts (`refit`, the nearest arbitrage-free slice) can stall on short expiries, whose free fit
 * bends sharply between a tiny ATM variance and a steep wing beyond the two-sided quotes; then:
 * - `ssvi-slice`: an SSVI-shaped slice (Gatheral–Jacquier 2014 §4; raw SVI with a = θ(1−ρ²)/2,
 *   b = θφ/2, m = −ρ/φ, σ = √(1−ρ²)/φ) fitted under θφ(1+|ρ|) < 4 and θφ²(1+|ρ|) ≤ 4, which by their
 *   Theorem 4.2 make g ≥ 0 at every k. Such a slice always exists (φ → 0 is a flat smile);
 * - `refit-from-ssvi`: a refit of all five raw parameters started from that slice in which any
 *   parameter set failing the final butterfly check (with a small margin) is infeasible (an extreme
 *   barrier): Nelder–Mead keeps its best vertex feasible, so the result passes the check and fits at
 *   least as well as the SSVI-shaped slice.
 * Every result is verified with {@link sviMinG}, i.e. on exactly the grid of checkSviButterfly.
 */
import { sviMinG } from './arbitrage.ts';
import { nelderMead } from './optimize.ts';
import { type SviParams, sviTotalVariance } from './svi.ts';
import {
  type RepairTarget,
  refitSviArbitrageFree,
  repairTargetNorm,
  repairTargetScale,
  sviFromSearchCoords,
  sviTargetLoss,
  sviToSearchCoords,
} from './svi-repair.ts';

/**
 * The barrier refit requires g ≥ 1e-4 on the check grid, not just g ≥ 0: it drives g onto its
 * constraint, and between grid points g then dips below the grid values (by up to 4e-6 on VXX 3–7 day
 * slices, measured on a 200 001-point grid). The same margin as the penalty refit's default.
 */
const BARRIER_G_MARGIN = 1e-4;

/** Relative slack kept below Gatheral–Jacquier's Theorem 4.2 bounds, so g > 0 strictly despite rounding. */
const SSVI_BOUND_SLACK = 1e-6;

/** Raw SVI form of the SSVI-shaped slice with ATM total variance θ, skew ρ and curvature φ. */
export function sviFromSsviShape(theta: number, rho: number, phi: number): SviParams {
  const s = Math.sqrt(1 - rho * rho);
  return { a: 0.5 * theta * s * s, b: 0.5 * theta * phi, rho, m: -rho / phi, sigma: s / phi };
}

/** Largest φ with θφ(1+|ρ|) ≤ 4 and θφ²(1+|ρ|) ≤ 4 (GJ 2014, Theorem 4.2), less a relative 1e-6. */
export function ssviShapeMaxPhi(theta: number, rho: number): number {
  const q = theta * (1 + Math.abs(rho));
  return Math.min(4 / q, Math.sqrt(4 / q)) * (1 - SSVI_BOUND_SLACK);
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Best SSVI-shaped slice for `points` (the loss of {@link sviTargetLoss}) inside GJ's Theorem 4.2
 * region, searched by Nelder–Mead over (ln θ, atanh ρ, logit(φ/φ_max)) from three starts around
 * `guess`. Butterfly-free at every k by construction. Null only when no start had a finite loss.
 */
export function fitSsviShapedSlice(
  points: readonly RepairTarget[],
  guess: { theta: number; rho: number },
): SviParams | null {
  const norm = repairTargetNorm(points);
  const theta0 = guess.theta > 0 && Number.isFinite(guess.theta) ? guess.theta : repairTargetScale(points);
  const shape = (x: readonly number[]): SviParams => {
    const theta = theta0 * Math.exp(x[0] ?? 0);
    const rho = Math.tanh(x[1] ?? 0);
    return sviFromSsviShape(theta, rho, ssviShapeMaxPhi(theta, rho) * logistic(x[2] ?? 0));
  };
  const objective = (x: readonly number[]): number => sviTargetLoss(shape(x), points) / norm;
  const rho0 = Math.atanh(Math.max(-0.9, Math.min(0.9, Number.isFinite(guess.rho) ? guess.rho : 0)));
  let best: { x: number[]; f: number } | null = null;
  for (const x0 of [
    [0, rho0, -2],
    [0, rho0, 1],
    [0, 0, -1],
  ]) {
    const r = nelderMead(objective, x0, {
      step: [0.3, 0.5, 1],
      maxEvaluations: 600,
      fTolerance: 1e-12,
      xTolerance: 1e-8,
    });
    if (Number.isFinite(r.f) && (best === null || r.f < best.f)) best = r;
  }
  return best === null ? null : shape(best.x);
}

/**
 * Refit of the five raw parameters to `points` from an arbitrage-free `start`, treating every
 * parameter set with g < 1e-4 somewhere on the butterfly check grid of [kMin, kMax] as infeasible.
 * Returns a slice that passes that check with loss ≤ start's (`start` itself when no feasible
 * improvement was found, e.g. when start's own g dips below the margin), or null when `start` fails
 * the check.
 */
export function refineSviFeasible(
  start: SviParams,
  points: readonly RepairTarget[],
  kMin: number,
  kMax: number,
): SviParams | null {
  if (!(sviMinG(start, kMin, kMax) >= 0)) return null;
  const norm = repairTargetNorm(points);
  const wScale = repairTargetScale(points);
  const objective = (x: readonly number[]): number => {
    const p = sviFromSearchCoords(x, wScale);
    if (p === null || !(sviMinG(p, kMin, kMax, BARRIER_G_MARGIN) >= BARRIER_G_MARGIN)) {
      return Number.POSITIVE_INFINITY;
    }
    return sviTargetLoss(p, points) / norm;
  };
  let x = sviToSearchCoords(start, wScale);
  let f = objective(x);
  // The coordinates clamp |ρ| ≤ 0.999 and σ ≥ 1e-4: a start outside that box may not map back feasibly.
  if (!Number.isFinite(f)) return start;
  for (let restart = 0; restart < 2; restart++) {
    const r = nelderMead(objective, x, {
      step: [0.05 * Math.max(start.sigma, 0.01), 0.1, 0.05, 0.1, 0.1],
      maxEvaluations: 800,
      fTolerance: 1e-14,
      xTolerance: 1e-9,
    });
    if (r.f < f) {
      x = r.x;
      f = r.f;
    }
  }
  const best = sviFromSearchCoords(x, wScale);
  const startLoss = sviTargetLoss(start, points) / norm;
  return best !== null && f < startLoss && sviMinG(best, kMin, kMax) >= BARRIER_G_MARGIN ? best : start;
}

/** How a smile was made butterfly-free: see the module comment. */
export type SviRepairMethod = 'refit' | 'refit-from-ssvi' | 'ssvi-slice';

export type SviSmileRepair =
  | { ok: true; params: SviParams; method: SviRepairMethod }
  | { ok: false; reason: 'NO_ARBITRAGE_FREE_FIT' };

/**
 * Butterfly repair of a fitted smile on [kMin, kMax]: the penalty refit from `fitted` (the nearest
 * arbitrage-free slice when it converges), and the SSVI-shaped slice refitted under the barrier
 * (`refit-from-ssvi`; the SSVI-shaped slice itself when that refit cannot improve on it). Returns the
 * candidate with the smaller loss. Fails only when no candidate passes the check, which the
 * SSVI-shaped slice rules out unless the targets are degenerate (no finite loss anywhere).
 */
export function repairSviSmile(
  fitted: SviParams,
  points: readonly RepairTarget[],
  kMin: number,
  kMax: number,
): SviSmileRepair {
  const candidates: Array<{ params: SviParams; method: SviRepairMethod }> = [];
  const refit = refitSviArbitrageFree(fitted, points, { kMin, kMax });
  if (refit.ok) candidates.push({ params: refit.params, method: 'refit' });
  const shaped = fitSsviShapedSlice(points, { theta: sviTotalVariance(fitted, 0), rho: fitted.rho });
  if (shaped !== null) {
    const refined = refineSviFeasible(shaped, points, kMin, kMax);
    if (refined !== null) {
      candidates.push({ params: refined, method: refined === shaped ? 'ssvi-slice' : 'refit-from-ssvi' });
    }
  }
  let best: { params: SviParams; method: SviRepairMethod; loss: number } | null = null;
  for (const c of candidates) {
    const loss = sviTargetLoss(c.params, points);
    if (sviMinG(c.params, kMin, kMax) >= 0 && (best === null || loss < best.loss)) best = { ...c, loss };
  }
  return best === null
    ? { ok: false, reason: 'NO_ARBITRAGE_FREE_FIT' }
    : { ok: true, params: best.params, method: best.method };
}
