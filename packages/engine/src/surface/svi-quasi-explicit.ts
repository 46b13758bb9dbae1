/**
 * Quasi-explicit raw SVI calibration (Zeliade Systems 2009; De Marco & Martini): for fixed (m, σ),
 * with y = (k − m)/σ the slice is linear in (a, d, c):
 *   w = a + d·y + c·√(y² + 1),   d = ρ·b·σ,  c = b·σ,
 * so the best (a, d, c) is a 3-variable convex QP under linear constraints; an outer Nelder–Mead
 * searches (m, ln σ). Constraints (all linear in (a, d, c)):
 *   |d| ≤ c                      (|ρ| ≤ 1, b ≥ 0)
 *   c + |d| ≤ 2σ                 (wing slopes b(1 ± ρ) ≤ 2, Lee)
 *   a + c − |d| ≥ 0              (implies min w = a + √(c² − d²) ≥ 0, since √(c² − d²) ≥ c − |d|)
 */
import { nelderMead, solveSmallQp } from './optimize.ts';
import { type SviParams, sviRaiseToAdmissible } from './svi.ts';

/** A target total variance at k with a least-squares weight. */
export interface WeightedTotalVariance {
  k: number;
  w: number;
  weight: number;
}

/** |ρ| is kept this far below 1 so the returned parameters satisfy the strict raw-SVI constraint. */
const RHO_LIMIT = 1 - 1e-9;
const SIGMA_MIN = 1e-4;
const SIGMA_MAX = 5;

/** Best (a, d, c) for fixed (m, σ), returned as raw SVI with its weighted squared error; null if no feasible point. */
export function sviInnerFit(
  points: readonly WeightedTotalVariance[],
  m: number,
  sigma: number,
): { params: SviParams; sse: number } | null {
  const h = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const g = [0, 0, 0];
  for (const p of points) {
    if (!(p.weight > 0)) continue;
    const y = (p.k - m) / sigma;
    const basis = [1, y, Math.sqrt(y * y + 1)];
    for (let i = 0; i < 3; i++) {
      const bi = basis[i] ?? 0;
      const row = h[i] ?? [];
      for (let j = 0; j < 3; j++) row[j] = (row[j] ?? 0) + p.weight * bi * (basis[j] ?? 0);
      g[i] = (g[i] ?? 0) + p.weight * p.w * bi;
    }
  }
  // Tiny ridge keeps the KKT systems regular when fewer than three distinct k carry weight.
  const trace = (h[0]?.[0] ?? 0) + (h[1]?.[1] ?? 0) + (h[2]?.[2] ?? 0);
  for (let i = 0; i < 3; i++) {
    const row = h[i] ?? [];
    row[i] = (row[i] ?? 0) + 1e-12 * trace;
  }
  // Rows of C·x ≤ d over x = (a, d, c).
  const cons = [
    [0, 1, -1],
    [0, -1, -1],
    [0, 1, 1],
    [0, -1, 1],
    [-1, 1, -1],
    [-1, -1, -1],
  ];
  const rhs = [0, 0, 2 * sigma, 2 * sigma, 0, 0];
  const x = solveSmallQp(h, g, cons, rhs);
  if (x === null) return null;
  const [a = 0, d = 0, c = 0] = x;
  const b = Math.max(c, 0) / sigma;
  const rho = c > 0 ? Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, d / c)) : 0;
  // a + c − |d| ≥ 0 implies w ≥ 0 exactly, but b·σ·√(1−ρ²) recomputed from (b, ρ) can fall a few ulps
  // short of it when that constraint is active: keep the result admissible by construction.
  const params = sviRaiseToAdmissible({ a, b, rho, m, sigma });
  if (params === null) return null;
  let sse = 0;
  for (const p of points) {
    if (!(p.weight > 0)) continue;
    const kk = p.k - m;
    const r = params.a + b * (rho * kk + Math.sqrt(kk * kk + sigma * sigma)) - p.w;
    sse += p.weight * r * r;
  }
  return { params, sse };
}

