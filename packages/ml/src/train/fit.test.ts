/**
 * The training loop: it learns, reports progress, is reproducible from its seeds, stops early
 * keeping the best weights, applies LR schedules, aborts, resumes from snapshots, and handles
 * partial last batches, int64 columns and multi-task loss parts.
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { createRunner, gradients, type Tensor } from '../graph/index.ts';
import type { BuildContext } from '../nn/context.ts';
import { Dense, Dropout, Embedding } from '../nn/layers.ts';
import { mse, softmaxCrossEntropy, weightedSum } from '../nn/losses.ts';
import { compileInputGradients, exportModel, type Inputs, input, Model, type Outputs } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import { type Dataset, splitDataset } from './data.ts';
import { fit, type ProgressEvent, trainModel, warmupCosine } from './fit.ts';
import type { LossSpec } from './step-graph.ts';
import { Trainer } from './trainer.ts';

/** x [batch, 3] → Dense(16, tanh) → Dropout → Dense(1). */
class Net extends Model {
  readonly inputs = [{ name: 'x', shape: ['batch', 3] }];
  private readonly l1 = this.child(new Dense('l1', { inputSize: 3, units: 16, activation: 'tanh' }));
  private readonly drop: Dropout;
  private readonly l2 = this.child(new Dense('l2', { inputSize: 16, units: 1 }));
  constructor(rate = 0) {
    super('net');
    this.drop = new Dropout('drop', rate);
  }
  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.l2.apply(ctx, this.drop.apply(ctx, this.l1.apply(ctx, input(x, 'x')))) };
  }
}

const mseSpec: LossSpec = {
  targets: [{ name: 'y', shape: ['batch', 1] }],
  build: (g, out, t) => mse(g, input(out, 'pred'), input(t, 'y')),
};

/** y = sin(2x₀) + 0.5·x₁·x₂ + N(0, 0.05²), x ~ U(−1.5, 1.5)³. */
function makeData(n: number, seed: number, flip = false): Dataset {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: 3 * n }, () => 3 * rng.next() - 1.5);
  const y = Float32Array.from({ length: n }, (_, i) => {
    const v =
      Math.sin(2 * (x[3 * i] ?? 0)) + 0.5 * (x[3 * i + 1] ?? 0) * (x[3 * i + 2] ?? 0) + 0.05 * rng.normal();
    return flip ? -v : v;
  });
  return { size: n, columns: { x, y } };
}

const variance = (a: Float32Array) => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

