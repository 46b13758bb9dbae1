/**
 * Each layer in float64: the forward value against a plain-JS loop implementation
 * (testing/js-reference.ts; normwise relative error < 1e-12), and reverse-mode gradients w.r.t.
 * every weight and the input against central finite differences (checkGradients: relative error
 * < 1e-6 with floor 1e-3). The loss is Σ y ⊙ R with R random, so every output element counts.
 */
import { describe, expect, it } from 'vitest';
import { checkGradients, Graph, type Tensor } from '../graph/index.ts';
import { awayFromZero, createRng, uniform, weightedSum } from '../graph/test-utils.ts';
import { randomWeights, relErr, runOnce, values } from '../testing/helpers.ts';
import { denseJs, layerNormJs, lstmJs } from '../testing/js-reference.ts';
import { GraphContext } from './context.ts';
import { type Activation, Dense, Dropout, Embedding, LayerNorm } from './layers.ts';
import { LSTM } from './lstm.ts';

type Feeds = Record<string, Float64Array | BigInt64Array | Uint8Array>;

const get = (f: Feeds, k: string): Float64Array => {
  const v = f[k];
  if (!(v instanceof Float64Array)) throw new Error(`feed ${k}`);
  return v;
};

async function gradCheck(
  g: Graph,
  y: Tensor,
  feeds: Feeds,
  ctx: GraphContext,
  extra: Tensor[],
  seed: number,
) {
  const loss = weightedSum(g, y, createRng(seed), feeds, { batch: 3 });
  return checkGradients(g, loss, [...extra, ...ctx.weights.values()], feeds, { symbols: { batch: 3 } });
}

describe('Dense', () => {
  const acts: Activation[] = ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'gelu', 'silu'];
  it.each(acts)('%s: forward = JS, gradients = finite differences', async (activation) => {
    const rng = createRng(11);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new Dense('d', { inputSize: 4, units: 3, activation });
    const x = g.input('x', ['batch', 4]);
    const y = layer.apply(ctx, x);
    const feeds: Feeds = { x: awayFromZero(rng, 12), ...randomWeights(layer.params, rng, 1) };
    const out = values(await runOnce(g, { y }, feeds), 'y');
    const ref = denseJs(get(feeds, 'x'), 3, 4, get(feeds, 'd.kernel'), get(feeds, 'd.bias'), 3, activation);
    expect(relErr(out, ref)).toBeLessThan(1e-12);
    const r = await gradCheck(g, y, feeds, ctx, [x], 5);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('rank-3 input (batched MatMul path) equals the row-wise JS product', async () => {
    const rng = createRng(12);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new Dense('d', { inputSize: 4, units: 2, activation: 'tanh' });
    const x = g.input('x', ['batch', 5, 4]);
    const y = layer.apply(ctx, x);
    expect(y.shape).toEqual(['batch', 5, 2]);
    const feeds: Feeds = { x: uniform(rng, 60), ...randomWeights(layer.params, rng) };
    const out = values(await runOnce(g, { y }, feeds), 'y');
    expect(
      relErr(out, denseJs(get(feeds, 'x'), 15, 4, get(feeds, 'd.kernel'), get(feeds, 'd.bias'), 2, 'tanh')),
    ).toBeLessThan(1e-12);
    expect((await gradCheck(g, y, feeds, ctx, [x], 6)).maxError).toBeLessThan(1e-6);
  });
});

describe('LayerNorm', () => {
  it('forward = JS (biased variance, eps 1e-5); gradients = finite differences', async () => {
    const rng = createRng(13);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new LayerNorm('ln', { size: 6 });
    const x = g.input('x', ['batch', 2, 6]);
    const y = layer.apply(ctx, x);
    const feeds: Feeds = { x: uniform(rng, 36, -2, 2), ...randomWeights(layer.params, rng, 1.5) };
    const out = values(await runOnce(g, { y }, feeds), 'y');
    expect(
      relErr(out, layerNormJs(get(feeds, 'x'), 6, 6, get(feeds, 'ln.gain'), get(feeds, 'ln.shift'))),
    ).toBeLessThan(1e-12);
    expect((await gradCheck(g, y, feeds, ctx, [x], 7)).maxError).toBeLessThan(1e-6);
  });
});

describe('Embedding', () => {
  it('gathers rows; repeated ids accumulate their gradients', async () => {
    const rng = createRng(14);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new Embedding('emb', { vocab: 5, dim: 3 });
    const ids = g.input('ids', ['batch', 2], 'int64');
    const y = layer.apply(ctx, ids);
    expect(y.shape).toEqual(['batch', 2, 3]);
    const idList = [4, 0, 4, 4, 2, 0];
    const feeds: Feeds = { ids: BigInt64Array.from(idList.map(BigInt)), ...randomWeights(layer.params, rng) };
    const table = get(feeds, 'emb.table');
    const out = values(await runOnce(g, { y }, feeds), 'y');
    const ref = idList.flatMap((i) => Array.from(table.subarray(3 * i, 3 * i + 3)));
    expect(relErr(out, ref)).toBe(0);
    const r = await gradCheck(g, y, feeds, ctx, [], 8);
    expect(r.maxError).toBeLessThan(1e-6);
    // Rows 1 and 3 are never looked up: exactly zero gradient.
    const grad = r.entries[0]?.analytic ?? new Float64Array();
    expect(Array.from(grad.subarray(3, 6))).toEqual([0, 0, 0]);
  });
});

describe('Dropout', () => {
  it('training: y = x ⊙ fed mask, mask declared with its shape and rate; inference: identity', async () => {
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, true, { kind: 'fed' });
    const x = g.input('x', ['batch', 4]);
    const y = new Dropout('drop', 0.25).apply(ctx, x);
    expect(ctx.masks).toEqual([{ input: 'dropout.drop', shape: ['batch', 4], rate: 0.25 }]);
    const xs = Float64Array.from({ length: 8 }, (_, i) => i + 1);
    const mask = Float64Array.from([0, 4 / 3, 4 / 3, 0, 4 / 3, 4 / 3, 4 / 3, 0]);
    const out = values(await runOnce(g, { y }, { x: xs, 'dropout.drop': mask }), 'y');
    expect(Array.from(out)).toEqual(Array.from(xs, (v, i) => v * (mask[i] ?? 0)));

    const gi = new Graph({ dtype: 'float64' });
    const inf = new GraphContext(gi, false, { kind: 'fed' });
    const xi = gi.input('x', ['batch', 4]);
    expect(new Dropout('drop', 0.25).apply(inf, xi)).toBe(xi);
    expect(inf.masks).toEqual([]);
  });
});

