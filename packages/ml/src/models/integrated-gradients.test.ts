/**
 * Integrated gradients: exact on a linear model, complete (Σ IG = f(x) − f(x')) on MLP, LSTM,
 * Transformer and the two-input hybrid, equal to an independent finite-difference path integral
 * through the exported forward model, zero for an input the model ignores; quadrature rules;
 * the SignalExplanation shape.
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../graph/index.ts';
import type { BuildContext } from '../nn/context.ts';
import { Dense, Embedding } from '../nn/layers.ts';
import {
  exportModel,
  type Inputs,
  input,
  type Model,
  Model as ModelBase,
  type Outputs,
} from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import { HybridLstmMlp } from './hybrid.ts';
import { integratedGradients, quadrature, toSignalExplanation } from './integrated-gradients.ts';
import { LstmClassifier, LstmRegressor } from './lstm.ts';
import { Mlp } from './mlp.ts';
import { TransformerEncoderModel } from './transformer.ts';

class Linear extends ModelBase {
  readonly inputs = [{ name: 'x', shape: ['batch', 5] }];
  readonly dense = this.child(new Dense('lin', { inputSize: 5, units: 2 }));
  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.dense.apply(ctx, input(x, 'x')) };
  }
}

/** ids [batch, 2] (int64) embedded and summed, plus x [batch, 3] → tanh layer → pred. */
class WithIds extends ModelBase {
  readonly inputs = [
    { name: 'ids', shape: ['batch', 2], dtype: 'int64' as const },
    { name: 'x', shape: ['batch', 3] },
  ];
  readonly emb = this.child(
    new Embedding('emb', {
      vocab: 5,
      dim: 3,
      init: () =>
        Float32Array.from([0.9, -0.4, 0.3, -0.7, 0.5, 0.8, 0.2, -0.9, 0.6, -0.3, 0.7, -0.5, 0.4, 0.1, -0.8]),
    }),
  );
  readonly l1 = this.child(new Dense('l1', { inputSize: 3, units: 8, activation: 'tanh' }));
  readonly l2 = this.child(new Dense('l2', { inputSize: 8, units: 1 }));
  forward(ctx: BuildContext, x: Inputs): Outputs {
    const e = ctx.g.reduceSum(this.emb.apply(ctx, input(x, 'ids')), [1]);
    return { pred: this.l2.apply(ctx, this.l1.apply(ctx, ctx.g.add(e, input(x, 'x')))) };
  }
}

const sample = (n: number, seed: number, scale = 1) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => scale * rng.normal());
};

/** Weights scaled by `s` (more curvature along the path than the small initial weights give). */
function scaled(model: Model, seed: number, s: number): ParamStore {
  const p = ParamStore.init(model.params, seed);
  return new ParamStore(p.entries.map((e) => ({ ...e, values: e.values.map((v) => v * s) })));
}

