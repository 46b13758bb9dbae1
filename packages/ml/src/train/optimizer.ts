/**
 * Adam and AdamW as graph ops on flat vectors (all weights concatenated in layout order), appended
 * to the training-step graph after the backward pass. Per step t ≥ 1, with gradient g:
 *
 *   clipping   n = ‖g‖₂ over all weights; g ← g · c / max(n, c)      (when clipNorm c is set)
 *   adam L2    g ← g + λ·mask⊙w                                      ('adam' with weightDecay λ)
 *   moments    m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
 *   update     w ← w − lr·( (m·k₁) / (√(v·k₂) + ε) + λ·mask⊙w )     (the λ term for 'adamw' only)
 *
 * with bias corrections k₁ = 1/(1 − β₁ᵗ), k₂ = 1/(1 − β₂ᵗ) computed by the trainer in float64 and
 * fed as scalars with lr (so the step count and LR schedules never recompile the graph, and
 * 1 − β₂ᵗ keeps full precision even at t = 1 in float32 graphs). `mask` is 1 for weights declared
 * with `decay: true` (matrices) and 0 for biases, norms and embeddings. This is PyTorch's Adam
 * (weight_decay adds λw to the gradient) and AdamW (decoupled decay, Loshchilov & Hutter), with
 * clipping as torch.nn.utils.clip_grad_norm_ without its 1e-6 in the denominator.
 */
import type { Graph, Tensor } from '../graph/index.ts';
import type { ParamLayout } from '../nn/params.ts';

export interface OptimizerConfig {
  kind: 'adam' | 'adamw';
  /** Base learning rate (a schedule in `fit` may change it per step). */
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** λ: L2 for 'adam', decoupled decay for 'adamw' (default 0; AdamW users typically 1e-2). */
  weightDecay?: number;
  /** Global-norm clipping threshold (default: none). */
  clipNorm?: number;
}

export interface ResolvedOptimizer {
  readonly kind: 'adam' | 'adamw';
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly clipNorm: number | undefined;
}

export function resolveOptimizer(cfg: OptimizerConfig): ResolvedOptimizer {
  const r = {
    kind: cfg.kind,
    lr: cfg.lr,
    beta1: cfg.beta1 ?? 0.9,
    beta2: cfg.beta2 ?? 0.999,
    eps: cfg.eps ?? 1e-8,
    weightDecay: cfg.weightDecay ?? 0,
    clipNorm: cfg.clipNorm,
  };
  const bad =
    !(r.lr > 0) ||
    !(r.beta1 >= 0 && r.beta1 < 1) ||
    !(r.beta2 >= 0 && r.beta2 < 1) ||
    !(r.eps > 0) ||
    !(r.weightDecay >= 0) ||
    (r.clipNorm !== undefined && !(r.clipNorm > 0));
  if (bad) throw new RangeError(`optimizer: invalid settings ${JSON.stringify(r)}`);
  return r;
}

/** Names of the optimizer's graph inputs and outputs. */
export const OPT = {
  weights: 'weights',
  m: 'adam.m',
  v: 'adam.v',
  lr: 'opt.lr',
  bc1: 'opt.bc1',
  bc2: 'opt.bc2',
  weightsOut: 'weights.next',
  mOut: 'adam.m.next',
  vOut: 'adam.v.next',
  gradNorm: 'gradNorm',
} as const;

/** k₁, k₂ for step t (1-based). */
export function biasCorrections(opt: ResolvedOptimizer, t: number): [number, number] {
  return [1 / (1 - opt.beta1 ** t), 1 / (1 - opt.beta2 ** t)];
}

export interface AdamTensors {
  readonly weights: Tensor;
  readonly m: Tensor;
  readonly v: Tensor;
  readonly nextWeights: Tensor;
  readonly nextM: Tensor;
  readonly nextV: Tensor;
  /** ‖g‖₂ before clipping. */
  readonly gradNorm: Tensor;
}

/**
 * Appends the update for `weights` ([P], the flat input the forward sliced) given per-weight
 * gradients in layout order. Declares the inputs adam.m, adam.v ([P]) and opt.lr/bc1/bc2 (scalars).
 */
export function appendAdam(
  g: Graph,
  opt: ResolvedOptimizer,
  layout: ParamLayout,
  weights: Tensor,
  grads: readonly Tensor[],
): AdamTensors {
  const P = layout.size;
  const m = g.input(OPT.m, [P]);
  const v = g.input(OPT.v, [P]);
  const lr = g.input(OPT.lr, []);
  const bc1 = g.input(OPT.bc1, []);
  const bc2 = g.input(OPT.bc2, []);
  let grad = g.concat(
    grads.map((d) => g.reshape(d, [-1])),
    0,
  );
  const gradNorm = g.sqrt(g.reduceSum(g.mul(grad, grad)));
  if (opt.clipNorm !== undefined) grad = g.mul(grad, g.div(opt.clipNorm, g.max(gradNorm, opt.clipNorm)));
  const anyDecay = opt.weightDecay > 0 && layout.entries.some((e) => e.decay);
  const decayed = (): Tensor => {
    const mask = new Float64Array(P);
    for (const e of layout.entries) if (e.decay) mask.fill(opt.weightDecay, e.offset, e.offset + e.size);
    return g.mul(weights, g.constant(mask, [P]));
  };
  if (anyDecay && opt.kind === 'adam') grad = g.add(grad, decayed());
  const nextM = g.add(g.mul(m, opt.beta1), g.mul(grad, 1 - opt.beta1));
  const nextV = g.add(g.mul(v, opt.beta2), g.mul(g.mul(grad, grad), 1 - opt.beta2));
  let step = g.div(g.mul(nextM, bc1), g.add(g.sqrt(g.mul(nextV, bc2)), opt.eps));
  if (anyDecay && opt.kind === 'adamw') step = g.add(step, decayed());
  const nextWeights = g.sub(weights, g.mul(step, lr));
  return { weights, m, v, nextWeights, nextM, nextV, gradNorm };
}
