/**
 * TransformerEncoderModel: x [batch, steps, features] → Dense(features → dModel) + positions →
 * `blocks` pre-norm TransformerEncoderBlocks → LayerNorm → pooling over time → head.
 *
 * Positions (attention itself is order-blind, so the model is told where each step is):
 *  - 'learned' (default): a weight P [steps, dModel], N(0, 0.02²) at init, no weight decay,
 *    added to the projected inputs (BERT/GPT-2 style). Fixed-length windows are all we serve, so
 *    learned positions cost nothing in generality and let the model shape them to the task.
 *  - 'sinusoidal': the fixed table of Vaswani et al. 2017, PE[t, 2i] = sin(t / 10000^(2i/d)),
 *    PE[t, 2i+1] = cos(t / 10000^(2i/d)), baked as a constant (no weights).
 * Pooling: 'mean' over steps (default) or 'last' (the final step's vector).
 * Outputs: 'regression' { pred [batch, outputs] }; 'classification' { logits, probs }.
 */
import type { Tensor } from '../graph/index.ts';
import { TransformerEncoderBlock } from '../nn/attention.ts';
import { type BuildContext, Layer } from '../nn/context.ts';
import { normal } from '../nn/init.ts';
import { Dense, LayerNorm } from '../nn/layers.ts';
import { type InputSpec, type Inputs, input, type Outputs } from '../nn/model.ts';
import type { ParamSpec } from '../nn/params.ts';
import { type Architecture, checkNames, ZooModel } from './base.ts';

/** A learned additive position table [steps, dModel]. */
export class LearnedPositions extends Layer {
  readonly table: ParamSpec;

  constructor(
    name: string,
    readonly cfg: { steps: number; dModel: number },
  ) {
    super(name);
    this.table = this.param('table', [cfg.steps, cfg.dModel], normal(0.02), { decay: false });
  }

  apply(ctx: BuildContext, x: Tensor): Tensor {
    return ctx.g.add(x, ctx.weight(this.table));
  }
}

/** The sinusoidal table [steps, d] (row t, column j), as float64 values. */
export function sinusoidalPositions(steps: number, d: number): Float64Array {
  const out = new Float64Array(steps * d);
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < d; j++) {
      const freq = 10000 ** (-(2 * Math.floor(j / 2)) / d);
      out[t * d + j] = j % 2 === 0 ? Math.sin(t * freq) : Math.cos(t * freq);
    }
  }
  return out;
}

export interface TransformerEncoderConfig {
  steps: number;
  features: number;
  dModel: number;
  heads: number;
  blocks: number;
  /** Feed-forward width (default 4·dModel). */
  dff?: number;
  dropout?: number;
  positions?: 'learned' | 'sinusoidal';
  pooling?: 'mean' | 'last';
  task?: 'regression' | 'classification';
  /** Outputs (regression) or classes (classification). */
  outputs: number;
  featureNames?: readonly string[];
}

export class TransformerEncoderModel extends ZooModel {
  readonly inputs: readonly InputSpec[];
  readonly featureNames: readonly string[];
  private readonly proj: Dense;
  private readonly positions: LearnedPositions | undefined;
  private readonly encoder: TransformerEncoderBlock[] = [];
  private readonly norm: LayerNorm;
  private readonly head: Dense;

  constructor(
    readonly cfg: TransformerEncoderConfig,
    name = 'transformer',
  ) {
    super(name);
    const { steps, features, dModel } = cfg;
    this.inputs = [{ name: 'x', shape: ['batch', steps, features] }];
    this.featureNames = checkNames('x', cfg.featureNames, features);
    this.proj = this.child(new Dense(`${name}.proj`, { inputSize: features, units: dModel }));
    this.positions =
      (cfg.positions ?? 'learned') === 'learned'
        ? this.child(new LearnedPositions(`${name}.pos`, { steps, dModel }))
        : undefined;
    for (let i = 0; i < cfg.blocks; i++) {
      this.encoder.push(
        this.child(
          new TransformerEncoderBlock(`${name}.block${i}`, {
            dModel,
            heads: cfg.heads,
            dff: cfg.dff,
            dropout: cfg.dropout,
          }),
        ),
      );
    }
    this.norm = this.child(new LayerNorm(`${name}.norm`, { size: dModel }));
    this.head = this.child(new Dense(`${name}.head`, { inputSize: dModel, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    const { g } = ctx;
    const { steps, dModel } = this.cfg;
    let h = this.proj.apply(ctx, input(x, 'x'));
    h = this.positions
      ? this.positions.apply(ctx, h)
      : g.add(h, g.constant(sinusoidalPositions(steps, dModel), [steps, dModel]));
    for (const b of this.encoder) h = b.apply(ctx, h);
    h = this.norm.apply(ctx, h);
    const pooled =
      (this.cfg.pooling ?? 'mean') === 'mean'
        ? g.reduceMean(h, [1])
        : g.squeeze(g.slice(h, { axes: [1], starts: [steps - 1], ends: [steps] }), [1]);
    const out = this.head.apply(ctx, pooled);
    if (this.cfg.task === 'classification') return { logits: out, probs: g.softmax(out, -1) };
    return { pred: out };
  }

  inputFeatureNames(): Record<string, readonly string[]> {
    return { x: this.featureNames };
  }

  describe(): Architecture {
    const { featureNames: _n, ...cfg } = this.cfg;
    return {
      kind: 'transformer-encoder',
      ...cfg,
      dff: cfg.dff ?? 4 * cfg.dModel,
      positions: cfg.positions ?? 'learned',
      pooling: cfg.pooling ?? 'mean',
      task: cfg.task ?? 'regression',
    };
  }
}
