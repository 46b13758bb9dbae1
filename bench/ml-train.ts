/**
 * `npx tsx bench/ml-train.ts` (the lead may wire it as `npm run bench:ml`): LSTM training speed,
 * ours (onnxruntime-node, packages/ml/src/train) beside TensorFlow.js on its wasm backend, same
 * model, same initial weights, same data, same run.
 *
 * Model: LSTM over 32 steps × 32 features, hidden 64, dense head to 1 output, MSE, Adam (lr 3e-3,
 * no clipping, so tfjs's `train.adam` is the same optimizer), float32, batch 256.
 * Data (seeded): x ~ N(0, 1)^(32×32); s_t = 0.8·s_{t−1} + 0.6·(x_t·a) with a fixed unit vector a;
 * y = tanh(s_32) + N(0, 0.1²). 50,000 training sequences (the epoch), 5,000 validation.
 * The best achievable validation MSE is the noise variance 0.01; predicting the mean gives var(y).
 *
 * Figures: seconds per full training epoch (every batch of a seeded shuffle, after 3 warm-up
 * steps), with one onnxruntime thread (two epochs, both reported, the figure is their mean) and
 * with two (one epoch); validation MSE after each epoch. tfjs: a full epoch would take minutes, so
 * TFJS_BATCHES batches are timed after 2 warm-up batches and the mean batch time × batches per
 * epoch is the extrapolated epoch (printed as such). Ratio = tfjs epoch / our 1-thread epoch
 * (goal ≥ 20×; epoch goal ≤ 8 s). As a same-model check, the first-batch losses of both from the
 * same weights are printed. The last line is one JSON object; `benchTraining()` returns it.
 * `--quick` uses 10,000 sequences and 5 tfjs batches. Wall-clock timings on whatever else runs.
 */
import { pathToFileURL } from 'node:url';
import { createRng } from '../packages/engine/src/rng.ts';
import { mse } from '../packages/ml/src/nn/losses.ts';
import { input } from '../packages/ml/src/nn/model.ts';
import { ParamStore } from '../packages/ml/src/nn/params.ts';
import { LstmModel } from '../packages/ml/src/testing/models.ts';
import { loadTfjs } from '../packages/ml/src/testing/tfjs.ts';
import { tfLstm, tfMse, tfWeights } from '../packages/ml/src/testing/tfjs-reference.ts';
import { type Dataset, shuffleInto, Trainer, type TrainerOptions } from '../packages/ml/src/train/index.ts';

const SEED = 20261124;
const [T, F, H] = [32, 32, 64];
const BATCH = 256;
const LR = 3e-3;
const WARMUP_STEPS = 3;

const fmt = (x: number, digits = 3): string => x.toPrecision(digits);

function makeData(n: number, seed: number): Dataset & { variance: number } {
  const aRng = createRng(SEED - 1); // the same direction a for the training and validation sets
  const a = Float64Array.from({ length: F }, () => aRng.normal());
  const rng = createRng(seed);
  const norm = Math.hypot(...a);
  const x = new Float32Array(n * T * F);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      let u = 0;
      for (let f = 0; f < F; f++) {
        const v = rng.normal();
        x[(i * T + t) * F + f] = v;
        u += (v * (a[f] ?? 0)) / norm;
      }
      s = 0.8 * s + 0.6 * u;
    }
    y[i] = Math.tanh(s) + 0.1 * rng.normal();
  }
  const mean = y.reduce((p, v) => p + v, 0) / n;
  const variance = y.reduce((p, v) => p + (v - mean) ** 2, 0) / n;
  return { size: n, columns: { x, y }, variance };
}

/** One full epoch of trainBatch over a seeded shuffle; returns seconds and the mean batch loss. */
async function epoch(
  trainer: Trainer,
  data: Dataset,
  seed: number,
): Promise<{ seconds: number; loss: number }> {
  const order = shuffleInto(new Uint32Array(data.size), createRng(seed));
  let sum = 0;
  const t0 = performance.now();
  for (let start = 0; start < data.size; start += BATCH) {
    const count = Math.min(BATCH, data.size - start);
    sum += (await trainer.trainBatch(data, order, start, count, LR)).loss * count;
  }
  return { seconds: (performance.now() - t0) / 1000, loss: sum / data.size };
}

