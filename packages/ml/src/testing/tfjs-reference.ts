/**
 * tfjs-core twins of the models in models.ts, written from the formulas in the nn/ doc comments
 * (not from our graph code), on the same weights: an independent second implementation for
 * forward values, gradients and Adam steps. Weight layouts are ours: x·W with W [in, out], LSTM
 * gates i, f, o, g, attention Q/K/V fused in one [d, 3d] matrix.
 */
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ParamStore } from '../nn/params.ts';
import type { Tf } from './tfjs.ts';

export type TfWeights = Record<string, Variable>;

/** tf variables holding `params` (float32), by weight name. */
export function tfWeights(tf: Tf, params: ParamStore): TfWeights {
  const out: TfWeights = {};
  for (const e of params.entries)
    out[e.name] = tf.variable(tf.tensor(e.values, [...e.shape]), true, `w_${e.name}`);
  return out;
}

function w(ws: TfWeights, name: string): Variable {
  const v = ws[name];
  if (!v) throw new Error(`tfjs reference: no weight '${name}'`);
  return v;
}

/** x·W + b over the last axis. */
function dense(tf: Tf, ws: TfWeights, name: string, x: Tensor): Tensor {
  const k = w(ws, `${name}.kernel`);
  const shape = x.shape;
  const flat = tf.reshape(x, [-1, shape[shape.length - 1] ?? 0]);
  const y = tf.add(tf.matMul(flat, k), w(ws, `${name}.bias`));
  return tf.reshape(y, [...shape.slice(0, -1), k.shape[1] ?? 0]);
}

function gelu(tf: Tf, x: Tensor): Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

function layerNorm(tf: Tf, ws: TfWeights, name: string, x: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(normed, w(ws, `${name}.gain`)), w(ws, `${name}.shift`));
}

export function tfMlp(tf: Tf, ws: TfWeights, x: Tensor, act: 'tanh' | 'relu' = 'tanh'): Tensor {
  const f = (t: Tensor): Tensor => (act === 'tanh' ? tf.tanh(t) : tf.relu(t));
  return dense(tf, ws, 'mlp.head', f(dense(tf, ws, 'mlp.l2', f(dense(tf, ws, 'mlp.l1', x)))));
}

/** LSTM (weights 'lstm.*') over x [B, T, F], then the 'head' dense on the last h. */
export function tfLstm(tf: Tf, ws: TfWeights, x: Tensor, hidden: number): Tensor {
  const H = hidden;
  const [B = 0, T = 0, F = 0] = x.shape;
  const wx = w(ws, 'lstm.kernel');
  const wh = w(ws, 'lstm.recurrent');
  const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [B * T, F]), wx), w(ws, 'lstm.bias')), [B, T, 4 * H]);
  let h = tf.zeros([B, H]);
  let c = tf.zeros([B, H]);
  for (const zt of tf.unstack(xw, 1)) {
    const z = tf.add(zt, tf.matMul(h, wh));
    const i = tf.sigmoid(tf.slice(z, [0, 0], [B, H]));
    const f = tf.sigmoid(tf.slice(z, [0, H], [B, H]));
    const o = tf.sigmoid(tf.slice(z, [0, 2 * H], [B, H]));
    const g = tf.tanh(tf.slice(z, [0, 3 * H], [B, H]));
    c = tf.add(tf.mul(f, c), tf.mul(i, g));
    h = tf.mul(o, tf.tanh(c));
  }
  return dense(tf, ws, 'head', h);
}

/** Multi-head self-attention 'name' over x [B, T, d]; keyMask [B, T] (1 = keep) optional. */
function attention(
  tf: Tf,
  ws: TfWeights,
  name: string,
  x: Tensor,
  heads: number,
  keyMask?: Tensor,
  causal = false,
): Tensor {
  const [B = 0, T = 0, d = 0] = x.shape;
  const dk = d / heads;
  const qkv = tf.add(tf.matMul(tf.reshape(x, [B * T, d]), w(ws, `${name}.qkv`)), w(ws, `${name}.qkvBias`));
  const part = (k: number): Tensor =>
    tf.transpose(tf.reshape(tf.slice(qkv, [0, k * d], [B * T, d]), [B, T, heads, dk]), [0, 2, 1, 3]);
  const [q, k, v] = [part(0), part(1), part(2)];
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk)); // [B, h, T, T]
  if (causal) {
    const m = tf.tensor2d(
      Array.from({ length: T }, (_, r) => Array.from({ length: T }, (_, c2) => (c2 > r ? -1e9 : 0))),
    );
    scores = tf.add(scores, m);
  }
  if (keyMask) scores = tf.add(scores, tf.reshape(tf.mul(tf.sub(keyMask, 1), 1e9), [B, 1, 1, T]));
  const ctx = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores, -1), v), [0, 2, 1, 3]), [B, T, d]);
  return dense(
    tf,
    { [`${name}.o.kernel`]: w(ws, `${name}.out`), [`${name}.o.bias`]: w(ws, `${name}.outBias`) },
    `${name}.o`,
    ctx,
  );
}

/** One encoder block 'enc' (pre- or post-norm), mean over time, then 'head'. */
export function tfTransformer(
  tf: Tf,
  ws: TfWeights,
  x: Tensor,
  cfg: { heads: number; norm?: 'pre' | 'post'; causal?: boolean },
  keyMask?: Tensor,
): Tensor {
  const mha = (t: Tensor): Tensor => attention(tf, ws, 'enc.attn', t, cfg.heads, keyMask, cfg.causal);
  const ffn = (t: Tensor): Tensor => dense(tf, ws, 'enc.ffn2', gelu(tf, dense(tf, ws, 'enc.ffn1', t)));
  let out: Tensor;
  if ((cfg.norm ?? 'pre') === 'pre') {
    const y = tf.add(x, mha(layerNorm(tf, ws, 'enc.norm1', x)));
    out = tf.add(y, ffn(layerNorm(tf, ws, 'enc.norm2', y)));
  } else {
    const y = layerNorm(tf, ws, 'enc.norm1', tf.add(x, mha(x)));
    out = layerNorm(tf, ws, 'enc.norm2', tf.add(y, ffn(y)));
  }
  return dense(tf, ws, 'head', tf.mean(out, 1));
}

export function tfMse(tf: Tf, pred: Tensor, target: Tensor): Scalar {
  return tf.mean(tf.square(tf.sub(pred, target))) as Scalar;
}

/** Loss value and its gradient for every weight, as float32 arrays by weight name. */
export function tfLossAndGrads(
  tf: Tf,
  ws: TfWeights,
  loss: () => Scalar,
): { loss: number; grads: Record<string, Float32Array> } {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, Object.values(ws));
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(ws)) {
      const d = grads[v.name];
      if (!d) throw new Error(`tfjs reference: no gradient for '${name}'`);
      out[name] = Float32Array.from(d.dataSync());
    }
    return { loss: value.dataSync()[0] ?? Number.NaN, grads: out };
  });
}