describe('fit', () => {
  const train = makeData(2000, 61); // 2000 = 31·64 + 16: a partial last batch every epoch
  const validation = makeData(500, 62);

  it('learns a smooth target; epoch events carry losses, elapsed time and ETA', async () => {
    const model = new Net();
    const events: ProgressEvent[] = [];
    const r = await trainModel({
      model,
      loss: mseSpec,
      optimizer: { kind: 'adam', lr: 0.01 },
      train,
      validation,
      epochs: 12,
      batchSize: 64,
      seed: 1,
      onProgress: (e) => events.push(e),
      batchEventEvery: 10,
    });
    const epochsEv = events.filter((e) => e.kind === 'epoch');
    expect(epochsEv.map((e) => e.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'batch')).toHaveLength(12 * 3); // batches 10, 20, 30 of 32
    for (const e of epochsEv) {
      expect(e.etaMs).toBeCloseTo((e.elapsedMs / e.epoch) * (12 - e.epoch), 6);
      expect(e.valLoss).toBe(r.history[e.epoch - 1]?.valLoss);
    }
    expect(epochsEv.at(-1)?.etaMs).toBe(0);
    const last = r.history.at(-1);
    // Untrained: ≈ var(y) ≈ 0.55. Trained: well below a tenth of it.
    expect(last?.valLoss).toBeLessThan(0.1 * variance(validation.columns.y as Float32Array));
    expect(r.stopped).toBe('completed');
    // The returned weights are the best epoch's: serve them and recompute the validation MSE.
    const served = await createRunner(exportModel(model, r.params));
    const pred = (await served.run({ x: validation.columns.x as Float32Array })).pred?.data as Float32Array;
    await served.release();
    const ys = validation.columns.y as Float32Array;
    const mseServed = pred.reduce((s, p, i) => s + (p - (ys[i] ?? 0)) ** 2, 0) / ys.length;
    expect(Math.abs(mseServed - r.bestLoss) / r.bestLoss).toBeLessThan(1e-5);
  });

  it('same seeds → bit-identical weights (with dropout); another seed → different weights', async () => {
    const run = async (seed: number, dropoutSeed: number) => {
      const model = new Net(0.2);
      const r = await trainModel({
        model,
        loss: mseSpec,
        optimizer: { kind: 'adamw', lr: 0.01, weightDecay: 0.01, clipNorm: 1 },
        train,
        epochs: 2,
        batchSize: 64,
        seed,
        dropoutSeed,
        initSeed: 5,
      });
      return r.params.get('l1.kernel').values;
    };
    const a = await run(1, 2);
    expect(await run(1, 2)).toEqual(a);
    expect(await run(1, 3)).not.toEqual(a); // other dropout masks
    expect(await run(4, 2)).not.toEqual(a); // other shuffles
  });

  it('early stopping: stops after `patience` epochs without improvement and restores the best', async () => {
    // Validation targets are the negated function: fitting the training data makes it worse.
    const model = new Net();
    const flipped = makeData(300, 63, true);
    const trainer = await Trainer.create(
      { model, loss: mseSpec, optimizer: { kind: 'adam', lr: 0.01 } },
      ParamStore.init(model.params, 3),
    );
    const r = await fit(trainer, train, {
      epochs: 30,
      batchSize: 64,
      seed: 2,
      validation: flipped,
      earlyStopping: { patience: 3 },
    });
    const vals = r.history.map((h) => h.valLoss ?? Number.NaN);
    expect(r.stopped).toBe('early-stopping');
    expect(r.history).toHaveLength(r.bestEpoch + 3);
    expect(r.bestEpoch).toBe(vals.indexOf(Math.min(...vals)) + 1);
    expect((await trainer.evaluate(flipped)).loss).toBe(r.bestLoss); // trainer holds the best weights again
    await trainer.release();
  });

  it('LR schedule: the fed rate is used (all-zero schedule leaves weights unchanged); warmupCosine shape', async () => {
    const model = new Net();
    const init = ParamStore.init(model.params, 9);
    const r = await trainModel({
      model,
      loss: mseSpec,
      optimizer: { kind: 'adam', lr: 0.01 },
      train,
      epochs: 1,
      batchSize: 256,
      seed: 1,
      params: init,
      lrSchedule: () => 0,
    });
    for (const e of init.entries) expect(r.params.get(e.name).values).toEqual(e.values);

    const s = warmupCosine({ warmupSteps: 10, minFactor: 0.1 });
    const at = (step: number) => s({ step, epoch: 1, stepsPerEpoch: 50, epochs: 2, baseLr: 1 });
    expect(at(5)).toBeCloseTo(0.5, 15);
    expect(at(10)).toBeCloseTo(1, 15);
    expect(at(55)).toBeCloseTo(0.1 + 0.9 * 0.5, 12); // halfway through the decay
    expect(at(100)).toBeCloseTo(0.1, 15);
  });

  it('abort signal stops after the current batch', async () => {
    const model = new Net();
    const ctl = new AbortController();
    const r = await trainModel({
      model,
      loss: mseSpec,
      optimizer: { kind: 'adam', lr: 0.01 },
      train,
      epochs: 5,
      batchSize: 64,
      seed: 1,
      batchEventEvery: 5,
      onProgress: (e) => {
        if (e.kind === 'batch' && e.epoch === 2) ctl.abort();
      },
      signal: ctl.signal,
    });
    expect(r.stopped).toBe('aborted');
    expect(r.history).toHaveLength(1);
  });

  it('snapshot/restore continues exactly (weights, moments, step count, dropout stream)', async () => {
    const model = new Net(0.3);
    const trainer = await Trainer.create(
      { model, loss: mseSpec, optimizer: { kind: 'adam', lr: 0.01 }, dropoutSeed: 4 },
      ParamStore.init(model.params, 1),
    );
    const order = Uint32Array.from({ length: train.size }, (_, i) => (i * 7) % train.size);
    const steps = async () => {
      for (let k = 0; k < 5; k++) await trainer.trainBatch(train, order, k * 64, 64);
    };
    await steps();
    const snap = trainer.snapshot();
    await steps();
    const after = trainer.snapshot();
    trainer.restore(snap);
    await steps();
    const again = trainer.snapshot();
    expect(again.step).toBe(10);
    expect(again.weights).toEqual(after.weights);
    expect(again.v).toEqual(after.v);
    await trainer.release();
  });
});

describe('differential training (a loss on d pred / d x, as for price + Greeks)', () => {
  it('fits the target and its slope; the served input gradient matches the true slope', async () => {
    const withSlope = (d: Dataset): Dataset => {
      const x = d.columns.x as Float32Array;
      return {
        size: d.size,
        columns: {
          ...d.columns,
          slope: Float32Array.from({ length: d.size }, (_, i) => 2 * Math.cos(2 * (x[3 * i] ?? 0))),
        },
      };
    };
    const model = new Net();
    const loss: LossSpec = {
      targets: [
        { name: 'y', shape: ['batch', 1] },
        { name: 'slope', shape: ['batch', 1] },
      ],
      build: (g, out, t, inputs) => {
        const pred = input(out, 'pred');
        const [dx] = gradients(g, g.reduceSum(pred), [input(inputs, 'x')]) as [Tensor];
        const d0 = g.slice(dx, { axes: [1], starts: [0], ends: [1] }); // ∂pred/∂x₀, [batch, 1]
        const value = mse(g, pred, input(t, 'y'));
        const slope = mse(g, d0, input(t, 'slope'));
        return { loss: g.add(value, slope), parts: { value, slope } };
      },
    };
    const val = withSlope(makeData(400, 65));
    const r = await trainModel({
      model,
      loss,
      optimizer: { kind: 'adam', lr: 0.01 },
      train: withSlope(makeData(2000, 64)),
      validation: val,
      epochs: 15,
      batchSize: 64,
      seed: 3,
    });
    const first = r.history[0]?.valParts ?? {};
    const last = r.history.at(-1)?.valParts ?? {};
    expect(last.value).toBeLessThan(0.2 * (first.value ?? 0));
    expect(last.slope).toBeLessThan(0.2 * (first.slope ?? 0));
    // The served gradient graph computes the same slope error as the evaluation graph did.
    const runner = await createRunner(compileInputGradients(model, r.params, { output: 'pred' }));
    const dx = (await runner.run({ x: val.columns.x as Float32Array }))['grad.x']?.data as Float32Array;
    await runner.release();
    const truth = val.columns.slope as Float32Array;
    const err = truth.reduce((s, v, i) => s + ((dx[3 * i] ?? 0) - v) ** 2, 0) / val.size;
    const atBest = r.history[r.bestEpoch - 1]?.valParts?.slope ?? Number.NaN;
    expect(Math.abs(err - atBest) / atBest).toBeLessThan(1e-4);
  });
});

