/**
 * LSTM unrolled over a static number of time steps (x: [batch, T, F]).
 *
 * Weights (gate order i, f, o, g — input, forget, output gates, then the cell candidate):
 *   kernel    [F, 4H]  input weights, Glorot uniform per gate block (fans F, H)
 *   recurrent [H, 4H]  recurrent weights, orthogonal per gate block
 *   bias      [4H]     zeros, except 1 for the forget gate (Jozefowicz et al. 2015)
 * Per step, with z_t = x_t·kernel + bias (all T steps in one MatMul, then `unstack`):
 *   [i, f, o] = σ(z_t[0:3H] + h·R[:, 0:3H]),  g = tanh(z_t[3H:4H] + h·R[:, 3H:4H])
 *   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
 * The three sigmoid gates are adjacent so one Sigmoid covers them, and z_t + h·R is one Gemm
 * (fewer, larger nodes: the step graph is ~1,080 nodes for T = 32, and per-node overhead matters). The initial state is zeros unless given; at t = 0 with a
 * zero state the recurrent product is skipped. The served graph is this same unrolled graph.
 */
import type { Tensor } from '../graph/index.ts';
import { type BuildContext, Layer } from './context.ts';
import { glorotUniform, type Initializer, orthogonal } from './init.ts';
import type { ParamSpec } from './params.ts';

export interface LstmState {
  readonly h: Tensor;
  readonly c: Tensor;
}

export interface LstmOutput {
  /** h at the last step: [batch, H]. */
  readonly last: Tensor;
  /** c at the last step: [batch, H]. */
  readonly cell: Tensor;
  /** h at every step, [batch, T, H] (only with `returnSequences`). */
  readonly sequence: Tensor | undefined;
}

/** Bias init: 1 on the forget gate block [H, 2H), 0 elsewhere. */
function forgetBias(units: number): Initializer {
  return (shape) => {
    const b = new Float32Array(shape[0] ?? 0);
    b.fill(1, units, 2 * units);
    return b;
  };
}

export class LSTM extends Layer {
  readonly kernel: ParamSpec;
  readonly recurrent: ParamSpec;
  readonly bias: ParamSpec;

  constructor(
    name: string,
    readonly cfg: { inputSize: number; units: number; returnSequences?: boolean },
  ) {
    super(name);
    const { inputSize: F, units: H } = cfg;
    this.kernel = this.param('kernel', [F, 4 * H], glorotUniform({ fanIn: F, fanOut: H }));
    this.recurrent = this.param('recurrent', [H, 4 * H], orthogonal(1, 4));
    this.bias = this.param('bias', [4 * H], forgetBias(H), { decay: false });
  }

  apply(ctx: BuildContext, x: Tensor, initial?: LstmState): LstmOutput {
    const { g } = ctx;
    const H = this.cfg.units;
    if (x.rank !== 3 || x.shape[2] !== this.cfg.inputSize || typeof x.shape[1] !== 'number') {
      throw new RangeError(
        `LSTM '${this.name}': x must be [batch, T, ${this.cfg.inputSize}] with static T, got ${x}`,
      );
    }
    const wx = ctx.weight(this.kernel);
    const wh = ctx.weight(this.recurrent);
    const b = ctx.weight(this.bias);
    const steps = g.unstack(g.add(g.matmul(x, wx), b), 1);
    let h = initial?.h;
    let c = initial?.c;
    const hs: Tensor[] = [];
    for (const zt of steps) {
      const z = h ? g.gemm(h, wh, zt) : zt;
      const [sig, cand] = g.split(z, [3 * H, H], 1) as [Tensor, Tensor];
      const [i, f, o] = g.split(g.sigmoid(sig), [H, H, H], 1) as [Tensor, Tensor, Tensor];
      const ig = g.mul(i, g.tanh(cand));
      c = c ? g.add(g.mul(f, c), ig) : ig;
      h = g.mul(o, g.tanh(c));
      if (this.cfg.returnSequences) hs.push(g.unsqueeze(h, [1]));
    }
    if (!h || !c) throw new RangeError(`LSTM '${this.name}': no time steps`);
    return { last: h, cell: c, sequence: this.cfg.returnSequences ? g.concat(hs, 1) : undefined };
  }
}
