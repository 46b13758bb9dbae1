/**
 * MultiTaskOptionNet: a European call's Black–Scholes price and Greeks from (S/K, T, σ, r), one
 * shared trunk and one head per quantity — a fast surrogate pricer and a test that the training
 * stack learns a known function.
 *
 * Units (strike-normalised: BS is homogeneous, C(S, K) = K·c(S/K) with c the price at K = 1):
 *   price = C/K,  delta = ∂C/∂S = ∂c/∂m,  gamma = K·∂²C/∂S²,  vega = (∂C/∂σ)/K (per 1.00 vol).
 * Input `x` [batch, 4], each mapped linearly onto [−1, 1] over OPTION_NET_DOMAIN:
 *   x₀ = (m − 1)/0.3,  x₁ ∝ √T (√T spreads the short maturities, where the price bends most),
 *   x₂ ∝ σ,  x₃ ∝ r.  Dividend yield 0; calls only (puts by parity: P = C − S + K·e^{−rT}).
 * Trunk input (default 'moneyness-scaled'): x plus two features computed in the graph from x,
 * tanh(k/2) with k = ln(m)/(σ√T) (log-moneyness in standard deviations, bounded so the deep
 * ITM/OTM corners are not extrapolation) and σ√T/0.3 — the coordinates in which the price is
 * smooth at short maturities; 'raw' feeds x alone (documented figures in option-net-train.ts).
 * Trunk: Dense(width, silu) × depth (smooth, so second derivatives exist for differential
 * training). Heads: price (linear), delta (sigmoid: a call's delta is in (0, 1)), and optional
 * gamma and vega (linear).
 *
 * Loss (optionNetLoss): Σ wₖ·MSE(headₖ, truthₖ), plus with `differential` the Huge–Savine term
 * w·MSE(∂price/∂m, delta) where ∂price/∂m = (∂price/∂x₀)/0.3 (x₀ also feeds k) is taken by autodiff through the
 * network in the training graph — the price head's own slope is fitted to the true delta, so the
 * price surface and the delta head agree (the held-out gap is reported as `consistencyMax`).
 */
import { greeksEuropean } from '@zomma/engine';
import { createRng } from '@zomma/engine/rng';
import { gradients, type Tensor } from '../graph/index.ts';
import type { BuildContext } from '../nn/context.ts';
import { type Activation, Dense } from '../nn/layers.ts';
import { mse, weightedSum } from '../nn/losses.ts';
import { type InputSpec, type Inputs, input, type Outputs } from '../nn/model.ts';
import type { Dataset, LossSpec } from '../train/index.ts';
import { type Architecture, applyStack, denseStack, ZooModel } from './base.ts';

/** The box the net is trained on (and claims accuracy for). */
export const OPTION_NET_DOMAIN = {
  moneyness: [0.7, 1.3],
  tYears: [0.05, 1],
  vol: [0.1, 0.6],
  rate: [0, 0.08],
} as const;

export const OPTION_NET_FEATURES = ['moneyness', 'sqrtT', 'vol', 'rate'] as const;

/** ∂x₀/∂m: delta = (∂price/∂x₀)·DX0_DM. */
export const DX0_DM = 2 / (OPTION_NET_DOMAIN.moneyness[1] - OPTION_NET_DOMAIN.moneyness[0]);

export interface OptionPoint {
  /** S/K. */
  moneyness: number;
  tYears: number;
  vol: number;
  rate: number;
}

const unit = (v: number, [lo, hi]: readonly [number, number]): number => (2 * (v - lo)) / (hi - lo) - 1;
const SQRT_T: readonly [number, number] = [
  Math.sqrt(OPTION_NET_DOMAIN.tYears[0]),
  Math.sqrt(OPTION_NET_DOMAIN.tYears[1]),
];

/** The normalised input row of one point (written at row `row` of `out`). */
export function optionNetInput(p: OptionPoint, out: Float32Array | Float64Array, row = 0): void {
  const o = 4 * row;
  out[o] = unit(p.moneyness, OPTION_NET_DOMAIN.moneyness);
  out[o + 1] = unit(Math.sqrt(p.tYears), SQRT_T);
  out[o + 2] = unit(p.vol, OPTION_NET_DOMAIN.vol);
  out[o + 3] = unit(p.rate, OPTION_NET_DOMAIN.rate);
}

export interface OptionTruth {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
}

