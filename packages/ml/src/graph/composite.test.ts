/**
 * Whole models built from primitives: a 2-layer MLP with softmax cross-entropy and an LSTM cell
 * unrolled over time with shared weights. Forward losses are compared with plain-JS
 * implementations (independent of onnxruntime), gradients with finite differences (float64,
 * relative error < 1e-6, floor 1e-3). A structural test checks the backward graph is lean.
 */
import { describe, expect, it } from 'vitest';
import { gradients } from './autodiff.ts';
import { Graph } from './builder.ts';
import type { Tensor } from './core.ts';
import { checkGradients } from './gradcheck.ts';
import { createRng, uniform } from './test-utils.ts';

function mlp(g: Graph) {
  const x = g.input('x', ['batch', 4]);
  const onehot = g.input('onehot', ['batch', 3]);
  const w1 = g.param('w1', [4, 6]);
  const b1 = g.param('b1', [6]);
  const w2 = g.param('w2', [6, 3]);
  const b2 = g.param('b2', [3]);
  const h = g.tanh(g.add(g.matmul(x, w1), b1));
  const logp = g.logSoftmax(g.gemm(h, w2, b2));
  const loss = g.neg(g.reduceMean(g.reduceSum(g.mul(onehot, logp), [1])));
  return { loss, wrt: [w1, b1, w2, b2, x] };
}

/** JS reference: mean over rows of −log softmax(tanh(x·W1 + b1)·W2 + b2)[label]. */
function mlpLoss(f: Record<string, Float64Array>, batch: number, labels: number[]): number {
  const get = (k: string) => f[k] ?? new Float64Array();
  const [x, w1, b1, w2, b2] = ['x', 'w1', 'b1', 'w2', 'b2'].map(get) as Float64Array[] as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  let total = 0;
  for (let r = 0; r < batch; r++) {
    const h = Array.from({ length: 6 }, (_, j) => {
      let s = b1[j] ?? 0;
      for (let k = 0; k < 4; k++) s += (x[r * 4 + k] ?? 0) * (w1[k * 6 + j] ?? 0);
      return Math.tanh(s);
    });
    const z = Array.from({ length: 3 }, (_, j) =>
      h.reduce((s, v, k) => s + v * (w2[k * 3 + j] ?? 0), b2[j] ?? 0),
    );
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - (z[labels[r] ?? 0] ?? 0);
  }
  return total / batch;
}

/** Op types of the nodes `t` depends on. */
function reachableOps(t: Tensor | undefined): string[] {
  const seen = new Set<number>();
  const ops: string[] = [];
  const stack = t ? [t] : [];
  for (let u = stack.pop(); u; u = stack.pop()) {
    const n = u.producer;
    if (!n || seen.has(n.id)) continue;
    seen.add(n.id);
    ops.push(n.op);
    stack.push(...n.inputs);
  }
  return ops;
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** An LSTM (gates i, f, g, o) unrolled over T steps with shared weights; loss = Σ h_T ⊙ target + Σ_t mean(h_t). */
function lstm(g: Graph, T: number, F: number, H: number) {
  const x = g.input('x', ['batch', T, F]);
  const target = g.input('target', ['batch', H]);
  const h0 = g.input('h0', ['batch', H]);
  const c0 = g.input('c0', ['batch', H]);
  const wx = g.param('wx', [F, 4 * H]);
  const wh = g.param('wh', [H, 4 * H]);
  const b = g.param('b', [4 * H]);
  const xw = g.matmul(x, wx); // [batch, T, 4H] in one product
  let h = h0;
  let c = c0;
  const means: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const xt = g.squeeze(g.slice(xw, { axes: [1], starts: [t], ends: [t + 1] }), [1]);
    const gates = g.add(g.add(xt, g.matmul(h, wh)), b);
    const [i, f, gg, o] = g.split(gates, [H, H, H, H], 1) as [Tensor, Tensor, Tensor, Tensor];
    c = g.add(g.mul(g.sigmoid(f), c), g.mul(g.sigmoid(i), g.tanh(gg)));
    h = g.mul(g.sigmoid(o), g.tanh(c));
    means.push(g.reduceMean(h));
  }
  const loss = g.add(g.reduceSum(g.mul(h, target)), g.addN(means));
  return { loss, wx, wh, b, x, h0, c0 };
}