describe('datasets and loss parts', () => {
  /** ids [batch, 2] (int64; position 0 in 0..5, position 1 in 6..11) → Embedding(4) summed → Dense → { value, logits }. */
  class TwoHeads extends Model {
    readonly inputs = [{ name: 'ids', shape: ['batch', 2], dtype: 'int64' as const }];
    private readonly emb = this.child(new Embedding('emb', { vocab: 12, dim: 4 }));
    private readonly value = this.child(new Dense('value', { inputSize: 4, units: 1 }));
    private readonly cls = this.child(new Dense('cls', { inputSize: 4, units: 3 }));
    forward(ctx: BuildContext, x: Inputs): Outputs {
      const h = ctx.g.reduceSum(this.emb.apply(ctx, input(x, 'ids')), [1]);
      return { value: this.value.apply(ctx, h), logits: this.cls.apply(ctx, h) };
    }
  }
  const loss: LossSpec = {
    targets: [
      { name: 'y', shape: ['batch', 1] },
      { name: 'label', shape: ['batch'], dtype: 'int64' },
    ],
    build: (g, out, t) => {
      const reg = mse(g, input(out, 'value'), input(t, 'y'));
      const ce = softmaxCrossEntropy(g, input(out, 'logits'), input(t, 'label'));
      return {
        loss: weightedSum(g, [
          { loss: reg, weight: 0.5 },
          { loss: ce, weight: 2 },
        ]),
        parts: { reg, ce },
      };
    },
  };
  const n = 600;
  const rng = createRng(71);
  const ids = BigInt64Array.from({ length: 2 * n }, (_, k) =>
    BigInt(Math.floor(rng.next() * 6) + 6 * (k % 2)),
  );
  const y = Float32Array.from({ length: n }, (_, i) => Number(ids[2 * i]) - Number(ids[2 * i + 1]) + 6);
  const label = BigInt64Array.from({ length: n }, (_, i) => BigInt(Number(ids[2 * i]) % 3));
  const data: Dataset = { size: n, columns: { ids, y, label } };

  it('int64 columns train; parts are reported and the total is their weighted sum', async () => {
    const split = splitDataset(data, 0.2, createRng(1));
    expect(split.train.size + split.validation.size).toBe(n);
    const r = await trainModel({
      model: new TwoHeads(),
      loss,
      optimizer: { kind: 'adam', lr: 0.05 },
      train: split.train,
      validation: split.validation,
      epochs: 15,
      batchSize: 50,
      seed: 1,
    });
    const first = r.history[0];
    const last = r.history.at(-1);
    if (!first?.valParts || !last?.valParts || last.valLoss === undefined) throw new Error('no parts');
    expect(Object.keys(last.trainParts).sort()).toEqual(['ce', 'reg']);
    const sum = 0.5 * (last.valParts.reg ?? 0) + 2 * (last.valParts.ce ?? 0);
    expect(Math.abs(sum - last.valLoss) / last.valLoss).toBeLessThan(1e-5);
    expect(last.valParts.reg).toBeLessThan(0.2 * (first.valParts.reg ?? 0));
    expect(last.valParts.ce).toBeLessThan(0.2 * (first.valParts.ce ?? 0));
  });

  it('checks column presence, type and length', async () => {
    const trainer = await Trainer.create(
      { model: new TwoHeads(), loss, optimizer: { kind: 'adam', lr: 0.01 } },
      ParamStore.init(new TwoHeads().params, 1),
    );
    expect(() => trainer.checkDataset({ size: n, columns: { ids, y } })).toThrow(/no column 'label'/);
    expect(() => trainer.checkDataset({ size: n, columns: { ids, y: Float64Array.from(y), label } })).toThrow(
      /Float32Array/,
    );
    expect(() => trainer.checkDataset({ size: n, columns: { ids: ids.subarray(1), y, label } })).toThrow(
      /values, want/,
    );
    await trainer.release();
  });
});
