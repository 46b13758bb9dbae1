/**
 * Small reference models used by the tests, the tfjs comparisons and bench/ml-train.ts. Each has a
 * twin in tfjs-reference.ts built from tfjs-core ops on the same weights.
 */

import { TransformerEncoderBlock } from '../nn/attention.ts';
import type { BuildContext } from '../nn/context.ts';
import type { Activation } from '../nn/layers.ts';
import { Dense } from '../nn/layers.ts';
import { LSTM } from '../nn/lstm.ts';
import { type InputSpec, type Inputs, input, Model, type Outputs } from '../nn/model.ts';

/** x [batch, inputs] → Dense(hidden, act) → Dense(hidden, act) → Dense(outputs): { pred }. */
export class MlpModel extends Model {
  readonly inputs: readonly InputSpec[];
  private readonly l1: Dense;
  private readonly l2: Dense;
  private readonly head: Dense;

  constructor(readonly cfg: { inputs: number; hidden: number; outputs: number; activation?: Activation }) {
    super('mlp');
    const act = cfg.activation ?? 'tanh';
    this.inputs = [{ name: 'x', shape: ['batch', cfg.inputs] }];
    this.l1 = this.child(new Dense('mlp.l1', { inputSize: cfg.inputs, units: cfg.hidden, activation: act }));
    this.l2 = this.child(new Dense('mlp.l2', { inputSize: cfg.hidden, units: cfg.hidden, activation: act }));
    this.head = this.child(new Dense('mlp.head', { inputSize: cfg.hidden, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.head.apply(ctx, this.l2.apply(ctx, this.l1.apply(ctx, input(x, 'x')))) };
  }
}

/** x [batch, T, F] → LSTM(H) → last h → Dense(outputs): { pred }. The issue-6 benchmark model. */
export class LstmModel extends Model {
  readonly inputs: readonly InputSpec[];
  private readonly lstm: LSTM;
  private readonly head: Dense;

  constructor(readonly cfg: { steps: number; features: number; hidden: number; outputs: number }) {
    super('lstm-model');
    this.inputs = [{ name: 'x', shape: ['batch', cfg.steps, cfg.features] }];
    this.lstm = this.child(new LSTM('lstm', { inputSize: cfg.features, units: cfg.hidden }));
    this.head = this.child(new Dense('head', { inputSize: cfg.hidden, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.head.apply(ctx, this.lstm.apply(ctx, input(x, 'x')).last) };
  }
}

/**
 * x [batch, T, d] → one Transformer encoder block → mean over time → Dense(outputs): { pred }.
 * With `keyMask`, a second input mask [batch, T] (1 = real step) is passed to attention.
 */
export class TransformerModel extends Model {
  readonly inputs: readonly InputSpec[];
  readonly block: TransformerEncoderBlock;
  private readonly head: Dense;

  constructor(
    readonly cfg: {
      steps: number;
      dModel: number;
      heads: number;
      dff: number;
      outputs: number;
      norm?: 'pre' | 'post';
      causal?: boolean;
      keyMask?: boolean;
      dropout?: number;
    },
  ) {
    super('transformer');
    this.inputs = [
      { name: 'x', shape: ['batch', cfg.steps, cfg.dModel] },
      ...(cfg.keyMask ? [{ name: 'mask', shape: ['batch', cfg.steps] }] : []),
    ];
    this.block = this.child(
      new TransformerEncoderBlock('enc', {
        dModel: cfg.dModel,
        heads: cfg.heads,
        dff: cfg.dff,
        norm: cfg.norm,
        causal: cfg.causal,
        dropout: cfg.dropout,
      }),
    );
    this.head = this.child(new Dense('head', { inputSize: cfg.dModel, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    const keyMask = this.cfg.keyMask ? input(x, 'mask') : undefined;
    const h = this.block.apply(ctx, input(x, 'x'), { keyMask });
    return { pred: this.head.apply(ctx, ctx.g.reduceMean(h, [1])) };
  }
}