describe('quadrature', () => {
  it('Gauss–Legendre integrates α^k exactly up to k = 2m − 1; trapezoid weights sum to 1', () => {
    for (const m of [1, 2, 5, 16, 33]) {
      const { alphas, weights } = quadrature('gauss-legendre', m);
      expect(alphas).toHaveLength(m);
      for (let k = 0; k <= 2 * m - 1; k++) {
        const integral = alphas.reduce((a, x, i) => a + (weights[i] ?? 0) * x ** k, 0);
        expect(Math.abs(integral - 1 / (k + 1))).toBeLessThan(1e-14);
      }
      for (let i = 1; i < m; i++) expect(alphas[i] ?? 0).toBeGreaterThan(alphas[i - 1] ?? 1);
    }
    const t = quadrature('trapezoid', 4);
    expect(Array.from(t.alphas)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(t.weights)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });
});

describe('integrated gradients', () => {
  it('a linear model: IG = (x − x′)·w exactly, for any rule and step count', async () => {
    const model = new Linear('linear');
    const params = ParamStore.init(model.params, 3);
    const w = params.get('lin.kernel').values; // [5, 2]
    const x = sample(5, 1);
    const base = sample(5, 2);
    for (const rule of ['trapezoid', 'gauss-legendre'] as const) {
      for (const steps of [1, 7]) {
        const r = await integratedGradients(
          model,
          params,
          { x },
          { output: 'pred', index: 1, rule, steps, baseline: { x: base } },
        );
        const attr = r.attributions.x ?? new Float64Array(0);
        for (let j = 0; j < 5; j++) {
          const want = ((x[j] ?? 0) - (base[j] ?? 0)) * (w[2 * j + 1] ?? 0);
          expect(Math.abs((attr[j] ?? 0) - want)).toBeLessThan(1e-14);
        }
        expect(r.completenessGap).toBeLessThan(1e-14);
      }
    }
  });

  it('MLP: complete to 1e-9 and equal to a finite-difference path integral of the exported model', async () => {
    const model = new Mlp({ inputs: 6, hidden: [16, 16], outputs: 1, activation: 'tanh' });
    const params = scaled(model, 5, 2);
    const x = sample(6, 11);
    const r = await integratedGradients(model, params, { x }, { output: 'pred', steps: 32 });
    const delta = r.output - r.baseline;
    expect(Math.abs(delta)).toBeGreaterThan(0.1);
    expect(r.completenessGap).toBeLessThan(1e-9 * Math.abs(delta));

    // Independent reference: float64 forward only; ∂f/∂xⱼ by central differences (h = 1e-5) at
    // 401 points on the straight path, Simpson's rule in α.
    const served = await createRunner(exportModel(model, params, { dtype: 'float64' }));
    const N = 400;
    const h = 1e-5;
    const rows = new Float64Array((N + 1) * 6 * 2 * 6);
    let k = 0;
    for (let i = 0; i <= N; i++) {
      for (let j = 0; j < 6; j++) {
        for (const sgn of [1, -1]) {
          for (let c = 0; c < 6; c++) rows[k * 6 + c] = (i / N) * (x[c] ?? 0) + (c === j ? sgn * h : 0);
          k++;
        }
      }
    }
    const f = (await served.run({ x: rows })).pred?.data as Float64Array;
    await served.release();
    for (let j = 0; j < 6; j++) {
      let integral = 0;
      for (let i = 0; i <= N; i++) {
        const at = (i * 6 + j) * 2;
        const grad = ((f[at] ?? 0) - (f[at + 1] ?? 0)) / (2 * h);
        const wgt = i === 0 || i === N ? 1 : i % 2 === 1 ? 4 : 2;
        integral += (wgt * grad) / (3 * N);
      }
      expect(Math.abs((x[j] ?? 0) * integral - (r.attributions.x?.[j] ?? 0))).toBeLessThan(1e-7);
    }
  });

  it('LSTM (classifier logit), Transformer and hybrid: complete within 1e-6 relative', async () => {
    const cases: { model: Model; output: string; index?: number }[] = [
      {
        model: new LstmClassifier({ steps: 12, features: 5, hidden: 16, classes: 4 }),
        output: 'logits',
        index: 2,
      },
      {
        model: new LstmRegressor({ steps: 12, features: 5, hidden: 16, outputs: 1, layers: 2 }),
        output: 'pred',
      },
      {
        model: new TransformerEncoderModel({
          steps: 10,
          features: 4,
          dModel: 16,
          heads: 4,
          blocks: 2,
          outputs: 1,
        }),
        output: 'pred',
      },
      {
        model: new HybridLstmMlp({ steps: 8, seqFeatures: 3, staticFeatures: 4, hidden: 12, outputs: 1 }),
        output: 'pred',
      },
    ];
    for (const [i, c] of cases.entries()) {
      const params = scaled(c.model, 20 + i, 1.5);
      const x: Record<string, Float64Array> = {};
      for (const s of c.model.inputs)
        x[s.name] = sample(
          s.shape.slice(1).reduce<number>((a, d) => a * Number(d), 1),
          30 + i,
        );
      // 32 Gauss–Legendre nodes, refined ×4 while the gap is above 1e-7 relative (the
      // Transformer's LayerNorm makes the integrand sharp near the zero baseline: see the header).
      const r = await integratedGradients(c.model, params, x, {
        output: c.output,
        index: c.index,
        steps: 32,
        relativeGap: 1e-7,
      });
      const delta = r.output - r.baseline;
      expect(Math.abs(delta), c.model.name).toBeGreaterThan(1e-3);
      expect(r.completenessGap / Math.abs(delta), c.model.name).toBeLessThan(1e-6);
      // Smooth recurrent nets need no refinement; the LayerNorm'd Transformer does.
      if (c.model.name === 'transformer') expect(r.steps).toBeGreaterThan(32);
      else expect(r.steps, c.model.name).toBe(32);
      // Sequence inputs: per-feature = per-step attributions summed over time.
      for (const s of c.model.inputs) {
        const F = Number(s.shape.at(-1));
        const full = r.attributions[s.name] ?? new Float64Array(0);
        const pf = r.perFeature[s.name] ?? new Float64Array(0);
        expect(pf).toHaveLength(F);
        for (let f = 0; f < F; f++) {
          const sum = full.filter((_, j) => j % F === f).reduce((a, v) => a + v, 0);
          expect(Math.abs(sum - (pf[f] ?? 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('trapezoid converges as O(1/m²): 4× the steps, ~16× smaller gap', async () => {
    const model = new Mlp({ inputs: 4, hidden: [12], outputs: 1, activation: 'tanh' });
    const params = scaled(model, 8, 2);
    const x = { x: sample(4, 9) };
    const a = await integratedGradients(model, params, x, { output: 'pred', rule: 'trapezoid', steps: 8 });
    const b = await integratedGradients(model, params, x, { output: 'pred', rule: 'trapezoid', steps: 32 });
    expect(a.completenessGap).toBeGreaterThan(1e-6);
    const ratio = a.completenessGap / b.completenessGap;
    expect(ratio).toBeGreaterThan(10);
    expect(ratio).toBeLessThan(25);
  });

  it('a feature the model ignores gets 0; with wrt = static only, Σ IG = f(x) − f(seq, static′)', async () => {
    const model = new LstmRegressor({ steps: 6, features: 3, hidden: 8, outputs: 1 });
    const p = scaled(model, 4, 1.5);
    const kernel = p.get('lstm-regressor.lstm0.kernel').values; // [3, 32]: zero feature 1's row
    kernel.fill(0, 32, 64);
    const r = await integratedGradients(model, p, { x: sample(18, 5) }, { output: 'pred' });
    expect(r.perFeature.x?.[1]).toBe(0);
    expect(Math.abs(r.perFeature.x?.[0] ?? 0)).toBeGreaterThan(1e-3);

    const hybrid = new HybridLstmMlp({ steps: 5, seqFeatures: 2, staticFeatures: 3, hidden: 6, outputs: 1 });
    const hp = scaled(hybrid, 6, 1.5);
    const x = { seq: sample(10, 7), static: sample(3, 8) };
    const r2 = await integratedGradients(hybrid, hp, x, { output: 'pred', wrt: ['static'] });
    expect(Object.keys(r2.attributions)).toEqual(['static']);
    const full = await integratedGradients(hybrid, hp, x, { output: 'pred' });
    expect(r2.output).toBeCloseTo(full.output, 12);
    // The baseline row holds seq at x and static at 0.
    const served = await createRunner(exportModel(hybrid, hp, { dtype: 'float64' }));
    const f0 = (await served.run({ seq: x.seq, static: new Float64Array(3) })).pred?.data[0];
    await served.release();
    expect(r2.baseline).toBeCloseTo(Number(f0), 12);
    expect(r2.completenessGap).toBeLessThan(1e-9);
  });

  it('int64 inputs are held at the sample on every row: only float inputs are attributed', async () => {
    const model = new WithIds('with-ids');
    const params = scaled(model, 3, 2);
    const x = sample(3, 4);
    const a = await integratedGradients(
      model,
      params,
      { ids: BigInt64Array.from([1n, 3n]), x },
      { output: 'pred' },
    );
    const b = await integratedGradients(
      model,
      params,
      { ids: BigInt64Array.from([0n, 4n]), x },
      { output: 'pred' },
    );
    expect(Object.keys(a.attributions)).toEqual(['x']);
    for (const r of [a, b]) expect(r.completenessGap).toBeLessThan(1e-9 * Math.abs(r.output - r.baseline));
    // Other ids, other baseline value f(ids, 0): the ids were fed to the baseline row too.
    expect(Math.abs(a.baseline - b.baseline)).toBeGreaterThan(1e-3);
  });

  it('toSignalExplanation: named features, last-step values, baseline + Σ contributions = output', async () => {
    const model = new LstmRegressor({
      steps: 4,
      features: 3,
      hidden: 6,
      outputs: 1,
      featureNames: ['ret', 'iv', 'volume'],
    });
    const params = scaled(model, 2, 1);
    const x = sample(12, 3);
    const r = await integratedGradients(model, params, { x }, { output: 'pred' });
    const ref = {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'lstm',
      version: 1,
      kind: 'ONNX' as const,
      sha256: 'a'.repeat(64),
    };
    const e = toSignalExplanation(r, { model: ref, featureNames: { x: model.featureNames } });
    expect(e.method).toBe('integrated-gradients');
    expect(e.attributions.map((a) => a.feature)).toEqual(['ret', 'iv', 'volume']);
    expect(e.attributions.map((a) => a.value)).toEqual([x[9], x[10], x[11]]);
    const total = e.baseline + e.attributions.reduce((a, b) => a + b.contribution, 0);
    expect(Math.abs(total - e.output)).toBeLessThan(1e-9);
    expect(() => toSignalExplanation(r, { model: ref, featureNames: { x: ['a', 'b'] } })).toThrow(
      /3 feature names/,
    );
  });
});
