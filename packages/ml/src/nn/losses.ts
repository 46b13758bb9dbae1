/**
 * Losses as graph ops; each returns a float scalar (the mean over the batch unless stated).
 *
 *  mse                       mean (p − t)² over every element
 *  huber                     mean of ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond (e = p − t)
 *  softmaxCrossEntropy       −log softmax(z)[label]: labels int64 [batch] or float [batch, C]
 *                            (one-hot or probabilities); optional class weights (weighted mean
 *                            Σ wᵢℓᵢ / Σ wᵢ, as PyTorch); stable through LogSoftmax
 *  binaryCrossEntropyWithLogits  mean of max(z, 0) − z·y + log(1 + e^−|z|) (stable for any z)
 *  weightedSum               Σ wₖ·lossₖ (multi-task)
 */
import type { Graph, Tensor } from '../graph/index.ts';

function sameShape(what: string, a: Tensor, b: Tensor): void {
  if (a.shape.join() !== b.shape.join())
    throw new RangeError(`${what}: prediction ${a} and target ${b} differ`);
}

export function mse(g: Graph, pred: Tensor, target: Tensor): Tensor {
  sameShape('mse', pred, target);
  const e = g.sub(pred, target);
  return g.reduceMean(g.mul(e, e));
}

export function huber(g: Graph, pred: Tensor, target: Tensor, delta = 1): Tensor {
  sameShape('huber', pred, target);
  if (!(delta > 0)) throw new RangeError(`huber: delta ${delta} must be > 0`);
  const e = g.sub(pred, target);
  const a = g.abs(e);
  const quadratic = g.mul(g.mul(e, e), 0.5);
  const linear = g.mul(g.sub(a, 0.5 * delta), delta);
  return g.reduceMean(g.where(g.less(a, delta), quadratic, linear));
}

/** One-hot rows of the graph's float type from int64 labels [...] with C classes: [..., C]. */
export function oneHot(g: Graph, labels: Tensor, classes: number): Tensor {
  if (labels.dtype !== 'int64') throw new TypeError(`oneHot: labels must be int64, got ${labels}`);
  const range = g.constantInt64(Array.from({ length: classes }, (_, i) => i));
  return g.cast(g.equal(g.unsqueeze(labels, [-1]), range), g.dtype);
}

export interface CrossEntropyOptions {
  /** Per-class weights (length C): weighted mean Σ w[yᵢ]·ℓᵢ / Σ w[yᵢ]. */
  classWeights?: readonly number[];
}

/**
 * Softmax cross-entropy of logits [batch, C] against int64 labels [batch] or float targets
 * [batch, C] (rows summing to 1).
 */
export function softmaxCrossEntropy(
  g: Graph,
  logits: Tensor,
  labels: Tensor,
  opts: CrossEntropyOptions = {},
): Tensor {
  const C = logits.shape[logits.rank - 1];
  if (logits.rank !== 2 || typeof C !== 'number')
    throw new RangeError(`softmaxCrossEntropy: logits ${logits} must be [batch, C]`);
  const target = labels.dtype === 'int64' ? oneHot(g, labels, C) : labels;
  sameShape('softmaxCrossEntropy', logits, target);
  const perRow = g.neg(g.reduceSum(g.mul(target, g.logSoftmax(logits, -1)), [1]));
  if (!opts.classWeights) return g.reduceMean(perRow);
  if (opts.classWeights.length !== C)
    throw new RangeError(`softmaxCrossEntropy: ${opts.classWeights.length} class weights for ${C} classes`);
  const w = g.reduceSum(g.mul(target, g.constant(opts.classWeights, [C])), [1]);
  return g.div(g.reduceSum(g.mul(w, perRow)), g.reduceSum(w));
}

export function binaryCrossEntropyWithLogits(g: Graph, logits: Tensor, targets: Tensor): Tensor {
  sameShape('binaryCrossEntropyWithLogits', logits, targets);
  const softplusNeg = g.log(g.add(g.exp(g.neg(g.abs(logits))), 1));
  return g.reduceMean(g.add(g.sub(g.relu(logits), g.mul(logits, targets)), softplusNeg));
}

/** Σ weight·loss over tasks (each loss a scalar). */
export function weightedSum(g: Graph, terms: readonly { loss: Tensor; weight: number }[]): Tensor {
  if (terms.length === 0) throw new RangeError('weightedSum: no terms');
  return g.addN(terms.map((t) => (t.weight === 1 ? t.loss : g.mul(t.loss, t.weight))));
}
