/**
 * Factor model of market moves for parametric and Monte Carlo VaR: per underlying a spot factor
 * (simple return, decimal) and optionally a vol factor (absolute change of every implied vol of
 * that underlying, decimal: 0.01 = one vol point), each with a daily standard deviation, and their
 * correlation matrix. Moves over h days have covariance h·Σ_daily (square-root-of-time, zero mean).
 */
import type { UnderlyingBook } from './book.ts';

export interface RiskFactor {
  underlying: string;
  kind: 'spot' | 'vol';
  /** Daily standard deviation: of the simple spot return, or of the absolute vol change. */
  dailyStdev: number;
}

export interface FactorModel {
  factors: readonly RiskFactor[];
  /** Correlation matrix, index-aligned with `factors` (symmetric, unit diagonal, PSD). */
  correlation: readonly (readonly number[])[];
}

/** Spot moves below this are clamped (a spot at or below 0 cannot be priced): −99%. */
export const MIN_SPOT_MOVE = -0.99;

/** Covariance of the factor moves over `horizonDays` (h·ρ_ij·σ_i·σ_j). Validates the model. */
export function factorCovariance(model: FactorModel, horizonDays: number): number[][] {
  const n = model.factors.length;
  if (!(horizonDays > 0)) throw new RangeError('horizonDays must be > 0');
  if (model.correlation.length !== n) throw new RangeError('correlation must be n×n');
  return model.factors.map((fi, i) => {
    const row = model.correlation[i];
    if (row === undefined || row.length !== n) throw new RangeError('correlation must be n×n');
    if (!(fi.dailyStdev >= 0)) throw new RangeError('dailyStdev must be ≥ 0');
    return model.factors.map((fj, j) => {
      const rho = row[j] ?? Number.NaN;
      const rhoT = model.correlation[j]?.[i];
      if (!(Math.abs(rho) <= 1) || rho !== rhoT)
        throw new RangeError('correlation must be symmetric in [−1, 1]');
      if (i === j && rho !== 1) throw new RangeError('correlation diagonal must be 1');
      return horizonDays * rho * fi.dailyStdev * fj.dailyStdev;
    });
  });
}

/**
 * Lower-triangular L with L·Lᵀ = a for a symmetric positive semidefinite matrix. A pivot within
 * 1e-12·max diagonal of zero (a perfectly correlated or zero-vol factor) gives a zero column
 * instead of failing; a clearly negative pivot throws (not PSD).
 */
export function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i]?.[i] ?? 0);
  const tol = 1e-12 * maxDiag;
  for (let j = 0; j < n; j++) {
    const lj = l[j] ?? [];
    let d = a[j]?.[j] ?? 0;
    for (let k = 0; k < j; k++) d -= (lj[k] ?? 0) ** 2;
    if (d < -tol) throw new RangeError('matrix is not positive semidefinite');
    const pivot = d > tol ? Math.sqrt(d) : 0;
    lj[j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const li = l[i] ?? [];
      let s = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) s -= (li[k] ?? 0) * (lj[k] ?? 0);
      li[j] = pivot > 0 ? s / pivot : 0;
    }
  }
  return l;
}

/** For each group, the index of its spot factor and of its vol factor (−1 when absent). */
export function factorIndex(
  model: FactorModel,
  groups: readonly UnderlyingBook[],
): { spot: number; vol: number }[] {
  return groups.map((g) => {
    const spot = model.factors.findIndex((f) => f.underlying === g.underlying && f.kind === 'spot');
    const vol = model.factors.findIndex((f) => f.underlying === g.underlying && f.kind === 'vol');
    if (spot < 0) throw new RangeError(`no spot factor for ${g.underlying}`);
    return { spot, vol };
  });
}
