/**
 * Whole models against TensorFlow.js (tfjs-core 4.22, wasm backend), an independent
 * implementation written from the same formulas (tfjs-reference.ts): with the same random weights
 * and inputs, our float32 graph's output, MSE loss and gradient for every weight equal tfjs's
 * within 1e-5 normwise relative error per tensor (max |ours − tfjs| / max |tfjs|; both sides
 * round in float32; measured ≤ 3.2e-7). And five Adam steps of our trainer track tfjs's
 * `train.adam` on the MLP: each weight tensor's displacement from the start within 1e-4
 * normwise relative (measured ≤ 1.2e-5: float32 rounding of w relative to a ~lr-sized move).
 */
import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Graph, gradients, type Tensor } from '../graph/index.ts';
import { createRng } from '../graph/test-utils.ts';
import { mse } from '../nn/losses.ts';
import { buildModel, input, type Model } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import { Trainer } from '../train/trainer.ts';
import { relErr, runOnce, values } from './helpers.ts';
import { LstmModel, MlpModel, TransformerModel } from './models.ts';
import { loadTfjs, type Tf } from './tfjs.ts';
import {
  type TfWeights,
  tfLossAndGrads,
  tfLstm,
  tfMlp,
  tfMse,
  tfTransformer,
  tfWeights,
} from './tfjs-reference.ts';

const TOL = 1e-5;

/** Weights uniform in ±scale (not the initialisers: non-zero biases and gains get tested too). */
function randomParams(model: Model, seed: number, scale: number): ParamStore {
  const rng = createRng(seed);
  return new ParamStore(
    model.params.map((p) => ({
      name: p.name,
      shape: p.shape,
      values: Float32Array.from(
        { length: p.shape.reduce((a, b) => a * b, 1) },
        () => scale * (2 * rng.next() - 1),
      ),
    })),
  );
}

interface Case {
  label: string;
  model: Model;
  feeds: Record<string, Float32Array>;
  shapes: Record<string, number[]>;
  outputs: number;
  tfForward: (tf: Tf, ws: TfWeights, x: Record<string, TfTensor>) => TfTensor;
  scale: number;
}

function cases(): Case[] {
  const rng = createRng(81);
  const u = (n: number, s = 1) => Float32Array.from({ length: n }, () => s * (2 * rng.next() - 1));
  const B = 4;
  const mask = Float32Array.from({ length: B * 5 }, (_, i) => (i >= 15 && i % 5 >= 3 ? 0 : 1));
  const tcfg = { steps: 5, dModel: 8, heads: 2, dff: 16, outputs: 2 };
  return [
    {
      label: 'MLP (tanh)',
      model: new MlpModel({ inputs: 5, hidden: 16, outputs: 2 }),
      feeds: { x: u(B * 5, 2), y: u(B * 2) },
      shapes: { x: [B, 5], y: [B, 2] },
      outputs: 2,
      tfForward: (tf, ws, x) => tfMlp(tf, ws, x.x as TfTensor),
      scale: 0.5,
    },
    {
      label: 'LSTM (6 steps, hidden 8) + dense head',
      model: new LstmModel({ steps: 6, features: 4, hidden: 8, outputs: 2 }),
      feeds: { x: u(B * 6 * 4, 1.5), y: u(B * 2) },
      shapes: { x: [B, 6, 4], y: [B, 2] },
      outputs: 2,
      tfForward: (tf, ws, x) => tfLstm(tf, ws, x.x as TfTensor, 8),
      scale: 0.4,
    },
    {
      label: 'Transformer block, pre-norm, key mask',
      model: new TransformerModel({ ...tcfg, keyMask: true }),
      feeds: { x: u(B * 5 * 8, 1.5), mask, y: u(B * 2) },
      shapes: { x: [B, 5, 8], mask: [B, 5], y: [B, 2] },
      outputs: 2,
      tfForward: (tf, ws, x) => tfTransformer(tf, ws, x.x as TfTensor, { heads: 2, norm: 'pre' }, x.mask),
      scale: 0.4,
    },
    {
      label: 'Transformer block, post-norm, causal',
      model: new TransformerModel({ ...tcfg, norm: 'post', causal: true }),
      feeds: { x: u(B * 5 * 8, 1.5), y: u(B * 2) },
      shapes: { x: [B, 5, 8], y: [B, 2] },
      outputs: 2,
      tfForward: (tf, ws, x) =>
        tfTransformer(tf, ws, x.x as TfTensor, { heads: 2, norm: 'post', causal: true }),
      scale: 0.4,
    },
  ];
}

