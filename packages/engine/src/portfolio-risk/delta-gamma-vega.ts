/**
 * Parametric VaR/CVaR from the second-order (delta-gamma-vega) P&L under normal factor moves, with
 * a Cornish–Fisher quantile.
 *
 * P&L ≈ c + bᵀx + ½xᵀGx, x ~ N(0, Σ) the factor moves over h days (factor-model.ts). Per
 * underlying (spot S, simple return r, vol change v): b = (Δ·S, vega), G = [[Γ·S², vanna·S],
 * [vanna·S, volga]], and c = θ·h/365 when time decay is on. Underlyings without a vol factor keep
 * their vols. Cumulants of a normal quadratic form (M = GΣ, u = Σb):
 *   κ1 = c + ½tr M, κ2 = bᵀΣb + ½tr M², κ3 = 3uᵀGu + tr M³, κ4 = 12(Gu)ᵀΣ(Gu) + 3tr M⁴.
 * Loss = −P&L; with z = Φ⁻¹(α), skew s and excess kurtosis k of the loss, the Cornish–Fisher
 * quantile w = z + (z²−1)s/6 + (z³−3z)k/24 − (2z³−5z)s²/36 and VaR = μ_L + σw. CVaR integrates the
 * same expansion over the tail (∫_z^∞ He_n φ = He_{n−1}(z)φ(z)):
 *   CVaR = μ_L + σ·φ(z)/(1−α)·[1 + sz/6 + k(z²−1)/24 − s²(2z²−1)/36].
 * Accuracy: exact for a linear book (then VaR is the normal VaR); Cornish–Fisher is an asymptotic
 * expansion and degrades (can even be non-monotone in α) for strongly skewed books.
 */
import { inverseNormCdf, normPdf } from '../pricing/normal.ts';
import { type Book, groupByUnderlying } from './book.ts';
import { type FactorModel, factorCovariance, factorIndex } from './factor-model.ts';
import { rawSensitivities } from './greeks.ts';
import type { VarOptions } from './historical-var.ts';
import { assertConfidence } from './tail-stats.ts';

/** The quadratic P&L model c + bᵀx + ½xᵀGx with x ~ N(0, cov). */
export interface QuadraticPnl {
  c: number;
  b: number[];
  g: number[][];
  cov: number[][];
}

export interface DeltaGammaVegaResult {
  confidence: number;
  /** Cornish–Fisher VaR and CVaR of the quadratic P&L (currency, positive = loss). */
  var: number;
  cvar: number;
  /** Loss moments: mean, standard deviation, skewness, excess kurtosis. */
  mean: number;
  stdev: number;
  skewness: number;
  excessKurtosis: number;
  /** Normal VaR/CVaR from the quadratic's first two moments (Cornish–Fisher terms dropped). */
  normalVar: number;
  normalCvar: number;
  /** Delta(-vega)-normal VaR: linear terms only (G = 0), normal. */
  deltaNormalVar: number;
}

export function quadraticPnl(
  book: Book,
  model: FactorModel,
  options: Omit<VarOptions, 'confidence'>,
): QuadraticPnl {
  const h = options.horizonDays ?? 1;
  const cov = factorCovariance(model, h);
  const n = model.factors.length;
  const groups = groupByUnderlying(book);
  const idx = factorIndex(model, groups);
  const b = new Array<number>(n).fill(0);
  const g = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const add = (i: number, j: number, v: number): void => {
    const row = g[i];
    if (row !== undefined) row[j] = (row[j] ?? 0) + v;
  };
  let c = 0;
  groups.forEach((grp, k) => {
    const s = rawSensitivities(grp.legs, grp.market, book.asOf, book.volOf);
    const S = grp.market.spot;
    const ix = idx[k] ?? { spot: -1, vol: -1 };
    b[ix.spot] = (b[ix.spot] ?? 0) + s.delta * S;
    add(ix.spot, ix.spot, s.gamma * S * S);
    if (ix.vol >= 0) {
      b[ix.vol] = (b[ix.vol] ?? 0) + s.vega;
      add(ix.spot, ix.vol, s.vanna * S);
      add(ix.vol, ix.spot, s.vanna * S);
      add(ix.vol, ix.vol, s.volga);
    }
    if (options.timeDecay ?? true) c += (s.theta * h) / 365;
  });
  return { c, b, g, cov };
}

type Mat = number[][];
const matMul = (a: Mat, b: Mat): Mat =>
  a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((acc, v, k) => acc + v * (b[k]?.[j] ?? 0), 0)));
const matVec = (a: Mat, v: readonly number[]): number[] =>
  a.map((row) => row.reduce((acc, x, k) => acc + x * (v[k] ?? 0), 0));
const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((acc, x, k) => acc + x * (b[k] ?? 0), 0);
const trace = (a: Mat): number => a.reduce((acc, row, i) => acc + (row[i] ?? 0), 0);

/** First four cumulants of c + bᵀx + ½xᵀGx, x ~ N(0, cov) (formulas in the module comment). */
export function quadraticCumulants(q: QuadraticPnl): [number, number, number, number] {
  const m1 = matMul(q.g, q.cov);
  const m2 = matMul(m1, m1);
  const m3 = matMul(m2, m1);
  const m4 = matMul(m2, m2);
  const u = matVec(q.cov, q.b);
  const gu = matVec(q.g, u);
  return [
    q.c + 0.5 * trace(m1),
    dot(q.b, u) + 0.5 * trace(m2),
    3 * dot(u, gu) + trace(m3),
    12 * dot(gu, matVec(q.cov, gu)) + 3 * trace(m4),
  ];
}

export function deltaGammaVegaVar(book: Book, model: FactorModel, options: VarOptions): DeltaGammaVegaResult {
  const alpha = options.confidence;
  assertConfidence(alpha);
  const q = quadraticPnl(book, model, options);
  const [k1, k2, k3, k4] = quadraticCumulants(q);
  const mean = -k1;
  const stdev = Math.sqrt(Math.max(0, k2));
  const skew = stdev > 0 ? (0 - k3) / stdev ** 3 : 0; // 0 − k3, not −k3: no −0 for a linear book
  const kurt = stdev > 0 ? k4 / stdev ** 4 : 0;
  const z = inverseNormCdf(alpha);
  const tail = normPdf(z) / (1 - alpha);
  const w =
    z + ((z * z - 1) * skew) / 6 + ((z ** 3 - 3 * z) * kurt) / 24 - ((2 * z ** 3 - 5 * z) * skew * skew) / 36;
  const esW = tail * (1 + (skew * z) / 6 + (kurt * (z * z - 1)) / 24 - (skew * skew * (2 * z * z - 1)) / 36);
  const linearSd = Math.sqrt(Math.max(0, dot(q.b, matVec(q.cov, q.b))));
  return {
    confidence: alpha,
    var: mean + stdev * w,
    cvar: mean + stdev * esW,
    mean,
    stdev,
    skewness: skew,
    excessKurtosis: kurt,
    normalVar: mean + stdev * z,
    normalCvar: mean + stdev * tail,
    deltaNormalVar: -q.c + linearSd * z,
  };
}
