/**
 * Seeded synthetic data sets with known answers, for tests and the benchmark (not exported from
 * the package). Features are row-major; those beyond the signal ones are pure N(0, 1) noise.
 */
import { createRng, type Rng } from '@zomma/engine/rng';
import type { GbdtData } from './types.ts';

function normals(rng: Rng, n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/** y = sin(x0) + 0.5·x1² + N(0, noise²); x ~ N(0, 1)^d (d ≥ 2). The noise-free signal is `truth`. */
export function sinSquareRegression(
  seed: number,
  n: number,
  d: number,
  noise: number,
): GbdtData & { truth: Float64Array } {
  const rng = createRng(seed);
  const x = normals(rng, n, d);
  const y = new Float64Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = x[i * d] as number;
    const x1 = x[i * d + 1] as number;
    truth[i] = Math.sin(x0) + 0.5 * x1 * x1;
    y[i] = (truth[i] as number) + noise * rng.normal();
  }
  return { x, y, nRows: n, nFeatures: d, truth };
}

/**
 * Binary labels from a known logistic model: logit = Σ_j w_j·x_j (w padded with zeros to d), so
 * P(y = 1 | x) = σ(logit) is the Bayes posterior, returned as `prob`.
 */
export function logisticClassification(
  seed: number,
  n: number,
  d: number,
  w: readonly number[],
): GbdtData & { prob: Float64Array } {
  const rng = createRng(seed);
  const x = normals(rng, n, d);
  const y = new Float64Array(n);
  const prob = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < w.length && j < d; j++) z += (w[j] as number) * (x[i * d + j] as number);
    const p = 1 / (1 + Math.exp(-z));
    prob[i] = p;
    y[i] = rng.next() < p ? 1 : 0;
  }
  return { x, y, nRows: n, nFeatures: d, prob };
}

/**
 * K Gaussian blobs with identity covariance: class c ~ N(centers[c], I) in the first 2 features,
 * other features N(0, 1) noise; equal class priors. `bayes` is the Bayes classifier's class
 * (nearest centre in the first two features).
 */
export function gaussianBlobs(
  seed: number,
  n: number,
  d: number,
  centers: readonly (readonly [number, number])[],
): GbdtData & { bayes: Int32Array } {
  const rng = createRng(seed);
  const x = normals(rng, n, d);
  const y = new Float64Array(n);
  const bayes = new Int32Array(n);
  const K = centers.length;
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * K);
    const [cx, cy] = centers[c] ?? [0, 0];
    x[i * d] = (x[i * d] as number) + cx;
    x[i * d + 1] = (x[i * d + 1] as number) + cy;
    y[i] = c;
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    centers.forEach(([ax, ay], k) => {
      const dd = ((x[i * d] as number) - ax) ** 2 + ((x[i * d + 1] as number) - ay) ** 2;
      if (dd < bestD) {
        bestD = dd;
        best = k;
      }
    });
    bayes[i] = best;
  }
  return { x, y, nRows: n, nFeatures: d, bayes };
}

/** Rows [from, to) of a data set (copies). */
export function sliceRows<T extends GbdtData>(data: T, from: number, to: number): GbdtData {
  const d = data.nFeatures;
  return {
    x: data.x.slice(from * d, to * d),
    y: Array.from({ length: to - from }, (_, i) => data.y[from + i] as number),
    nRows: to - from,
    nFeatures: d,
  };
}
