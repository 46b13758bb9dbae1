/**
 * RegimeClassifier: which of the 7 market regimes (regime-data.ts) the last day of a window of
 * daily features belongs to. An LstmClassifier over REGIME_FEATURES with the regime names as
 * classes: x [batch, steps, 4] → { logits [batch, 7], probs }.
 *
 * Recipe (trainRegimeClassifier): one synthetic path for training windows, another seed for
 * validation (early stopping) and a third for the held-out test, windows every `stride` days;
 * softmax cross-entropy, Adam. Reported: held-out accuracy against the true regime, beside the
 * majority-class baseline (always predicting the training set's most frequent regime) and chance
 * (1/7), with per-class recall and the confusion matrix. Measured figures: regime.test.ts.
 */
import { createRunner } from '../graph/index.ts';
import { softmaxCrossEntropy } from '../nn/losses.ts';
import { exportModel, input } from '../nn/model.ts';
import type { ParamStore } from '../nn/params.ts';
import { type Dataset, type EpochRecord, trainModel } from '../train/index.ts';
import type { Architecture } from './base.ts';
import { LstmClassifier } from './lstm.ts';
import {
  generateRegimePath,
  REGIME_FEATURES,
  REGIMES,
  type RegimeWindows,
  regimeWindows,
} from './regime-data.ts';

export class RegimeClassifier extends LstmClassifier {
  constructor(cfg: { steps?: number; hidden?: number; dropout?: number } = {}, name = 'regime') {
    super(
      {
        steps: cfg.steps ?? 32,
        features: REGIME_FEATURES.length,
        hidden: cfg.hidden ?? 32,
        dropout: cfg.dropout,
        classes: REGIMES.length,
        classNames: REGIMES,
        featureNames: REGIME_FEATURES,
      },
      name,
    );
  }

  override describe(): Architecture {
    return { ...super.describe(), kind: 'regime-classifier', features: [...REGIME_FEATURES] };
  }
}

export interface RegimeMetrics {
  accuracy: number;
  /** Accuracy of always answering the training set's most frequent regime. */
  majorityBaseline: number;
  chance: number;
  /** Recall per regime (NaN for a regime absent from the test set). */
  recall: Record<string, number>;
  /** confusion[true][predicted] counts, REGIMES order. */
  confusion: number[][];
  testWindows: number;
}

export interface TrainRegimeOptions {
  seed: number;
  steps?: number;
  hidden?: number;
  /** Days of the training path (default 40,000; windows every `stride` days). */
  trainDays?: number;
  testDays?: number;
  /** Default 4. */
  stride?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
}

export interface TrainedRegimeClassifier {
  model: RegimeClassifier;
  params: ParamStore;
  metrics: RegimeMetrics;
  history: readonly EpochRecord[];
  hyperparameters: Record<string, unknown>;
}

const toDataset = (w: RegimeWindows): Dataset => ({ size: w.size, columns: { x: w.x, label: w.labels } });

/** Index of the largest of probs[row·K .. row·K + K) (ties: the lower index). */
export function argmaxRow(probs: ArrayLike<number>, row: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (Number(probs[row * K + k]) > Number(probs[row * K + best])) best = k;
  return best;
}

/** Accuracy of the served model on `test`; the majority class comes from `trainLabels`. */
export async function evaluateRegimeClassifier(
  model: RegimeClassifier,
  params: ParamStore,
  test: RegimeWindows,
  trainLabels: BigInt64Array,
): Promise<RegimeMetrics> {
  const K = REGIMES.length;
  const runner = await createRunner(exportModel(model, params, { outputs: ['probs'] }));
  const probs = (await runner.run({ x: test.x })).probs?.data;
  await runner.release();
  if (!probs) throw new Error('evaluateRegimeClassifier: no probs');
  const counts = new Array<number>(K).fill(0);
  for (const l of trainLabels) counts[Number(l)] = (counts[Number(l)] ?? 0) + 1;
  const majority = counts.indexOf(Math.max(...counts));
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  let majorityHits = 0;
  for (let i = 0; i < test.size; i++) {
    const truth = Number(test.labels[i]);
    const pred = argmaxRow(probs as ArrayLike<number>, i, K);
    const row = confusion[truth];
    if (row) row[pred] = (row[pred] ?? 0) + 1;
    if (pred === truth) correct++;
    if (truth === majority) majorityHits++;
  }
  const recall: Record<string, number> = {};
  REGIMES.forEach((r, k) => {
    const row = confusion[k] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    recall[r] = total === 0 ? Number.NaN : (row[k] ?? 0) / total;
  });
  return {
    accuracy: correct / test.size,
    majorityBaseline: majorityHits / test.size,
    chance: 1 / K,
    recall,
    confusion,
    testWindows: test.size,
  };
}

export async function trainRegimeClassifier(opts: TrainRegimeOptions): Promise<TrainedRegimeClassifier> {
  const hp = {
    seed: opts.seed,
    steps: opts.steps ?? 32,
    hidden: opts.hidden ?? 32,
    trainDays: opts.trainDays ?? 40_000,
    testDays: opts.testDays ?? 12_000,
    stride: opts.stride ?? 4,
    epochs: opts.epochs ?? 20,
    batchSize: opts.batchSize ?? 64,
    lr: opts.lr ?? 3e-3,
  };
  const model = new RegimeClassifier({ steps: hp.steps, hidden: hp.hidden });
  const windows = (days: number, seed: number) =>
    regimeWindows(generateRegimePath(days, seed), hp.steps, hp.stride);
  const train = windows(hp.trainDays, opts.seed);
  const validation = windows(hp.testDays, opts.seed + 1);
  const test = windows(hp.testDays, opts.seed + 2);
  const r = await trainModel({
    model,
    loss: {
      targets: [{ name: 'label', shape: ['batch'], dtype: 'int64' }],
      build: (g, out, t) => softmaxCrossEntropy(g, input(out, 'logits'), input(t, 'label')),
    },
    optimizer: { kind: 'adam', lr: hp.lr, clipNorm: 1 },
    train: toDataset(train),
    validation: toDataset(validation),
    epochs: hp.epochs,
    batchSize: hp.batchSize,
    seed: opts.seed + 3,
    earlyStopping: { patience: 4 },
  });
  const metrics = await evaluateRegimeClassifier(model, r.params, test, train.labels);
  return { model, params: r.params, metrics, history: r.history, hyperparameters: hp };
}
