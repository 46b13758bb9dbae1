/**
 * The in-graph optimizer against a plain-JS Adam/AdamW written from the textbook update (PyTorch's
 * Adam with L2 weight decay, AdamW with decoupled decay, global-norm clipping), on a linear model
 * whose MSE gradient is known in closed form: ∂L/∂W = XᵀE/N, ∂L/∂b = Σ_rows E/N with E = XW + b − Y
 * and L = mean(E²) over N×2 elements. Three steps in a float64 graph (with a different learning
 * rate each) must match to float64 precision: weights, m, v, loss and ‖g‖, normwise relative
 * error < 1e-13.
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { uniform } from '../graph/test-utils.ts';
import type { BuildContext } from '../nn/context.ts';
import { Dense } from '../nn/layers.ts';
import { mse } from '../nn/losses.ts';
import { type Inputs, input, Model, type Outputs } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import { relErr } from '../testing/helpers.ts';
import type { OptimizerConfig } from './optimizer.ts';
import { Trainer } from './trainer.ts';

const [N, I, O] = [6, 3, 2];

class Linear extends Model {
  readonly inputs = [{ name: 'x', shape: ['batch', I] }];
  private readonly lin = this.child(new Dense('lin', { inputSize: I, units: O }));
  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.lin.apply(ctx, input(x, 'x')) };
  }
}

const lossSpec = {
  targets: [{ name: 'y', shape: ['batch', O] }],
  build: (g: Parameters<typeof mse>[0], out: Outputs, t: Inputs) => mse(g, input(out, 'pred'), input(t, 'y')),
};

/** Weights flat as [W (I×O, decayed), b (O, not decayed)]; returns loss and gradient. */
function lossAndGrad(
  w: Float64Array,
  x: Float64Array,
  y: Float64Array,
): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(w.length);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let e = (w[I * O + o] ?? 0) - (y[n * O + o] ?? 0);
      for (let i = 0; i < I; i++) e += (x[n * I + i] ?? 0) * (w[i * O + o] ?? 0);
      loss += (e * e) / (N * O);
      for (let i = 0; i < I; i++)
        grad[i * O + o] = (grad[i * O + o] ?? 0) + ((x[n * I + i] ?? 0) * e * 2) / (N * O);
      grad[I * O + o] = (grad[I * O + o] ?? 0) + (2 * e) / (N * O);
    }
  }
  return { loss, grad };
}

interface JsState {
  w: Float64Array;
  m: Float64Array;
  v: Float64Array;
}

function jsStep(
  s: JsState,
  grad: Float64Array,
  cfg: Required<Omit<OptimizerConfig, 'clipNorm'>> & { clipNorm?: number },
  t: number,
  lr: number,
) {
  const decay = (k: number): number => (k < I * O ? cfg.weightDecay : 0);
  const norm = Math.sqrt(grad.reduce((a, v) => a + v * v, 0));
  const scale = cfg.clipNorm !== undefined && norm > cfg.clipNorm ? cfg.clipNorm / norm : 1;
  for (let k = 0; k < s.w.length; k++) {
    const wk = s.w[k] ?? 0;
    let gk = (grad[k] ?? 0) * scale;
    if (cfg.kind === 'adam') gk += decay(k) * wk;
    s.m[k] = cfg.beta1 * (s.m[k] ?? 0) + (1 - cfg.beta1) * gk;
    s.v[k] = cfg.beta2 * (s.v[k] ?? 0) + (1 - cfg.beta2) * gk * gk;
    const mHat = (s.m[k] ?? 0) / (1 - cfg.beta1 ** t);
    const vHat = (s.v[k] ?? 0) / (1 - cfg.beta2 ** t);
    const wdTerm = cfg.kind === 'adamw' ? decay(k) * wk : 0;
    s.w[k] = wk - lr * (mHat / (Math.sqrt(vHat) + cfg.eps) + wdTerm);
  }
  return norm;
}

const cases: { label: string; cfg: OptimizerConfig; clipActive?: boolean }[] = [
  { label: 'Adam', cfg: { kind: 'adam', lr: 0.01 } },
  {
    label: 'Adam + L2 + clipping (active)',
    cfg: { kind: 'adam', lr: 0.01, weightDecay: 0.1, clipNorm: 0.05 },
    clipActive: true,
  },
  { label: 'AdamW (clip inactive)', cfg: { kind: 'adamw', lr: 0.01, weightDecay: 0.1, clipNorm: 1e3 } },
  {
    label: 'AdamW + clipping, custom betas and eps',
    cfg: { kind: 'adamw', lr: 0.01, weightDecay: 0.05, clipNorm: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-3 },
    clipActive: true,
  },
];

describe('Adam/AdamW step graph = plain-JS update (float64)', () => {
  it.each(cases)('$label', async ({ cfg, clipActive }) => {
    const rng = createRng(51);
    const x = uniform(rng, N * I, -2, 2);
    const y = uniform(rng, N * O, -2, 2);
    const model = new Linear();
    const init = ParamStore.init(model.params, 52);
    // Non-zero biases, so the decay mask (bias excluded) matters.
    init.get('lin.bias').values.set([0.3, -0.4]);
    const trainer = await Trainer.create({ model, loss: lossSpec, optimizer: cfg, dtype: 'float64' }, init);
    const full = {
      kind: cfg.kind,
      lr: cfg.lr,
      beta1: cfg.beta1 ?? 0.9,
      beta2: cfg.beta2 ?? 0.999,
      eps: cfg.eps ?? 1e-8,
      weightDecay: cfg.weightDecay ?? 0,
      clipNorm: cfg.clipNorm,
    };
    const s: JsState = {
      w: Float64Array.from([...init.get('lin.kernel').values, ...init.get('lin.bias').values]),
      m: new Float64Array(I * O + O),
      v: new Float64Array(I * O + O),
    };
    const order = Uint32Array.from({ length: N }, (_, i) => i);
    const data = { size: N, columns: { x, y } };
    for (const [step, lr] of [0.01, 0.005, 0.02].entries()) {
      const { loss, grad } = lossAndGrad(s.w, x, y);
      const norm = jsStep(s, grad, full, step + 1, lr);
      if (clipActive) expect(norm).toBeGreaterThan(cfg.clipNorm ?? Number.POSITIVE_INFINITY);
      const r = await trainer.trainBatch(data, order, 0, N, lr);
      const st = trainer.snapshot();
      expect(st.step).toBe(step + 1);
      expect(Math.abs(r.loss - loss) / loss).toBeLessThan(1e-13);
      expect(Math.abs(r.gradNorm - norm) / norm).toBeLessThan(1e-13);
      expect(relErr(st.weights, s.w)).toBeLessThan(1e-13);
      expect(relErr(st.m, s.m)).toBeLessThan(1e-13);
      expect(relErr(st.v, s.v)).toBeLessThan(1e-13);
    }
    await trainer.release();
  });

  it('rejects invalid settings', async () => {
    const model = new Linear();
    const init = ParamStore.init(model.params, 1);
    await expect(
      Trainer.create({ model, loss: lossSpec, optimizer: { kind: 'adam', lr: -1 } }, init),
    ).rejects.toThrow(/invalid/);
    await expect(
      Trainer.create({ model, loss: lossSpec, optimizer: { kind: 'adam', lr: 0.1, beta2: 1 } }, init),
    ).rejects.toThrow(/invalid/);
  });
});
