/**
 * `Trainer`: runs the training-step graph (step-graph.ts) in onnxruntime, one run per mini-batch.
 * Weights and Adam moments are flat vectors fed in and taken out each step; they live in two sets
 * of buffers that swap roles (the outputs are written into pre-allocated tensors), so a step
 * allocates no state arrays. Batch rows are gathered into reused buffers (data.ts).
 *
 * Determinism: given the same initial weights, data order and `dropoutSeed`, the weights
 * after any number of steps are bit-identical with one intra-op thread. With more threads
 * onnxruntime may split reductions differently (results may differ in the last bits).
 */
import { createRng, type Rng, restoreRng } from '@zomma/engine/rng';
import type { FloatType } from '../graph/index.ts';
import { ParamStore } from '../nn/params.ts';
import { createSession, type InferenceSession, type ort } from '../onnx/session.ts';
import { BatchBuffers, checkDataset, type Dataset, tensorOf, viewFeeds } from './data.ts';
import { biasCorrections, OPT } from './optimizer.ts';
import { buildStepGraphs, type StepGraphSpec, type StepGraphs } from './step-graph.ts';

export type FloatArray = Float32Array | Float64Array;

export interface TrainerOptions extends StepGraphSpec {
  /** onnxruntime intra-op threads for the training session (default 1: deterministic). */
  threads?: number;
  /** Seed of the dropout-mask stream (default 0). */
  dropoutSeed?: number;
}

export interface TrainerState {
  readonly weights: FloatArray;
  readonly m: FloatArray;
  readonly v: FloatArray;
  /** Adam steps taken. */
  readonly step: number;
  /** State of the dropout-mask stream. */
  readonly rng: ReturnType<Rng['state']>;
}

export interface StepResult {
  readonly loss: number;
  /** ‖gradient‖₂ before clipping. */
  readonly gradNorm: number;
  readonly parts: Readonly<Record<string, number>>;
}

export interface EvalResult {
  /** Row-weighted mean of the batch losses (each batch loss is a mean over its rows). */
  readonly loss: number;
  readonly parts: Readonly<Record<string, number>>;
}

interface StateBuffers {
  weights: FloatArray;
  m: FloatArray;
  v: FloatArray;
  tensors: { weights: ort.Tensor; m: ort.Tensor; v: ort.Tensor };
}

const scalarOf = (t: ort.Tensor | undefined): number => {
  const v = t?.data[0];
  if (typeof v !== 'number') throw new Error('trainer: a scalar output is missing');
  return v;
};

export class Trainer {
  private cur: StateBuffers;
  private next: StateBuffers;
  private stepCount = 0;
  private rng: Rng;
  private readonly batches: BatchBuffers;
  private readonly scalars: { lr: FloatArray; bc1: FloatArray; bc2: FloatArray };
  private readonly feeds: Record<string, ort.Tensor> = {};
  private readonly trainInputs: Set<string>;
  private readonly evalInputs: Set<string>;

  private constructor(
    readonly graphs: StepGraphs,
    private readonly trainSession: InferenceSession,
    private readonly evalSession: InferenceSession,
    params: ParamStore,
    seed: number,
  ) {
    const { layout, dtype } = graphs;
    this.cur = this.stateBuffers(dtype, layout.size);
    this.next = this.stateBuffers(dtype, layout.size);
    params.flatten(layout, this.cur.weights);
    this.rng = createRng(seed);
    this.trainInputs = new Set(trainSession.inputNames);
    this.evalInputs = new Set(evalSession.inputNames);
    this.batches = new BatchBuffers(
      graphs.batchInputs.filter((s) => this.trainInputs.has(s.name)),
      graphs.masks,
      dtype,
    );
    const one = (): FloatArray => (dtype === 'float32' ? new Float32Array(1) : new Float64Array(1));
    this.scalars = { lr: one(), bc1: one(), bc2: one() };
    this.feeds[OPT.lr] = tensorOf(dtype, this.scalars.lr, []);
    this.feeds[OPT.bc1] = tensorOf(dtype, this.scalars.bc1, []);
    this.feeds[OPT.bc2] = tensorOf(dtype, this.scalars.bc2, []);
  }

  static async create(opts: TrainerOptions, params: ParamStore): Promise<Trainer> {
    const graphs = buildStepGraphs(opts);
    const threads = opts.threads ?? 1;
    const train = await createSession(graphs.train.bytes, { intraOpNumThreads: threads });
    const evaluate = await createSession(graphs.evaluate.bytes, { intraOpNumThreads: threads });
    return new Trainer(graphs, train, evaluate, params, opts.dropoutSeed ?? 0);
  }

