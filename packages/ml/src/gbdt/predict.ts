/**
 * Prediction in TypeScript. Rows are routed with float32 comparisons (see leafIndex), exactly like
 * onnxruntime's TreeEnsemble on float32 input; leaf values are float32, summed here in double
 * (onnxruntime sums in float32, so the two differ by float32 rounding of the sum only).
 */
import { sigmoid, softmaxInPlace } from './objective.ts';
import { type FeatureMatrix, type GbdtModel, leafIndex } from './types.ts';

export interface PredictOptions {
  /** Use only the first `rounds` boosting rounds (default: all the model keeps). */
  rounds?: number;
}

function checkX(model: GbdtModel, x: FeatureMatrix, nRows: number): void {
  if (x.length !== nRows * model.nFeatures) {
    throw new RangeError(`x has ${x.length} values, not ${nRows}×${model.nFeatures}`);
  }
}

/** Raw margins, row-major nRows × nOutputs (regression: the prediction; classification: log-odds/logits). */
export function predictMargin(
  model: GbdtModel,
  x: FeatureMatrix,
  nRows: number,
  opts: PredictOptions = {},
): Float64Array {
  checkX(model, x, nRows);
  const K = model.nOutputs;
  const d = model.nFeatures;
  const nTrees = Math.min(model.trees.length, (opts.rounds ?? Number.POSITIVE_INFINITY) * K);
  const out = new Float64Array(nRows * K);
  for (let i = 0; i < nRows; i++) out.set(model.baseScore, i * K);
  for (let t = 0; t < nTrees; t++) {
    const tree = model.trees[t];
    if (!tree) continue;
    const k = t % K;
    for (let i = 0; i < nRows; i++) {
      const at = i * K + k;
      out[at] = (out[at] as number) + (tree.value[leafIndex(tree, x, i * d)] as number);
    }
  }
  return out;
}

/**
 * The prediction on the response scale, row-major: regression the margin (n × 1), binary
 * P(y = 1) (n × 1), multiclass class probabilities (n × K, softmax of the margins).
 */
export function predict(
  model: GbdtModel,
  x: FeatureMatrix,
  nRows: number,
  opts: PredictOptions = {},
): Float64Array {
  const m = predictMargin(model, x, nRows, opts);
  if (model.objective === 'binary') for (let i = 0; i < m.length; i++) m[i] = sigmoid(m[i] as number);
  else if (model.objective === 'multiclass') {
    for (let i = 0; i < nRows; i++) softmaxInPlace(m, i * model.nOutputs, model.nOutputs);
  }
  return m;
}