function lstmLoss(f: Record<string, Float64Array>, batch: number, T: number, F: number, H: number): number {
  const at = (k: string, i: number) => f[k]?.[i] ?? Number.NaN;
  let loss = 0;
  const hs = Array.from({ length: batch }, (_, r) =>
    Array.from({ length: H }, (_, j) => at('h0', r * H + j)),
  );
  const cs = Array.from({ length: batch }, (_, r) =>
    Array.from({ length: H }, (_, j) => at('c0', r * H + j)),
  );
  for (let t = 0; t < T; t++) {
    let sumH = 0;
    for (let r = 0; r < batch; r++) {
      const hPrev = hs[r] ?? [];
      const z = Array.from({ length: 4 * H }, (_, j) => {
        let s = at('b', j);
        for (let k = 0; k < F; k++) s += at('x', (r * T + t) * F + k) * at('wx', k * 4 * H + j);
        for (let k = 0; k < H; k++) s += (hPrev[k] ?? 0) * at('wh', k * 4 * H + j);
        return s;
      });
      const c = cs[r] ?? [];
      const h: number[] = [];
      for (let j = 0; j < H; j++) {
        c[j] = sig(z[H + j] ?? 0) * (c[j] ?? 0) + sig(z[j] ?? 0) * Math.tanh(z[2 * H + j] ?? 0);
        h.push(sig(z[3 * H + j] ?? 0) * Math.tanh(c[j] ?? 0));
      }
      hs[r] = h;
      sumH += h.reduce((a, v) => a + v, 0);
    }
    loss += sumH / (batch * H);
  }
  hs.forEach((h, r) => {
    h.forEach((v, j) => {
      loss += v * at('target', r * H + j);
    });
  });
  return loss;
}

describe('composite models', () => {
  it('2-layer MLP with tanh and softmax cross-entropy: loss vs JS, gradients vs finite differences', async () => {
    const rng = createRng(7);
    const g = new Graph({ dtype: 'float64' });
    const { loss, wrt } = mlp(g);
    const batch = 5;
    const labels = Array.from({ length: batch }, () => Math.floor(rng.next() * 3));
    const feeds: Record<string, Float64Array> = {
      x: uniform(rng, batch * 4, -2, 2),
      onehot: Float64Array.from({ length: batch * 3 }, (_, i) =>
        labels[Math.floor(i / 3)] === i % 3 ? 1 : 0,
      ),
      w1: uniform(rng, 24),
      b1: uniform(rng, 6),
      w2: uniform(rng, 18),
      b2: uniform(rng, 3),
    };
    const res = await checkGradients(g, loss, wrt, feeds);
    expect(Math.abs(res.loss - mlpLoss(feeds, batch, labels))).toBeLessThan(1e-12);
    expect(res.maxError).toBeLessThan(1e-6);
    expect(res.entries.map((e) => e.checked)).toEqual([24, 6, 18, 3, 20]);
  });

  it('LSTM cell unrolled 5 steps (shared weights): loss vs JS, gradients vs finite differences', async () => {
    const rng = createRng(11);
    const [T, F, H, batch] = [5, 3, 4, 2];
    const g = new Graph({ dtype: 'float64' });
    const m = lstm(g, T, F, H);
    const feeds: Record<string, Float64Array> = {
      x: uniform(rng, batch * T * F, -1, 1),
      target: uniform(rng, batch * H),
      h0: uniform(rng, batch * H, -0.5, 0.5),
      c0: uniform(rng, batch * H, -0.5, 0.5),
      wx: uniform(rng, F * 4 * H, -0.8, 0.8),
      wh: uniform(rng, H * 4 * H, -0.8, 0.8),
      b: uniform(rng, 4 * H, -0.5, 0.5),
    };
    const res = await checkGradients(g, m.loss, [m.wx, m.wh, m.b, m.x, m.h0, m.c0], feeds);
    expect(Math.abs(res.loss - lstmLoss(feeds, batch, T, F, H))).toBeLessThan(1e-12);
    expect(res.maxError).toBeLessThan(1e-6);
  });

  it('the backward graph of a 32-step LSTM reuses activations and sums shared-weight gradients once', () => {
    const T = 32;
    const g = new Graph({ dtype: 'float32' });
    const m = lstm(g, T, 32, 64);
    const forward = g.nodes.length;
    const [dwx, dwh, db, dx] = gradients(g, m.loss, [m.wx, m.wh, m.b, m.x]);
    const count = (op: string) => g.nodes.filter((n) => n.op === op).length;
    // No activation is recomputed for the backward pass (3 sigmoids + 2 tanh per step).
    expect(count('Sigmoid')).toBe(3 * T);
    expect(count('Tanh')).toBe(2 * T);
    // 2-D products differentiate through Gemm flags; the only Transpose is Wxᵀ for dx (the
    // [batch, T, F] @ [F, 4H] product), emitted once.
    expect(count('Transpose')).toBe(1);
    // Wh's 32 per-step contributions are summed by one Sum node; Wx's gradient is one Gemm over
    // the flattened [batch·T, F] rows; b's gradient is the sum of 32 per-step reductions.
    expect(dwh?.producer?.op).toBe('Sum');
    expect(dwh?.producer?.inputs.length).toBe(T);
    expect(dwx?.producer?.op).toBe('Gemm');
    expect(db?.producer?.op).toBe('Sum');
    // The 32 per-step slice gradients of x·Wx are merged into one Concat, not 32 full-size Pads.
    expect(reachableOps(dx).filter((op) => op === 'Pad')).toEqual([]);
    const backward = g.nodes.length - forward;
    expect(backward).toBeLessThan(3 * forward);
  });
});