  private stateBuffers(dtype: FloatType, n: number): StateBuffers {
    const make = (): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
    const weights = make();
    const m = make();
    const v = make();
    return {
      weights,
      m,
      v,
      tensors: {
        weights: tensorOf(dtype, weights, [n]),
        m: tensorOf(dtype, m, [n]),
        v: tensorOf(dtype, v, [n]),
      },
    };
  }

  /** Adam steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Throws unless `data` has every column the graphs need, with the right types and sizes. */
  checkDataset(data: Dataset): void {
    checkDataset(
      data,
      this.graphs.batchInputs.filter((s) => this.trainInputs.has(s.name) || this.evalInputs.has(s.name)),
      this.graphs.dtype,
    );
  }

  /** One Adam step on rows order[start .. start+count) of `data` at learning rate `lr`. */
  async trainBatch(
    data: Dataset,
    order: ArrayLike<number>,
    start: number,
    count: number,
    lr = this.graphs.optimizer.lr,
  ): Promise<StepResult> {
    const t = this.stepCount + 1;
    const [bc1, bc2] = biasCorrections(this.graphs.optimizer, t);
    this.scalars.lr[0] = lr;
    this.scalars.bc1[0] = bc1;
    this.scalars.bc2[0] = bc2;
    const feeds = this.feeds;
    this.batches.fill(data, order, start, count, this.rng, feeds);
    feeds[OPT.weights] = this.cur.tensors.weights;
    feeds[OPT.m] = this.cur.tensors.m;
    feeds[OPT.v] = this.cur.tensors.v;
    const fetches: Record<string, ort.Tensor | null> = {
      [OPT.weightsOut]: this.next.tensors.weights,
      [OPT.mOut]: this.next.tensors.m,
      [OPT.vOut]: this.next.tensors.v,
      loss: null,
      [OPT.gradNorm]: null,
    };
    for (const p of this.graphs.partNames) fetches[`part.${p}`] = null;
    const out = await this.trainSession.run(feeds, fetches);
    [this.cur, this.next] = [this.next, this.cur];
    this.stepCount = t;
    const parts: Record<string, number> = {};
    for (const p of this.graphs.partNames) parts[p] = scalarOf(out[`part.${p}`]);
    return { loss: scalarOf(out.loss), gradNorm: scalarOf(out[OPT.gradNorm]), parts };
  }

  /** The loss (and parts) over all of `data`, forward only (dropout off), in contiguous batches. */
  async evaluate(data: Dataset, batchSize = 1024): Promise<EvalResult> {
    const inputs = this.graphs.batchInputs.filter((s) => this.evalInputs.has(s.name));
    let loss = 0;
    const parts: Record<string, number> = Object.fromEntries(this.graphs.partNames.map((p) => [p, 0]));
    const feeds: Record<string, ort.Tensor> = { [OPT.weights]: this.cur.tensors.weights };
    for (let start = 0; start < data.size; start += batchSize) {
      const count = Math.min(batchSize, data.size - start);
      viewFeeds(data, inputs, this.graphs.dtype, start, count, feeds);
      const out = await this.evalSession.run(feeds);
      loss += scalarOf(out.loss) * count;
      for (const p of this.graphs.partNames) parts[p] = (parts[p] ?? 0) + scalarOf(out[`part.${p}`]) * count;
    }
    for (const p of this.graphs.partNames) parts[p] = (parts[p] ?? 0) / data.size;
    return { loss: loss / data.size, parts };
  }

  /** The current weights as a ParamStore (a copy). */
  params(): ParamStore {
    return ParamStore.fromFlat(this.graphs.layout, this.cur.weights);
  }

  /** A copy of the full optimizer state. */
  snapshot(): TrainerState {
    return {
      weights: this.cur.weights.slice(),
      m: this.cur.m.slice(),
      v: this.cur.v.slice(),
      step: this.stepCount,
      rng: this.rng.state(),
    };
  }

  /** Continues from a snapshot (weights, moments, step count, dropout stream). */
  restore(state: TrainerState): void {
    for (const k of ['weights', 'm', 'v'] as const) {
      if (state[k].length !== this.cur[k].length)
        throw new RangeError(`restore: '${k}' has the wrong length`);
      this.cur[k].set(state[k]);
    }
    this.stepCount = state.step;
    this.rng = restoreRng(state.rng);
  }

  /** Replaces the weights only (e.g. restoring the best epoch's); moments and step are kept. */
  setWeights(weights: ArrayLike<number>): void {
    if (weights.length !== this.cur.weights.length) throw new RangeError('setWeights: wrong length');
    this.cur.weights.set(weights);
  }

  release(): Promise<void> {
    return Promise.all([this.trainSession.release(), this.evalSession.release()]).then(() => undefined);
  }
}
