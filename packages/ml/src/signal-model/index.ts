/**
 * Signal model v1: a learned (GBDT) model that turns point-in-time quote features into one of the
 * strategies the system builds today, or NONE, with a confidence and a TreeSHAP explanation.
 * - features.ts: the 22 features (names, meanings) and computeFeatures.
 * - strategies.ts: classes, StrategyParams and the leg builder shared with the baseline rule.
 * - synthetic.ts: simulator episodes with a known answer (hidden drift and vol premium).
 * - train.ts: trainSignalModel (data, GBDT with early stopping, held-out metrics, ONNX artifact).
 * - artifact.ts: the ONNX bytes carry features, classes, strategy, threshold and the GBDT JSON.
 * - propose.ts: proposeFromPrediction and explain.
 */
export {
  encodeSignalArtifact,
  META_KEYS,
  readSignalArtifact,
  SIGNAL_MODEL_FORMAT,
  type SignalArtifact,
} from './artifact.ts';
export { decide, type Evaluation } from './evaluate.ts';
export {
  computeFeatures,
  type FeatureResult,
  type FeatureSpec,
  featureRecord,
  LOOKBACK_RETURNS,
  N_SIGNAL_FEATURES,
  type QuotePoint,
  SIGNAL_FEATURE_NAMES,
  SIGNAL_FEATURES,
} from './features.ts';
export {
  type Attribution,
  chosenClass,
  EXPLANATION_METHOD,
  explain,
  type PredictionDecision,
  type ProposeContext,
  proposeFromPrediction,
  type ServedModelRef,
  type SignalModelExplanation,
  type SignalProposal,
} from './propose.ts';
export {
  buildStrategy,
  DEFAULT_STRATEGY_PARAMS,
  N_SIGNAL_CLASSES,
  SIGNAL_CLASSES,
  type SignalClass,
  StrategyParams,
} from './strategies.ts';
export { DEFAULT_HIDDEN, generateSignalData, type SignalData, SYNTHETIC_STEP_YEARS } from './synthetic.ts';
export {
  DEFAULT_GBDT_PARAMS,
  type TrainedSignalModel,
  type TrainSignalModelOptions,
  trainSignalModel,
} from './train.ts';
