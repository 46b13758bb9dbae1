/** Autodiff behaviour beyond per-op correctness: path pruning, stopGradient, errors, extension. */
import { describe, expect, it } from 'vitest';
import { gradients } from './autodiff.ts';
import { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import { checkGradients } from './gradcheck.ts';
import { registerGradient } from './gradients/index.ts';
import { createRunner, type Feed, type RunOutput } from './runner.ts';
import { createRng, uniform } from './test-utils.ts';

const nums = (o: RunOutput | undefined): number[] =>
  Array.from((o?.data ?? []) as ArrayLike<number | bigint>, Number);

async function evaluate(
  g: Graph,
  outputs: Parameters<typeof compileGraph>[1]['outputs'],
  feeds: Record<string, Feed>,
) {
  const r = await createRunner(compileGraph(g, { outputs }));
  const out = await r.run(feeds);
  await r.release();
  return out;
}

describe('gradients', () => {
  it('stopGradient blocks the path: d/dx Σ x ⊙ stop(x) = x, not 2x', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [4]);
    const [dx] = gradients(g, g.reduceSum(g.mul(x, g.stopGradient(x))), [x]);
    if (!dx) throw new Error('no gradient');
    const xv = Float64Array.from([0.5, -1, 2, 3]);
    const out = await evaluate(g, { dx }, { x: xv });
    expect(nums(out.dx)).toEqual(Array.from(xv));
  });

  it('an op without a gradient on the path is an error naming it; stopGradient around it works', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [2, 3]);
    const lse = (m: ReturnType<Graph['reduceMax']>) => g.reduceSum(g.exp(g.sub(x, g.unsqueeze(m, [1]))));
    expect(() => gradients(g, lse(g.reduceMax(x, [1])), [x])).toThrow(
      /no gradient registered for op 'ReduceMax'.*stopGradient/,
    );
    // Σ exp(x − stop(max x)): gradient exp(x − max) per row (closed form).
    const [dx] = gradients(g, lse(g.stopGradient(g.reduceMax(x, [1]))), [x]);
    if (!dx) throw new Error('no gradient');
    const xv = [0.5, -1, 2, 0.25, 3, -0.5];
    const out = await evaluate(g, { dx }, { x: Float64Array.from(xv) });
    const want = xv.map((v, i) => Math.exp(v - (i < 3 ? 2 : 3)));
    for (const [i, v] of nums(out.dx).entries()) expect(v).toBeCloseTo(want[i] ?? Number.NaN, 14);
  });

  it('branches off the path cost nothing, and a wrt the loss ignores is an error unless allowUnused', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [3]);
    const unused = g.param('unused', [2, 2]);
    const side = g.exp(g.reduceMax(g.mul(x, unused.shape.length))); // never reaches the loss
    const loss = g.reduceSum(g.mul(x, x));
    const before = g.nodes.length;
    expect(() => gradients(g, loss, [x, unused])).toThrow(/does not depend on 'unused'/);
    const [dx, du] = gradients(g, loss, [x, unused], { allowUnused: true });
    expect(g.nodes.slice(before).some((n) => n.inputs.includes(side))).toBe(false);
    const out = await evaluate(g, { dx: dx ?? x, du: du ?? x }, { x: Float64Array.from([1, 2, 3]) });
    expect(nums(out.dx)).toEqual([2, 4, 6]);
    expect(out.du?.dims).toEqual([2, 2]);
    expect(nums(out.du)).toEqual([0, 0, 0, 0]);
  });

  it('rejects a non-scalar loss and non-float wrt tensors', () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [3]);
    const i = g.input('i', [3], 'int64');
    expect(() => gradients(g, g.exp(x), [x])).toThrow(/loss must be a float scalar/);
    expect(() => gradients(g, g.reduceSum(x), [i])).toThrow(/not float/);
  });

  it('d loss / d loss is 1, and a loss of shape [1] is accepted', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [1]);
    const loss = g.mul(x, 3);
    const [dl, dx] = gradients(g, loss, [loss, x]);
    const out = await evaluate(g, { dl: dl ?? x, dx: dx ?? x }, { x: Float64Array.from([2]) });
    expect(nums(out.dl)).toEqual([1]);
    expect(nums(out.dx)).toEqual([3]);
  });

  it('registerGradient extends autodiff to another ONNX op (Reciprocal)', async () => {
    // (Softplus would be the obvious example, but onnxruntime's CPU EP has no float64 kernel for it.)
    registerGradient('Reciprocal', ({ g, node, dy }) => {
      const [y] = node.outputs;
      const [d] = dy;
      if (!y || !d) throw new Error('Reciprocal gradient');
      return [g.neg(g.mul(d, g.mul(y, y)))]; // d(1/x) = −1/x² = −y²
    });
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [2, 3]);
    const [y] = g.addNode('Reciprocal', [x], [{ dtype: 'float64', shape: x.shape }]);
    if (!y) throw new Error('Reciprocal');
    const rng = createRng(3);
    const res = await checkGradients(g, g.reduceSum(g.mul(y, g.tanh(x))), [x], {
      x: uniform(rng, 6, 0.5, 2),
    });
    expect(res.maxError).toBeLessThan(1e-6);
  });
});
