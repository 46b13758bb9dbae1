/**
 * Gradients of elementwise ops. Where a derivative is a function of the forward output
 * (exp, sqrt, tanh, sigmoid, relu, div, softmax), the output is reused rather than recomputed.
 */
import type { Tensor } from '../core.ts';
import type { GradContext, GradFn } from './registry.ts';
import { dy0, input, metaNum, output, sumToShape } from './util.ts';

type Grads = (Tensor | undefined)[];

/** d/da, d/db for a broadcasting binary op, given the unreduced per-operand gradients. */
function binary(ctx: GradContext, da: () => Tensor, db: () => Tensor): Grads {
  const { g, needs } = ctx;
  return [
    needs[0] ? sumToShape(g, da(), input(ctx, 0).shape) : undefined,
    needs[1] ? sumToShape(g, db(), input(ctx, 1).shape) : undefined,
  ];
}

/**
 * Routes dy by a bool condition: input `onTrue` gets `cond ? dy : 0`, input `onFalse` gets
 * `cond ? 0 : dy` (Where; Max/Min, whose ties go to the first operand).
 */
function routed(ctx: GradContext, cond: Tensor, onTrue: number, onFalse: number): Grads {
  const { g, needs } = ctx;
  const dy = dy0(ctx);
  const out: Grads = ctx.node.inputs.map(() => undefined);
  if (needs[onTrue]) out[onTrue] = sumToShape(g, g.where(cond, dy, 0), input(ctx, onTrue).shape);
  if (needs[onFalse]) out[onFalse] = sumToShape(g, g.where(cond, 0, dy), input(ctx, onFalse).shape);
  return out;
}

export const elementwiseGradients: Record<string, GradFn> = {
  Identity: (ctx) => [dy0(ctx)],
  Neg: (ctx) => [ctx.g.neg(dy0(ctx))],
  Add: (ctx) =>
    binary(
      ctx,
      () => dy0(ctx),
      () => dy0(ctx),
    ),
  Sum: (ctx) =>
    ctx.node.inputs.map((t, i) => (ctx.needs[i] ? sumToShape(ctx.g, dy0(ctx), t.shape) : undefined)),
  Sub: (ctx) => {
    const { g, needs } = ctx;
    const dy = dy0(ctx);
    // Negate after reducing: the reduced tensor is the smaller one.
    return [
      needs[0] ? sumToShape(g, dy, input(ctx, 0).shape) : undefined,
      needs[1] ? g.neg(sumToShape(g, dy, input(ctx, 1).shape)) : undefined,
    ];
  },
  Mul: (ctx) =>
    binary(
      ctx,
      () => ctx.g.mul(dy0(ctx), input(ctx, 1)),
      () => ctx.g.mul(dy0(ctx), input(ctx, 0)),
    ),
  Div: (ctx) => {
    const { g, needs } = ctx;
    const dy = dy0(ctx);
    const b = input(ctx, 1);
    // d(a/b)/db = -a/b² = -y/b.
    return [
      needs[0] ? sumToShape(g, g.div(dy, b), input(ctx, 0).shape) : undefined,
      needs[1] ? g.neg(sumToShape(g, g.div(g.mul(dy, output(ctx)), b), b.shape)) : undefined,
    ];
  },
  Max: (ctx) => routed(ctx, ctx.g.less(input(ctx, 0), input(ctx, 1)), 1, 0),
  Min: (ctx) => routed(ctx, ctx.g.greater(input(ctx, 0), input(ctx, 1)), 1, 0),
  Where: (ctx) => routed(ctx, input(ctx, 0), 1, 2),
  Exp: (ctx) => [ctx.g.mul(dy0(ctx), output(ctx))],
  Log: (ctx) => [ctx.g.div(dy0(ctx), input(ctx, 0))],
  Sqrt: (ctx) => [ctx.g.div(ctx.g.mul(dy0(ctx), 0.5), output(ctx))],
  Abs: (ctx) => [ctx.g.mul(dy0(ctx), ctx.g.sign(input(ctx, 0)))],
  Tanh: (ctx) => {
    const { g } = ctx;
    const y = output(ctx);
    return [g.mul(dy0(ctx), g.sub(1, g.mul(y, y)))];
  },
  Sigmoid: (ctx) => {
    const { g } = ctx;
    const y = output(ctx);
    return [g.mul(dy0(ctx), g.mul(y, g.sub(1, y)))];
  },
  Relu: (ctx) => [ctx.g.where(ctx.g.greater(output(ctx), 0), dy0(ctx), 0)],
  LeakyRelu: (ctx) => {
    const { g } = ctx;
    const dy = dy0(ctx);
    return [g.where(g.greater(input(ctx, 0), 0), dy, g.mul(dy, metaNum(ctx, 'alpha')))];
  },
  Pow: (ctx) => {
    const { g } = ctx;
    const dy = dy0(ctx);
    const x = input(ctx, 0);
    const c = metaNum(ctx, 'exponent');
    if (c === 0) return [g.zerosLike(x)];
    if (c === 1) return [dy];
    if (c === 2) return [g.mul(dy, g.mul(x, 2))];
    return [g.mul(dy, g.mul(g.pow(x, c - 1), c))];
  },
  Softmax: (ctx) => {
    const { g } = ctx;
    const dy = dy0(ctx);
    const y = output(ctx);
    const axis = metaNum(ctx, 'axis');
    // dx = y ⊙ (dy − Σ_axis dy ⊙ y)
    return [g.mul(y, g.sub(dy, g.reduceSum(g.mul(dy, y), [axis], true)))];
  },
  LogSoftmax: (ctx) => {
    const { g } = ctx;
    const dy = dy0(ctx);
    const axis = metaNum(ctx, 'axis');
    // dx = dy − softmax(x) ⊙ Σ_axis dy, with softmax = exp(y)
    return [g.sub(dy, g.mul(g.exp(output(ctx)), g.reduceSum(dy, [axis], true)))];
  },
};
