/**
 * Builder: shape inference (including symbolic dims) and its errors, and forward values of ops
 * whose attribute wiring is not already pinned by the gradient checks, against plain-JS
 * references, in float32 and float64.
 */
import { describe, expect, it } from 'vitest';
import { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import type { Tensor } from './core.ts';
import { createRunner, type Feed } from './runner.ts';

const g64 = () => new Graph({ dtype: 'float64' });

describe('shape inference', () => {
  it('propagates symbolic dims through products, reshapes, gathers and reductions', () => {
    const g = g64();
    const x = g.input('x', ['batch', 32, 64]);
    expect(g.matmul(x, g.param('w', [64, 16])).shape).toEqual(['batch', 32, 16]);
    const flat = g.reshape(x, [-1, 64]);
    expect(flat.shape).toEqual(['32*batch', 64]);
    expect(g.reshape(flat, [-1, 32, 64]).shape).toEqual(['batch', 32, 64]);
    expect(g.reshape(x, [0, -1]).shape).toEqual(['batch', 2048]);
    const idx = g.input('idx', ['batch', 'time'], 'int64');
    expect(g.gather(g.param('emb', [10, 4]), idx).shape).toEqual(['batch', 'time', 4]);
    expect(g.reduceMean(x, [0, -1], true).shape).toEqual([1, 32, 1]);
    expect(g.reduceSum(x).shape).toEqual([]);
    expect(g.unsqueeze(x, [0, -1]).shape).toEqual([1, 'batch', 32, 64, 1]);
    expect(g.add(g.input('a', ['batch', 1, 3]), g.input('b', [4, 1])).shape).toEqual(['batch', 4, 3]);
    expect(g.transpose(x).shape).toEqual([64, 32, 'batch']);
    expect(g.slice(x, { axes: [2], starts: [-10], ends: [1000] }).shape).toEqual(['batch', 32, 10]);
    expect(g.unstack(x, 1).map((t) => t.shape)).toEqual(new Array(32).fill(['batch', 64]));
    expect(
      g.gemm(g.input('p', [5, 3]), g.input('q', [4, 5]), undefined, { transA: true, transB: true }).shape,
    ).toEqual([3, 4]);
  });

  it('shares identical nodes and constants (CSE)', () => {
    const g = g64();
    const w = g.param('w', [3, 4]);
    expect(g.transpose(w)).toBe(g.transpose(w));
    expect(g.scalar(2)).toBe(g.scalar(2));
    expect(g.identity(w)).not.toBe(g.stopGradient(w));
  });

  it.each<[string, (g: Graph) => unknown, RegExp]>([
    ['inner dims', (g) => g.matmul(g.input('a', [2, 3]), g.input('b', [4, 5])), /MatMul: inner dims differ/],
    [
      'broadcast',
      (g) => g.add(g.input('a', [2, 3]), g.input('b', [4])),
      /Add: cannot broadcast \[2, 3\] with \[4\]/,
    ],
    [
      'symbol vs size',
      (g) => g.mul(g.input('a', ['batch', 3]), g.input('b', [5, 3])),
      /Mul: cannot broadcast \[batch, 3\] with \[5, 3\]/,
    ],
    ['two symbols', (g) => g.sub(g.input('a', ['n']), g.input('b', ['m'])), /cannot broadcast/],
    ['reshape size', (g) => g.reshape(g.input('a', [2, 3]), [4, -1]), /Reshape: cannot reshape/],
    ['reshape total', (g) => g.reshape(g.input('a', ['batch', 3]), [3, 3]), /has 3\*batch elements/],
    [
      'slice symbolic',
      (g) => g.slice(g.input('a', ['batch', 3]), { starts: [1], ends: [2] }),
      /axis 0 .* is symbolic/,
    ],
    ['squeeze', (g) => g.squeeze(g.input('a', [2, 3]), [1]), /Squeeze: axis 1 .* is not 1/],
    ['concat axis', (g) => g.concat([g.input('a', ['n', 2]), g.input('b', ['n', 2])], 0), /Concat\(axis 0\)/],
    ['split sizes', (g) => g.split(g.input('a', [2, 5]), [2, 2], 1), /do not fill axis 1/],
    ['axis range', (g) => g.softmax(g.input('a', [2, 3]), 2), /Softmax: axis 2 out of range/],
    ['int into float op', (g) => g.tanh(g.input('i', [2], 'int64')), /Tanh: expected a float64 tensor/],
    ['float indices', (g) => g.gather(g.input('a', [3, 2]), g.input('i', [2])), /indices must be int64/],
    ['rank 1 matmul', (g) => g.matmul(g.input('a', [3]), g.input('b', [3, 2])), /rank >= 2/],
    [
      'gemm C',
      (g) => g.gemm(g.input('a', [2, 3]), g.input('b', [3, 4]), g.input('c', [3])),
      /Gemm: cannot broadcast \[3\] with \[2, 4\]/,
    ],
    [
      'gemm C rank',
      (g) => g.gemm(g.input('a', [2, 3]), g.input('b', [3, 4]), g.input('c', [1, 2, 4])),
      /does not broadcast to \[2, 4\]/,
    ],
    ['duplicate name', (g) => [g.input('x', [1]), g.param('x', [1])], /'x' is already used/],
    ['param shape', (g) => g.param('w', ['n' as unknown as number]), /must be static/],
    ['other graph', (g) => g.add(g.input('a', [1]), g64().input('b', [1])), /belongs to another graph/],
  ])('rejects: %s', (_, build, message) => {
    expect(() => build(g64())).toThrow(message);
  });
});

const softmaxRows = (x: number[], rows: number, cols: number): number[] =>
  Array.from({ length: rows }, (_, r) => {
    const row = x.slice(r * cols, r * cols + cols);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }).flat();

describe.each(['float32', 'float64'] as const)('forward values in %s', (dtype) => {
  const run = async (outputs: Record<string, Tensor>, g: Graph, feeds: Record<string, Feed>) => {
    const r = await createRunner(compileGraph(g, { outputs }));
    const out = await r.run(feeds);
    await r.release();
    return Object.fromEntries(
      Object.entries(out).map(([k, v]) => [k, Array.from(v.data as ArrayLike<number>, Number)]),
    );
  };
  const arr = (xs: number[]) => (dtype === 'float32' ? Float32Array.from(xs) : Float64Array.from(xs));
  const tol = dtype === 'float32' ? 1e-6 : 1e-14;
  const close = (got: number[] | undefined, want: number[]) => {
    expect(got?.length).toBe(want.length);
    for (const [i, v] of (got ?? []).entries()) {
      expect(Math.abs(v - (want[i] ?? Number.NaN))).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(want[i] ?? 0)),
      );
    }
  };

  it('softmax/logSoftmax along axis 0 and -1, reduceMax, gemm with flags, concat, gather, where/equal/cast', async () => {
    const g = new Graph({ dtype });
    const xv = [0.5, -1, 2, 0.25, 3, -0.5];
    const x = g.input('x', [2, 3]);
    const idx = g.input('idx', [3], 'int64');
    const outputs = {
      smLast: g.softmax(x),
      smFirst: g.softmax(x, 0),
      lsm: g.logSoftmax(x),
      max: g.reduceMax(x, [1]),
      gemm: g.gemm(x, x, g.constant([1, 2], [2]), { transB: true, alpha: 0.5, beta: 2 }),
      cat: g.concat([x, g.neg(x)], 1),
      gat: g.gather(x, idx),
      mask: g.cast(g.equal(x, 2), dtype),
      sel: g.where(g.less(x, 0), g.abs(x), g.sign(x)),
      mean: g.reduceMean(g.input('b', ['batch', 2]), [0]),
    };
    const out = await run(outputs, g, {
      x: arr(xv),
      idx: BigInt64Array.from([1n, 0n, 1n]),
      b: arr([1, 2, 3, 4, 5, 6]),
    });
    close(out.smLast, softmaxRows(xv, 2, 3));
    const t = [0, 3, 1, 4, 2, 5].map((i) => xv[i] ?? 0); // xᵀ
    const smCols = softmaxRows(t, 3, 2);
    close(
      out.smFirst,
      [0, 2, 4, 1, 3, 5].map((i) => smCols[i] ?? 0),
    );
    close(out.lsm, softmaxRows(xv, 2, 3).map(Math.log));
    close(out.max, [2, 3]);
    const dot = (r: number, s: number) =>
      [0, 1, 2].reduce((a, k) => a + (xv[r * 3 + k] ?? 0) * (xv[s * 3 + k] ?? 0), 0);
    close(out.gemm, [0.5 * dot(0, 0) + 2, 0.5 * dot(0, 1) + 4, 0.5 * dot(1, 0) + 2, 0.5 * dot(1, 1) + 4]);
    close(out.cat, [0.5, -1, 2, -0.5, 1, -2, 0.25, 3, -0.5, -0.25, -3, 0.5]);
    close(out.gat, [0.25, 3, -0.5, 0.5, -1, 2, 0.25, 3, -0.5]);
    close(out.mask, [0, 0, 1, 0, 0, 0]);
    close(out.sel, [1, 1, 1, 1, 1, 0.5]);
    close(out.mean, [3, 4]);
  });
});
