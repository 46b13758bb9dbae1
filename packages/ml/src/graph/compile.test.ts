/** compileGraph (pruning, inputs, output names) and the runner (feeds, symbols, shape guard). */
import { describe, expect, it } from 'vitest';
import { gradients } from './autodiff.ts';
import { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import { createRunner, type RunOutput } from './runner.ts';

const nums = (o: RunOutput | undefined): number[] =>
  Array.from((o?.data ?? []) as ArrayLike<number | bigint>, Number);

function twoBranches() {
  const g = new Graph({ dtype: 'float32' });
  const x = g.input('x', ['batch', 3]);
  const w = g.param('w', [3, 2]);
  const other = g.input('other', [5]);
  const y = g.matmul(x, w);
  const z = g.exp(g.neg(other));
  return { g, x, w, other, y, z };
}

describe('compileGraph', () => {
  it('keeps only what the outputs need, feeds params as inputs, renames outputs', async () => {
    const { g, x, y } = twoBranches();
    const c = compileGraph(g, { outputs: { y, xCopy: x } });
    expect(c.inputs.map((i) => i.name)).toEqual(['x', 'w']);
    expect(c.inputs.map((i) => i.dims)).toEqual([
      ['batch', 3],
      [3, 2],
    ]);
    expect(c.outputs.map((o) => [o.name, o.type, o.dims])).toEqual([
      ['y', 'float32', ['batch', 2]],
      ['xCopy', 'float32', ['batch', 3]],
    ]);
    expect(c.nodeCount).toBe(3); // MatMul + two Identity renames
    const r = await createRunner(c);
    const out = await r.run({
      x: Float32Array.from([1, 2, 3, -1, 0, 1]),
      w: Float32Array.from([1, 0, 0, 1, 1, 1]),
    });
    await r.release();
    expect(out.y?.dims).toEqual([2, 2]);
    expect(nums(out.y)).toEqual([4, 5, 0, 1]);
    expect(nums(out.xCopy)).toEqual([1, 2, 3, -1, 0, 1]);
  });

  it('rejects an output name that is another tensor, and explicit inputs that miss one', () => {
    const { g, x, y, z } = twoBranches();
    expect(() => compileGraph(g, { outputs: { x: y } })).toThrow(/output name 'x' is already a tensor/);
    expect(() => compileGraph(g, { outputs: { y, z }, inputs: [x] })).toThrow(
      /also need inputs 'w'.*'other'/,
    );
  });
});

describe('createRunner', () => {
  it('infers a symbol from an array length, checks types, lengths and missing inputs', async () => {
    const { g, y } = twoBranches();
    const r = await createRunner(compileGraph(g, { outputs: { y } }));
    const w = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const out = await r.run({ x: new Float32Array(12), w, unusedFeed: new Float32Array(1) });
    expect(out.y?.dims).toEqual([4, 2]);
    const explicit = await r.run(
      { x: { data: new Float32Array(6), dims: [2, 3] }, w },
      { symbols: { batch: 2 } },
    );
    expect(explicit.y?.dims).toEqual([2, 2]);
    await expect(r.run({ x: new Float64Array(3), w })).rejects.toThrow(/'x' must be a float32 array/);
    await expect(r.run({ x: new Float32Array(4), w })).rejects.toThrow(/4 values, not a multiple of 3/);
    await expect(r.run({ x: new Float32Array(3) })).rejects.toThrow(/missing input 'w'/);
    await expect(r.run({ x: new Float32Array(3), w: new Float32Array(5) })).rejects.toThrow(
      /'w' needs 6 values/,
    );
    await expect(r.run({ x: new Float32Array(6), w }, { symbols: { batch: 3 } })).rejects.toThrow(
      /needs 9 values/,
    );
    await r.release();
  });

  it('flags an output whose run-time shape differs from the inferred one', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [2, 3]);
    // A deliberately wrong shape, bypassing the builder's inference.
    const [bad] = g.addNode('Identity', [x], [{ dtype: 'float64', shape: [3, 2] }]);
    if (!bad) throw new Error('no output');
    const r = await createRunner(compileGraph(g, { outputs: { bad } }));
    await expect(r.run({ x: new Float64Array(6) })).rejects.toThrow(
      /'bad' is \[2, 3\], the graph inferred \[3, 2\]/,
    );
    await r.release();
  });
});

describe('the index.ts example', () => {
  it('runs an in-graph SGD step whose result matches a closed-form gradient', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['batch', 3]);
    const w = g.param('w', [3, 2]);
    const b = g.param('b', [2]);
    const y = g.tanh(g.add(g.matmul(x, w), b));
    const loss = g.reduceMean(g.mul(y, y));
    const [dw, db] = gradients(g, loss, [w, b]);
    if (!dw || !db) throw new Error('no gradients');
    const next = g.sub(w, g.mul(dw, 0.01));
    const runner = await createRunner(compileGraph(g, { outputs: { loss, 'w.next': next, db } }));
    const xs = [0.5, -1, 2, 1.5, 0.25, -0.75];
    const ws = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6];
    const bs = [0.05, -0.1];
    const out = await runner.run({
      x: Float64Array.from(xs),
      w: Float64Array.from(ws),
      b: Float64Array.from(bs),
    });
    await runner.release();
    // L = mean(y²) over N = 2·2 elements; dL/dz = 2y(1 − y²)/N; dW = xᵀ·dz, db = Σ_rows dz.
    const N = 4;
    const dz: number[] = [];
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 2; j++) {
        const z =
          (bs[j] ?? 0) + [0, 1, 2].reduce((a, k) => a + (xs[r * 3 + k] ?? 0) * (ws[k * 2 + j] ?? 0), 0);
        const t = Math.tanh(z);
        dz.push((2 * t * (1 - t * t)) / N);
      }
    }
    const wantW = ws.map((v, i) => {
      const k = Math.floor(i / 2);
      const j = i % 2;
      return v - 0.01 * ((xs[k] ?? 0) * (dz[j] ?? 0) + (xs[3 + k] ?? 0) * (dz[2 + j] ?? 0));
    });
    nums(out['w.next']).forEach((v, i) => {
      expect(v).toBeCloseTo(wantW[i] ?? Number.NaN, 14);
    });
    nums(out.db).forEach((v, j) => {
      expect(v).toBeCloseTo((dz[j] ?? 0) + (dz[2 + j] ?? 0), 14);
    });
  });
});
