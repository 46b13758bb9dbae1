/**
 * The per-op gradient registry. A gradient function receives the forward node, the incoming
 * gradient for each of its outputs, and which inputs need a gradient; it appends backward nodes
 * through the same `Graph` and returns one gradient per input (undefined where not needed or
 * not defined), each with exactly that input's shape (autodiff checks this).
 */
import type { Graph } from '../builder.ts';
import type { Node, Tensor } from '../core.ts';

export interface GradContext {
  readonly g: Graph;
  readonly node: Node;
  /** Incoming gradient per output; undefined where no gradient reaches that output. */
  readonly dy: readonly (Tensor | undefined)[];
  /** Whether each input needs a gradient (float and on a path from a wrt tensor). */
  readonly needs: readonly boolean[];
}

export type GradFn = (ctx: GradContext) => readonly (Tensor | undefined)[];

const registry = new Map<string, GradFn>();

/** Registers (or replaces) the gradient of an ONNX op type. */
export function registerGradient(op: string, fn: GradFn): void {
  registry.set(op, fn);
}

export function gradientOf(op: string): GradFn | undefined {
  return registry.get(op);
}

export function registeredGradientOps(): string[] {
  return [...registry.keys()].sort();
}
