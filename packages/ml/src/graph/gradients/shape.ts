/** Gradients of shape-changing, indexing and reduction ops. */
import type { Tensor } from '../core.ts';
import type { GradContext, GradFn } from './registry.ts';
import { dy0, input, metaNum, metaNums, output, sumToShape } from './util.ts';

function staticCount(x: Tensor, axes: readonly number[]): number | undefined {
  let n = 1;
  for (const a of axes) {
    const d = x.shape[a];
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

export const shapeGradients: Record<string, GradFn> = {
  Transpose: (ctx) => {
    const perm = metaNums(ctx, 'perm');
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [ctx.g.transpose(dy0(ctx), inverse)];
  },
  Reshape: (ctx) => [ctx.g.reshapeLike(dy0(ctx), input(ctx, 0))],
  Unsqueeze: (ctx) => [ctx.g.squeeze(dy0(ctx), metaNums(ctx, 'axes'))],
  Squeeze: (ctx) => [ctx.g.unsqueeze(dy0(ctx), metaNums(ctx, 'axes'))],
  Expand: (ctx) => [sumToShape(ctx.g, dy0(ctx), input(ctx, 0).shape), undefined],
  Concat: (ctx) => {
    const parts = ctx.g.split(dy0(ctx), metaNums(ctx, 'sizes'), metaNum(ctx, 'axis'));
    return parts.map((p, i) => (ctx.needs[i] ? p : undefined));
  },
  Split: (ctx) => {
    const { g, node } = ctx;
    const parts = node.outputs.map((o, i) => ctx.dy[i] ?? g.zerosLike(o));
    return [g.concat(parts, metaNum(ctx, 'axis'))];
  },
  Slice: (ctx) => {
    const x = input(ctx, 0);
    const axes = metaNums(ctx, 'axes');
    const starts = metaNums(ctx, 'starts');
    const ends = metaNums(ctx, 'ends');
    const begin = x.shape.map(() => 0);
    const end = x.shape.map(() => 0);
    axes.forEach((a, k) => {
      begin[a] = starts[k] ?? 0;
      end[a] = (x.shape[a] as number) - (ends[k] ?? 0);
    });
    return [ctx.g.pad(dy0(ctx), begin, end)];
  },
  Gather: (ctx) => {
    const { g } = ctx;
    if (metaNum(ctx, 'axis') !== 0) {
      throw new Error('Gather: a gradient is implemented for axis 0 only (embedding lookups)');
    }
    const data = input(ctx, 0);
    const idx = input(ctx, 1);
    // Rows picked several times accumulate: ScatterND with reduction 'add'.
    return [g.scatterAddRows(g.zerosLike(data), g.unsqueeze(idx, [-1]), dy0(ctx)), undefined];
  },
  ReduceSum: (ctx) => [reduceBack(ctx, dy0(ctx))],
  ReduceMean: (ctx) => {
    const { g } = ctx;
    const x = input(ctx, 0);
    const n = staticCount(x, metaNums(ctx, 'axes'));
    // Scale the small tensor (dy) before broadcasting it back.
    const scaled = n === undefined ? g.div(dy0(ctx), g.sizeRatio(x, output(ctx))) : g.mul(dy0(ctx), 1 / n);
    return [reduceBack(ctx, scaled)];
  },
};

/** Broadcasts a reduction's output gradient back over the reduced axes. */
function reduceBack(ctx: GradContext, dy: Tensor): Tensor {
  const { g, node } = ctx;
  const x = input(ctx, 0);
  const kept = node.meta.keepdims === true ? dy : g.unsqueeze(dy, metaNums(ctx, 'axes'));
  return g.expandAs(kept, x);
}
