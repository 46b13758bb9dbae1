/**
 * Objectives as first and second derivatives of the loss in the margin (Newton boosting):
 * squared error (g = m − y, h = 1), binary logistic (g = p − y, h = p(1 − p)) and multiclass softmax
 * (g_k = p_k − [y = k], h_k = p_k(1 − p_k), the diagonal Hessian XGBoost and LightGBM use).
 * Margins are row-major n × K. Losses are means: MSE, log loss, multiclass log loss (natural log).
 */
import type { GbdtObjective } from './gbdt.schema.ts';

/** Hessian floor: keeps −G/(H+λ) finite when λ = 0 and the probabilities saturate. */
const MIN_HESS = 1e-16;
/** Probability clamp in log losses (log(1e-15) ≈ −34.5). */
const P_EPS = 1e-15;

export interface Objective {
  name: GbdtObjective;
  nOutputs: number;
  /** Every hessian is exactly 1 (histograms may skip Σh). */
  unitHessian: boolean;
  /** Initial margin per output (not yet rounded to float32). */
  initScore(y: ArrayLike<number>): Float64Array;
  /** Fills grad[k][i], hess[k][i] for every row and output from the margins. */
  gradients(y: ArrayLike<number>, margin: Float64Array, grad: Float64Array[], hess: Float64Array[]): void;
  /** Mean loss of the margins. */
  loss(y: ArrayLike<number>, margin: Float64Array): number;
}

export const sigmoid = (m: number): number =>
  m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));

/** In-place softmax of out[off .. off+k). */
export function softmaxInPlace(out: Float64Array, off: number, k: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) max = Math.max(max, out[off + c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((out[off + c] as number) - max);
    out[off + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[off + c] = (out[off + c] as number) / sum;
}

/** log(1 + e^m) without overflow. */
const softplus = (m: number): number => (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));

const regression: Objective = {
  name: 'regression',
  nOutputs: 1,
  unitHessian: true,
  initScore(y) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] as number;
    return Float64Array.of(y.length > 0 ? s / y.length : 0);
  },
  gradients(y, margin, grad, hess) {
    const g = grad[0] as Float64Array;
    const h = hess[0] as Float64Array;
    for (let i = 0; i < y.length; i++) {
      g[i] = (margin[i] as number) - (y[i] as number);
      h[i] = 1;
    }
  },
  loss(y, margin) {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const e = (margin[i] as number) - (y[i] as number);
      s += e * e;
    }
    return s / y.length;
  },
};

const binary: Objective = {
  name: 'binary',
  nOutputs: 1,
  unitHessian: false,
  initScore(y) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] as number;
    const p = Math.min(1 - 1e-6, Math.max(1e-6, s / Math.max(1, y.length)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(y, margin, grad, hess) {
    const g = grad[0] as Float64Array;
    const h = hess[0] as Float64Array;
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(margin[i] as number);
      g[i] = p - (y[i] as number);
      h[i] = Math.max(p * (1 - p), MIN_HESS);
    }
  },
  loss(y, margin) {
    // −[y log p + (1−y) log(1−p)] = softplus(m) − y·m, clamped like the probability.
    let s = 0;
    const cap = -Math.log(P_EPS);
    for (let i = 0; i < y.length; i++) {
      const m = margin[i] as number;
      s += Math.min(cap, (y[i] as number) === 1 ? softplus(-m) : softplus(m));
    }
    return s / y.length;
  },
};

function multiclass(k: number): Objective {
  const p = new Float64Array(k);
  return {
    name: 'multiclass',
    nOutputs: k,
    unitHessian: false,
    initScore(y) {
      const counts = new Float64Array(k);
      for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
      const out = new Float64Array(k);
      for (let c = 0; c < k; c++) out[c] = Math.log(Math.max((counts[c] as number) / y.length, 1e-6));
      return out;
    },
    gradients(y, margin, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        p.set(margin.subarray(i * k, i * k + k));
        softmaxInPlace(p, 0, k);
        const label = y[i] as number;
        for (let c = 0; c < k; c++) {
          const pc = p[c] as number;
          (grad[c] as Float64Array)[i] = pc - (c === label ? 1 : 0);
          (hess[c] as Float64Array)[i] = Math.max(pc * (1 - pc), MIN_HESS);
        }
      }
    },
    loss(y, margin) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        p.set(margin.subarray(i * k, i * k + k));
        softmaxInPlace(p, 0, k);
        s -= Math.log(Math.max(p[y[i] as number] as number, P_EPS));
      }
      return s / y.length;
    },
  };
}

export function createObjective(name: GbdtObjective, numClasses: number | undefined): Objective {
  switch (name) {
    case 'regression':
      return regression;
    case 'binary':
      return binary;
    case 'multiclass':
      if (numClasses === undefined || numClasses < 3) throw new RangeError('multiclass needs numClasses ≥ 3');
      return multiclass(numClasses);
  }
}

/** Throws on labels the objective cannot take (non-finite targets, non-0/1, out-of-range classes). */
export function checkLabels(obj: Objective, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    const ok =
      obj.name === 'regression'
        ? Number.isFinite(v)
        : obj.name === 'binary'
          ? v === 0 || v === 1
          : Number.isInteger(v) && v >= 0 && v < obj.nOutputs;
    if (!ok) throw new RangeError(`label ${i} (${v}) is invalid for ${obj.name}`);
  }
}
