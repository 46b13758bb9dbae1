/**
 * Basic layers: Dense, LayerNorm, Dropout, Embedding, and the activations they use. All are
 * compositions of graph primitives, so their gradients come from the op registry.
 */
import type { Graph, Tensor } from '../graph/index.ts';
import { type BuildContext, Layer } from './context.ts';
import { glorotUniform, heUniform, type Initializer, normal, ones, zeros } from './init.ts';
import type { ParamSpec } from './params.ts';

export type Activation = 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'gelu' | 'silu';

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * Applies an activation. GELU is the tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))
 * (within 5e-4 of the erf form): onnxruntime 1.30 has no float64 Erf kernel, and every layer must
 * also run in float64 for gradient checks. SiLU is x·σ(x). LeakyRelu's slope is 0.01 as an ONNX
 * float attribute (float32: 0.0099999998).
 */
export function activate(g: Graph, x: Tensor, act: Activation): Tensor {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return g.relu(x);
    case 'leakyRelu':
      return g.leakyRelu(x, 0.01);
    case 'tanh':
      return g.tanh(x);
    case 'sigmoid':
      return g.sigmoid(x);
    case 'silu':
      // onnxruntime fuses x·σ(x) into QuickGelu, which has no float64 kernel: use x / (1 + e^−x)
      // there (e^−x → ∞ gives the right limit 0).
      return g.dtype === 'float32' ? g.mul(x, g.sigmoid(x)) : g.div(x, g.add(g.exp(g.neg(x)), 1));
    case 'gelu': {
      const inner = g.mul(g.add(x, g.mul(g.pow(x, 3), 0.044715)), GELU_C);
      return g.mul(g.mul(x, 0.5), g.add(g.tanh(inner), 1));
    }
  }
}

/** x·W + b over the last axis of x (any rank ≥ 2), then an activation. */
export class Dense extends Layer {
  readonly kernel: ParamSpec;
  readonly bias: ParamSpec | undefined;

  constructor(
    name: string,
    readonly cfg: {
      inputSize: number;
      units: number;
      activation?: Activation;
      useBias?: boolean;
      /** Default: He uniform for relu/leakyRelu/silu/gelu, Glorot uniform otherwise. */
      kernelInit?: Initializer;
    },
  ) {
    super(name);
    const act = cfg.activation ?? 'linear';
    const relu = act === 'relu' || act === 'leakyRelu' || act === 'silu' || act === 'gelu';
    this.kernel = this.param(
      'kernel',
      [cfg.inputSize, cfg.units],
      cfg.kernelInit ?? (relu ? heUniform() : glorotUniform()),
    );
    this.bias = cfg.useBias === false ? undefined : this.param('bias', [cfg.units], zeros, { decay: false });
  }

  apply(ctx: BuildContext, x: Tensor): Tensor {
    const { g } = ctx;
    const w = ctx.weight(this.kernel);
    const b = this.bias ? ctx.weight(this.bias) : undefined;
    // Rank 2: one Gemm (bias fused); higher ranks: a batched MatMul then Add.
    let y: Tensor;
    if (x.rank === 2) y = g.gemm(x, w, b);
    else y = b ? g.add(g.matmul(x, w), b) : g.matmul(x, w);
    return activate(g, y, this.cfg.activation ?? 'linear');
  }
}

/**
 * Layer normalisation over the last axis: (x − mean) / √(var + eps) · gain + shift, with the
 * biased variance (as PyTorch/Keras). eps defaults to 1e-5.
 */
export class LayerNorm extends Layer {
  readonly gain: ParamSpec;
  readonly shift: ParamSpec;

  constructor(
    name: string,
    readonly cfg: { size: number; eps?: number },
  ) {
    super(name);
    this.gain = this.param('gain', [cfg.size], ones, { decay: false });
    this.shift = this.param('shift', [cfg.size], zeros, { decay: false });
  }

  apply(ctx: BuildContext, x: Tensor): Tensor {
    const { g } = ctx;
    const mean = g.reduceMean(x, [-1], true);
    const xc = g.sub(x, mean);
    const variance = g.reduceMean(g.mul(xc, xc), [-1], true);
    // 1/√(var + eps) on the small [.., 1] tensor, then one broadcasting multiply.
    const inv = g.div(1, g.sqrt(g.add(variance, this.cfg.eps ?? 1e-5)));
    return g.add(g.mul(g.mul(xc, inv), ctx.weight(this.gain)), ctx.weight(this.shift));
  }
}

/**
 * Inverted dropout: in training, x ⊙ mask with mask ∈ {0, 1/(1 − rate)} fed by the trainer from
 * its seeded RNG (so runs are reproducible); at inference the identity. x's shape must be
 * 'batch' plus static dims.
 */
export class Dropout {
  constructor(
    readonly name: string,
    readonly rate: number,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`Dropout '${name}': rate ${rate} not in [0, 1)`);
  }

  apply(ctx: BuildContext, x: Tensor): Tensor {
    const mask = ctx.dropoutMask(this.name, x.shape, this.rate);
    return mask ? ctx.g.mul(x, mask) : x;
  }
}

/** A lookup table: int64 ids [...] → vectors [..., dim]. Ids must be in [0, vocab). */
export class Embedding extends Layer {
  readonly table: ParamSpec;

  constructor(
    name: string,
    readonly cfg: { vocab: number; dim: number; init?: Initializer },
  ) {
    super(name);
    // N(0, 0.05²) by default: small enough that a sum of embeddings starts near zero.
    this.table = this.param('table', [cfg.vocab, cfg.dim], cfg.init ?? normal(0.05), { decay: false });
  }

  apply(ctx: BuildContext, ids: Tensor): Tensor {
    if (ids.dtype !== 'int64') throw new TypeError(`Embedding '${this.name}': ids must be int64, got ${ids}`);
    return ctx.g.gather(ctx.weight(this.table), ids, 0);
  }
}
