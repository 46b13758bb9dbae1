/**
 * MatMul and Gemm gradients. 2-D products use Gemm with transpose flags, so no Transpose node is
 * emitted; an N-D input times a 2-D weight (x[batch, T, K] @ W[K, N]) gets its weight gradient
 * as one 2-D Gemm over the flattened rows instead of a batched product followed by a sum.
 */
import type { Graph } from '../builder.ts';
import type { Tensor } from '../core.ts';
import type { GradFn } from './registry.ts';
import { dy0, input, sumToShape } from './util.ts';

/** Swaps the last two axes. */
function swapLast(g: Graph, t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = t.rank;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return g.transpose(t, perm);
}

export const linalgGradients: Record<string, GradFn> = {
  MatMul: (ctx) => {
    const { g, needs } = ctx;
    const dy = dy0(ctx);
    const a = input(ctx, 0);
    const b = input(ctx, 1);
    if (a.rank === 2 && b.rank === 2) {
      return [
        needs[0] ? g.gemm(dy, b, undefined, { transB: true }) : undefined,
        needs[1] ? g.gemm(a, dy, undefined, { transA: true }) : undefined,
      ];
    }
    const k = a.shape[a.rank - 1];
    const n = b.shape[b.rank - 1];
    let db: Tensor | undefined;
    if (needs[1]) {
      if (b.rank === 2 && typeof k === 'number' && typeof n === 'number') {
        db = g.gemm(g.reshape(a, [-1, k]), g.reshape(dy, [-1, n]), undefined, { transA: true });
      } else {
        db = sumToShape(g, g.matmul(swapLast(g, a), dy), b.shape);
      }
    }
    return [needs[0] ? sumToShape(g, g.matmul(dy, swapLast(g, b)), a.shape) : undefined, db];
  },

  Gemm: (ctx) => {
    const { g, needs, node } = ctx;
    const dy = dy0(ctx);
    const a = input(ctx, 0);
    const b = input(ctx, 1);
    const transA = node.meta.transA === true;
    const transB = node.meta.transB === true;
    const alpha = typeof node.meta.alpha === 'number' ? node.meta.alpha : 1;
    const beta = typeof node.meta.beta === 'number' ? node.meta.beta : 1;
    // Y = α·op(A)·op(B) + β·C. With op(A)ᵀ etc. folded into Gemm's flags:
    //   dA = α·dY·op(B)ᵀ (transA=0)   or α·op(B)·dYᵀ (transA=1)
    //   dB = α·op(A)ᵀ·dY (transB=0)   or α·dYᵀ·op(A) (transB=1)
    const da = (): Tensor =>
      transA
        ? g.gemm(b, dy, undefined, { transA: transB, transB: true, alpha })
        : g.gemm(dy, b, undefined, { transB: !transB, alpha });
    const db = (): Tensor =>
      transB
        ? g.gemm(dy, a, undefined, { transA: true, transB: transA, alpha })
        : g.gemm(a, dy, undefined, { transA: !transA, alpha });
    const c = node.inputs[2];
    const dc = (): Tensor | undefined => {
      if (!c) return undefined;
      return sumToShape(g, beta === 1 ? dy : g.mul(dy, beta), c.shape);
    };
    return [needs[0] ? da() : undefined, needs[1] ? db() : undefined, needs[2] ? dc() : undefined];
  },
};