describe('LSTM', () => {
  const [B, T, F, H] = [3, 4, 3, 5];

  it('last h, last c and the h sequence = JS loops; gradients = finite differences', async () => {
    const rng = createRng(15);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new LSTM('lstm', { inputSize: F, units: H, returnSequences: true });
    const x = g.input('x', ['batch', T, F]);
    const out = layer.apply(ctx, x);
    if (!out.sequence) throw new Error('no sequence');
    expect(out.sequence.shape).toEqual(['batch', T, H]);
    const feeds: Feeds = { x: uniform(rng, B * T * F, -1.5, 1.5), ...randomWeights(layer.params, rng, 0.6) };
    const res = await runOnce(g, { last: out.last, c: out.cell, seq: out.sequence }, feeds);
    const ref = lstmJs(
      get(feeds, 'x'),
      B,
      T,
      F,
      get(feeds, 'lstm.kernel'),
      get(feeds, 'lstm.recurrent'),
      get(feeds, 'lstm.bias'),
      H,
    );
    expect(relErr(values(res, 'last'), ref.last)).toBeLessThan(1e-12);
    expect(relErr(values(res, 'c'), ref.cell)).toBeLessThan(1e-12);
    expect(relErr(values(res, 'seq'), ref.seq)).toBeLessThan(1e-12);
    // Loss over the whole sequence and the last cell state: every path through time is checked.
    const loss = g.add(
      weightedSum(g, out.sequence, rng, feeds, { batch: B }),
      weightedSum(g, out.cell, rng, feeds, { batch: B }),
    );
    const r = await checkGradients(g, loss, [x, ...ctx.weights.values()], feeds);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('a given initial state is differentiable too', async () => {
    const rng = createRng(16);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new LSTM('lstm', { inputSize: F, units: H });
    const x = g.input('x', ['batch', T, F]);
    const h0 = g.input('h0', ['batch', H]);
    const c0 = g.input('c0', ['batch', H]);
    const out = layer.apply(ctx, x, { h: h0, c: c0 });
    const feeds: Feeds = {
      x: uniform(rng, B * T * F),
      h0: uniform(rng, B * H),
      c0: uniform(rng, B * H),
      ...randomWeights(layer.params, rng),
    };
    const loss = weightedSum(g, out.last, rng, feeds, { batch: B });
    const r = await checkGradients(g, loss, [h0, c0, ...ctx.weights.values()], feeds);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('initialises the forget-gate bias to 1, the other gates to 0', async () => {
    const layer = new LSTM('lstm', { inputSize: 2, units: 3 });
    const [, , bias] = layer.params;
    const rng = createRng(1);
    expect(Array.from(bias?.init([12], rng) ?? [])).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