export async function benchTraining(opts: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const nTrain = opts.quick ? 10_000 : 50_000;
  const tfjsBatches = opts.quick ? 5 : 20;
  const stepsPerEpoch = Math.ceil(nTrain / BATCH);
  console.log(
    `\n== LSTM training: ${nTrain} sequences × ${T} steps × ${F} features, hidden ${H}, batch ${BATCH}`,
  );
  let t0 = performance.now();
  const train = makeData(nTrain, SEED);
  const val = makeData(5_000, SEED + 1);
  console.log(
    `data: ${fmt((performance.now() - t0) / 1000)} s to generate; var(y_val) ${fmt(val.variance)} (noise floor 0.01)`,
  );

  const model = new LstmModel({ steps: T, features: F, hidden: H, outputs: 1 });
  const init = ParamStore.init(model.params, SEED);
  const spec: TrainerOptions = {
    model,
    loss: {
      targets: [{ name: 'y', shape: ['batch', 1] }],
      build: (g, o, t) => mse(g, input(o, 'pred'), input(t, 'y')),
    },
    optimizer: { kind: 'adam', lr: LR },
  };
  t0 = performance.now();
  const ours = await Trainer.create({ ...spec, threads: 1 }, init);
  const buildSeconds = (performance.now() - t0) / 1000;
  console.log(
    `ours: training-step graph ${ours.graphs.train.nodeCount} nodes, ${ours.graphs.layout.size} weights; ` +
      `graph build + session ${fmt(buildSeconds)} s`,
  );
  // Same-model check: the first batch's loss from the initial weights (before any update).
  const firstRows = Uint32Array.from({ length: BATCH }, (_, i) => i);
  const firstLoss = (
    await ours.evaluate(
      { size: BATCH, columns: { x: subRows(train, 'x', BATCH), y: subRows(train, 'y', BATCH) } },
      BATCH,
    )
  ).loss;
  for (let k = 0; k < WARMUP_STEPS; k++) await ours.trainBatch(train, firstRows, 0, BATCH, LR);

  const epochs1: number[] = [];
  const valMse: number[] = [];
  for (let e = 1; e <= 2; e++) {
    const r = await epoch(ours, train, SEED + 10 + e);
    epochs1.push(r.seconds);
    valMse.push((await ours.evaluate(val)).loss);
    console.log(
      `ours, 1 thread:  epoch ${e}: ${fmt(r.seconds)} s (${fmt((1000 * r.seconds) / stepsPerEpoch)} ms/step), ` +
        `train MSE ${fmt(r.loss)}, val MSE ${fmt(valMse[e - 1] ?? Number.NaN)}`,
    );
  }
  await ours.release();
  const ours1 = epochs1.reduce((a, b) => a + b, 0) / epochs1.length;

  const ours2t = await Trainer.create({ ...spec, threads: 2 }, init);
  for (let k = 0; k < WARMUP_STEPS; k++) await ours2t.trainBatch(train, firstRows, 0, BATCH, LR);
  const r2 = await epoch(ours2t, train, SEED + 11);
  const val2 = (await ours2t.evaluate(val)).loss;
  await ours2t.release();
  console.log(
    `ours, 2 threads: epoch 1: ${fmt(r2.seconds)} s, train MSE ${fmt(r2.loss)}, val MSE ${fmt(val2)}`,
  );

  // tfjs-wasm: same weights, same rows (the first batches of the first epoch's order).
  const tf = await loadTfjs();
  console.log(
    `tfjs ${tf.version_core}, backend ${tf.getBackend()} (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, ` +
      `threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`,
  );
  const ws = tfWeights(tf, init);
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const order = shuffleInto(new Uint32Array(train.size), createRng(SEED + 11));
  const xCol = train.columns.x as Float32Array;
  const yCol = train.columns.y as Float32Array;
  const batchOf = (b: number) => {
    const xb = new Float32Array(BATCH * T * F);
    const yb = new Float32Array(BATCH);
    for (let k = 0; k < BATCH; k++) {
      const i = order[(b * BATCH + k) % train.size] ?? 0;
      xb.set(xCol.subarray(i * T * F, (i + 1) * T * F), k * T * F);
      yb[k] = yCol[i] ?? 0;
    }
    return { x: tf.tensor3d(xb, [BATCH, T, F]), y: tf.tensor2d(yb, [BATCH, 1]) };
  };
  const tfStep = (b: number): number => {
    const { x, y } = batchOf(b);
    const cost = optimizer.minimize(() => tfMse(tf, tfLstm(tf, ws, x, H), y), true, Object.values(ws));
    const loss = cost?.dataSync()[0] ?? Number.NaN;
    cost?.dispose();
    x.dispose();
    y.dispose();
    return loss;
  };
  const tfFirst = tf.tidy(() => {
    const x = tf.tensor3d(subRows(train, 'x', BATCH) as Float32Array, [BATCH, T, F]);
    const y = tf.tensor2d(subRows(train, 'y', BATCH) as Float32Array, [BATCH, 1]);
    return tfMse(tf, tfLstm(tf, ws, x, H), y).dataSync()[0] ?? Number.NaN;
  });
  console.log(
    `same model: first-batch MSE from the initial weights: ours ${fmt(firstLoss, 7)}, tfjs ${fmt(tfFirst, 7)}`,
  );
  for (let b = 0; b < 2; b++) tfStep(b);
  t0 = performance.now();
  let tfLoss = 0;
  for (let b = 2; b < 2 + tfjsBatches; b++) tfLoss += tfStep(b) / tfjsBatches;
  const tfBatchMs = (performance.now() - t0) / tfjsBatches;
  const tfEpoch = (tfBatchMs * stepsPerEpoch) / 1000;
  optimizer.dispose();
  for (const v of Object.values(ws)) v.dispose();
  console.log(
    `tfjs-wasm: ${fmt(tfBatchMs)} ms per batch (mean of ${tfjsBatches} batches after 2 warm-up; mean loss ${fmt(tfLoss)})`,
  );
  console.log(
    `tfjs-wasm epoch EXTRAPOLATED: ${fmt(tfBatchMs)} ms × ${stepsPerEpoch} batches = ${fmt(tfEpoch)} s`,
  );
  const speedup = tfEpoch / ours1;
  const speedup2 = tfEpoch / r2.seconds;
  console.log(
    `ours ${fmt(ours1)} s/epoch (1 thread, goal ≤ 8 s), ${fmt(r2.seconds)} s (2 threads); ` +
      `tfjs-wasm / ours = ${fmt(speedup)}× (1 thread, goal ≥ 20×), ${fmt(speedup2)}× (2 threads)`,
  );
  return {
    sequences: nTrain,
    batchSize: BATCH,
    oursEpochSeconds1Thread: ours1,
    oursEpochSeconds1ThreadFirst: epochs1[0] ?? Number.NaN,
    oursEpochSeconds1ThreadSecond: epochs1[1] ?? Number.NaN,
    oursEpochSeconds2Threads: r2.seconds,
    oursStepMs1Thread: (1000 * ours1) / stepsPerEpoch,
    graphBuildSeconds: buildSeconds,
    trainGraphNodes: ours.graphs.train.nodeCount,
    valMseAfterEpoch1: valMse[0] ?? Number.NaN,
    valMseAfterEpoch2: valMse[1] ?? Number.NaN,
    valVariance: val.variance,
    tfjsBatchMs: tfBatchMs,
    tfjsBatchesTimed: tfjsBatches,
    tfjsEpochSecondsExtrapolated: tfEpoch,
    speedupVsTfjs1Thread: speedup,
    speedupVsTfjs2Threads: speedup2,
    firstBatchLossOurs: firstLoss,
    firstBatchLossTfjs: tfFirst,
  };
}

/** The first `n` rows of a float column (a view). */
function subRows(data: Dataset, name: string, n: number): Float32Array {
  const col = data.columns[name];
  if (!(col instanceof Float32Array)) throw new Error(`no float32 column '${name}'`);
  return col.subarray(0, (n * col.length) / data.size);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const figures = await benchTraining({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(figures));
}
