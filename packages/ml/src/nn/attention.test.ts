/**
 * Multi-head attention and the encoder block in float64: forward values against plain-JS loops
 * (testing/js-reference.ts; normwise relative error < 1e-12) and gradients w.r.t. every weight and
 * the input against central finite differences (relative error < 1e-6, floor 1e-3).
 */
import { describe, expect, it } from 'vitest';
import { checkGradients, Graph } from '../graph/index.ts';
import { createRng, uniform, weightedSum } from '../graph/test-utils.ts';
import { randomWeights, relErr, runOnce, values } from '../testing/helpers.ts';
import { act, denseJs, layerNormJs, mhaJs } from '../testing/js-reference.ts';
import { MultiHeadAttention, TransformerEncoderBlock } from './attention.ts';
import { GraphContext } from './context.ts';

const [B, T, d, heads] = [2, 4, 6, 2];
type Feeds = Record<string, Float64Array | BigInt64Array | Uint8Array>;
const get = (f: Feeds, k: string): Float64Array => {
  const v = f[k];
  if (!(v instanceof Float64Array)) throw new Error(`feed ${k}`);
  return v;
};
const mhaWeights = (f: Feeds, p: string) => ({
  qkv: get(f, `${p}.qkv`),
  qkvBias: get(f, `${p}.qkvBias`),
  out: get(f, `${p}.out`),
  outBias: get(f, `${p}.outBias`),
});

describe('MultiHeadAttention', () => {
  const cases = [
    { label: 'plain', causal: false, mask: false },
    { label: 'causal', causal: true, mask: false },
    { label: 'key mask', causal: false, mask: true },
  ];
  it.each(cases)('$label: forward = JS, gradients = finite differences', async ({ causal, mask }) => {
    const rng = createRng(21);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new MultiHeadAttention('mha', { dModel: d, heads, causal });
    const x = g.input('x', ['batch', T, d]);
    const keyMask = mask ? g.input('mask', ['batch', T]) : undefined;
    const y = layer.apply(ctx, x, { keyMask });
    expect(y.shape).toEqual(['batch', T, d]);
    const feeds: Feeds = { x: uniform(rng, B * T * d, -1.5, 1.5), ...randomWeights(layer.params, rng, 0.7) };
    // Second sequence: last two positions are padding.
    const maskValues = Float64Array.from([1, 1, 1, 1, 1, 1, 0, 0]);
    if (mask) feeds.mask = maskValues;
    const out = values(await runOnce(g, { y }, feeds), 'y');
    const ref = mhaJs(get(feeds, 'x'), B, T, d, heads, mhaWeights(feeds, 'mha'), {
      causal,
      keyMask: mask ? maskValues : undefined,
    });
    expect(relErr(out, ref)).toBeLessThan(1e-12);
    const loss = weightedSum(g, y, rng, feeds, { batch: B });
    const r = await checkGradients(g, loss, [x, ...ctx.weights.values()], feeds);
    expect(r.maxError).toBeLessThan(1e-6);
    if (mask) {
      // Padded keys get exactly zero attention weight: changing the padded positions' inputs
      // must leave every other position's output unchanged.
      const x2 = Float64Array.from(get(feeds, 'x'));
      for (let i = (T + 2) * d; i < 2 * T * d; i++) x2[i] = (x2[i] ?? 0) + 3;
      const out2 = values(await runOnce(g, { y }, { ...feeds, x: x2 }), 'y');
      expect(relErr(out2.subarray(0, (T + 2) * d), out.subarray(0, (T + 2) * d))).toBeLessThan(1e-12);
    }
  });

  it('rejects a model width not divisible by the heads', () => {
    expect(() => new MultiHeadAttention('m', { dModel: 6, heads: 4 })).toThrow(/divisible/);
  });
});

/** Encoder block from the JS references, following the formulas in attention.ts. */
function blockJs(f: Feeds, x: Float64Array, norm: 'pre' | 'post', dff: number): Float64Array {
  const rows = B * T;
  const ln = (v: Float64Array, n: string) =>
    layerNormJs(v, rows, d, get(f, `${n}.gain`), get(f, `${n}.shift`));
  const mha = (v: Float64Array) => mhaJs(v, B, T, d, heads, mhaWeights(f, 'enc.attn'));
  const ffn = (v: Float64Array) => {
    const h = denseJs(v, rows, d, get(f, 'enc.ffn1.kernel'), get(f, 'enc.ffn1.bias'), dff).map((u) =>
      act('gelu', u),
    );
    return denseJs(h, rows, dff, get(f, 'enc.ffn2.kernel'), get(f, 'enc.ffn2.bias'), d);
  };
  const add = (a: Float64Array, b: Float64Array) => a.map((v, i) => v + (b[i] ?? Number.NaN));
  if (norm === 'pre') {
    const y = add(x, mha(ln(x, 'enc.norm1')));
    return add(y, ffn(ln(y, 'enc.norm2')));
  }
  const y = ln(add(x, mha(x)), 'enc.norm1');
  return ln(add(y, ffn(y)), 'enc.norm2');
}

describe('TransformerEncoderBlock', () => {
  it.each(['pre', 'post'] as const)('%s-norm: forward = JS, gradients = finite differences', async (norm) => {
    const dff = 8;
    const rng = createRng(22);
    const g = new Graph({ dtype: 'float64' });
    const ctx = new GraphContext(g, false, { kind: 'fed' });
    const layer = new TransformerEncoderBlock('enc', { dModel: d, heads, dff, norm, dropout: 0.1 });
    const x = g.input('x', ['batch', T, d]);
    const y = layer.apply(ctx, x);
    const feeds: Feeds = { x: uniform(rng, B * T * d, -1.5, 1.5), ...randomWeights(layer.params, rng, 0.6) };
    const out = values(await runOnce(g, { y }, feeds), 'y');
    expect(relErr(out, blockJs(feeds, get(feeds, 'x'), norm, dff))).toBeLessThan(1e-12);
    const loss = weightedSum(g, y, rng, feeds, { batch: B });
    const r = await checkGradients(g, loss, [x, ...ctx.weights.values()], feeds);
    expect(r.maxError).toBeLessThan(1e-6);
    expect(ctx.masks).toEqual([]); // inference graph: dropout is the identity
  });

  it('training graph: one fed mask per residual branch, plus attention dropout when asked', () => {
    const g = new Graph({ dtype: 'float32' });
    const ctx = new GraphContext(g, true, { kind: 'fed' });
    const layer = new TransformerEncoderBlock('enc', {
      dModel: d,
      heads,
      dropout: 0.1,
      attentionDropout: 0.2,
    });
    layer.apply(ctx, g.input('x', ['batch', T, d]));
    expect(ctx.masks.map((m) => [m.input, m.shape, m.rate])).toEqual([
      ['dropout.enc.attn.attn', ['batch', heads, T, T], 0.2],
      ['dropout.enc.drop1', ['batch', T, d], 0.1],
      ['dropout.enc.drop2', ['batch', T, d], 0.1],
    ]);
  });
});
