/**
 * Histogram gradient-boosted trees in TypeScript, exported as ONNX TreeEnsemble.
 *
 * - Data: row-major Float64Array/Float32Array, row i feature j at x[i·nFeatures + j]; NaN = missing.
 * - binMatrix: ≤ 255 quantile bins per feature (Uint8Array per feature), computed once.
 * - trainGbdt: squared error, binary logistic or multiclass softmax (one tree per class per round);
 *   histograms with sibling subtraction, lossguide or depthwise growth, max depth / leaves, min child
 *   weight / rows, λ, learning rate, seeded row and column subsampling, a learned default side for
 *   NaN, early stopping on a validation set (best round kept). Deterministic for a seed.
 * - predictMargin / predict: TS inference routing with float32 thresholds like onnxruntime.
 * - exportOnnx: TreeEnsembleRegressor (+ Sigmoid / Softmax), run through onnx/session createSession.
 * - treeShap: exact path-dependent TreeSHAP of the margins; gainImportance: gain per feature.
 * - modelToJson / modelFromJson with the GbdtModelJson zod schema; GbdtParams for hyperparameters.
 */
export { type BinnedMatrix, type BinOptions, binMatrix, binOf, quantileThresholds } from './binning.ts';
export {
  GBDT_FORMAT,
  GbdtModelJson,
  GbdtObjective,
  GbdtParams,
  type GbdtParamsInput,
  GbdtTreeJson,
} from './gbdt.schema.ts';
export { type GainImportance, gainImportance } from './importance.ts';
export { accuracy, meanSquaredError, rocAuc, rSquared } from './metrics.ts';
export { exportOnnx, ONNX_INPUT, ONNX_MARGIN, ONNX_PROBABILITY } from './onnx-export.ts';
export { type PredictOptions, predict, predictMargin } from './predict.ts';
export { modelFromJson, modelToJson } from './serialize.ts';
export { type TrainOptions, type TrainResult, trainGbdt } from './train.ts';
export { type ShapResult, treeExpectation, treeShap } from './tree-shap.ts';
export {
  type FeatureMatrix,
  type GbdtData,
  type GbdtModel,
  type GbdtTree,
  leafIndex,
  treeDepth,
} from './types.ts';
