/**
 * The training loop: epochs of seeded-shuffled mini-batches, validation loss each epoch, early
 * stopping with patience (keeping the best weights), an optional LR schedule, progress events.
 *
 * The monitored loss is the validation loss when a validation set is given, else the epoch's
 * training loss (the row-weighted mean of its batch losses, with dropout active). An epoch
 * improves when monitored < best − minDelta. Reproducible: the permutation of each epoch comes
 * from `createRng(seed)`, dropout masks from the trainer's own seed.
 */
import { createRng } from '@zomma/engine/rng';
import { ParamStore } from '../nn/params.ts';
import { type Dataset, shuffleInto } from './data.ts';
import { Trainer, type TrainerOptions } from './trainer.ts';

export interface ScheduleInfo {
  /** Adam step about to be taken (1-based). */
  readonly step: number;
  /** 1-based epoch. */
  readonly epoch: number;
  readonly stepsPerEpoch: number;
  readonly epochs: number;
  readonly baseLr: number;
}

export type LrSchedule = (s: ScheduleInfo) => number;

/** Linear warm-up from 0 over `warmupSteps`, then cosine decay to `minFactor`·base at the last step. */
export function warmupCosine(opts: { warmupSteps?: number; minFactor?: number } = {}): LrSchedule {
  const warm = opts.warmupSteps ?? 0;
  const floor = opts.minFactor ?? 0;
  return ({ step, stepsPerEpoch, epochs, baseLr }) => {
    if (step <= warm) return (baseLr * step) / warm;
    const total = Math.max(1, stepsPerEpoch * epochs - warm);
    const p = Math.min(1, (step - warm) / total);
    return baseLr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p)));
  };
}

export type ProgressEvent =
  | {
      readonly kind: 'epoch';
      readonly epoch: number;
      readonly epochs: number;
      readonly trainLoss: number;
      readonly valLoss: number | undefined;
      readonly bestEpoch: number;
      readonly lr: number;
      readonly elapsedMs: number;
      /** Time left if every remaining epoch runs (early stopping may end sooner). */
      readonly etaMs: number;
    }
  | {
      readonly kind: 'batch';
      readonly epoch: number;
      readonly epochs: number;
      readonly batch: number;
      readonly batches: number;
      readonly loss: number;
      readonly elapsedMs: number;
      readonly etaMs: number;
    };

export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number | undefined;
  readonly trainParts: Readonly<Record<string, number>>;
  readonly valParts: Readonly<Record<string, number>> | undefined;
  /** LR of the epoch's last step. */
  readonly lr: number;
  readonly elapsedMs: number;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Seed of the per-epoch shuffles. */
  seed: number;
  validation?: Dataset;
  /** Batch size of evaluation (default 1024). */
  evalBatchSize?: number;
  earlyStopping?: { patience: number; minDelta?: number };
  /** Keep the best epoch's weights at the end (default true). */
  restoreBest?: boolean;
  lrSchedule?: LrSchedule;
  onProgress?: (e: ProgressEvent) => void;
  /** Also emit a 'batch' event every this many batches. */
  batchEventEvery?: number;
  /** Stops after the current batch. */
  signal?: AbortSignal;
}

export interface FitResult {
  /** The best epoch's weights (or the last ones with restoreBest: false). */
  readonly params: ParamStore;
  readonly history: readonly EpochRecord[];
  /** 1-based; 0 if no epoch finished. */
  readonly bestEpoch: number;
  readonly bestLoss: number;
  readonly stopped: 'completed' | 'early-stopping' | 'aborted';
}

