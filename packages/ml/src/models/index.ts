/**
 * The model zoo on top of nn/ and train/: production network classes, training recipes with
 * known answers, integrated-gradients explanations, and registry cards. Every model is an nn
 * `Model`, so one `forward` builds the training graph, the served ONNX (`exportModel`) and the
 * attribution graph (`compileInputGradients`).
 *
 * Models (inputs → outputs; all float32 served, 'batch' first):
 *   Mlp                      x [b, F] → pred [b, K]  (or logits/probs with task 'classification')
 *   LstmRegressor            x [b, T, F] → pred;  LstmClassifier → logits, probs  (stacked layers ok)
 *   TransformerEncoderModel  x [b, T, F] → Dense → + learned (default) or sinusoidal positions →
 *                            pre-norm blocks → LayerNorm → mean/last pooling → pred (or logits/probs)
 *   HybridLstmMlp            seq [b, T, F] + static [b, S] → pred (static sets the LSTM's initial
 *                            state and is concatenated with its final state)
 *   MultiTaskOptionNet       x [b, 4] (normalised S/K, √T, σ, r) → price, delta (+ gamma, vega);
 *                            optionNetLoss: weighted multi-task + differential ∂price/∂S term
 *   RegimeClassifier         7-class LSTM over REGIME_FEATURES windows → logits, probs
 * Each has describe() (JSON architecture) and inputFeatureNames().
 *
 * Recipes (seeded, reproducible; figures measured in their files and tests):
 *   trainOptionNet / evaluateOptionNet   Black–Scholes price and delta on a held-out grid vs the
 *                                        engine: price max ≲ 2e-3·K, delta max ≈ 0.012 (~10 s)
 *   trainRegimeClassifier                on the synthetic Markov-switching market (regime-data.ts,
 *                                        stand-in for the engine's future regime simulator):
 *                                        held-out accuracy 0.77 vs majority 0.21 vs chance 0.14
 * Explanations: IntegratedGradients.create(model, params, { output, index?, wrt?, steps, rule,
 *   relativeGap? }).explain(x, baseline?) → per-element and per-feature attributions and the
 *   completeness gap, one batched run; toSignalExplanation(result, { model, featureNames }).
 * Registry: toModelCard({ name, model, params, description, metrics, trainedFrom, trainedTo,
 *   training? }) → { onnx, metrics, hyperparameters, … } for createOnnxModelVersion (packages/db).
 * Latency of every served model: bench/ml-inference.ts.
 */
export { type Architecture, ZooModel } from './base.ts';
export { type HybridConfig, HybridLstmMlp } from './hybrid.ts';
export {
  type ExplainOptions,
  IG_METHOD,
  type IgResult,
  type IgRule,
  IntegratedGradients,
  type IntegratedGradientsOptions,
  integratedGradients,
  quadrature,
  type SampleValues,
  toSignalExplanation,
} from './integrated-gradients.ts';
export { LstmClassifier, type LstmConfig, LstmRegressor } from './lstm.ts';
export { Mlp, type MlpConfig } from './mlp.ts';
export { type ModelCardInput, type OnnxModelCard, toModelCard, ZOO_CARD_FORMAT } from './model-card.ts';
export {
  DEFAULT_OPTION_LOSS_WEIGHTS,
  DX0_DM,
  MultiTaskOptionNet,
  OPTION_NET_DOMAIN,
  OPTION_NET_FEATURES,
  type OptionLossWeights,
  type OptionNetConfig,
  type OptionPoint,
  type OptionTruth,
  optionDataset,
  optionGrid,
  optionNetInput,
  optionNetLoss,
  optionTruth,
  sampleOptionPoints,
} from './option-net.ts';
export {
  evaluateOptionNet,
  type OptionNetMetrics,
  type TrainedOptionNet,
  type TrainOptionNetOptions,
  trainOptionNet,
} from './option-net-train.ts';
export {
  argmaxRow,
  evaluateRegimeClassifier,
  RegimeClassifier,
  type RegimeMetrics,
  type TrainedRegimeClassifier,
  type TrainRegimeOptions,
  trainRegimeClassifier,
} from './regime.ts';
export {
  generateRegimePath,
  REGIME_FEATURES,
  REGIME_PARAMS,
  REGIMES,
  type Regime,
  type RegimeParams,
  type RegimePath,
  type RegimeWindows,
  regimeWindows,
  TRANSITIONS,
} from './regime-data.ts';
export {
  LearnedPositions,
  sinusoidalPositions,
  type TransformerEncoderConfig,
  TransformerEncoderModel,
} from './transformer.ts';