describe('whole models = tfjs (float32)', () => {
  it.each(cases())('$label: output, loss and every weight gradient', async (c) => {
    const tf = await loadTfjs();
    const params = randomParams(c.model, 82, c.scale);
    // Ours: forward with fed weights, MSE, reverse-mode gradients.
    const g = new Graph({ dtype: 'float32' });
    const built = buildModel(g, c.model, { training: false, weights: 'fed' });
    const pred = input(built.outputs, 'pred');
    const loss = mse(g, pred, g.input('y', ['batch', c.outputs]));
    const names = [...built.ctx.weights.keys()];
    const grads = gradients(g, loss, [...built.ctx.weights.values()]);
    const outputs: Record<string, Tensor> = { out: pred, lossOut: loss };
    names.forEach((n, i) => {
      outputs[`d.${n}`] = grads[i] as Tensor;
    });
    const feeds: Record<string, Float32Array> = { ...c.feeds };
    for (const e of params.entries) feeds[e.name] = e.values;
    const ours = await runOnce(g, outputs, feeds);
    expect(names.sort()).toEqual(params.names.sort());

    // tfjs on the same weights and inputs.
    const ws = tfWeights(tf, params);
    const xs: Record<string, TfTensor> = {};
    for (const [k, v] of Object.entries(c.feeds)) xs[k] = tf.tensor(v, c.shapes[k]);
    const tfPred = tf.tidy(() => Float32Array.from(c.tfForward(tf, ws, xs).dataSync()));
    const ref = tfLossAndGrads(tf, ws, () => tfMse(tf, c.tfForward(tf, ws, xs), xs.y as TfTensor));
    expect(relErr(values(ours, 'out'), tfPred)).toBeLessThan(TOL);
    expect(relErr(values(ours, 'lossOut'), [ref.loss])).toBeLessThan(TOL);
    for (const n of names) expect(relErr(values(ours, `d.${n}`), ref.grads[n] ?? []), n).toBeLessThan(TOL);
    for (const v of Object.values(ws)) v.dispose();
    for (const v of Object.values(xs)) v.dispose();
  });
});

describe('Adam steps track tfjs', () => {
  it('MLP: five full-batch Adam steps (lr 0.01, eps 1e-7) move the weights as tfjs train.adam does', async () => {
    const tf = await loadTfjs();
    const model = new MlpModel({ inputs: 5, hidden: 16, outputs: 2 });
    const params = randomParams(model, 83, 0.5);
    const rng = createRng(84);
    const n = 32;
    const x = Float32Array.from({ length: n * 5 }, () => 2 * rng.next() - 1);
    const y = Float32Array.from({ length: n * 2 }, () => 2 * rng.next() - 1);
    const trainer = await Trainer.create(
      {
        model,
        loss: {
          targets: [{ name: 'y', shape: ['batch', 2] }],
          build: (g, o, t) => mse(g, input(o, 'pred'), input(t, 'y')),
        },
        optimizer: { kind: 'adam', lr: 0.01, eps: 1e-7 },
      },
      params,
    );
    const ws = tfWeights(tf, params);
    const xt = tf.tensor(x, [n, 5]);
    const yt = tf.tensor(y, [n, 2]);
    const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let step = 1; step <= 5; step++) {
      await trainer.trainBatch({ size: n, columns: { x, y } }, order, 0, n);
      opt.minimize(() => tfMse(tf, tfMlp(tf, ws, xt), yt), false, Object.values(ws));
      const ours = trainer.params();
      for (const e of params.entries) {
        const w0 = e.values;
        const oursMove = ours.get(e.name).values.map((v, i) => v - (w0[i] ?? 0));
        const tfMove = Float32Array.from(ws[e.name]?.dataSync() ?? []).map((v, i) => v - (w0[i] ?? 0));
        expect(relErr(oursMove, tfMove), `${e.name} after step ${step}`).toBeLessThan(1e-4);
      }
    }
    await trainer.release();
    opt.dispose();
    for (const v of [...Object.values(ws), xt, yt]) v.dispose();
  });
});