/** Black–Scholes truth in the net's units, from the engine (K = 1, no dividends). */
export function optionTruth(p: OptionPoint): OptionTruth {
  const r = greeksEuropean({
    right: 'call',
    spot: p.moneyness,
    strike: 1,
    tYears: p.tYears,
    rate: p.rate,
    dividendYield: 0,
    vol: p.vol,
  });
  return { price: r.price, delta: r.delta, gamma: r.gamma, vega: r.vega };
}

export interface OptionNetConfig {
  /** Trunk widths (default [64, 64, 64]). */
  hidden?: readonly number[];
  /** Trunk activation (default 'silu'; keep it smooth for differential training). */
  activation?: Activation;
  gamma?: boolean;
  vega?: boolean;
  /**
   * 'moneyness-scaled' (default): the trunk also sees k = ln(m)/(σ√T) (log-moneyness in standard
   * deviations) and σ√T, computed in the graph from x (differentiable); 'raw': x only.
   */
  trunkInputs?: 'moneyness-scaled' | 'raw';
}

export class MultiTaskOptionNet extends ZooModel {
  readonly inputs: readonly InputSpec[] = [{ name: 'x', shape: ['batch', 4] }];
  readonly featureNames: readonly string[] = OPTION_NET_FEATURES;
  private readonly trunk: Dense[];
  private readonly priceHead: Dense;
  private readonly deltaHead: Dense;
  private readonly gammaHead: Dense | undefined;
  private readonly vegaHead: Dense | undefined;

  constructor(
    readonly cfg: OptionNetConfig = {},
    name = 'option-net',
  ) {
    super(name);
    const widths = cfg.hidden ?? [64, 64, 64];
    const scaled = (cfg.trunkInputs ?? 'moneyness-scaled') === 'moneyness-scaled';
    this.trunk = denseStack(`${name}.trunk`, scaled ? 6 : 4, widths, cfg.activation ?? 'silu').map((l) =>
      this.child(l),
    );
    const w = widths.at(-1) ?? 4;
    const head = (k: string, activation?: Activation) =>
      this.child(new Dense(`${name}.${k}`, { inputSize: w, units: 1, activation }));
    this.priceHead = head('price');
    this.deltaHead = head('delta', 'sigmoid');
    this.gammaHead = cfg.gamma ? head('gamma') : undefined;
    this.vegaHead = cfg.vega ? head('vega') : undefined;
  }

  /** Output names in order. */
  get heads(): string[] {
    return ['price', 'delta', ...(this.gammaHead ? ['gamma'] : []), ...(this.vegaHead ? ['vega'] : [])];
  }

  forward(ctx: BuildContext, inputs: Inputs): Outputs {
    const x = input(inputs, 'x');
    const h = applyStack(ctx, this.trunk, this.trunkInput(ctx, x));
    const out: Outputs = { price: this.priceHead.apply(ctx, h), delta: this.deltaHead.apply(ctx, h) };
    if (this.gammaHead) out.gamma = this.gammaHead.apply(ctx, h);
    if (this.vegaHead) out.vega = this.vegaHead.apply(ctx, h);
    return out;
  }

  /** x, or x with tanh(k/2), k = ln(m)/(σ√T), and σ√T/0.3 appended (both O(1) on the domain). */
  private trunkInput(ctx: BuildContext, x: Tensor): Tensor {
    if ((this.cfg.trunkInputs ?? 'moneyness-scaled') === 'raw') return x;
    const { g } = ctx;
    // Columns by MatMul with unit vectors, not Slice: Slice's gradient is Pad, which has no
    // gradient, and differential training differentiates this graph twice.
    const col = (i: number) =>
      g.matmul(
        x,
        g.constant(
          Float64Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0)),
          [4, 1],
        ),
      );
    // Inverse of optionNetInput's affine maps: v = lo + (x + 1)·(hi − lo)/2.
    const back = (t: Tensor, [lo, hi]: readonly [number, number]) =>
      g.add(g.mul(g.add(t, 1), (hi - lo) / 2), lo);
    const m = back(col(0), OPTION_NET_DOMAIN.moneyness);
    const sd = g.mul(back(col(1), SQRT_T), back(col(2), OPTION_NET_DOMAIN.vol));
    const k = g.div(g.log(m), sd);
    return g.concat([x, g.tanh(g.mul(k, 0.5)), g.mul(sd, 1 / 0.3)], 1);
  }

  inputFeatureNames(): Record<string, readonly string[]> {
    return { x: this.featureNames };
  }

  describe(): Architecture {
    return {
      kind: 'multi-task-option-net',
      trunkInputs: this.cfg.trunkInputs ?? 'moneyness-scaled',
      hidden: [...(this.cfg.hidden ?? [64, 64, 64])],
      activation: this.cfg.activation ?? 'silu',
      heads: this.heads,
      domain: OPTION_NET_DOMAIN,
      units: 'price C/K, delta ∂C/∂S, gamma K·∂²C/∂S², vega (∂C/∂σ)/K; calls, no dividends',
    };
  }
}