export async function fit(trainer: Trainer, train: Dataset, opts: FitOptions): Promise<FitResult> {
  const { epochs, batchSize } = opts;
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new RangeError(`fit: epochs ${epochs}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`fit: batchSize ${batchSize}`);
  trainer.checkDataset(train);
  if (opts.validation) trainer.checkDataset(opts.validation);
  const rng = createRng(opts.seed);
  const order = new Uint32Array(train.size);
  const stepsPerEpoch = Math.ceil(train.size / batchSize);
  const baseLr = trainer.graphs.optimizer.lr;
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: ParamStore | undefined;
  let stopped: FitResult['stopped'] = 'completed';
  const minDelta = opts.earlyStopping?.minDelta ?? 0;

  for (let epoch = 1; epoch <= epochs && stopped === 'completed'; epoch++) {
    shuffleInto(order, rng);
    let sum = 0;
    const partSums: Record<string, number> = {};
    let lr = baseLr;
    let batch = 0;
    for (let start = 0; start < train.size; start += batchSize, batch++) {
      if (opts.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const count = Math.min(batchSize, train.size - start);
      lr = opts.lrSchedule
        ? opts.lrSchedule({ step: trainer.step + 1, epoch, stepsPerEpoch, epochs, baseLr })
        : baseLr;
      const r = await trainer.trainBatch(train, order, start, count, lr);
      if (!Number.isFinite(r.loss))
        throw new Error(`fit: loss is ${r.loss} at epoch ${epoch}, batch ${batch + 1}`);
      sum += r.loss * count;
      for (const [k, v] of Object.entries(r.parts)) partSums[k] = (partSums[k] ?? 0) + v * count;
      const every = opts.batchEventEvery;
      if (every && opts.onProgress && (batch + 1) % every === 0) {
        const elapsedMs = performance.now() - t0;
        const done = (epoch - 1) * stepsPerEpoch + batch + 1;
        opts.onProgress({
          kind: 'batch',
          epoch,
          epochs,
          batch: batch + 1,
          batches: stepsPerEpoch,
          loss: r.loss,
          elapsedMs,
          etaMs: (elapsedMs / done) * (epochs * stepsPerEpoch - done),
        });
      }
    }
    if (stopped === 'aborted') break;
    const trainLoss = sum / train.size;
    const trainParts = Object.fromEntries(Object.entries(partSums).map(([k, v]) => [k, v / train.size]));
    const val = opts.validation ? await trainer.evaluate(opts.validation, opts.evalBatchSize) : undefined;
    const monitored = val ? val.loss : trainLoss;
    if (monitored < best - minDelta || bestEpoch === 0) {
      best = monitored;
      bestEpoch = epoch;
      bestWeights = trainer.params();
    }
    const elapsedMs = performance.now() - t0;
    history.push({ epoch, trainLoss, valLoss: val?.loss, trainParts, valParts: val?.parts, lr, elapsedMs });
    opts.onProgress?.({
      kind: 'epoch',
      epoch,
      epochs,
      trainLoss,
      valLoss: val?.loss,
      bestEpoch,
      lr,
      elapsedMs,
      etaMs: (elapsedMs / epoch) * (epochs - epoch),
    });
    const patience = opts.earlyStopping?.patience;
    if (patience !== undefined && epoch - bestEpoch >= patience && epoch < epochs) stopped = 'early-stopping';
  }

  const restore = opts.restoreBest ?? true;
  let params = trainer.params();
  if (restore && bestWeights) {
    params = bestWeights;
    trainer.setWeights(params.flatten(trainer.graphs.layout));
  }
  return { params, history, bestEpoch, bestLoss: best, stopped };
}

/**
 * Creates a trainer (weights from `params`, or initialised from `initSeed`), fits, releases the
 * sessions. `seed` drives the shuffles; the dropout stream `dropoutSeed` (default `seed` + 1).
 */
export async function trainModel(
  opts: TrainerOptions & FitOptions & { train: Dataset; params?: ParamStore; initSeed?: number },
): Promise<FitResult> {
  const params = opts.params ?? ParamStore.init(opts.model.params, opts.initSeed ?? opts.seed);
  const trainer = await Trainer.create({ ...opts, dropoutSeed: opts.dropoutSeed ?? opts.seed + 1 }, params);
  try {
    return await fit(trainer, opts.train, opts);
  } finally {
    await trainer.release();
  }
}
