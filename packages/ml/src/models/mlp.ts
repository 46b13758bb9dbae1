/**
 * Mlp: a feed-forward network on a flat feature vector.
 *
 *   x [batch, inputs] → (Dense(width, act) → Dropout) per hidden width → Dense(outputs) → pred
 *   task 'classification': pred are logits, and `probs` = softmax(logits) is a second output.
 */
import type { BuildContext } from '../nn/context.ts';
import { type Activation, Dense, Dropout } from '../nn/layers.ts';
import { type InputSpec, type Inputs, input, type Outputs } from '../nn/model.ts';
import { type Architecture, checkNames, ZooModel } from './base.ts';

export interface MlpConfig {
  inputs: number;
  /** Hidden layer widths, e.g. [64, 64]. */
  hidden: readonly number[];
  outputs: number;
  /** Hidden activation (default 'gelu'). */
  activation?: Activation;
  /** Dropout after each hidden layer (training only; default 0). */
  dropout?: number;
  /** 'regression' (default): { pred }; 'classification': { logits, probs }. */
  task?: 'regression' | 'classification';
  featureNames?: readonly string[];
}

export class Mlp extends ZooModel {
  readonly inputs: readonly InputSpec[];
  readonly featureNames: readonly string[];
  private readonly layers: Dense[] = [];
  private readonly drops: Dropout[] = [];
  private readonly head: Dense;

  constructor(
    readonly cfg: MlpConfig,
    name = 'mlp',
  ) {
    super(name);
    this.inputs = [{ name: 'x', shape: ['batch', cfg.inputs] }];
    this.featureNames = checkNames('x', cfg.featureNames, cfg.inputs);
    let n = cfg.inputs;
    cfg.hidden.forEach((w, i) => {
      this.layers.push(
        this.child(
          new Dense(`${name}.h${i}`, { inputSize: n, units: w, activation: cfg.activation ?? 'gelu' }),
        ),
      );
      this.drops.push(new Dropout(`${name}.drop${i}`, cfg.dropout ?? 0));
      n = w;
    });
    this.head = this.child(new Dense(`${name}.head`, { inputSize: n, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    let h = input(x, 'x');
    this.layers.forEach((l, i) => {
      h = l.apply(ctx, h);
      const d = this.drops[i];
      if (d) h = d.apply(ctx, h);
    });
    const out = this.head.apply(ctx, h);
    if (this.cfg.task === 'classification') return { logits: out, probs: ctx.g.softmax(out, -1) };
    return { pred: out };
  }

  inputFeatureNames(): Record<string, readonly string[]> {
    return { x: this.featureNames };
  }

  describe(): Architecture {
    const { featureNames: _names, ...cfg } = this.cfg;
    return { kind: 'mlp', ...cfg, hidden: [...cfg.hidden] };
  }
}
