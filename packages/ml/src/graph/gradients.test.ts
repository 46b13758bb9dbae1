/**
 * Every differentiable op's gradient against central finite differences, in float64 through
 * onnxruntime (tolerance: relative error < 1e-6 with a 1e-3 floor, see gradcheck.ts), including
 * broadcasting, symbolic dims and a tensor used several times. Each case is then rebuilt in
 * float32 and its gradients compared with the float64 ones (|Δ| ≤ 1e-4 · max|g|), which also shows
 * each op and its backward ops have float32 and float64 CPU kernels.
 */
import { describe, expect, it } from 'vitest';
import { gradients } from './autodiff.ts';
import { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import type { Tensor } from './core.ts';
import type { Shape } from './dims.ts';
import { checkGradients } from './gradcheck.ts';
import { registeredGradientOps } from './gradients/index.ts';
import { createRunner } from './runner.ts';
import { awayFromZero, createRng, type Rng, sizeOf, toFloat32, uniform, weightedSum } from './test-utils.ts';

type Feeds = Record<string, Float64Array | BigInt64Array | Uint8Array>;
type Gen = (rng: Rng, n: number) => Float64Array;
type In = (name: string, shape: Shape, gen?: Gen) => Tensor;
interface Built {
  y: Tensor;
  wrt: Tensor[];
}
type Build = (g: Graph, input: In, feeds: Feeds, rng: Rng) => Built;

const positive: Gen = (rng, n) => uniform(rng, n, 0.5, 2);
const away: Gen = (rng, n) => awayFromZero(rng, n);
const SYMBOLS = { batch: 3 };

function make(dtype: 'float32' | 'float64', build: Build) {
  const g = new Graph({ dtype });
  const rng = createRng(20240611);
  const feeds: Feeds = {};
  const input: In = (name, shape, gen = (r, n) => uniform(r, n)) => {
    const t = g.input(name, shape);
    feeds[name] = gen(rng, sizeOf(t, SYMBOLS));
    return t;
  };
  const { y, wrt } = build(g, input, feeds, rng);
  const loss = weightedSum(g, y, rng, feeds, SYMBOLS);
  return { g, loss, wrt, feeds };
}

async function check(build: Build): Promise<void> {
  const d = make('float64', build);
  const res = await checkGradients(d.g, d.loss, d.wrt, d.feeds, { symbols: SYMBOLS });
  expect(res.maxError, JSON.stringify(res.entries.map((e) => [e.name, e.maxError, e.worst]))).toBeLessThan(
    1e-6,
  );

  const s = make('float32', build);
  const grads = gradients(s.g, s.loss, s.wrt);
  const runner = await createRunner(
    compileGraph(s.g, { outputs: Object.fromEntries(grads.map((t, i) => [`d${i}`, t])) }),
  );
  const out = await runner.run(toFloat32(s.feeds), { symbols: SYMBOLS });
  await runner.release();
  res.entries.forEach((e, i) => {
    const g32 = out[`d${i}`]?.data;
    expect(g32).toBeInstanceOf(Float32Array);
    const scale = Math.max(1, ...e.analytic.map(Math.abs));
    const diff = Math.max(...e.analytic.map((v, j) => Math.abs(v - Number(g32?.[j]))));
    expect(diff / scale).toBeLessThan(1e-4);
  });
}

const cases: Record<string, Build> = {
  'Add [2,3]+[3]': (g, x) => {
    const a = x('a', [2, 3]);
    const b = x('b', [3]);
    return { y: g.add(a, b), wrt: [a, b] };
  },
  'Add [2,1]+[1,3] (both broadcast)': (g, x) => {
    const a = x('a', [2, 1]);
    const b = x('b', [1, 3]);
    return { y: g.add(a, b), wrt: [a, b] };
  },
  'Add [batch,3]+[3] (symbolic)': (g, x) => {
    const a = x('a', ['batch', 3]);
    const b = x('b', [3]);
    return { y: g.add(a, b), wrt: [a, b] };
  },
  'Sub [2,3,4]-[3,1]': (g, x) => {
    const a = x('a', [2, 3, 4]);
    const b = x('b', [3, 1]);
    return { y: g.sub(a, b), wrt: [a, b] };
  },
  'Mul [2,3]*[2,3] and scalar constant': (g, x) => {
    const a = x('a', [2, 3]);
    const b = x('b', [2, 3]);
    return { y: g.mul(g.mul(a, b), 1.7), wrt: [a, b] };
  },
  'Mul [1]*[2,3]': (g, x) => {
    const a = x('a', [1]);
    const b = x('b', [2, 3]);
    return { y: g.mul(a, b), wrt: [a, b] };
  },
  'Div [2,3]/[3]': (g, x) => {
    const a = x('a', [2, 3]);
    const b = x('b', [3], positive);
    return { y: g.div(a, b), wrt: [a, b] };
  },
  'Sum of three with broadcasting': (g, x) => {
    const a = x('a', [2, 3]);
    const b = x('b', [3]);
    const c = x('c', [2, 1]);
    return { y: g.addN([a, b, c]), wrt: [a, b, c] };
  },
  'Max, Min [2,3] vs [3]': (g, x) => {
    const a = x('a', [2, 3]);
    const b = x('b', [3]);
    return { y: g.add(g.max(a, b), g.mul(g.min(a, b), 0.3)), wrt: [a, b] };
  },
  'Where + Greater, broadcasting': (g, x) => {
    const c = x('c', [2, 3], away);
    const a = x('a', [2, 3]);
    const b = x('b', [3]);
    return { y: g.where(g.greater(c, 0), a, b), wrt: [a, b] };
  },
  Neg: (g, x) => {
    const a = x('a', [2, 3]);
    return { y: g.neg(a), wrt: [a] };
  },
  Identity: (g, x) => {
    const a = x('a', [2, 3]);
    return { y: g.identity(a), wrt: [a] };
  },
  Exp: (g, x) => {
    const a = x('a', [2, 3]);
    return { y: g.exp(a), wrt: [a] };
  },
  Log: (g, x) => {
    const a = x('a', [2, 3], positive);
    return { y: g.log(a), wrt: [a] };
  },
  Sqrt: (g, x) => {
    const a = x('a', [2, 3], positive);
    return { y: g.sqrt(a), wrt: [a] };
  },
  Abs: (g, x) => {
    const a = x('a', [2, 3], away);
    return { y: g.abs(a), wrt: [a] };
  },
  Tanh: (g, x) => {
    const a = x('a', [2, 3], (r, n) => uniform(r, n, -2, 2));
    return { y: g.tanh(a), wrt: [a] };
  },
  Sigmoid: (g, x) => {
    const a = x('a', [2, 3], (r, n) => uniform(r, n, -3, 3));
    return { y: g.sigmoid(a), wrt: [a] };
  },
  Relu: (g, x) => {
    const a = x('a', [2, 3], away);
    return { y: g.relu(a), wrt: [a] };
  },
  'LeakyRelu alpha 0.2': (g, x) => {
    const a = x('a', [2, 3], away);
    return { y: g.leakyRelu(a, 0.2), wrt: [a] };
  },
  'Pow 2, 3, 0.5, -1.5, 1': (g, x) => {
    const a = x('a', [2, 3], positive);
    const ys = [2, 3, 0.5, -1.5, 1].map((c) => g.pow(a, c));
    return { y: g.addN(ys), wrt: [a] };
  },
  'MatMul 2-D': (g, x) => {
    const a = x('a', [3, 4]);
    const b = x('b', [4, 2]);
    return { y: g.matmul(a, b), wrt: [a, b] };
  },
  'MatMul [batch,T,K] @ [K,N]': (g, x) => {
    const a = x('a', ['batch', 2, 4]);
    const b = x('b', [4, 3]);
    return { y: g.matmul(a, b), wrt: [a, b] };
  },
  'MatMul batched [2,3,4] @ [2,4,5]': (g, x) => {
    const a = x('a', [2, 3, 4]);
    const b = x('b', [2, 4, 5]);
    return { y: g.matmul(a, b), wrt: [a, b] };
  },
  'MatMul [3,4] @ [2,4,5] (A broadcast)': (g, x) => {
    const a = x('a', [3, 4]);
    const b = x('b', [2, 4, 5]);
    return { y: g.matmul(a, b), wrt: [a, b] };
  },
  'MatMul [2,1,3,4] @ [1,3,4,2] (both batch dims broadcast)': (g, x) => {
    const a = x('a', [2, 1, 3, 4]);
    const b = x('b', [1, 3, 4, 2]);
    return { y: g.matmul(a, b), wrt: [a, b] };
  },
  'Gemm, all transpose flags, alpha/beta, C [N] and [M,1]': (g, x) => {
    const ys: Tensor[] = [];
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const tag = `${Number(transA)}${Number(transB)}`;
        const a = x(`a${tag}`, transA ? [4, 3] : [3, 4]);
        const b = x(`b${tag}`, transB ? [2, 4] : [4, 2]);
        const c = x(`c${tag}`, transA ? [3, 1] : [2]);
        ys.push(g.gemm(a, b, c, { transA, transB, alpha: 0.7, beta: 1.3 }));
      }
    }
    const wrt = g.inputs.filter((t) => /^[abc]\d\d$/.test(t.name));
    return { y: g.addN(ys), wrt };
  },
  'Gemm without C': (g, x) => {
    const a = x('a', [3, 4]);
    const b = x('b', [2, 4]);
    return { y: g.gemm(a, b, undefined, { transB: true }), wrt: [a, b] };
  },
  'Softmax last axis and axis 1': (g, x) => {
    const a = x('a', [2, 3, 4], (r, n) => uniform(r, n, -2, 2));
    return { y: g.add(g.softmax(a), g.softmax(a, 1)), wrt: [a] };
  },
  LogSoftmax: (g, x) => {
    const a = x('a', ['batch', 5], (r, n) => uniform(r, n, -2, 2));
    return { y: g.logSoftmax(a), wrt: [a] };
  },
  'ReduceSum axis 1, keepdims, all': (g, x) => {
    const a = x('a', [2, 3, 4]);
    const y1 = g.reduceSum(a, [2]);
    const y2 = g.reduceSum(a, [-1], true);
    const y3 = g.reduceSum(a);
    const y4 = g.reduceSum(a, [1]);
    return { y: g.add(g.add(g.unsqueeze(y1, [2]), y2), g.add(y3, g.reduceSum(g.mul(y4, y4)))), wrt: [a] };
  },
  'ReduceMean static axes and symbolic batch': (g, x) => {
    const a = x('a', ['batch', 3, 4]);
    const y1 = g.reduceMean(a, [0]); // dynamic count (batch)
    const y2 = g.reduceMean(a, [0, 2], true); // dynamic
    const y3 = g.reduceMean(a, [1, 2]); // static count 12
    return { y: g.add(g.add(y1, g.squeeze(y2, [0])), g.reduceSum(y3)), wrt: [a] };
  },
  'Transpose perm [2,0,1]': (g, x) => {
    const a = x('a', [2, 3, 4]);
    return { y: g.transpose(a, [2, 0, 1]), wrt: [a] };
  },
  'Reshape static and symbolic (-1, 0)': (g, x) => {
    const a = x('a', [2, 3, 4]);
    const b = x('b', ['batch', 6]);
    const y = g.add(g.reshape(a, [-1, 4]), 0);
    const z = g.reshape(g.reshape(b, [0, 2, 3]), [-1, 3]); // batch*2 rows
    return { y: g.add(g.reduceSum(y), g.reduceSum(g.mul(z, z))), wrt: [a, b] };
  },
  'Concat axis 1 of three': (g, x) => {
    const a = x('a', [2, 1]);
    const b = x('b', [2, 3]);
    const c = x('c', [2, 2]);
    return { y: g.concat([a, b, c], 1), wrt: [a, b, c] };
  },
  'Split, one output unused': (g, x) => {
    const a = x('a', [2, 7]);
    const [p, , r] = g.split(a, [2, 4, 1], 1);
    if (!p || !r) throw new Error('split');
    return { y: g.concat([p, r], 1), wrt: [a] };
  },
  'Slice two axes, negative start': (g, x) => {
    const a = x('a', [3, 5]);
    return { y: g.slice(a, { starts: [1, -3], ends: [3, 100] }), wrt: [a] };
  },
  'Slice on a symbolic tensor (static axis)': (g, x) => {
    const a = x('a', ['batch', 4, 2]);
    return { y: g.slice(a, { axes: [1], starts: [1], ends: [3] }), wrt: [a] };
  },
  'several slices of one tensor: contiguous run, gap, overlap (merged pads)': (g, x) => {
    const a = x('a', ['batch', 6, 2]);
    const s = (lo: number, hi: number) => g.slice(a, { axes: [1], starts: [lo], ends: [hi] });
    const parts = [s(0, 1), s(1, 2), s(2, 3), s(4, 5), s(4, 6)];
    const ys = parts.map((p, i) => g.mul(g.reduceSum(g.mul(p, p), [1]), i + 1));
    return { y: g.addN(ys), wrt: [a] };
  },
  'unstack over time': (g, x) => {
    const a = x('a', ['batch', 4, 3]);
    const steps = g.unstack(a, 1);
    let h = g.tanh(steps[0] as Tensor);
    for (const st of steps.slice(1)) h = g.tanh(g.add(g.mul(h, 0.9), st));
    return { y: h, wrt: [a] };
  },
  'Gather rows with repeats (embedding)': (g, x, feeds) => {
    const table = x('table', [5, 3]);
    const idx = g.input('idx', [2, 3], 'int64');
    feeds.idx = BigInt64Array.from([1n, 4n, 1n, 0n, 1n, 2n]);
    return { y: g.gather(table, idx), wrt: [table] };
  },
  'Unsqueeze / Squeeze': (g, x) => {
    const a = x('a', [2, 3]);
    const u = g.unsqueeze(a, [0, -1]);
    return { y: g.add(g.squeeze(g.mul(u, u), [0]), g.unsqueeze(a, [2])), wrt: [a] };
  },
  'Expand static and expandAs symbolic': (g, x) => {
    const a = x('a', [3, 1]);
    const b = x('b', [4]);
    const like = x('like', ['batch', 4]);
    return { y: g.add(g.reduceSum(g.expand(a, [2, 3, 4])), g.mul(g.expandAs(b, like), like)), wrt: [a, b] };
  },
  'tensor used several times: x*x + tanh(x)*x + x@xᵀ': (g, x) => {
    const a = x('a', [3, 3]);
    const y = g.add(g.add(g.mul(a, a), g.mul(g.tanh(a), a)), g.matmul(a, g.transpose(a)));
    return { y, wrt: [a] };
  },
};

describe('gradients vs finite differences (float64) and float32 agreement', () => {
  for (const [name, build] of Object.entries(cases)) {
    it(name, () => check(build));
  }
});

describe('coverage', () => {
  it('every op with a registered gradient appears in a case above', () => {
    const used = new Set<string>();
    for (const build of Object.values(cases)) {
      const { g, loss, wrt } = make('float64', build);
      const forward = g.nodes.length;
      gradients(g, loss, wrt);
      for (const n of g.nodes.slice(0, forward)) used.add(n.op);
    }
    expect(registeredGradientOps().filter((op) => !used.has(op))).toEqual([]);
  });
});
