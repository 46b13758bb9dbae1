/**
 * Held-out evaluation of the signal model against the labels and true scores of synthetic data,
 * beside the baseline rule (its momentum decision on the same histories) and always-NONE.
 * Score of a decision = the chosen strategy's true expected return on max loss (NONE: 0); the
 * oracle picks the label every time.
 */
import { chosenClass } from './propose.ts';
import { SIGNAL_CLASSES } from './strategies.ts';
import type { SignalData } from './synthetic.ts';

export interface Evaluation {
  /** The served decision (argmax; below minConfidence → NONE) equals the label. */
  accuracy: number;
  /** Plain argmax equals the label. */
  argmaxAccuracy: number;
  baselineAccuracy: number;
  noneAccuracy: number;
  meanScore: number;
  baselineMeanScore: number;
  oracleMeanScore: number;
  /** Share of rows where the model proposes a trade. */
  proposalRate: number;
  /** The model's decision per row (class index). */
  decisions: Int32Array;
}

/** Evaluates probabilities `proba` (row-major n × K) for data rows offset…offset + n. */
export function decide(
  data: SignalData,
  offset: number,
  proba: ArrayLike<number>,
  minConfidence: number,
): Evaluation {
  const K = SIGNAL_CLASSES.length;
  const n = proba.length / K;
  const decisions = new Int32Array(n);
  const score = (row: number, c: number) => {
    const s = data.scores[row * K + c] as number;
    // A strategy that cannot be built would not be traded: it scores as no trade.
    return Number.isFinite(s) ? s : 0;
  };
  let hit = 0;
  let argmaxHit = 0;
  let baseHit = 0;
  let noneHit = 0;
  let model = 0;
  let base = 0;
  let oracle = 0;
  let proposals = 0;
  for (let i = 0; i < n; i++) {
    const row = offset + i;
    const p = Array.from({ length: K }, (_, k) => proba[i * K + k] as number);
    const top = chosenClass(p);
    const chosen = (p[top] as number) >= minConfidence ? top : 0;
    decisions[i] = chosen;
    const y = data.y[row] as number;
    const b = data.baseline[row] as number;
    if (chosen === y) hit++;
    if (top === y) argmaxHit++;
    if (b === y) baseHit++;
    if (y === 0) noneHit++;
    if (chosen !== 0) proposals++;
    model += score(row, chosen);
    base += score(row, b);
    oracle += score(row, y);
  }
  return {
    accuracy: hit / n,
    argmaxAccuracy: argmaxHit / n,
    baselineAccuracy: baseHit / n,
    noneAccuracy: noneHit / n,
    meanScore: model / n,
    baselineMeanScore: base / n,
    oracleMeanScore: oracle / n,
    proposalRate: proposals / n,
    decisions,
  };
}
