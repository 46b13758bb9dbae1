/**
 * Monte Carlo VaR/CVaR with full revaluation: correlated normal factor moves x = L·z (L the
 * Cholesky factor of the h-day factor covariance, z from the caller's seeded RNG), every leg
 * repriced under its underlying's spot move and vol shift (h days passing with `timeDecay`);
 * quantile convention of tail-stats.ts. Same seed and inputs → bit-identical result.
 *
 * Standard errors (asymptotic, i.i.d. paths):
 * - VaR: √(α(1−α)/n) / f̂, with the loss density at the VaR estimated from order-statistic
 *   spacings f̂ = (2j/n) / (L₍ₖ₋ⱼ₎ − L₍ₖ₊ⱼ₎) around the VaR's rank k (Siddiqui), j = ⌈√n/2⌉
 *   clipped to the sample (a density, not a plug-in: no bootstrap);
 * - CVaR: √((Var(L | tail) + α(CVaR − VaR)²) / m), m the tail count.
 */
import type { Rng } from '../rng.ts';
import { type Book, baseValues, bookPnl, groupByUnderlying } from './book.ts';
import { cholesky, type FactorModel, factorCovariance, factorIndex, MIN_SPOT_MOVE } from './factor-model.ts';
import type { VarOptions } from './historical-var.ts';
import { tailStats, type VarEstimate } from './tail-stats.ts';

export interface MonteCarloOptions extends VarOptions {
  /** Number of paths (≥ 100). */
  paths: number;
  /** A seeded generator (`createRng(seed)`); it is advanced by paths × factors normals. */
  rng: Rng;
}

export interface MonteCarloVarResult extends VarEstimate {
  varStdError: number;
  cvarStdError: number;
}

export function monteCarloVar(
  book: Book,
  model: FactorModel,
  options: MonteCarloOptions,
): MonteCarloVarResult {
  const { paths, rng } = options;
  if (!(Number.isInteger(paths) && paths >= 100)) throw new RangeError('paths must be an integer ≥ 100');
  const h = options.horizonDays ?? 1;
  const daysForward = (options.timeDecay ?? true) ? h : 0;
  const chol = cholesky(factorCovariance(model, h));
  const nf = model.factors.length;
  const groups = groupByUnderlying(book);
  const idx = factorIndex(model, groups);
  const base = baseValues(book, groups);
  const z = new Array<number>(nf).fill(0);
  const x = new Array<number>(nf).fill(0);
  const pnls = new Array<number>(paths);
  for (let p = 0; p < paths; p++) {
    for (let i = 0; i < nf; i++) z[i] = rng.normal();
    for (let i = 0; i < nf; i++) {
      const row = chol[i] ?? [];
      let s = 0;
      for (let k = 0; k <= i; k++) s += (row[k] ?? 0) * (z[k] ?? 0);
      x[i] = s;
    }
    pnls[p] = bookPnl(book, groups, base, (g) => {
      const ix = idx[g] ?? { spot: -1, vol: -1 };
      return {
        spotMove: Math.max(MIN_SPOT_MOVE, x[ix.spot] ?? 0),
        volShift: ix.vol >= 0 ? (x[ix.vol] ?? 0) : 0,
        daysForward,
      };
    });
  }
  const { sortedLosses, ...stats } = tailStats(pnls, options.confidence);
  const n = paths;
  const m = stats.tailCount;
  const alpha = stats.confidence;
  // sortedLosses is worst-first: the VaR sits at index m − 1; neighbours j either side.
  const j = Math.max(1, Math.min(Math.ceil(Math.sqrt(n) / 2), m - 1, n - m));
  const lo = Math.max(0, m - 1 - j);
  const hi = Math.min(n - 1, m - 1 + j);
  const spread = (sortedLosses[lo] ?? 0) - (sortedLosses[hi] ?? 0);
  const density = spread > 0 ? (hi - lo) / n / spread : Number.POSITIVE_INFINITY;
  const varStdError = Math.sqrt((alpha * (1 - alpha)) / n) / density;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += ((sortedLosses[i] ?? 0) - stats.cvar) ** 2;
  const tailVar = m > 1 ? ss / (m - 1) : 0;
  const cvarStdError = Math.sqrt((tailVar + alpha * (stats.cvar - stats.var) ** 2) / m);
  return { ...stats, varStdError, cvarStdError };
}
