/** Evaluation metrics on plain arrays (row i of a row-major n × K matrix at i·K). */

export function meanSquaredError(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const e = (pred[i] as number) - (y[i] as number);
    s += e * e;
  }
  return s / y.length;
}

/** Coefficient of determination 1 − SSE/SST. */
export function rSquared(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] as number;
  mean /= y.length;
  let sst = 0;
  for (let i = 0; i < y.length; i++) sst += ((y[i] as number) - mean) ** 2;
  return 1 - (meanSquaredError(y, pred) * y.length) / sst;
}

/**
 * ROC AUC of scores for 0/1 labels: the Mann–Whitney statistic P(score₁ > score₀) + ½·P(tie),
 * from mid-ranks (O(n log n)). NaN when a class is absent.
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (score[a] as number) - (score[b] as number),
  );
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1] as number] === score[order[i] as number]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k] as number] === 1) {
        rankSumPos += midRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Fraction of rows whose largest of K columns is the label. */
export function accuracy(y: ArrayLike<number>, prob: ArrayLike<number>, K: number): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if ((prob[i * K + c] as number) > (prob[i * K + best] as number)) best = c;
    if (best === y[i]) hits++;
  }
  return hits / y.length;
}
