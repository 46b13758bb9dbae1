/**
 * The served graph and input gradients:
 *  - exportModel is self-contained (its only inputs are the model's) and computes what the
 *    training-family graph with fed weights computes (dropout off);
 *  - compileInputGradients matches finite differences of the exported model per row, rows are
 *    independent, and integrated gradients built on it satisfy completeness
 *    (Σ attributions = f(x) − f(baseline), error O(1/steps²));
 *  - second order: a loss on d pred / d x (differential training: price and Greeks) has weight
 *    gradients equal to finite differences (float64, relative error < 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { checkGradients, createRunner, Graph, gradients, type Tensor } from '../graph/index.ts';
import { createRng, uniform } from '../graph/test-utils.ts';
import { randomWeights, relErr, runOnce, values } from '../testing/helpers.ts';
import { LstmModel, MlpModel, TransformerModel } from '../testing/models.ts';
import { buildModel, compileInputGradients, exportModel, input, type Model } from './model.ts';
import { ParamStore } from './params.ts';

const f32 = (a: Float64Array) => Float32Array.from(a);

describe('exportModel', () => {
  it('is self-contained and equals the fed-weights forward (Transformer with dropout and key mask)', async () => {
    const model = new TransformerModel({
      steps: 5,
      dModel: 8,
      heads: 2,
      dff: 16,
      outputs: 3,
      keyMask: true,
      dropout: 0.3,
    });
    const params = ParamStore.init(model.params, 41);
    const compiled = exportModel(model, params);
    expect(compiled.inputs.map((i) => i.name)).toEqual(['x', 'mask']);
    expect(compiled.outputs.map((o) => [o.name, o.dims])).toEqual([['pred', ['batch', 3]]]);
    const rng = createRng(42);
    const x = f32(uniform(rng, 4 * 5 * 8, -2, 2));
    const mask = Float32Array.from({ length: 20 }, (_, i) => (i % 5 < 4 || i < 5 ? 1 : 0));
    const runner = await createRunner(compiled);
    const served = (await runner.run({ x, mask })).pred?.data as Float32Array;
    await runner.release();

    const g = new Graph({ dtype: 'float32' });
    const built = buildModel(g, model, { training: false, weights: 'fed' });
    const feeds: Record<string, Float32Array> = { x, mask };
    for (const e of params.entries) feeds[e.name] = e.values;
    const fed = values(await runOnce(g, { out: built.outputs.pred ?? g.scalar(0) }, feeds), 'out');
    expect(relErr(served, fed)).toBeLessThan(1e-6);
  });

  it('is deterministic: the same weights (also via bytes) give the same ONNX bytes', () => {
    const model = new MlpModel({ inputs: 3, hidden: 4, outputs: 1 });
    const params = ParamStore.init(model.params, 1);
    const a = exportModel(model, params).bytes;
    const b = exportModel(model, ParamStore.fromBytes(params.toBytes())).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(() => exportModel(model, params, { outputs: ['nope'] })).toThrow(/no output 'nope'/);
  });
});

describe('compileInputGradients', () => {
  const model = new LstmModel({ steps: 3, features: 2, hidden: 4, outputs: 2 });
  const params = ParamStore.init(model.params, 43);

  it('row b holds d pred[b, index] / d x[b] (finite differences of the served model), rows independent', async () => {
    const B = 3;
    const rng = createRng(44);
    const x = uniform(rng, B * 6, -1, 1);
    const grads = await createRunner(
      compileInputGradients(model, params, { output: 'pred', index: 1, dtype: 'float64' }),
    );
    const served = await createRunner(exportModel(model, params, { dtype: 'float64' }));
    const out = await grads.run({ x });
    const g = out['grad.x']?.data as Float64Array;
    const value = out.value?.data as Float64Array;
    const base = (await served.run({ x })).pred?.data as Float64Array;
    expect(Array.from(value)).toEqual([base[1], base[3], base[5]]);
    const h = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[i] = (xp[i] ?? 0) + h;
      xm[i] = (xm[i] ?? 0) - h;
      const up = (await served.run({ x: xp })).pred?.data as Float64Array;
      const down = (await served.run({ x: xm })).pred?.data as Float64Array;
      const row = Math.floor(i / 6);
      // Column 1 of the perturbed row only; other rows' outputs must not move at all.
      const numeric = ((up[row * 2 + 1] ?? 0) - (down[row * 2 + 1] ?? 0)) / (2 * h);
      expect(Math.abs((g[i] ?? 0) - numeric)).toBeLessThan(1e-8);
      for (let r = 0; r < B; r++) if (r !== row) expect(up[r * 2 + 1]).toBe(base[r * 2 + 1]);
    }
    // The same row alone gives the same gradient.
    const alone = (await grads.run({ x: x.subarray(6, 12) }))['grad.x']?.data as Float64Array;
    expect(relErr(alone, g.subarray(6, 12))).toBeLessThan(1e-14);
    await grads.release();
    await served.release();
  });

  it('integrated gradients from it are complete: Σ attributions = f(x) − f(0) (200 midpoint steps)', async () => {
    const mlp = new MlpModel({ inputs: 4, hidden: 8, outputs: 1 });
    const p = ParamStore.init(mlp.params, 45);
    const steps = 200;
    const x = Float64Array.of(1.5, -0.7, 0.3, 2.0);
    const batch = new Float64Array(steps * 4);
    for (let s = 0; s < steps; s++)
      for (let j = 0; j < 4; j++) batch[s * 4 + j] = ((s + 0.5) / steps) * (x[j] ?? 0);
    const runner = await createRunner(compileInputGradients(mlp, p, { output: 'pred', dtype: 'float64' }));
    const out = await runner.run({ x: batch });
    const grad = out['grad.x']?.data as Float64Array;
    const attributions = Array.from(x, (xj, j) => {
      let s = 0;
      for (let k = 0; k < steps; k++) s += grad[k * 4 + j] ?? 0;
      return (xj * s) / steps;
    });
    const ends = await runner.run({ x: Float64Array.from([...x, 0, 0, 0, 0]) });
    const [fx = 0, f0 = 0] = values(ends, 'value');
    const total = attributions.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - (fx - f0))).toBeLessThan(1e-4 * Math.max(1e-3, Math.abs(fx - f0)));
    await runner.release();
  });
});

describe('second-order gradients (a loss on input derivatives)', () => {
  const models: [string, Model, number][] = [
    ['MLP tanh', new MlpModel({ inputs: 3, hidden: 5, outputs: 1 }), 4 * 3],
    ['MLP relu', new MlpModel({ inputs: 3, hidden: 5, outputs: 1, activation: 'relu' }), 4 * 3],
    ['LSTM', new LstmModel({ steps: 3, features: 2, hidden: 3, outputs: 1 }), 4 * 6],
    ['Transformer', new TransformerModel({ steps: 3, dModel: 4, heads: 2, dff: 6, outputs: 1 }), 4 * 12],
  ];
  it.each(models)(
    '%s: d/dw of mean(pred²) + mean((d pred/d x)²) = finite differences',
    async (_, model, n) => {
      const g = new Graph({ dtype: 'float64' });
      const b = buildModel(g, model, { training: false, weights: 'fed' });
      const x = input(b.inputs, 'x');
      const pred = input(b.outputs, 'pred');
      const [dx] = gradients(g, g.reduceSum(pred), [x]) as [Tensor];
      const loss = g.add(g.reduceMean(g.mul(pred, pred)), g.reduceMean(g.mul(dx, dx)));
      const rng = createRng(46);
      const feeds = { x: uniform(rng, n, -1.5, 1.5), ...randomWeights(model.params, rng, 0.7) };
      const r = await checkGradients(g, loss, [...b.ctx.weights.values()], feeds, { maxPerTensor: 40 });
      expect(r.maxError).toBeLessThan(1e-6);
    },
  );
});
