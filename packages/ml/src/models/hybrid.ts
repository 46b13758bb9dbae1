/**
 * HybridLstmMlp: a sequence and a vector of static features (e.g. 32 days of returns and vols,
 * plus today's term-structure slope and days to an event) → one head.
 *
 *   e     = Dense(staticHidden, tanh)(static)                       [batch, staticHidden]
 *   h₀,c₀ = tanh(Dense(hidden)(e)), Dense(hidden)(e)                 (staticInit, default on)
 *   h     = LSTM(hidden)(seq; h₀, c₀).last                            [batch, hidden]
 *   pred  = Dense(outputs)(Dense(fusedHidden, gelu)(concat(h, e)))
 *
 * Two fusions: the static features set the LSTM's initial state (so the recurrence can depend on
 * them from the first step: "which steps matter" can be read off the static input), and they are
 * concatenated with the final state (late fusion, for effects that just add or multiply). With
 * `staticInit: false` only the late fusion remains.
 */
import type { BuildContext } from '../nn/context.ts';
import { Dense } from '../nn/layers.ts';
import { LSTM } from '../nn/lstm.ts';
import { type InputSpec, type Inputs, input, type Outputs } from '../nn/model.ts';
import { type Architecture, checkNames, ZooModel } from './base.ts';

export interface HybridConfig {
  steps: number;
  seqFeatures: number;
  staticFeatures: number;
  /** LSTM units. */
  hidden: number;
  /** Width of the static embedding (default 16). */
  staticHidden?: number;
  /** Width of the fused layer (default 32). */
  fusedHidden?: number;
  /** Initial LSTM state from the static features (default true). */
  staticInit?: boolean;
  outputs: number;
  seqFeatureNames?: readonly string[];
  staticFeatureNames?: readonly string[];
}

export class HybridLstmMlp extends ZooModel {
  readonly inputs: readonly InputSpec[];
  readonly featureNames: { readonly seq: readonly string[]; readonly static: readonly string[] };
  private readonly embed: Dense;
  private readonly h0: Dense | undefined;
  private readonly c0: Dense | undefined;
  private readonly lstm: LSTM;
  private readonly fused: Dense;
  private readonly head: Dense;

  constructor(
    readonly cfg: HybridConfig,
    name = 'hybrid',
  ) {
    super(name);
    const e = cfg.staticHidden ?? 16;
    const f = cfg.fusedHidden ?? 32;
    this.inputs = [
      { name: 'seq', shape: ['batch', cfg.steps, cfg.seqFeatures] },
      { name: 'static', shape: ['batch', cfg.staticFeatures] },
    ];
    this.featureNames = {
      seq: checkNames('seq', cfg.seqFeatureNames, cfg.seqFeatures),
      static: checkNames('static', cfg.staticFeatureNames, cfg.staticFeatures),
    };
    this.embed = this.child(
      new Dense(`${name}.embed`, { inputSize: cfg.staticFeatures, units: e, activation: 'tanh' }),
    );
    const init = cfg.staticInit ?? true;
    this.h0 = init
      ? this.child(new Dense(`${name}.h0`, { inputSize: e, units: cfg.hidden, activation: 'tanh' }))
      : undefined;
    this.c0 = init ? this.child(new Dense(`${name}.c0`, { inputSize: e, units: cfg.hidden })) : undefined;
    this.lstm = this.child(new LSTM(`${name}.lstm`, { inputSize: cfg.seqFeatures, units: cfg.hidden }));
    this.fused = this.child(
      new Dense(`${name}.fused`, { inputSize: cfg.hidden + e, units: f, activation: 'gelu' }),
    );
    this.head = this.child(new Dense(`${name}.head`, { inputSize: f, units: cfg.outputs }));
  }

  forward(ctx: BuildContext, x: Inputs): Outputs {
    const { g } = ctx;
    const e = this.embed.apply(ctx, input(x, 'static'));
    const initial = this.h0 && this.c0 ? { h: this.h0.apply(ctx, e), c: this.c0.apply(ctx, e) } : undefined;
    const h = this.lstm.apply(ctx, input(x, 'seq'), initial).last;
    return { pred: this.head.apply(ctx, this.fused.apply(ctx, g.concat([h, e], 1))) };
  }

  inputFeatureNames(): Record<string, readonly string[]> {
    return { seq: this.featureNames.seq, static: this.featureNames.static };
  }

  describe(): Architecture {
    const { seqFeatureNames: _a, staticFeatureNames: _b, ...cfg } = this.cfg;
    return {
      kind: 'hybrid-lstm-mlp',
      ...cfg,
      staticHidden: cfg.staticHidden ?? 16,
      fusedHidden: cfg.fusedHidden ?? 32,
      staticInit: cfg.staticInit ?? true,
    };
  }
}
