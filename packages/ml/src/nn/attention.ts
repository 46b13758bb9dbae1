/**
 * Multi-head self-attention and a Transformer encoder block, for x: [batch, T, d] with static T.
 *
 * MultiHeadAttention weights (Q, K, V fused so the three projections are one MatMul):
 *   qkv [d, 3d] (Glorot per block, fans d, d), qkvBias [3d], out [d, d], outBias [d].
 *   q, k, v = split(x·qkv + qkvBias); per head h (dk = d / heads):
 *   A_h = softmax(q_h·k_hᵀ / √dk + M), y = concat_h(A_h·v_h)·out + outBias.
 * M is 0 where attention is allowed and −1e9 where it is not (exp underflows to exactly 0 in
 * float32 and float64): `causal` masks future positions; a key mask input [batch, T] (1 = real
 * token, 0 = padding) masks padded keys. A row with every key masked attends uniformly.
 * onnxruntime fuses the product with 1/√dk into FusedMatMul, whose scale is a float32 attribute:
 * in float64 graphs the scale is float32-rounded (relative change < 3e-8; tests account for it).
 *
 * TransformerEncoderBlock, pre-norm by default (the norm inside each residual branch):
 *   y = x + Drop(MHA(LN₁(x))),  out = y + Drop(FFN(LN₂(y))),  FFN = Dense(dff, gelu) → Dense(d)
 * Pre-norm keeps an identity path from output to input, so gradients stay well-scaled without
 * learning-rate warm-up (Xiong et al. 2020). `norm: 'post'` gives the original Transformer:
 *   y = LN₁(x + Drop(MHA(x))),  out = LN₂(y + Drop(FFN(y))).
 * Pre-norm stacks usually end with one extra LayerNorm (the caller's choice).
 */
import type { Tensor } from '../graph/index.ts';
import { type BuildContext, Layer } from './context.ts';
import { glorotUniform, zeros } from './init.ts';
import { Dense, Dropout, LayerNorm } from './layers.ts';
import type { ParamSpec } from './params.ts';

const MASKED = -1e9;

export interface AttentionOptions {
  /** Key mask [batch, T]: 1 for real positions, 0 for padding (float). */
  keyMask?: Tensor;
}

export class MultiHeadAttention extends Layer {
  readonly qkv: ParamSpec;
  readonly qkvBias: ParamSpec;
  readonly out: ParamSpec;
  readonly outBias: ParamSpec;
  private readonly attnDropout: Dropout;

  constructor(
    name: string,
    readonly cfg: { dModel: number; heads: number; causal?: boolean; attentionDropout?: number },
  ) {
    super(name);
    const { dModel: d, heads } = cfg;
    if (!Number.isInteger(d / heads))
      throw new RangeError(`MultiHeadAttention: ${d} not divisible by ${heads} heads`);
    this.qkv = this.param('qkv', [d, 3 * d], glorotUniform({ fanIn: d, fanOut: d }));
    this.qkvBias = this.param('qkvBias', [3 * d], zeros, { decay: false });
    this.out = this.param('out', [d, d], glorotUniform());
    this.outBias = this.param('outBias', [d], zeros, { decay: false });
    this.attnDropout = new Dropout(`${name}.attn`, cfg.attentionDropout ?? 0);
  }

