/**
 * VaR and CVaR from a sample of P&L (one value per scenario), with the quantile convention used by
 * every estimator in this folder.
 *
 * Convention: losses L = −P&L. With n scenarios and confidence α, the tail holds the
 * m = max(1, ⌊n(1 − α)⌋) largest losses; VaR is the m-th largest loss (an empirical
 * quantile: n = 500, α = 99% → the 5th-worst loss) and CVaR is the mean of those m losses, so
 * CVaR ≥ VaR. When n(1 − α) is an integer this is the standard discrete expected-shortfall
 * estimator. Positive VaR = a loss. Losses below zero (a book that gains in every tail scenario)
 * give negative VaR.
 */

export interface VarEstimate {
  confidence: number;
  /** Loss at the confidence level (currency, positive = loss). */
  var: number;
  /** Mean loss in the tail beyond the VaR (currency). */
  cvar: number;
  /** Number of scenarios in the tail (m above). */
  tailCount: number;
  /** Number of scenarios. */
  scenarios: number;
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be in (0, 1)');
}

/** Number of tail scenarios m = max(1, ⌊n(1 − α)⌋); the 1e-9 absorbs 500·(1 − 0.99) = 4.999…. */
export function tailCount(n: number, confidence: number): number {
  return Math.max(1, Math.floor(n * (1 - confidence) + 1e-9));
}

/** VaR/CVaR of a P&L sample; also returns the losses sorted from worst to best. */
export function tailStats(
  pnls: readonly number[],
  confidence: number,
): VarEstimate & { sortedLosses: number[] } {
  assertConfidence(confidence);
  const n = pnls.length;
  if (n === 0) throw new RangeError('need at least one scenario');
  const sortedLosses = pnls.map((p) => -p).sort((a, b) => b - a);
  const m = tailCount(n, confidence);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += sortedLosses[i] ?? 0;
  return {
    confidence,
    var: sortedLosses[m - 1] ?? Number.NaN,
    cvar: sum / m,
    tailCount: m,
    scenarios: n,
    sortedLosses,
  };
}
