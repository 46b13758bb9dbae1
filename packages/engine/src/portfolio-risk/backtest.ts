/**
 * VaR backtests on a series of exceedances (day t is an exceedance when its realised loss is
 * greater than that day's VaR): Kupiec's proportion-of-failures (POF) test, Christoffersen's
 * independence test (first-order Markov alternative) and their sum, the conditional-coverage test.
 *
 * Likelihood ratios (p = 1 − confidence the expected exceedance rate, 0·ln 0 = 0):
 * - POF: LR = −2[(n−x)ln(1−p) + x ln p] + 2[(n−x)ln(1−x/n) + x ln(x/n)] ~ χ²(1), x exceedances
 *   in n days;
 * - independence: transitions n_ij (state i on day t−1 → j on day t) over the n − 1 pairs,
 *   π01 = n01/(n00+n01), π11 = n11/(n10+n11), π = (n01+n11)/(n − 1);
 *   LR = −2 ln[(1−π)^{n00+n10} π^{n01+n11}] + 2 ln[(1−π01)^{n00} π01^{n01} (1−π11)^{n10} π11^{n11}]
 *   ~ χ²(1);
 * - conditional coverage: LR_cc = LR_pof + LR_ind ~ χ²(2) (Christoffersen 1998; the POF part uses
 *   all n days, the common practical form).
 * p-values from closed-form χ² tails: 1 df P(χ² > x) = 2Φ(−√x), 2 df e^{−x/2}.
 */
import { normCdf } from '../pricing/normal.ts';
import { assertConfidence } from './tail-stats.ts';

export interface LrTest {
  statistic: number;
  pValue: number;
  degreesOfFreedom: 1 | 2;
}

export interface VarBacktest {
  days: number;
  exceedances: number;
  expectedRate: number;
  observedRate: number;
  /** Transition counts n00, n01, n10, n11 over consecutive days. */
  transitions: { n00: number; n01: number; n10: number; n11: number };
  kupiec: LrTest;
  independence: LrTest;
  conditionalCoverage: LrTest;
}

/** P(χ²_k ≤ x) for k = 1 or 2 (closed forms; 0 for x ≤ 0). */
export function chiSquareCdf(x: number, df: 1 | 2): number {
  if (!(x > 0)) return 0;
  return df === 1 ? 1 - 2 * normCdf(-Math.sqrt(x)) : -Math.expm1(-x / 2);
}

/** Upper tail P(χ²_k > x), accurate in the far tail (no 1 − cdf cancellation). */
export function chiSquareSf(x: number, df: 1 | 2): number {
  if (!(x > 0)) return 1;
  return df === 1 ? 2 * normCdf(-Math.sqrt(x)) : Math.exp(-x / 2);
}

/** k·ln(p) with 0·ln 0 = 0. */
function xlogy(k: number, p: number): number {
  return k === 0 ? 0 : k * Math.log(p);
}

function lrTest(statistic: number, df: 1 | 2): LrTest {
  // Rounding can leave a true-zero statistic at −1e−13: clamp to the support.
  const s = Math.max(0, statistic);
  return { statistic: s, pValue: chiSquareSf(s, df), degreesOfFreedom: df };
}

/** Exceedance flags: loss[t] > var[t] (VaR positive = loss). */
export function exceedances(losses: readonly number[], vars: readonly number[]): boolean[] {
  if (losses.length !== vars.length) throw new RangeError('losses and vars must have the same length');
  return losses.map((l, t) => l > (vars[t] ?? Number.POSITIVE_INFINITY));
}

export function backtestVar(hits: readonly boolean[], confidence: number): VarBacktest {
  assertConfidence(confidence);
  const n = hits.length;
  if (n < 2) throw new RangeError('need at least two days');
  const p = 1 - confidence;
  const x = hits.filter(Boolean).length;
  const rate = x / n;
  const pof = -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - rate) + xlogy(x, rate));

  const t = { n00: 0, n01: 0, n10: 0, n11: 0 };
  for (let i = 1; i < n; i++) {
    const prev = hits[i - 1] === true;
    const cur = hits[i] === true;
    if (prev && cur) t.n11++;
    else if (prev) t.n10++;
    else if (cur) t.n01++;
    else t.n00++;
  }
  const pi01 = t.n00 + t.n01 > 0 ? t.n01 / (t.n00 + t.n01) : 0;
  const pi11 = t.n10 + t.n11 > 0 ? t.n11 / (t.n10 + t.n11) : 0;
  const pi = (t.n01 + t.n11) / (n - 1);
  const ind =
    -2 * (xlogy(t.n00 + t.n10, 1 - pi) + xlogy(t.n01 + t.n11, pi)) +
    2 * (xlogy(t.n00, 1 - pi01) + xlogy(t.n01, pi01) + xlogy(t.n10, 1 - pi11) + xlogy(t.n11, pi11));
  const kupiec = lrTest(pof, 1);
  const independence = lrTest(ind, 1);
  return {
    days: n,
    exceedances: x,
    expectedRate: p,
    observedRate: rate,
    transitions: t,
    kupiec,
    independence,
    conditionalCoverage: lrTest(kupiec.statistic + independence.statistic, 2),
  };
}
