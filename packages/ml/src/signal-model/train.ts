/**
 * Trains signal model v1: synthetic episodes with known answers (synthetic.ts), a 60/20/20 split
 * into train / validation (early stopping) / held-out test, a multiclass histogram GBDT, and the
 * self-describing ONNX artifact (artifact.ts). Everything derives from `seed`: equal options give
 * byte-identical ONNX and equal metrics. Sized to run at seed time (see the test for the timing).
 */
import { type GbdtData, type GbdtModel, type GbdtParamsInput, predict, trainGbdt } from '../gbdt/index.ts';
import { encodeSignalArtifact, SIGNAL_MODEL_FORMAT } from './artifact.ts';
import { decide } from './evaluate.ts';
import { SIGNAL_FEATURE_NAMES } from './features.ts';
import { DEFAULT_STRATEGY_PARAMS, SIGNAL_CLASSES, StrategyParams } from './strategies.ts';
import { DEFAULT_HIDDEN, generateSignalData, type SignalData, SYNTHETIC_STEP_YEARS } from './synthetic.ts';

export interface TrainSignalModelOptions {
  seed: number;
  /** Episodes generated (split 60/20/20). Default 6000. */
  count?: number;
  strategy?: StrategyParams;
  /** Expected return on max loss a trade must beat to be the label. Default 0.03. */
  minEdge?: number;
  /** Probability below which the model proposes nothing. Default 0.5. */
  minConfidence?: number;
  /** Overrides of the GBDT hyperparameters. */
  gbdt?: Partial<GbdtParamsInput>;
}

export interface TrainedSignalModel {
  onnx: Uint8Array;
  metrics: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  /** First quote and last asOf of the synthetic episodes (a synthetic calendar, see synthetic.ts). */
  trainedFrom: Date;
  trainedTo: Date;
  description: string;
  model: GbdtModel;
}

export const DEFAULT_GBDT_PARAMS = Object.freeze({
  objective: 'multiclass',
  numClasses: SIGNAL_CLASSES.length,
  rounds: 300,
  learningRate: 0.1,
  maxDepth: 5,
  maxLeaves: 15,
  minSamplesLeaf: 20,
  lambda: 1,
  subsample: 0.8,
  colsample: 0.8,
  maxBins: 64,
  earlyStoppingRounds: 20,
}) satisfies GbdtParamsInput;

function rows(data: SignalData, from: number, to: number): GbdtData {
  const d = data.nFeatures;
  return {
    x: data.x.subarray(from * d, to * d),
    y: data.y.subarray(from, to),
    nRows: to - from,
    nFeatures: d,
  };
}

export function trainSignalModel(options: TrainSignalModelOptions): TrainedSignalModel {
  const count = options.count ?? 6000;
  const strategy = StrategyParams.parse(options.strategy ?? DEFAULT_STRATEGY_PARAMS);
  const minEdge = options.minEdge ?? 0.03;
  const minConfidence = options.minConfidence ?? 0.5;
  const gbdtParams = { ...DEFAULT_GBDT_PARAMS, seed: options.seed, ...options.gbdt };
  const data = generateSignalData({ seed: options.seed, count, strategy, minEdge });
  const nTrain = Math.round(count * 0.6);
  const nValid = Math.round(count * 0.2);
  const train = rows(data, 0, nTrain);
  const valid = rows(data, nTrain, nTrain + nValid);
  const test = rows(data, nTrain + nValid, count);
  const result = trainGbdt(train, gbdtParams, { valid, featureNames: [...SIGNAL_FEATURE_NAMES] });
  const { model } = result;

  const K = SIGNAL_CLASSES.length;
  const proba = predict(model, test.x, test.nRows);
  const ev = decide(data, nTrain + nValid, proba, minConfidence);
  let logLoss = 0;
  for (let i = 0; i < test.nRows; i++) {
    logLoss -= Math.log(Math.max(1e-15, proba[i * K + (test.y[i] as number)] as number));
  }
  const labelShare = (c: number) => Array.from(test.y).filter((y) => y === c).length / test.nRows;
  // Kept short (the models page lists every metric); sizes and label shares go with the data description.
  const metrics: Record<string, number> = {
    accuracy: ev.accuracy,
    baselineAccuracy: ev.baselineAccuracy,
    alwaysNoneAccuracy: ev.noneAccuracy,
    logLoss: logLoss / test.nRows,
    meanScore: ev.meanScore,
    baselineMeanScore: ev.baselineMeanScore,
    oracleMeanScore: ev.oracleMeanScore,
    proposalRate: ev.proposalRate,
    rounds: result.bestIteration + 1,
  };
  const hyperparameters = {
    format: SIGNAL_MODEL_FORMAT,
    seed: options.seed,
    features: [...SIGNAL_FEATURE_NAMES],
    classes: [...SIGNAL_CLASSES],
    strategy,
    minConfidence,
    gbdt: model.params,
    data: {
      generator:
        'engine stepUnderlying, one step per day, hidden drift and vol premium (signal-model/synthetic.ts)',
      label: `argmax of expected return on max loss under the hidden state; NONE below ${minEdge}`,
      stepYears: SYNTHETIC_STEP_YEARS,
      count,
      split: { train: nTrain, valid: nValid, test: test.nRows },
      testLabelShares: Object.fromEntries(SIGNAL_CLASSES.map((c, k) => [c, labelShare(k)])),
      testArgmaxAccuracy: ev.argmaxAccuracy,
      minEdge,
      hidden: { ...DEFAULT_HIDDEN },
    },
  };
  const f2 = (x: number) => x.toFixed(2);
  const description =
    `Learned signal model v1: gradient-boosted trees (${metrics.rounds} rounds × ${K} classes) over ` +
    `${SIGNAL_FEATURE_NAMES.length} point-in-time quote features → ${SIGNAL_CLASSES.join(' / ')}, ` +
    `confidence threshold ${minConfidence}. Trained on ${nTrain} synthetic simulator episodes with known answers ` +
    `(seed ${options.seed}); held-out accuracy ${f2(ev.accuracy)} vs baseline rule ${f2(ev.baselineAccuracy)} ` +
    `and always-NONE ${f2(ev.noneAccuracy)} on ${test.nRows} episodes. Synthetic data only until market data lands.`;
  return {
    onnx: encodeSignalArtifact(model, { strategy, minConfidence }),
    metrics,
    hyperparameters,
    trainedFrom: data.firstQuoteAt,
    trainedTo: data.lastAsOf,
    description,
    model,
  };
}