  apply(ctx: BuildContext, x: Tensor, opts: AttentionOptions = {}): Tensor {
    const { g } = ctx;
    const { dModel: d, heads } = this.cfg;
    const T = x.shape[1];
    if (x.rank !== 3 || x.shape[2] !== d || typeof T !== 'number') {
      throw new RangeError(
        `MultiHeadAttention '${this.name}': x must be [batch, T, ${d}] with static T, got ${x}`,
      );
    }
    const dk = d / heads;
    const qkv = g.add(g.matmul(x, ctx.weight(this.qkv)), ctx.weight(this.qkvBias));
    const [q, k, v] = g.split(qkv, [d, d, d], 2) as [Tensor, Tensor, Tensor];
    const split = (t: Tensor, perm: number[]): Tensor => g.transpose(g.reshape(t, [0, 0, heads, dk]), perm);
    const qh = split(q, [0, 2, 1, 3]); // [b, h, T, dk]
    const khT = split(k, [0, 2, 3, 1]); // [b, h, dk, T]
    const vh = split(v, [0, 2, 1, 3]); // [b, h, T, dk]
    let scores = g.mul(g.matmul(qh, khT), 1 / Math.sqrt(dk)); // [b, h, T, T]
    if (this.cfg.causal) {
      const m = Float64Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? MASKED : 0));
      scores = g.add(scores, g.constant(m, [T, T]));
    }
    if (opts.keyMask) {
      // (mask − 1)·1e9 → 0 for kept keys, −1e9 for padding; [b, 1, 1, T] broadcasts over heads and queries.
      const bias = g.mul(g.sub(opts.keyMask, 1), -MASKED);
      scores = g.add(scores, g.unsqueeze(bias, [1, 2]));
    }
    const attn = this.attnDropout.apply(ctx, g.softmax(scores, -1));
    const merged = g.reshape(g.transpose(g.matmul(attn, vh), [0, 2, 1, 3]), [0, 0, d]); // [b, T, d]
    return g.add(g.matmul(merged, ctx.weight(this.out)), ctx.weight(this.outBias));
  }
}

export class TransformerEncoderBlock extends Layer {
  readonly attention: MultiHeadAttention;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly ffn1: Dense;
  readonly ffn2: Dense;
  private readonly drop1: Dropout;
  private readonly drop2: Dropout;

  constructor(
    name: string,
    readonly cfg: {
      dModel: number;
      heads: number;
      /** Feed-forward width (default 4·dModel). */
      dff?: number;
      /** Dropout on each residual branch (default 0). */
      dropout?: number;
      attentionDropout?: number;
      causal?: boolean;
      norm?: 'pre' | 'post';
    },
  ) {
    super(name);
    const d = cfg.dModel;
    const dff = cfg.dff ?? 4 * d;
    this.attention = this.child(
      new MultiHeadAttention(`${name}.attn`, {
        dModel: d,
        heads: cfg.heads,
        causal: cfg.causal,
        attentionDropout: cfg.attentionDropout,
      }),
    );
    this.norm1 = this.child(new LayerNorm(`${name}.norm1`, { size: d }));
    this.norm2 = this.child(new LayerNorm(`${name}.norm2`, { size: d }));
    this.ffn1 = this.child(new Dense(`${name}.ffn1`, { inputSize: d, units: dff, activation: 'gelu' }));
    this.ffn2 = this.child(new Dense(`${name}.ffn2`, { inputSize: dff, units: d }));
    this.drop1 = new Dropout(`${name}.drop1`, cfg.dropout ?? 0);
    this.drop2 = new Dropout(`${name}.drop2`, cfg.dropout ?? 0);
  }

  apply(ctx: BuildContext, x: Tensor, opts: AttentionOptions = {}): Tensor {
    const { g } = ctx;
    const ffn = (t: Tensor): Tensor => this.ffn2.apply(ctx, this.ffn1.apply(ctx, t));
    if ((this.cfg.norm ?? 'pre') === 'pre') {
      const y = g.add(x, this.drop1.apply(ctx, this.attention.apply(ctx, this.norm1.apply(ctx, x), opts)));
      return g.add(y, this.drop2.apply(ctx, ffn(this.norm2.apply(ctx, y))));
    }
    const y = this.norm1.apply(ctx, g.add(x, this.drop1.apply(ctx, this.attention.apply(ctx, x, opts))));
    return this.norm2.apply(ctx, g.add(y, this.drop2.apply(ctx, ffn(y))));
  }
}