export interface OptionLossWeights {
  price?: number;
  delta?: number;
  gamma?: number;
  vega?: number;
  /** Weight of MSE(∂price/∂m, true delta) (0: off). */
  differential?: number;
}

/**
 * Default weights ≈ 1/(typical size of each quantity)²: price ~0.1, delta ~0.3, gamma ~3,
 * vega ~0.3, so each task starts with a comparable share of the loss.
 */
export const DEFAULT_OPTION_LOSS_WEIGHTS = Object.freeze({
  price: 100,
  delta: 10,
  gamma: 0.1,
  vega: 10,
  differential: 10,
});

/** The weighted multi-task loss for `model`'s heads; parts are named like the heads (+ 'differential'). */
export function optionNetLoss(model: MultiTaskOptionNet, weights: OptionLossWeights = {}): LossSpec {
  const w = { ...DEFAULT_OPTION_LOSS_WEIGHTS, ...weights };
  const heads = model.heads;
  return {
    targets: heads.map((h) => ({ name: `target.${h}`, shape: ['batch', 1] })),
    build: (g, out, t, inputs) => {
      const parts: Record<string, Tensor> = {};
      const terms: { loss: Tensor; weight: number }[] = [];
      for (const h of heads) {
        const l = mse(g, input(out, h), input(t, `target.${h}`));
        parts[h] = l;
        terms.push({ loss: l, weight: w[h as keyof OptionLossWeights] ?? 1 });
      }
      if (w.differential > 0) {
        const [dx] = gradients(g, g.reduceSum(input(out, 'price')), [input(inputs, 'x')]) as [Tensor];
        const dPdM = g.mul(g.slice(dx, { axes: [1], starts: [0], ends: [1] }), DX0_DM);
        const l = mse(g, dPdM, input(t, 'target.delta'));
        parts.differential = l;
        terms.push({ loss: l, weight: w.differential });
      }
      return { loss: weightedSum(g, terms), parts };
    },
  };
}

/**
 * `n` points drawn uniformly in (m, √T, σ, r) over the domain widened by `pad` × each range on
 * every side (default 0.05): the edges of the domain then sit inside the data, not at its border,
 * where a fitted network is least constrained.
 */
export function sampleOptionPoints(n: number, seed: number, pad = 0.05): OptionPoint[] {
  const rng = createRng(seed);
  const D = OPTION_NET_DOMAIN;
  const u = ([lo, hi]: readonly [number, number]) => {
    const w = hi - lo;
    return lo - pad * w + (1 + 2 * pad) * w * rng.next();
  };
  return Array.from({ length: n }, () => ({
    moneyness: u(D.moneyness),
    tYears: u(SQRT_T) ** 2,
    vol: u(D.vol),
    rate: u(D.rate),
  }));
}

/** A regular held-out grid over the domain (edges included): sizes per axis (m, T, σ, r). */
export function optionGrid(sizes: readonly [number, number, number, number] = [13, 6, 6, 3]): OptionPoint[] {
  const D = OPTION_NET_DOMAIN;
  const lin = ([lo, hi]: readonly [number, number], k: number) =>
    Array.from({ length: k }, (_, i) => (k === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (k - 1)));
  const out: OptionPoint[] = [];
  for (const moneyness of lin(D.moneyness, sizes[0]))
    for (const s of lin(SQRT_T, sizes[1]))
      for (const vol of lin(D.vol, sizes[2]))
        for (const rate of lin(D.rate, sizes[3])) out.push({ moneyness, tYears: s * s, vol, rate });
  return out;
}

/** Columns `x` and `target.<head>` for `points` (float32, the trainer's dtype). */
export function optionDataset(model: MultiTaskOptionNet, points: readonly OptionPoint[]): Dataset {
  const n = points.length;
  const x = new Float32Array(4 * n);
  const columns: Record<string, Float32Array> = { x };
  for (const h of model.heads) columns[`target.${h}`] = new Float32Array(n);
  points.forEach((p, i) => {
    optionNetInput(p, x, i);
    const t = optionTruth(p);
    for (const h of model.heads) {
      const col = columns[`target.${h}`];
      if (col) col[i] = t[h as keyof OptionTruth];
    }
  });
  return { size: n, columns };
}
