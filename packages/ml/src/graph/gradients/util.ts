import type { Graph } from '../builder.ts';
import type { Tensor } from '../core.ts';
import { type Shape, shapeEq, shapeStr } from '../dims.ts';
import type { GradContext } from './registry.ts';

/** The gradient of a single-output node's output (autodiff only calls when it exists). */
export function dy0(ctx: GradContext): Tensor {
  const d = ctx.dy[0];
  if (!d) throw new Error(`${ctx.node.op}: called without an output gradient`);
  return d;
}

export function input(ctx: GradContext, i: number): Tensor {
  const t = ctx.node.inputs[i];
  if (!t) throw new Error(`${ctx.node.op}: no input ${i}`);
  return t;
}

export function output(ctx: GradContext, i = 0): Tensor {
  const t = ctx.node.outputs[i];
  if (!t) throw new Error(`${ctx.node.op}: no output ${i}`);
  return t;
}

export function metaNums(ctx: GradContext, key: string): readonly number[] {
  const v = ctx.node.meta[key];
  if (!Array.isArray(v)) throw new Error(`${ctx.node.op}: meta '${key}' missing`);
  return v;
}

export function metaNum(ctx: GradContext, key: string): number {
  const v = ctx.node.meta[key];
  if (typeof v !== 'number') throw new Error(`${ctx.node.op}: meta '${key}' missing`);
  return v;
}

/**
 * Undoes broadcasting: sums `grad` over the axes along which an operand of shape `target` was
 * broadcast (leading extra axes, and axes where the operand has size 1). At most two nodes.
 */
export function sumToShape(g: Graph, grad: Tensor, target: Shape): Tensor {
  if (shapeEq(grad.shape, target)) return grad;
  const lead = grad.rank - target.length;
  if (lead < 0) throw new Error(`sumToShape: ${grad} has lower rank than ${shapeStr(target)}`);
  const leadAxes = Array.from({ length: lead }, (_, i) => i);
  const inner: number[] = [];
  target.forEach((d, i) => {
    if (d === 1 && grad.shape[lead + i] !== 1) inner.push(lead + i);
  });
  let r: Tensor;
  if (inner.length === 0) r = g.reduceSum(grad, leadAxes, false);
  else {
    r = g.reduceSum(grad, [...leadAxes, ...inner], true);
    if (lead > 0) r = g.squeeze(r, leadAxes);
  }
  if (!shapeEq(r.shape, target)) throw new Error(`sumToShape: got ${r}, wanted ${shapeStr(target)}`);
  return r;
}
