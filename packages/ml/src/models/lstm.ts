/**
 * LSTM sequence models: x [batch, steps, features] → LSTM stack → h at the last step → head.
 *
 *   LstmRegressor   → { pred [batch, outputs] }
 *   LstmClassifier  → { logits [batch, classes], probs = softmax(logits) }
 *
 * Stacked layers (`layers` > 1) pass the full hidden sequence up; dropout (training only) sits
 * between layers and before the head. Inputs should be roughly standardised (|x| ≲ 3): the gates
 * saturate otherwise.
 */
import type { Tensor } from '../graph/index.ts';
import type { BuildContext } from '../nn/context.ts';
import { Dense, Dropout } from '../nn/layers.ts';
import { LSTM } from '../nn/lstm.ts';
import { type InputSpec, type Inputs, input, type Outputs } from '../nn/model.ts';
import { type Architecture, checkNames, ZooModel } from './base.ts';

export interface LstmConfig {
  steps: number;
  features: number;
  /** Hidden units per LSTM layer. */
  hidden: number;
  /** LSTM layers (default 1). */
  layers?: number;
  /** Dropout between layers and before the head (training only; default 0). */
  dropout?: number;
  featureNames?: readonly string[];
}

abstract class LstmBase extends ZooModel {
  readonly inputs: readonly InputSpec[];
  readonly featureNames: readonly string[];
  private readonly lstms: LSTM[] = [];
  private readonly drops: Dropout[] = [];

  constructor(
    readonly lstmCfg: LstmConfig,
    name: string,
  ) {
    super(name);
    const layers = lstmCfg.layers ?? 1;
    if (!(Number.isInteger(layers) && layers >= 1)) throw new RangeError(`${name}: layers ${layers}`);
    this.inputs = [{ name: 'x', shape: ['batch', lstmCfg.steps, lstmCfg.features] }];
    this.featureNames = checkNames('x', lstmCfg.featureNames, lstmCfg.features);
    for (let i = 0; i < layers; i++) {
      this.lstms.push(
        this.child(
          new LSTM(`${name}.lstm${i}`, {
            inputSize: i === 0 ? lstmCfg.features : lstmCfg.hidden,
            units: lstmCfg.hidden,
            returnSequences: i < layers - 1,
          }),
        ),
      );
      this.drops.push(new Dropout(`${name}.drop${i}`, lstmCfg.dropout ?? 0));
    }
  }

  /** h at the last step of the top layer, after dropout: [batch, hidden]. */
  protected encode(ctx: BuildContext, x: Inputs): Tensor {
    let seq = input(x, 'x');
    let last: Tensor | undefined;
    this.lstms.forEach((l, i) => {
      const out = l.apply(ctx, seq);
      const drop = this.drops[i];
      if (out.sequence) seq = drop ? drop.apply(ctx, out.sequence) : out.sequence;
      last = drop ? drop.apply(ctx, out.last) : out.last;
    });
    if (!last) throw new Error(`${this.name}: no LSTM layers`);
    return last;
  }

  inputFeatureNames(): Record<string, readonly string[]> {
    return { x: this.featureNames };
  }

  protected describeLstm(): Record<string, unknown> {
    const { featureNames: _n, ...cfg } = this.lstmCfg;
    return { ...cfg, layers: cfg.layers ?? 1 };
  }
}

export class LstmRegressor extends LstmBase {
  private readonly head: Dense;

  constructor(
    readonly cfg: LstmConfig & { outputs: number },
    name = 'lstm-regressor',
  ) {
    super(cfg, name);
    this.head = this.child(new Dense(`${name}.head`, { inputSize: cfg.hidden, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    return { pred: this.head.apply(ctx, this.encode(ctx, x)) };
  }

  describe(): Architecture {
    return { kind: 'lstm-regressor', ...this.describeLstm(), outputs: this.cfg.outputs };
  }
}

export class LstmClassifier extends LstmBase {
  private readonly head: Dense;

  constructor(
    readonly cfg: LstmConfig & { classes: number; classNames?: readonly string[] },
    name = 'lstm-classifier',
  ) {
    super(cfg, name);
    if (cfg.classNames && cfg.classNames.length !== cfg.classes)
      throw new RangeError(`${name}: ${cfg.classNames.length} class names for ${cfg.classes} classes`);
    this.head = this.child(new Dense(`${name}.head`, { inputSize: cfg.hidden, units: cfg.classes }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    const logits = this.head.apply(ctx, this.encode(ctx, x));
    return { logits, probs: ctx.g.softmax(logits, -1) };
  }

  describe(): Architecture {
    return {
      kind: 'lstm-classifier',
      ...this.describeLstm(),
      classes: this.cfg.classes,
      ...(this.cfg.classNames ? { classNames: [...this.cfg.classNames] } : {}),
    };
  }
}