export interface QuasiExplicitOptions {
  /** Starting points for (m, σ); default: a coarse grid over the data's k range. */
  starts?: ReadonlyArray<{ m: number; sigma: number }>;
  /** Nelder–Mead evaluations per start (default 400). */
  maxEvaluations?: number;
}

/**
 * Weighted least-squares raw SVI fit to target total variances. Deterministic. Throws RangeError on
 * fewer than 3 points with positive weight (programmer error: callers check counts first); see
 * {@link trySviQuasiExplicit} for the non-throwing form.
 */
export function fitSviQuasiExplicit(
  points: readonly WeightedTotalVariance[],
  opts: QuasiExplicitOptions = {},
): { params: SviParams; sse: number } {
  const fit = trySviQuasiExplicit(points, opts);
  if (fit === 'TOO_FEW_POINTS') throw new RangeError('SVI fit needs at least 3 weighted points');
  if (fit === 'NO_FEASIBLE_POINT') throw new RangeError('SVI fit found no feasible point (non-finite data?)');
  return fit;
}

/**
 * {@link fitSviQuasiExplicit} returning why it failed instead of throwing: fewer than 3 points with a
 * finite positive weight, or no (m, σ) whose inner QP had a finite solution.
 */
export function trySviQuasiExplicit(
  points: readonly WeightedTotalVariance[],
  opts: QuasiExplicitOptions = {},
): { params: SviParams; sse: number } | 'TOO_FEW_POINTS' | 'NO_FEASIBLE_POINT' {
  const used = points.filter(
    (p) => p.weight > 0 && Number.isFinite(p.weight) && Number.isFinite(p.k) && Number.isFinite(p.w),
  );
  if (used.length < 3) return 'TOO_FEW_POINTS';
  let kMin = Number.POSITIVE_INFINITY;
  let kMax = Number.NEGATIVE_INFINITY;
  for (const p of used) {
    kMin = Math.min(kMin, p.k);
    kMax = Math.max(kMax, p.k);
  }
  const span = Math.max(kMax - kMin, 1e-3);
  const objective = (x: readonly number[]): number => {
    const m = x[0] ?? 0;
    const sigma = Math.exp(x[1] ?? 0);
    if (!(sigma >= SIGMA_MIN && sigma <= SIGMA_MAX) || Math.abs(m - 0.5 * (kMin + kMax)) > 2 * span) {
      return Number.POSITIVE_INFINITY;
    }
    return sviInnerFit(used, m, sigma)?.sse ?? Number.POSITIVE_INFINITY;
  };
  let starts = opts.starts;
  if (!starts) {
    // Coarse scan: m over the data range, σ log-spaced relative to the range; keep the best three.
    const scan: Array<{ m: number; sigma: number; f: number }> = [];
    for (let i = 0; i <= 6; i++) {
      const m = kMin + (span * i) / 6;
      for (const rel of [0.03, 0.1, 0.3, 1]) {
        const sigma = Math.max(SIGMA_MIN, rel * span);
        scan.push({ m, sigma, f: objective([m, Math.log(sigma)]) });
      }
    }
    scan.sort((x, y) => x.f - y.f);
    starts = scan.slice(0, 3);
  }
  let best: { params: SviParams; sse: number } | null = null;
  for (const s of starts) {
    const res = nelderMead(objective, [s.m, Math.log(Math.max(s.sigma, SIGMA_MIN))], {
      step: [0.1 * span, 0.5],
      maxEvaluations: opts.maxEvaluations ?? 400,
      fTolerance: 0,
      xTolerance: 1e-7,
    });
    const fit = sviInnerFit(used, res.x[0] ?? 0, Math.exp(res.x[1] ?? 0));
    if (fit && (!best || fit.sse < best.sse)) best = fit;
  }
  return best ?? 'NO_FEASIBLE_POINT';
}
